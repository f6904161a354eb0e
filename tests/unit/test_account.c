// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Unit tests of the lost-event accounting (userspace/account.c). */

#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "account.h"

#define GRACE	IRQW_GRACE_NS
#define MAX_LOST 256

/* What the callbacks were given. */
struct lost_log {
	size_t n;
	struct irqw_lost lost[MAX_LOST];
	uint64_t total;
	int fail;		/* returned by the callback when not 0 */
};

static int collect(const struct irqw_lost *lost, void *arg)
{
	struct lost_log *log = arg;

	if (log->fail)
		return log->fail;
	assert_true(log->n < MAX_LOST);
	log->lost[log->n++] = *lost;
	log->total += lost->count;
	return 0;
}

static void expect_gap(const struct lost_log *log, size_t i, uint64_t first,
		       uint64_t last)
{
	assert_true(i < log->n);
	assert_int_equal(log->lost[i].reason, IRQW_LOST_SEQ_GAP);
	assert_int_equal(log->lost[i].first_seq, first);
	assert_int_equal(log->lost[i].last_seq, last);
	assert_int_equal(log->lost[i].count, last - first + 1);
}

static int seen(struct irqw_gaps *g, uint64_t seq, uint64_t now,
		struct lost_log *log)
{
	return irqw_gaps_seen(g, seq, now, collect, log);
}

static void test_in_order(void **state)
{
	struct lost_log log = { 0 };
	struct irqw_gaps g;
	uint64_t seq, when;

	irqw_gaps_init(&g, 10, 10, GRACE, 0);
	for (seq = 10; seq < 20; seq++)
		assert_int_equal(seen(&g, seq, 0, &log), IRQW_SEQ_NEXT);
	assert_false(irqw_gaps_deadline(&g, &when));
	assert_int_equal(irqw_gaps_expire(&g, 100 * GRACE, true, collect, &log), 0);
	assert_int_equal(log.n, 0);
	assert_int_equal(g.delivered, 10);
	assert_int_equal(g.duplicates, 0);
	irqw_gaps_free(&g);
}

/* Events of a later message may come before late ones of an earlier one. */
static void test_late_fill(void **state)
{
	struct lost_log log = { 0 };
	struct irqw_gaps g;
	uint64_t when;

	irqw_gaps_init(&g, 10, 10, GRACE, 0);
	assert_int_equal(seen(&g, 10, 0, &log), IRQW_SEQ_NEXT);
	assert_int_equal(seen(&g, 13, 5, &log), IRQW_SEQ_NEXT);
	assert_int_equal(irqw_gaps_pending(&g), 2);
	assert_true(irqw_gaps_deadline(&g, &when));
	assert_int_equal(when, 5 + GRACE);
	assert_int_equal(seen(&g, 12, 6, &log), IRQW_SEQ_LATE);
	assert_int_equal(seen(&g, 11, 7, &log), IRQW_SEQ_LATE);
	assert_int_equal(irqw_gaps_pending(&g), 0);
	assert_false(irqw_gaps_deadline(&g, &when));
	assert_int_equal(irqw_gaps_expire(&g, 0, true, collect, &log), 0);
	assert_int_equal(log.n, 0);
	assert_int_equal(g.delivered, 4);
	irqw_gaps_free(&g);
}

/*
 * The module's NEXT_SEQ opens a gap for the seqs above the highest seen, as
 * a later event would; late events still fill it, the rest is lost.
 */
static void test_upto(void **state)
{
	struct lost_log log = { 0 };
	struct irqw_gaps g;
	uint64_t when;

	irqw_gaps_init(&g, 10, 10, GRACE, 0);
	assert_int_equal(seen(&g, 10, 0, &log), IRQW_SEQ_NEXT);
	assert_int_equal(irqw_gaps_upto(&g, 11, 1, collect, &log), 0);
	assert_int_equal(irqw_gaps_pending(&g), 0);
	assert_int_equal(irqw_gaps_upto(&g, 15, 2, collect, &log), 0);
	assert_int_equal(irqw_gaps_pending(&g), 4);
	assert_true(irqw_gaps_deadline(&g, &when));
	assert_int_equal(when, 2 + GRACE);
	/* an older NEXT_SEQ changes nothing */
	assert_int_equal(irqw_gaps_upto(&g, 12, 3, collect, &log), 0);
	assert_int_equal(irqw_gaps_pending(&g), 4);
	assert_int_equal(seen(&g, 11, 4, &log), IRQW_SEQ_LATE);
	assert_int_equal(seen(&g, 15, 5, &log), IRQW_SEQ_NEXT);
	assert_int_equal(irqw_gaps_expire(&g, 2 + GRACE, false, collect, &log), 0);
	assert_int_equal(log.n, 1);
	expect_gap(&log, 0, 12, 14);
	assert_int_equal(g.delivered, 3);
	irqw_gaps_free(&g);
}

