/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Folded stacks (Brendan Gregg's format, for flamegraph.pl and speedscope):
 * one line per distinct stack, "TYPE;outermost;...;innermost NS", the
 * type as the root frame. The stack is the one the fingerprint takes (the
 * first in-window sample's, else the end stack), its plumbing removed the
 * same way (a stack of plumbing only keeps its innermost frame), each
 * frame its function name alone (no "+0x../0x..", no " [module]"), with
 * ';' and blanks in it made '_'. What is kept is bounded by the distinct
 * stacks, not by the events. Pure: no I/O.
 */
#ifndef IRQW_FOLDED_H
#define IRQW_FOLDED_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

/* The frame of an event without any stack. */
#define IRQW_FOLDED_NO_STACK	"[no_stack]"
/* A frame whose function name is empty. */
#define IRQW_FOLDED_UNKNOWN	"[unknown]"

struct irqw_fstack {
	char *stack;		/* "irqoff;vfs_read;...;count_partial" */
	uint64_t ns;		/* the events' durations, summed */
	uint64_t n;		/* events */
	struct irqw_fstack *next;	/* hash chain */
};

struct irqw_folded {
	struct irqw_fstack **buckets;
	size_t nr_buckets, nr;
	uint64_t events;	/* added */
	uint64_t no_duration;	/* left out: a duration of 0, or a storm's */
};

/*
 * The folded stack of ev, without its count: a malloc()ed string, NULL for
 * -ENOMEM.
 */
char *irqw_folded_stack(const struct irqw_event *ev, const char *type_name);

/*
 * Adds ev, weighted by its duration_ns; an event of duration 0 is only
 * counted (no_duration). 0 or -ENOMEM.
 */
int irqw_folded_add(struct irqw_folded *f, const struct irqw_event *ev,
		    const char *type_name);

/* The stacks by their string (strcmp()); free() the array; NULL: -ENOMEM. */
struct irqw_fstack **irqw_folded_sorted(const struct irqw_folded *f);

/* Microseconds of ns, to the nearest, halves up. */
static inline uint64_t irqw_folded_us(uint64_t ns)
{
	return ns / 1000 + (ns % 1000 >= 500);
}

void irqw_folded_free(struct irqw_folded *f);

#endif /* IRQW_FOLDED_H */
