// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The gaps are kept in an array sorted by seq. New gaps only ever open above
 * all others, and a late event only splits or shrinks one, so the array is
 * also sorted by the time each gap was found: the oldest is always first.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"

const char *irqw_lost_reason_name(enum irqw_lost_reason reason)
{
	switch (reason) {
	case IRQW_LOST_RING_FULL:
		return "ring_full";
	case IRQW_LOST_WRITE_ERROR:
		return "write_error";
	default:
		return "seq_gap";
	}
}

static int add_gap(struct irqw_gaps *g, size_t at, const struct irqw_gap *gap)
{
	struct irqw_gap *gaps;
	size_t cap;

	if (g->nr == g->cap) {
		cap = g->cap ? 2 * g->cap : 16;
		gaps = realloc(g->gaps, cap * sizeof(*gaps));
		if (!gaps)
			return -ENOMEM;
		g->gaps = gaps;
		g->cap = cap;
	}
	memmove(&g->gaps[at + 1], &g->gaps[at], (g->nr - at) * sizeof(*gaps));
	g->gaps[at] = *gap;
	g->nr++;
	return 0;
}

static void remove_gap(struct irqw_gaps *g, size_t at)
{
	memmove(&g->gaps[at], &g->gaps[at + 1],
		(g->nr - at - 1) * sizeof(g->gaps[0]));
	g->nr--;
}

/* Reports the oldest gap and forgets it. */
static int report_oldest(struct irqw_gaps *g, irqw_lost_cb cb, void *arg)
{
	struct irqw_lost lost = {
		.reason = IRQW_LOST_SEQ_GAP,
		.first_seq = g->gaps[0].first,
		.last_seq = g->gaps[0].last,
		.count = g->gaps[0].last - g->gaps[0].first + 1,
	};

	remove_gap(g, 0);
	return cb(&lost, arg);
}

void irqw_gaps_init(struct irqw_gaps *g, uint64_t base, uint64_t next,
		    uint64_t grace_ns, uint64_t now_ns)
{
	struct irqw_gap gap = { base, next - 1, now_ns };

	memset(g, 0, sizeof(*g));
	g->base = base;
	g->next = base;
	g->grace_ns = grace_ns;
	/* without memory the gap is not tracked: no false report either way */
	if (next > base && !add_gap(g, 0, &gap))
		g->next = next;
}

/* The index of the gap holding seq, or g->nr. */
static size_t find_gap(const struct irqw_gaps *g, uint64_t seq)
{
	size_t lo = 0, hi = g->nr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (g->gaps[mid].last < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->nr && g->gaps[lo].first <= seq ? lo : g->nr;
}

static int fill(struct irqw_gaps *g, size_t i, uint64_t seq)
{
	struct irqw_gap *gap = &g->gaps[i], upper;

	if (gap->first == seq && gap->last == seq) {
		remove_gap(g, i);
	} else if (gap->first == seq) {
		gap->first++;
	} else if (gap->last == seq) {
		gap->last--;
	} else {
		upper = *gap;
		upper.first = seq + 1;
		if (add_gap(g, i + 1, &upper))
			return -ENOMEM;
		g->gaps[i].last = seq - 1;
	}
	g->delivered++;
	return IRQW_SEQ_LATE;
}

int irqw_gaps_seen(struct irqw_gaps *g, uint64_t seq, uint64_t now_ns,
		   irqw_lost_cb cb, void *arg)
{
	size_t i;
	int ret;

	/* seq + 1 must not wrap; the kernel's counter never gets there */
	if (seq < g->next || seq == UINT64_MAX) {
		i = find_gap(g, seq);
		if (i < g->nr)
			return fill(g, i, seq);
		g->duplicates++;
		return IRQW_SEQ_DUP;
	}
	ret = irqw_gaps_upto(g, seq, now_ns, cb, arg);
	if (ret)
		return ret;
	g->next = seq + 1;
	g->delivered++;
	return IRQW_SEQ_NEXT;
}

int irqw_gaps_upto(struct irqw_gaps *g, uint64_t next_seq, uint64_t now_ns,
		   irqw_lost_cb cb, void *arg)
{
	struct irqw_gap gap = { g->next, next_seq - 1, now_ns };
	int ret;

	if (next_seq <= g->next)
		return 0;
	if (g->nr >= IRQW_GAPS_MAX) {
		ret = report_oldest(g, cb, arg);
		if (ret)
			return ret;
	}
	if (add_gap(g, g->nr, &gap))
		return -ENOMEM;
	g->next = next_seq;
	return 0;
}

int irqw_gaps_expire(struct irqw_gaps *g, uint64_t now_ns, bool all,
		     irqw_lost_cb cb, void *arg)
{
	int ret;

	while (g->nr && (all || (now_ns >= g->gaps[0].since_ns &&
				 now_ns - g->gaps[0].since_ns >= g->grace_ns))) {
		ret = report_oldest(g, cb, arg);
		if (ret)
			return ret;
	}
	return 0;
}

bool irqw_gaps_deadline(const struct irqw_gaps *g, uint64_t *when_ns)
{
	if (!g->nr)
		return false;
	*when_ns = g->gaps[0].since_ns + g->grace_ns;
	return true;
}

uint64_t irqw_gaps_pending(const struct irqw_gaps *g)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < g->nr; i++)
		n += g->gaps[i].last - g->gaps[i].first + 1;
	return n;
}

void irqw_gaps_free(struct irqw_gaps *g)
{
	free(g->gaps);
	memset(g, 0, sizeof(*g));
}

void irqw_drops_init(struct irqw_drops *d, uint64_t base)
{
	d->last = base;
}

int irqw_drops_update(struct irqw_drops *d, uint64_t ring_drops,
		      irqw_lost_cb cb, void *arg)
{
	struct irqw_lost lost = { .reason = IRQW_LOST_RING_FULL };

	if (ring_drops <= d->last) {
		d->last = ring_drops;
		return 0;
	}
	lost.count = ring_drops - d->last;
	d->last = ring_drops;
	return cb(&lost, arg);
}
