// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Unit tests of the lines of "irqwatch monitor" (userspace/human.c). */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <linux/irqwatch.h>

#include "human.h"

#define NS	1000000000ULL
#define REAL_NS	(1795255200ULL * NS + 123456789ULL)

static const char *frames[] = { "hrtimer_run_queues+0x1a/0x30", "b+0x1/0x2" };

static const struct irqw_event synthetic = {
	.has = IRQW_EV_DURATION | IRQW_EV_TASK | IRQW_EV_SYNTH_INDEX,
	.seq = 42,
	.type = IRQWATCH_EVENT_SYNTHETIC,
	.cpu = 1,
	.real_ns = REAL_NS,
	.task = { .pid = 0, .tgid = 0, .comm = "swapper/1" },
	.synth_index = 17,
};

static char *event_line(const struct irqw_event *ev)
{
	size_t size;
	char *out;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	assert_int_equal(irqw_human_event(f, ev, NULL), 0);
	assert_int_equal(fclose(f), 0);
	return out;
}

static void expect_event(const struct irqw_event *ev, const char *want)
{
	char *out = event_line(ev);

	assert_string_equal(out, want);
	free(out);
}

static void test_event(void **state)
{
	struct irqw_event ev = synthetic;

	/* a duration of 0 says nothing */
	expect_event(&ev, "[2026-11-21T10:00:00.123456Z] seq 42 synthetic cpu 1 "
		     "index 17 task swapper/1[0]\n");
	ev.nr_frames = 2;
	ev.frames = frames;
	ev.duration_ns = 812345678;
	expect_event(&ev, "[2026-11-21T10:00:00.123456Z] seq 42 synthetic cpu 1 "
		     "duration 812.345ms index 17 task swapper/1[0] "
		     "at hrtimer_run_queues+0x1a/0x30\n");
	ev.has = 0;
	ev.type = IRQWATCH_EVENT_SOFTIRQ_STORM;
	ev.nr_frames = 0;
	expect_event(&ev, "[2026-11-21T10:00:00.123456Z] seq 42 softirq_storm "
		     "cpu 1\n");
}

static void test_irqoff(void **state)
{
	static const char *stack[] = {
		"_raw_spin_unlock_irq+0x1a/0x30", "get_slabinfo+0x9c/0x110",
	};
	static const char *in_window[] = {
		"delay_tsc+0x34/0x50", "culprit_spin+0x61/0x110 [irqw_fault]",
	};
	struct irqw_sample samples[] = {
		{
			.offset_ns = 400012345,
			.irqs_disabled = true,
			.task = { .pid = 1234, .tgid = 1234, .comm = "cat" },
			.nr_frames = 2,
			.frames = in_window,
		},
		{
			.offset_ns = 790000000,
			.task = { .pid = 0, .tgid = 0, .comm = "swapper/3" },
		},
	};
	struct irqw_event ev = {
		.has = IRQW_EV_DURATION | IRQW_EV_TASK | IRQW_EV_STACK |
		       IRQW_EV_CAUSE | IRQW_EV_CONTEXT | IRQW_EV_SAMPLES_OMITTED,
		.seq = 43,
		.type = IRQWATCH_EVENT_IRQOFF,
		.cpu = 3,
		.real_ns = REAL_NS,
		.duration_ns = 812000000,
		.task = { .pid = 1234, .tgid = 1234, .comm = "cat" },
		.nr_frames = 2,
		.frames = stack,
		.cause = IRQWATCH_CAUSE_IRQS_DISABLED,
		.context = IRQWATCH_CONTEXT_TASK,
		.nr_samples = 2,
		.samples = samples,
		.samples_omitted = 1,
	};

	expect_event(&ev, "[2026-11-21T10:00:00.123456Z] seq 43 irqoff cpu 3 "
		     "duration 812.000ms cause irqs_disabled task cat[1234] "
		     "at get_slabinfo+0x9c/0x110\n"
		     "    sample +400.0 ms irqs off cat[1234] "
		     "at culprit_spin+0x61/0x110 [irqw_fault]\n"
		     "    sample +790.0 ms irqs on swapper/3[0]\n"
		     "    (1 more sample omitted)\n");
	ev.samples_omitted = 0;
	ev.nr_samples = 0;
	ev.has |= IRQW_EV_WITHIN;
	ev.within.symbol = "get_slabinfo";
	ev.within.kind = IRQWATCH_PROBE_KIND_SLAB;
	expect_event(&ev, "[2026-11-21T10:00:00.123456Z] seq 43 irqoff cpu 3 "
		     "duration 812.000ms cause irqs_disabled task cat[1234] "
		     "at get_slabinfo+0x9c/0x110 within get_slabinfo\n");
	ev.has &= ~IRQW_EV_WITHIN;
	ev.cause = IRQWATCH_CAUSE_UNCONFIRMED;
	ev.nr_frames = 1;
	expect_event(&ev, "[2026-11-21T10:00:00.123456Z] seq 43 irqoff cpu 3 "
		     "duration 812.000ms cause unconfirmed task cat[1234] "
		     "at _raw_spin_unlock_irq+0x1a/0x30\n");
}

