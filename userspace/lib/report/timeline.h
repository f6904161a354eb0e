/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The HTML report's timeline in bounded memory: a row per host and CPU,
 * each of IRQW_TL_SLOTS slots of equal length over a time range that all
 * rows share. A slot keeps the worst event that starts in it (the longest;
 * of equal ones the earliest, then the first added) and how many started
 * there. The range starts as IRQW_TL_SLOTS slots of IRQW_TL_SLOT0_NS at
 * the first event; an event outside it doubles the slots' length (the
 * range grows towards the event, and each pair of slots becomes one, its
 * worst event kept) until the event fits. Memory is bounded by the rows
 * (hosts x CPUs), not by the events; for a given input order the result is
 * always the same. Pure: no I/O.
 */
#ifndef IRQW_TIMELINE_H
#define IRQW_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

#define IRQW_TL_SLOTS		256	/* per row; even */
#define IRQW_TL_SLOT0_NS	1000000ULL	/* the first slots' length: 1 ms */
#define IRQW_TL_FRAME_MAX	128	/* bytes of a mark's frame, NUL included */

/* The worst event of a slot; n 0: an empty slot. */
struct irqw_tl_mark {
	uint64_t start_ns, duration_ns;	/* real time */
	uint64_t n;		/* events that started in the slot */
	uint32_t type, cause;	/* cause 0: none */
	char comm[IRQW_COMM_MAX];	/* the task; "" none */
	char frame[IRQW_TL_FRAME_MAX];	/* the culprit's first frame */
};

struct irqw_tl_row {
	char *host;
	uint32_t cpu;
	struct irqw_tl_mark *slots;	/* IRQW_TL_SLOTS */
};

struct irqw_timeline {
	uint64_t base_ns, slot_ns;	/* slot i: base + i * slot_ns, slot_ns long */
	uint64_t min_ns, max_ns;	/* the earliest start, the latest end */
	uint64_t events;
	struct irqw_tl_row *rows;	/* in the order they came */
	size_t nr_rows;
};

/* An event of ev's fields (the frame: the culprit's first function). */
struct irqw_tl_event {
	const char *host;
	uint32_t cpu, type, cause;
	uint64_t start_ns, duration_ns;
	const char *comm, *frame;	/* NULL: none */
};

/* Adds an event (tl zeroed at first). 0 or -ENOMEM. */
int irqw_tl_add(struct irqw_timeline *tl, const struct irqw_tl_event *e);

/* The rows by host, then CPU; free() the array; NULL: -ENOMEM. */
struct irqw_tl_row **irqw_tl_sorted(const struct irqw_timeline *tl);

void irqw_tl_free(struct irqw_timeline *tl);

#endif /* IRQW_TIMELINE_H */