/* A late event inside a gap splits it; both halves keep their age. */
static void test_split(void **state)
{
	struct lost_log log = { 0 };
	struct irqw_gaps g;
	uint64_t when;

	irqw_gaps_init(&g, 1, 1, GRACE, 0);
	assert_int_equal(seen(&g, 21, 100, &log), IRQW_SEQ_NEXT);
	assert_int_equal(seen(&g, 15, 200, &log), IRQW_SEQ_LATE);
	assert_int_equal(seen(&g, 1, 300, &log), IRQW_SEQ_LATE);
	assert_int_equal(seen(&g, 20, 300, &log), IRQW_SEQ_LATE);
	assert_int_equal(g.nr, 2);
	assert_true(irqw_gaps_deadline(&g, &when));
	assert_int_equal(when, 100 + GRACE);
	assert_int_equal(irqw_gaps_expire(&g, 100 + GRACE - 1, false, collect,
					  &log), 0);
	assert_int_equal(log.n, 0);
	assert_int_equal(irqw_gaps_expire(&g, 100 + GRACE, false, collect, &log), 0);
	assert_int_equal(log.n, 2);
	expect_gap(&log, 0, 2, 14);
	expect_gap(&log, 1, 16, 19);
	irqw_gaps_free(&g);
}

/* Past the grace period a gap is lost; an event for it after that is not news. */
static void test_grace_expiry(void **state)
{
	struct lost_log log = { 0 };
	struct irqw_gaps g;

	irqw_gaps_init(&g, 100, 100, GRACE, 1000);
	assert_int_equal(seen(&g, 100, 1000, &log), IRQW_SEQ_NEXT);
	assert_int_equal(seen(&g, 104, 1000, &log), IRQW_SEQ_NEXT);
	assert_int_equal(seen(&g, 110, 1000 + GRACE / 2, &log), IRQW_SEQ_NEXT);
	/* the first gap is due, the second not yet */
	assert_int_equal(irqw_gaps_expire(&g, 1000 + GRACE, false, collect, &log), 0);
	assert_int_equal(log.n, 1);
	expect_gap(&log, 0, 101, 103);
	assert_int_equal(seen(&g, 102, 1000 + GRACE, &log), IRQW_SEQ_DUP);
	assert_int_equal(seen(&g, 107, 1000 + GRACE, &log), IRQW_SEQ_LATE);
	/* a clock before the gap was found does not expire it */
	assert_int_equal(irqw_gaps_expire(&g, 999, false, collect, &log), 0);
	assert_int_equal(log.n, 1);
	assert_int_equal(irqw_gaps_expire(&g, 1000 + GRACE / 2 + GRACE, false,
					  collect, &log), 0);
	assert_int_equal(log.n, 3);
	expect_gap(&log, 1, 105, 106);
	expect_gap(&log, 2, 108, 109);
	assert_int_equal(g.delivered, 4);
	assert_int_equal(g.duplicates, 1);
	irqw_gaps_free(&g);
}

/* Duplicates and seqs from before the baseline are not lost, nor delivered. */
static void test_duplicates(void **state)
{
	struct lost_log log = { 0 };
	struct irqw_gaps g;

	irqw_gaps_init(&g, 50, 50, GRACE, 0);
	assert_int_equal(seen(&g, 49, 0, &log), IRQW_SEQ_DUP);
	assert_int_equal(seen(&g, 1, 0, &log), IRQW_SEQ_DUP);
	assert_int_equal(seen(&g, 50, 0, &log), IRQW_SEQ_NEXT);
	assert_int_equal(seen(&g, 50, 0, &log), IRQW_SEQ_DUP);
	assert_int_equal(seen(&g, 52, 0, &log), IRQW_SEQ_NEXT);
	assert_int_equal(seen(&g, 52, 0, &log), IRQW_SEQ_DUP);
	assert_int_equal(seen(&g, 51, 0, &log), IRQW_SEQ_LATE);
	assert_int_equal(seen(&g, 51, 0, &log), IRQW_SEQ_DUP);
	assert_int_equal(seen(&g, UINT64_MAX, 0, &log), IRQW_SEQ_DUP);
	assert_int_equal(irqw_gaps_expire(&g, 0, true, collect, &log), 0);
	assert_int_equal(log.n, 0);
	assert_int_equal(g.delivered, 3);
	assert_int_equal(g.duplicates, 6);
	irqw_gaps_free(&g);
}

