/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Accounting of lost events, pure: no I/O, no clock (callers pass the
 * monotonic time in). Two kinds of loss, as the UAPI header describes:
 *
 *  - seq_gap: only events stored in a ring get a seq, so a seq that never
 *    arrives was lost in delivery. Events arrive in seq order within a
 *    message but may come late across messages, so a missing seq is held as
 *    pending until a grace period has passed; an event that comes in time
 *    fills its place. What is still missing then, or when accounting ends,
 *    is reported.
 *  - ring_full: events refused by a full ring get no seq; every event
 *    message carries the cumulative count, whose growth is reported.
 */
#ifndef IRQW_ACCOUNT_H
#define IRQW_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IRQW_GRACE_NS	(2ULL * 1000000000ULL)	/* 2 s */
#define IRQW_GAPS_MAX	65536	/* pending ranges; beyond, the oldest is reported */

enum irqw_lost_reason {
	IRQW_LOST_SEQ_GAP,
	IRQW_LOST_RING_FULL,
	IRQW_LOST_WRITE_ERROR,	/* the logger could not write them (not here) */
};

/* A "lost" record. */
struct irqw_lost {
	enum irqw_lost_reason reason;
	uint64_t count;
	uint64_t first_seq;	/* seq_gap: the missing range, inclusive */
	uint64_t last_seq;
};

/* "seq_gap", "ring_full", "write_error" */
const char *irqw_lost_reason_name(enum irqw_lost_reason reason);

/* Receives a lost record; returns 0 or a negative errno, passed on. */
typedef int (*irqw_lost_cb)(const struct irqw_lost *lost, void *arg);

struct irqw_gap {
	uint64_t first, last;	/* missing seqs, inclusive */
	uint64_t since_ns;	/* when they were found missing */
};

struct irqw_gaps {
	uint64_t base;		/* first seq accounted */
	uint64_t next;		/* one past the highest seq seen (or base) */
	uint64_t grace_ns;
	struct irqw_gap *gaps;	/* pending, ascending and disjoint */
	size_t nr, cap;
	uint64_t delivered;	/* distinct seqs >= base seen */
	uint64_t duplicates;	/* seqs seen again, or below base */
};

/* What irqw_gaps_seen() made of a seq. */
enum irqw_seq_kind {
	IRQW_SEQ_NEXT,		/* in order, or ahead (opening a gap) */
	IRQW_SEQ_LATE,		/* filled a pending gap */
	IRQW_SEQ_DUP,		/* seen before, or below base and never pending */
};

/*
 * Starts accounting at seq base, with the seqs from base to next - 1 already
 * missing at now_ns (next <= base: none). For a subscription base and next
 * are both the SUBSCRIBE reply's NEXT_SEQ; when resuming a log whose last
 * seq is L, base is L + 1.
 */
void irqw_gaps_init(struct irqw_gaps *g, uint64_t base, uint64_t next,
		    uint64_t grace_ns, uint64_t now_ns);

/*
 * Accounts seq, seen at now_ns: its kind (seq UINT64_MAX is a duplicate), or
 * a negative errno. A new gap beyond IRQW_GAPS_MAX pending ones makes the
 * oldest reported at once through cb, whose error is returned.
 */
int irqw_gaps_seen(struct irqw_gaps *g, uint64_t seq, uint64_t now_ns,
		   irqw_lost_cb cb, void *arg);

/*
 * Reports, oldest first, every gap pending since grace_ns or longer at
 * now_ns, or every gap if all; stops at and returns cb's first error (that
 * gap is then no longer pending).
 */
/*
 * The module says every seq below next_seq exists: those above the highest
 * seen open a gap, as a later seq would; 0 or a negative errno.
 */
int irqw_gaps_upto(struct irqw_gaps *g, uint64_t next_seq, uint64_t now_ns,
		   irqw_lost_cb cb, void *arg);

int irqw_gaps_expire(struct irqw_gaps *g, uint64_t now_ns, bool all,
		     irqw_lost_cb cb, void *arg);

/* When the oldest pending gap expires; false if none is pending. */
bool irqw_gaps_deadline(const struct irqw_gaps *g, uint64_t *when_ns);

/* Seqs in the pending gaps. */
uint64_t irqw_gaps_pending(const struct irqw_gaps *g);

void irqw_gaps_free(struct irqw_gaps *g);

struct irqw_drops {
	uint64_t last;		/* the counter as last seen */
};

void irqw_drops_init(struct irqw_drops *d, uint64_t base);

/*
 * Accounts a message's cumulative ring-drop count: its growth is reported
 * as one ring_full record (cb's error is returned). A count below the last
 * one (not from this module load) only becomes the new reference.
 */
int irqw_drops_update(struct irqw_drops *d, uint64_t ring_drops,
		      irqw_lost_cb cb, void *arg);

#endif /* IRQW_ACCOUNT_H */