static void test_softirqoff(void **state)
{
	static const char *stack[] = {
		"delay_tsc+0x34/0x50",
		"irqwatch_fault_bhoff+0x4a/0x80 [irqwatch_fault]",
	};
	static const char *in_window[] = {
		"__const_udelay+0x3d/0x40",
		"irqwatch_fault_bhoff+0x3e/0x80 [irqwatch_fault]",
	};
	struct irqw_sample sample = {
		.offset_ns = 30012345,
		.task = { .pid = 30, .tgid = 30, .comm = "kworker/1:0" },
		.nr_frames = 2,
		.frames = in_window,
	};
	struct irqw_event ev = {
		.has = IRQW_EV_DURATION | IRQW_EV_DURATION_MAX | IRQW_EV_TASK |
		       IRQW_EV_STACK | IRQW_EV_CAUSE | IRQW_EV_CONTEXT |
		       IRQW_EV_PENDING,
		.seq = 45,
		.type = IRQWATCH_EVENT_SOFTIRQOFF,
		.cpu = 1,
		.real_ns = REAL_NS,
		.duration_ns = 50000000,
		.duration_max_ns = 52000000,
		.task = { .pid = 30, .tgid = 30, .comm = "kworker/1:0" },
		.nr_frames = 2,
		.frames = stack,
		.cause = IRQWATCH_CAUSE_BH_DISABLED,
		.context = IRQWATCH_CONTEXT_TASK,
		.pending = 1U << IRQWATCH_SOFTIRQ_TIMER |
			   1U << IRQWATCH_SOFTIRQ_TASKLET,
		.nr_samples = 1,
		.samples = &sample,
	};

	expect_event(&ev, "[2026-11-21T10:00:00.123456Z] seq 45 softirqoff "
		     "cpu 1 duration 50.000-52.000ms cause bh_disabled "
		     "pending TIMER,TASKLET task kworker/1:0[30] "
		     "at irqwatch_fault_bhoff+0x4a/0x80 [irqwatch_fault]\n"
		     "    sample +30.0 ms irqs on kworker/1:0[30] "
		     "at irqwatch_fault_bhoff+0x3e/0x80 [irqwatch_fault]\n");
	/* a vector this tool cannot name, none pending, no lower bound */
	ev.nr_samples = 0;
	ev.pending = 1U << IRQWATCH_SOFTIRQ_RCU | 1U << 12;
	ev.duration_ns = 0;
	expect_event(&ev, "[2026-11-21T10:00:00.123456Z] seq 45 softirqoff "
		     "cpu 1 duration 0.000-52.000ms cause bh_disabled "
		     "pending RCU,bit 12 task kworker/1:0[30] "
		     "at irqwatch_fault_bhoff+0x4a/0x80 [irqwatch_fault]\n");
	ev.pending = 0;
	ev.has &= ~(IRQW_EV_DURATION | IRQW_EV_TASK | IRQW_EV_STACK);
	ev.nr_frames = 0;
	expect_event(&ev, "[2026-11-21T10:00:00.123456Z] seq 45 softirqoff "
		     "cpu 1 duration <=52.000ms cause bh_disabled pending none\n");
}