/* Resuming a log: what came after its last seq and before now is missing. */
static void test_initial_gap(void **state)
{
	struct lost_log log = { 0 };
	struct irqw_gaps g;
	uint64_t when;

	irqw_gaps_init(&g, 5, 10, GRACE, 77);
	assert_int_equal(irqw_gaps_pending(&g), 5);
	assert_true(irqw_gaps_deadline(&g, &when));
	assert_int_equal(when, 77 + GRACE);
	/* still in a ring when the logger subscribed */
	assert_int_equal(seen(&g, 7, 80, &log), IRQW_SEQ_LATE);
	assert_int_equal(seen(&g, 10, 80, &log), IRQW_SEQ_NEXT);
	assert_int_equal(seen(&g, 4, 80, &log), IRQW_SEQ_DUP);
	assert_int_equal(irqw_gaps_expire(&g, 77 + GRACE, false, collect, &log), 0);
	assert_int_equal(log.n, 2);
	expect_gap(&log, 0, 5, 6);
	expect_gap(&log, 1, 8, 9);
	irqw_gaps_free(&g);

	/* next not past base: nothing missing */
	irqw_gaps_init(&g, 5, 3, GRACE, 0);
	assert_int_equal(irqw_gaps_pending(&g), 0);
	assert_int_equal(seen(&g, 3, 0, &log), IRQW_SEQ_DUP);
	assert_int_equal(seen(&g, 5, 0, &log), IRQW_SEQ_NEXT);
	irqw_gaps_free(&g);
}

/* At exit every pending gap is reported, whatever its age. */
static void test_expire_all(void **state)
{
	struct lost_log log = { 0 };
	struct irqw_gaps g;

	irqw_gaps_init(&g, 1, 1, GRACE, 0);
	assert_int_equal(seen(&g, 3, 10, &log), IRQW_SEQ_NEXT);
	assert_int_equal(seen(&g, 6, 20, &log), IRQW_SEQ_NEXT);
	assert_int_equal(irqw_gaps_expire(&g, 30, false, collect, &log), 0);
	assert_int_equal(log.n, 0);
	assert_int_equal(irqw_gaps_expire(&g, 30, true, collect, &log), 0);
	assert_int_equal(log.n, 2);
	expect_gap(&log, 0, 1, 2);
	expect_gap(&log, 1, 4, 5);
	assert_int_equal(irqw_gaps_pending(&g), 0);
	irqw_gaps_free(&g);
}

/* The callback's error stops the expiry; the gap it was given is gone. */
static void test_callback_error(void **state)
{
	struct lost_log log = { .fail = -EIO };
	struct irqw_gaps g;

	irqw_gaps_init(&g, 1, 1, GRACE, 0);
	assert_int_equal(seen(&g, 3, 0, &log), IRQW_SEQ_NEXT);
	assert_int_equal(seen(&g, 5, 0, &log), IRQW_SEQ_NEXT);
	assert_int_equal(irqw_gaps_expire(&g, 0, true, collect, &log), -EIO);
	assert_int_equal(irqw_gaps_pending(&g), 1);
	log.fail = 0;
	assert_int_equal(irqw_gaps_expire(&g, 0, true, collect, &log), 0);
	expect_gap(&log, 0, 4, 4);
	irqw_gaps_free(&g);
}

/* Beyond IRQW_GAPS_MAX pending gaps the oldest is reported at once. */
static void test_too_many_gaps(void **state)
{
	struct lost_log log = { 0 };
	struct irqw_gaps g;
	uint64_t i;

	irqw_gaps_init(&g, 1, 1, GRACE, 0);
	for (i = 0; i < IRQW_GAPS_MAX; i++)
		assert_int_equal(seen(&g, 2 * i + 2, 0, &log), IRQW_SEQ_NEXT);
	assert_int_equal(g.nr, IRQW_GAPS_MAX);
	assert_int_equal(log.n, 0);
	assert_int_equal(seen(&g, 2 * i + 2, 0, &log), IRQW_SEQ_NEXT);
	assert_int_equal(g.nr, IRQW_GAPS_MAX);
	assert_int_equal(log.n, 1);
	expect_gap(&log, 0, 1, 1);
	irqw_gaps_free(&g);
}

/*
 * For any order of arrival, some seqs never coming, and the clock moving on
 * at random (so some late events come after their gap was reported):
 * delivered + lost = seqs in [base, highest seen], and every seq is either
 * delivered once or in exactly one lost record.
 */
