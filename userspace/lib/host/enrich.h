/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What record and monitor add to an event from the host they run on: the
 * size of the slab cache a stall event walked (/sys/kernel/slab), and the
 * path of its task's cgroup. Nothing here blocks for long: the slab files
 * are read by a thread of their own, waited for a bounded time, and left
 * out when slow or busy; the cgroup walk is bounded.
 */
#ifndef IRQW_ENRICH_H
#define IRQW_ENRICH_H

#include <stdbool.h>
#include <stdint.h>

#include "ipc.h"

/* How long an event waits for the slab files at most. */
#define IRQW_SLAB_WAIT_MS	50

/* What the host adds to one event; all of it may be missing. */
struct irqw_extra {
	bool has_slab;
	uint64_t slab_objects;	/* first number of .../CACHE/total_objects */
	uint64_t slab_partial;	/* first number of .../CACHE/partial */
	const char *cgroup;	/* the task's cgroup path; NULL: not known */
};

struct irqw_enrich_opts {
	bool no_slab_info;	/* --no-slab-info: never read the slab files */
	const char *slab_root;	/* NULL: IRQW_SLAB_ROOT */
	const char *cgroup_root;	/* NULL: the cgroup v2 hierarchy */
	unsigned int wait_ms;	/* 0: IRQW_SLAB_WAIT_MS */
};

struct irqw_enrich;

/*
 * NULL if out of memory. The slab reader thread starts at the first event
 * that needs it, so it runs with the privileges the tool has then.
 */
struct irqw_enrich *irqw_enrich_new(const struct irqw_enrich_opts *o);

/*
 * Fills *x for ev; x->cgroup is valid until the next call. Slab files are
 * read for stall events that name a cache, unless the opts say not to,
 * the event's task is this process (its own reads), another read is
 * still running, or they take longer than the wait.
 */
void irqw_enrich_event(struct irqw_enrich *e, const struct irqw_event *ev,
		       struct irqw_extra *x);

/* Stops the reader thread (after the read it may be in); NULL is fine. */
void irqw_enrich_free(struct irqw_enrich *e);

#endif /* IRQW_ENRICH_H */