static void test_stall(void **state)
{
	struct irqw_extra x = { .has_slab = true, .slab_objects = 120000,
				.slab_partial = 3400, .cgroup = "/x" };
	struct irqw_event ev = {
		.has = IRQW_EV_DURATION | IRQW_EV_TASK | IRQW_EV_PARENT |
		       IRQW_EV_RELATED_SEQ | IRQW_EV_IRQOFF_NS,
		.seq = 44,
		.type = IRQWATCH_EVENT_STALL,
		.cpu = 3,
		.real_ns = REAL_NS,
		.duration_ns = 812000000,
		.task = { .pid = 1234, .tgid = 1234, .comm = "cat" },
		.probe = "get_slabinfo",
		.cache = "dentry",
		.parent = { .pid = 99, .tgid = 99, .comm = "crond" },
		.related_seq = 41,
		.irqoff_ns = 790000000,
	};
	char *out;

	expect_event(&ev, "[2026-11-21T10:00:00.123456Z] seq 44 stall "
		     "get_slabinfo cache=dentry 812.0 ms cpu 3 cat[1234] "
		     "parent crond[99] irqoff 790.0 ms related_seq 41\n");
	ev.has &= ~(IRQW_EV_PARENT | IRQW_EV_RELATED_SEQ | IRQW_EV_IRQOFF_NS);
	ev.probe = "\x1b[2Jx";
	expect_event(&ev, "[2026-11-21T10:00:00.123456Z] seq 44 stall "
		     "?[2Jx cache=dentry 812.0 ms cpu 3 cat[1234]\n");

	/* with what the host adds */
	ev.probe = "get_slabinfo";
	out = NULL;
	{
		size_t size;
		FILE *f = open_memstream(&out, &size);

		assert_non_null(f);
		assert_int_equal(irqw_human_event(f, &ev, &x), 0);
		assert_int_equal(fclose(f), 0);
	}
	assert_string_equal(out, "[2026-11-21T10:00:00.123456Z] seq 44 stall "
			    "get_slabinfo cache=dentry total_objects=120000 "
			    "partial=3400 812.0 ms cpu 3 cat[1234]\n");
	free(out);
}

/* A task name cannot write escape sequences to the terminal. */
static void test_event_control_chars(void **state)
{
	static const char *evil[] = { "f\x1b]0;x\x07" };
	struct irqw_event ev = synthetic;

	ev.task.comm = "\x1b[2J\xff";
	ev.frames = evil;
	ev.nr_frames = 1;
	expect_event(&ev, "[2026-11-21T10:00:00.123456Z] seq 42 synthetic cpu 1 "
		     "index 17 task ?[2J?[0] at f?]0;x?\n");
}

static void expect_lost(const struct irqw_lost *lost, const char *want)
{
	size_t size;
	char *out;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	assert_int_equal(irqw_human_lost(f, lost, REAL_NS), 0);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(out, want);
	free(out);
}

static void test_lost(void **state)
{
	struct irqw_lost lost = { .reason = IRQW_LOST_RING_FULL, .count = 5 };

	expect_lost(&lost, "[2026-11-21T10:00:00.123456Z] lost 5 events (ring_full)\n");
	lost.count = 1;
	expect_lost(&lost, "[2026-11-21T10:00:00.123456Z] lost 1 event (ring_full)\n");
	lost = (struct irqw_lost){ IRQW_LOST_SEQ_GAP, 3, 7, 9 };
	expect_lost(&lost, "[2026-11-21T10:00:00.123456Z] lost 3 events "
		    "(seq_gap, seq 7-9)\n");
	lost = (struct irqw_lost){ IRQW_LOST_SEQ_GAP, 1, 42, 42 };
	expect_lost(&lost, "[2026-11-21T10:00:00.123456Z] lost 1 event "
		    "(seq_gap, seq 42)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event),
		cmocka_unit_test(test_irqoff),
		cmocka_unit_test(test_softirqoff),
		cmocka_unit_test(test_stall),
		cmocka_unit_test(test_event_control_chars),
		cmocka_unit_test(test_lost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