static void test_invariant(void **state)
{
	enum { N = 400, TRIALS = 300 };
	static uint64_t order[N];
	static uint8_t status[N];	/* 1 delivered, 2 lost */
	static bool kept[N];
	bool frozen;
	struct lost_log log;
	struct irqw_gaps g;
	uint64_t base, now, max, s, covered, fresh;
	size_t n, i, j, k, shuffle;
	unsigned int trial;
	uint64_t tmp;
	int ret;

	srand(7);
	for (trial = 0; trial < TRIALS; trial++) {
		base = 1 + (uint64_t)rand() % 1000;
		/* keep some seqs, and put them in a random order */
		n = 0;
		for (i = 0; i < N; i++) {
			kept[i] = (unsigned int)rand() % 100 >= trial % 30;
			if (kept[i])
				order[n++] = base + i;
		}
		/* a clock that stands still: no gap expires before the end */
		frozen = trial % 2;
		shuffle = trial % 3 == 0 ? n : 1 + (size_t)rand() % 20;
		for (i = 0; i + 1 < n; i++) {
			/* full permutation, or displacement by up to shuffle */
			j = i + (size_t)rand() % (n - i < shuffle ? n - i : shuffle);
			tmp = order[i];
			order[i] = order[j];
			order[j] = tmp;
		}
		memset(&log, 0, sizeof(log));
		memset(status, 0, sizeof(status));
		irqw_gaps_init(&g, base, base, GRACE, 0);
		now = 0;
		max = 0;
		fresh = 0;
		for (i = 0; i < n; i++) {
			if (!frozen)
				now += (uint64_t)(rand() % 4) * GRACE / 8;
			if (rand() % 4 == 0) {
				k = log.n;
				assert_int_equal(irqw_gaps_expire(&g, now, false,
								  collect, &log), 0);
				for (; k < log.n; k++)
					for (s = log.lost[k].first_seq;
					     s <= log.lost[k].last_seq; s++) {
						assert_int_equal(status[s - base], 0);
						status[s - base] = 2;
					}
			}
			ret = seen(&g, order[i], now, &log);
			assert_true(ret >= 0);
			if (ret != IRQW_SEQ_DUP) {
				assert_int_equal(status[order[i] - base], 0);
				status[order[i] - base] = 1;
				fresh++;
			} else {
				assert_int_equal(status[order[i] - base], 2);
			}
			if (order[i] > max)
				max = order[i];
		}
		k = log.n;
		assert_int_equal(irqw_gaps_expire(&g, now, true, collect, &log), 0);
		for (; k < log.n; k++)
			for (s = log.lost[k].first_seq; s <= log.lost[k].last_seq;
			     s++) {
				assert_int_equal(status[s - base], 0);
				status[s - base] = 2;
			}
		covered = n ? max - base + 1 : 0;
		assert_int_equal(g.delivered + log.total, covered);
		assert_int_equal(g.delivered, fresh);
		for (s = 0; s < covered; s++) {
			assert_int_not_equal(status[s], 0);
			/* in time, every event that came counts, none is lost */
			if (frozen)
				assert_int_equal(status[s], kept[s] ? 1 : 2);
		}
		irqw_gaps_free(&g);
	}
}

static void test_ring_drops(void **state)
{
	struct lost_log log = { 0 };
	struct irqw_drops d;

	irqw_drops_init(&d, 5);
	assert_int_equal(irqw_drops_update(&d, 5, collect, &log), 0);
	assert_int_equal(log.n, 0);
	assert_int_equal(irqw_drops_update(&d, 8, collect, &log), 0);
	assert_int_equal(log.n, 1);
	assert_int_equal(log.lost[0].reason, IRQW_LOST_RING_FULL);
	assert_int_equal(log.lost[0].count, 3);
	assert_int_equal(irqw_drops_update(&d, 8, collect, &log), 0);
	assert_int_equal(log.n, 1);
	/* a message in between was lost: its growth is still counted */
	assert_int_equal(irqw_drops_update(&d, 20, collect, &log), 0);
	assert_int_equal(log.n, 2);
	assert_int_equal(log.lost[1].count, 12);
	/* a smaller count is a new reference, not a loss */
	assert_int_equal(irqw_drops_update(&d, 2, collect, &log), 0);
	assert_int_equal(log.n, 2);
	assert_int_equal(irqw_drops_update(&d, 3, collect, &log), 0);
	assert_int_equal(log.n, 3);
	assert_int_equal(log.lost[2].count, 1);
	assert_int_equal(irqw_drops_update(&d, UINT64_MAX, collect, &log), 0);
	assert_int_equal(log.lost[3].count, UINT64_MAX - 3);
	assert_int_equal(log.total, 3 + 12 + 1 + UINT64_MAX - 3);

	log.fail = -ENOSPC;
	irqw_drops_init(&d, 0);
	assert_int_equal(irqw_drops_update(&d, 1, collect, &log), -ENOSPC);

	assert_string_equal(irqw_lost_reason_name(IRQW_LOST_SEQ_GAP), "seq_gap");
	assert_string_equal(irqw_lost_reason_name(IRQW_LOST_RING_FULL), "ring_full");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_late_fill),
		cmocka_unit_test(test_upto),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_grace_expiry),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_initial_gap),
		cmocka_unit_test(test_expire_all),
		cmocka_unit_test(test_callback_error),
		cmocka_unit_test(test_too_many_gaps),
		cmocka_unit_test(test_invariant),
		cmocka_unit_test(test_ring_drops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
