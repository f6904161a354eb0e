// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the JSON lines of "irqwatch record" (userspace/jsonl.c) and
 * of the field formatting they use (userspace/fmt.c): exact strings.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <linux/irqwatch.h>

#include "fmt.h"
#include "jsonl.h"

#define NS	1000000000ULL
/* 2026-11-21T10:00:00.123456789Z */
#define REAL_NS	(1795255200ULL * NS + 123456789ULL)

static const char *frames[] = {
	"_raw_spin_unlock_irq+0x1a/0x30",
	"get_slabinfo+0x9c/0x110 [slub_mod]",
};

static const struct irqw_event full = {
	.has = IRQW_EV_DURATION | IRQW_EV_TASK | IRQW_EV_STACK |
	       IRQW_EV_SYNTH_INDEX,
	.seq = 42,
	.type = IRQWATCH_EVENT_SYNTHETIC,
	.cpu = 3,
	.mono_ns = 123456789,
	.real_ns = REAL_NS,
	.duration_ns = 812000000,
	.task = { .pid = 1234, .tgid = 1200, .comm = "cat" },
	.nr_frames = 2,
	.frames = frames,
	.synth_index = 17,
};

static void expect_event(const struct irqw_event *ev, const char *host,
			 const char *want)
{
	char *line = NULL;

	assert_int_equal(irqw_json_event(ev, NULL, host, NULL, &line), 0);
	assert_string_equal(line, want);
	free(line);
}

static void test_event(void **state)
{
	expect_event(&full, "db7",
		"{\"v\":1,\"seq\":42,\"type\":\"synthetic\",\"host\":\"db7\","
		"\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":123456789,"
		"\"cpu\":3,\"duration_ns\":812000000,\"index\":17,"
		"\"task\":{\"pid\":1234,\"tgid\":1200,\"comm\":\"cat\"},"
		"\"stack\":[\"_raw_spin_unlock_irq+0x1a/0x30\","
		"\"get_slabinfo+0x9c/0x110 [slub_mod]\"]}");
}

static const char *sample_frames[] = {
	"delay_tsc+0x34/0x50", "culprit_spin+0x61/0x110 [irqw_fault]",
};

static const struct irqw_sample samples[] = {
	{
		.offset_ns = 400000000,
		.irqs_disabled = true,
		.delay_ns = 1200,
		.task = { .pid = 1234, .tgid = 1200, .comm = "cat" },
		.nr_frames = 2,
		.frames = sample_frames,
	},
	{
		.offset_ns = 600000000,
		.delay_ns = 900,
		.task = { .pid = 0, .tgid = 0, .comm = "swapper/3" },
	},
};

static void test_irqoff(void **state)
{
	struct irqw_event ev = full;

	ev.type = IRQWATCH_EVENT_IRQOFF;
	ev.has = IRQW_EV_DURATION | IRQW_EV_TASK | IRQW_EV_STACK |
		 IRQW_EV_CAUSE | IRQW_EV_CONTEXT | IRQW_EV_SAMPLES_OMITTED;
	ev.cause = IRQWATCH_CAUSE_IRQS_DISABLED;
	ev.context = IRQWATCH_CONTEXT_TASK;
	ev.nr_samples = 2;
	ev.samples = (struct irqw_sample *)samples;
	ev.samples_omitted = 3;
	expect_event(&ev, "db7",
		"{\"v\":1,\"seq\":42,\"type\":\"irqoff\",\"host\":\"db7\","
		"\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":123456789,"
		"\"cpu\":3,\"duration_ns\":812000000,\"cause\":\"irqs_disabled\","
		"\"context\":\"task\","
		"\"task\":{\"pid\":1234,\"tgid\":1200,\"comm\":\"cat\"},"
		"\"stack\":[\"_raw_spin_unlock_irq+0x1a/0x30\","
		"\"get_slabinfo+0x9c/0x110 [slub_mod]\"],"
		"\"samples\":[{\"offset_ns\":400000000,\"irqs_disabled\":true,"
		"\"delay_ns\":1200,"
		"\"task\":{\"pid\":1234,\"tgid\":1200,\"comm\":\"cat\"},"
		"\"stack\":[\"delay_tsc+0x34/0x50\","
		"\"culprit_spin+0x61/0x110 [irqw_fault]\"]},"
		"{\"offset_ns\":600000000,\"irqs_disabled\":false,\"delay_ns\":900,"
		"\"task\":{\"pid\":0,\"tgid\":0,\"comm\":\"swapper/3\"}}],"
		"\"samples_omitted\":3}");

	/* none omitted: no key; causes and contexts of newer modules */
	ev.samples_omitted = 0;
	ev.nr_samples = 0;
	ev.cause = 9;
	ev.context = IRQWATCH_CONTEXT_MAX + 1;
	ev.has &= ~IRQW_EV_TASK;
	ev.nr_frames = 0;
	expect_event(&ev, "db7",
		"{\"v\":1,\"seq\":42,\"type\":\"irqoff\",\"host\":\"db7\","
		"\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":123456789,"
		"\"cpu\":3,\"duration_ns\":812000000,\"cause\":\"cause9\","
		"\"context\":\"context5\"}");
	ev.cause = IRQWATCH_CAUSE_IDLE_EXIT;
	ev.context = IRQWATCH_CONTEXT_IDLE;
	ev.has &= ~IRQW_EV_DURATION;
	expect_event(&ev, "h",
		"{\"v\":1,\"seq\":42,\"type\":\"irqoff\",\"host\":\"h\","
		"\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":123456789,"
		"\"cpu\":3,\"cause\":\"idle_exit\",\"context\":\"idle\"}");
}

static const char *bh_frames[] = {
	"delay_tsc+0x34/0x50", "irqwatch_fault_bhoff+0x4a/0x80 [irqwatch_fault]",
};

static const char *bh_sample_frames[] = {
	"delay_tsc+0x2c/0x50", "irqwatch_fault_bhoff+0x4a/0x80 [irqwatch_fault]",
};

static const struct irqw_sample bh_samples[] = {
	{
		.offset_ns = 30000000,
		.task = { .pid = 30, .tgid = 30, .comm = "kworker/1:0" },
		.nr_frames = 2,
		.frames = bh_sample_frames,
	},
};

/*
 * A softirqoff window: the shortest and longest it can have been, cause
 * bh_disabled, the vectors that waited, and the tick's own sample.
 */
static const struct irqw_event softirqoff = {
	.has = IRQW_EV_DURATION | IRQW_EV_DURATION_MAX | IRQW_EV_TASK |
	       IRQW_EV_STACK | IRQW_EV_CAUSE | IRQW_EV_CONTEXT | IRQW_EV_PENDING,
	.seq = 45,
	.type = IRQWATCH_EVENT_SOFTIRQOFF,
	.cpu = 1,
	.mono_ns = 123456789,
	.real_ns = REAL_NS,
	.duration_ns = 50000000,
	.duration_max_ns = 52000000,
	.task = { .pid = 30, .tgid = 30, .comm = "kworker/1:0" },
	.nr_frames = 2,
	.frames = bh_frames,
	.cause = IRQWATCH_CAUSE_BH_DISABLED,
	.context = IRQWATCH_CONTEXT_TASK,
	.pending = 1U << IRQWATCH_SOFTIRQ_TIMER | 1U << IRQWATCH_SOFTIRQ_TASKLET,
	.nr_samples = 1,
	.samples = (struct irqw_sample *)bh_samples,
};

static void test_softirqoff(void **state)
{
	struct irqw_event ev = softirqoff;

	expect_event(&ev, "db7",
		"{\"v\":1,\"seq\":45,\"type\":\"softirqoff\",\"host\":\"db7\","
		"\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":123456789,"
		"\"cpu\":1,\"duration_ns\":50000000,\"duration_max_ns\":52000000,"
		"\"cause\":\"bh_disabled\",\"context\":\"task\","
		"\"pending\":[\"TIMER\",\"TASKLET\"],"
		"\"task\":{\"pid\":30,\"tgid\":30,\"comm\":\"kworker/1:0\"},"
		"\"stack\":[\"delay_tsc+0x34/0x50\","
		"\"irqwatch_fault_bhoff+0x4a/0x80 [irqwatch_fault]\"],"
		"\"samples\":[{\"offset_ns\":30000000,\"irqs_disabled\":false,"
		"\"delay_ns\":0,"
		"\"task\":{\"pid\":30,\"tgid\":30,\"comm\":\"kworker/1:0\"},"
		"\"stack\":[\"delay_tsc+0x2c/0x50\","
		"\"irqwatch_fault_bhoff+0x4a/0x80 [irqwatch_fault]\"]}]}");

	/* every vector in bit order; bits this tool cannot name as "bit N" */
	ev.pending = (1U << __IRQWATCH_SOFTIRQ_MAX) - 1;
	ev.pending |= 1U << 10 | 1U << 31;
	ev.has &= ~(IRQW_EV_TASK | IRQW_EV_STACK);
	ev.nr_frames = 0;
	ev.nr_samples = 0;
	expect_event(&ev, "h",
		"{\"v\":1,\"seq\":45,\"type\":\"softirqoff\",\"host\":\"h\","
		"\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":123456789,"
		"\"cpu\":1,\"duration_ns\":50000000,\"duration_max_ns\":52000000,"
		"\"cause\":\"bh_disabled\",\"context\":\"task\","
		"\"pending\":[\"HI\",\"TIMER\",\"NET_TX\",\"NET_RX\",\"BLOCK\","
		"\"IRQ_POLL\",\"TASKLET\",\"SCHED\",\"HRTIMER\",\"RCU\","
		"\"bit 10\",\"bit 31\"]}");

	/* none pending is an empty list; what the event lacks is left out */
	ev.pending = 0;
	ev.has &= ~(IRQW_EV_DURATION_MAX | IRQW_EV_CONTEXT);
	expect_event(&ev, "h",
		"{\"v\":1,\"seq\":45,\"type\":\"softirqoff\",\"host\":\"h\","
		"\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":123456789,"
		"\"cpu\":1,\"duration_ns\":50000000,\"cause\":\"bh_disabled\","
		"\"pending\":[]}");
	ev.has &= ~IRQW_EV_PENDING;
	expect_event(&ev, "h",
		"{\"v\":1,\"seq\":45,\"type\":\"softirqoff\",\"host\":\"h\","
		"\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":123456789,"
		"\"cpu\":1,\"duration_ns\":50000000,\"cause\":\"bh_disabled\"}");

	/* a type without a family of its own shows them too */
	ev = softirqoff;
	ev.type = 99;
	ev.has = IRQW_EV_DURATION_MAX | IRQW_EV_PENDING;
	ev.nr_frames = 0;
	ev.nr_samples = 0;
	ev.pending = 1U << IRQWATCH_SOFTIRQ_NET_RX;
	expect_event(&ev, "h",
		"{\"v\":1,\"seq\":45,\"type\":\"type99\",\"host\":\"h\","
		"\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":123456789,"
		"\"cpu\":1,\"duration_max_ns\":52000000,\"pending\":[\"NET_RX\"]}");
}

static const char *stall_frames[] = {
	"slab_show+0x1d/0x30", "seq_read_iter+0x11f/0x4b0",
};

static const struct irqw_event stall = {
	.has = IRQW_EV_DURATION | IRQW_EV_TASK | IRQW_EV_STACK |
	       IRQW_EV_PARENT | IRQW_EV_RELATED_SEQ | IRQW_EV_IRQS_OFF |
	       IRQW_EV_IRQOFF_NS,
	.seq = 44,
	.type = IRQWATCH_EVENT_STALL,
	.cpu = 3,
	.mono_ns = 123456789,
	.real_ns = REAL_NS,
	.duration_ns = 812000000,
	.task = { .pid = 1234, .tgid = 1234, .comm = "cat", .has_uid = true,
		  .uid = 1000, .has_cgroup_id = true, .cgroup_id = 8842 },
	.nr_frames = 2,
	.frames = stall_frames,
	.probe = "get_slabinfo",
	.cache = "dentry",
	.parent = { .pid = 99, .tgid = 99, .comm = "crond" },
	.related_seq = 41,
	.irqs_off = IRQWATCH_IRQS_OFF_EXIT,
	.irqoff_ns = 790000000,
};

static void expect_stall(const struct irqw_event *ev,
			 const struct irqw_extra *x, const char *want)
{
	char *line = NULL;

	assert_int_equal(irqw_json_event(ev, x, "db7", NULL, &line), 0);
	assert_string_equal(line, want);
	free(line);
}

static void test_stall(void **state)
{
	struct irqw_extra x = {
		.has_slab = true,
		.slab_objects = 120000,
		.slab_partial = 3400,
		.cgroup = "/system.slice/cron.service",
	};
	struct irqw_event ev = stall;

	expect_stall(&ev, &x,
		"{\"v\":1,\"seq\":44,\"type\":\"stall\",\"host\":\"db7\","
		"\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":123456789,"
		"\"cpu\":3,\"duration_ns\":812000000,\"probe\":\"get_slabinfo\","
		"\"cache\":\"dentry\",\"slab\":{\"total_objects\":120000,"
		"\"partial\":3400},\"irqs_off\":{\"entry\":false,\"exit\":true},"
		"\"irqoff_ns\":790000000,\"related_seq\":41,"
		"\"task\":{\"pid\":1234,\"tgid\":1234,\"comm\":\"cat\","
		"\"uid\":1000,\"cgroup_id\":8842,"
		"\"cgroup\":\"/system.slice/cron.service\","
		"\"parent\":{\"pid\":99,\"comm\":\"crond\"}},"
		"\"stack\":[\"slab_show+0x1d/0x30\",\"seq_read_iter+0x11f/0x4b0\"]}");

	/* nothing from the host, no cache, no window, both bits */
	ev.cache = NULL;
	ev.has &= ~(IRQW_EV_RELATED_SEQ | IRQW_EV_IRQOFF_NS | IRQW_EV_PARENT |
		    IRQW_EV_STACK);
	ev.nr_frames = 0;
	ev.irqs_off = IRQWATCH_IRQS_OFF_ENTRY | IRQWATCH_IRQS_OFF_EXIT;
	ev.task.has_uid = false;
	expect_stall(&ev, NULL,
		"{\"v\":1,\"seq\":44,\"type\":\"stall\",\"host\":\"db7\","
		"\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":123456789,"
		"\"cpu\":3,\"duration_ns\":812000000,\"probe\":\"get_slabinfo\","
		"\"irqs_off\":{\"entry\":true,\"exit\":true},"
		"\"task\":{\"pid\":1234,\"tgid\":1234,\"comm\":\"cat\","
		"\"cgroup_id\":8842}}");
	/* slab numbers only with a cache, a cgroup only with its id */
	ev.task.has_cgroup_id = false;
	ev.has &= ~IRQW_EV_IRQS_OFF;
	expect_stall(&ev, &x,
		"{\"v\":1,\"seq\":44,\"type\":\"stall\",\"host\":\"db7\","
		"\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":123456789,"
		"\"cpu\":3,\"duration_ns\":812000000,\"probe\":\"get_slabinfo\","
		"\"task\":{\"pid\":1234,\"tgid\":1234,\"comm\":\"cat\"}}");
}

static void test_within(void **state)
{
	struct irqw_event ev = {
		.has = IRQW_EV_CAUSE | IRQW_EV_WITHIN,
		.seq = 41,
		.type = IRQWATCH_EVENT_IRQOFF,
		.cause = IRQWATCH_CAUSE_IRQS_DISABLED,
		.within = { "get_slabinfo", IRQWATCH_PROBE_KIND_SLAB },
	};

	expect_stall(&ev, NULL,
		"{\"v\":1,\"seq\":41,\"type\":\"irqoff\",\"host\":\"db7\","
		"\"time\":\"1970-01-01T00:00:00.000000Z\",\"mono_ns\":0,"
		"\"cpu\":0,\"cause\":\"irqs_disabled\","
		"\"within\":{\"probe\":\"get_slabinfo\",\"kind\":\"slab\"}}");
	ev.within.kind = IRQWATCH_PROBE_KIND_USER;
	ev.within.symbol = "my_func";
	expect_stall(&ev, NULL,
		"{\"v\":1,\"seq\":41,\"type\":\"irqoff\",\"host\":\"db7\","
		"\"time\":\"1970-01-01T00:00:00.000000Z\",\"mono_ns\":0,"
		"\"cpu\":0,\"cause\":\"irqs_disabled\","
		"\"within\":{\"probe\":\"my_func\",\"kind\":\"user\"}}");
}

static void test_names(void **state)
{
	static const char *const causes[] = {
		"cause0", "irqs_disabled", "vcpu_stall", "idle_exit",
		"unconfirmed", "bh_disabled", "cause6",
	};
	static const char *const contexts[] = {
		"context0", "task", "user", "softirq", "idle", "context5",
	};
	static const char *const vectors[] = {
		"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL",
		"TASKLET", "SCHED", "HRTIMER", "RCU", "bit 10",
	};
	char buf[IRQW_NAME_LEN];
	uint32_t i;

	for (i = 0; i < 7; i++)
		assert_string_equal(irqw_cause_name(i, buf), causes[i]);
	for (i = 0; i < 6; i++)
		assert_string_equal(irqw_context_name(i, buf), contexts[i]);
	for (i = 0; i < 11; i++)
		assert_string_equal(irqw_softirq_name(i, buf), vectors[i]);
	assert_string_equal(irqw_softirq_name(31, buf), "bit 31");
	assert_string_equal(irqw_softirq_name(UINT32_MAX, buf), "bit 4294967295");
	assert_string_equal(irqw_context_name(UINT32_MAX, buf),
			    "context4294967295");
	assert_string_equal(irqw_probe_kind_name(1, buf), "slab");
	assert_string_equal(irqw_probe_kind_name(2, buf), "user");
	assert_string_equal(irqw_probe_kind_name(3, buf), "kind3");
	assert_string_equal(irqw_probe_state_name(1, buf), "active");
	assert_string_equal(irqw_probe_state_name(2, buf), "off");
	assert_string_equal(irqw_probe_state_name(3, buf), "missing");
	assert_string_equal(irqw_probe_state_name(0, buf), "state0");
}

static void test_meaningful_frame(void **state)
{
	static const char *const only[] = {
		"_raw_spin_unlock_irqrestore+0x1a/0x30",
		"native_safe_halt+0xb/0x10",
	};
	static const char *const mixed[] = {
		"_raw_spin_unlock_irq+0x1a/0x30", "__const_udelay+0x3d/0x40",
		"delay_tsc+0x1/0x2", "culprit_spin+0x12/0x40 [irqw_fault]",
		"get_slabinfo+0x9c/0x110",
	};

	assert_null(irqw_meaningful_frame(NULL, 0));
	assert_string_equal(irqw_meaningful_frame(only, 2), only[0]);
	assert_string_equal(irqw_meaningful_frame(mixed, 5), mixed[3]);
	assert_string_equal(irqw_meaningful_frame(mixed + 4, 1), mixed[4]);
	assert_string_equal(irqw_meaningful_frame(frames, 2), frames[1]);
}

/* Only the attributes an event carried are keys; no frames, no "stack". */
static void test_event_minimal(void **state)
{
	struct irqw_event ev = {
		.seq = 1,
		.type = IRQWATCH_EVENT_IRQOFF,
		.has = IRQW_EV_STACK,
	};

	expect_event(&ev, "h",
		"{\"v\":1,\"seq\":1,\"type\":\"irqoff\",\"host\":\"h\","
		"\"time\":\"1970-01-01T00:00:00.000000Z\",\"mono_ns\":0,\"cpu\":0}");

	ev.has = IRQW_EV_DURATION;
	ev.type = IRQWATCH_EVENT_STALL;
	expect_event(&ev, "h",
		"{\"v\":1,\"seq\":1,\"type\":\"stall\",\"host\":\"h\","
		"\"time\":\"1970-01-01T00:00:00.000000Z\",\"mono_ns\":0,\"cpu\":0,"
		"\"duration_ns\":0}");
}

static void test_event_extremes(void **state)
{
	struct irqw_event ev = full;

	ev.seq = UINT64_MAX;
	ev.mono_ns = UINT64_MAX;
	ev.duration_ns = UINT64_MAX;
	ev.synth_index = UINT64_MAX;
	ev.cpu = UINT32_MAX;
	ev.task.pid = UINT32_MAX;
	ev.task.tgid = 0;
	ev.type = 99;
	ev.nr_frames = 0;
	ev.has &= ~IRQW_EV_SYNTH_INDEX;
	expect_event(&ev, "db7",
		"{\"v\":1,\"seq\":18446744073709551615,\"type\":\"type99\","
		"\"host\":\"db7\",\"time\":\"2026-11-21T10:00:00.123456Z\","
		"\"mono_ns\":18446744073709551615,\"cpu\":4294967295,"
		"\"duration_ns\":18446744073709551615,"
		"\"task\":{\"pid\":4294967295,\"tgid\":0,\"comm\":\"cat\"}}");
}

/* Kernel strings are bytes: escaped as JSON, and made valid UTF-8. */
static void test_event_strings(void **state)
{
	static const char *odd_frames[] = { "a\\b\"c/d\te" };
	struct irqw_event ev = full;

	ev.task.comm = "x\x01y\xffz\xc3\xa9";
	ev.frames = odd_frames;
	ev.nr_frames = 1;
	expect_event(&ev, "h\xc3",
		"{\"v\":1,\"seq\":42,\"type\":\"synthetic\",\"host\":\"h?\","
		"\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":123456789,"
		"\"cpu\":3,\"duration_ns\":812000000,\"index\":17,"
		"\"task\":{\"pid\":1234,\"tgid\":1200,"
		"\"comm\":\"x\\u0001y?z\xc3\xa9\"},"
		"\"stack\":[\"a\\\\b\\\"c/d\\te\"]}");
}

static void test_lost(void **state)
{
	struct irqw_lost gap = {
		.reason = IRQW_LOST_SEQ_GAP,
		.count = 3,
		.first_seq = 10,
		.last_seq = 12,
	};
	struct irqw_lost full_ring = {
		.reason = IRQW_LOST_RING_FULL,
		.count = 7,
		.first_seq = 99,	/* no meaning for ring_full: not written */
	};
	struct irqw_origin origin = {
		"0b1c2d3e-4f50-4172-8394-a5b6c7d8e9f0", true, 0xff
	};
	char *line = NULL;

	assert_int_equal(irqw_json_lost(&gap, "db7", NULL, 5, REAL_NS, &line), 0);
	assert_string_equal(line,
		"{\"v\":1,\"type\":\"lost\",\"host\":\"db7\","
		"\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":5,"
		"\"count\":3,\"reason\":\"seq_gap\",\"first_seq\":10,"
		"\"last_seq\":12}");
	free(line);

	assert_int_equal(irqw_json_lost(&full_ring, "db7", NULL, 6, 0, &line), 0);
	assert_string_equal(line,
		"{\"v\":1,\"type\":\"lost\",\"host\":\"db7\","
		"\"time\":\"1970-01-01T00:00:00.000000Z\",\"mono_ns\":6,"
		"\"count\":7,\"reason\":\"ring_full\"}");
	free(line);

	/* write_error; the boot and load ids come last */
	full_ring.reason = IRQW_LOST_WRITE_ERROR;
	assert_int_equal(irqw_json_lost(&full_ring, "db7", &origin, 6, 0, &line), 0);
	assert_string_equal(line,
		"{\"v\":1,\"type\":\"lost\",\"host\":\"db7\","
		"\"time\":\"1970-01-01T00:00:00.000000Z\",\"mono_ns\":6,"
		"\"count\":7,\"reason\":\"write_error\","
		"\"boot_id\":\"0b1c2d3e-4f50-4172-8394-a5b6c7d8e9f0\","
		"\"load_id\":\"00000000000000ff\"}");
	free(line);
	/* an unknown boot id is left out, and so is a load id not known */
	origin.boot_id[0] = '\0';
	origin.has_load_id = false;
	assert_int_equal(irqw_json_lost(&full_ring, "db7", &origin, 6, 0, &line), 0);
	assert_null(strstr(line, "_id"));
	free(line);
}

static void expect_time(uint64_t ns, const char *want)
{
	char buf[IRQW_TIME_LEN];

	assert_int_equal(irqw_format_time(ns, buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);
}

static void test_iso_time(void **state)
{
	char buf[IRQW_TIME_LEN];

	expect_time(0, "1970-01-01T00:00:00.000000Z");
	expect_time(999, "1970-01-01T00:00:00.000000Z");
	expect_time(1000, "1970-01-01T00:00:00.000001Z");
	expect_time(REAL_NS, "2026-11-21T10:00:00.123456Z");
	/* microseconds are cut, never rounded up into the next second */
	expect_time(1709251199ULL * NS + 999999999,
		    "2024-02-29T23:59:59.999999Z");
	expect_time(1709251200ULL * NS, "2024-03-01T00:00:00.000000Z");
	expect_time(UINT64_MAX, "2554-07-21T23:34:33.709551Z");

	/* 27 characters and the NUL */
	assert_int_equal(irqw_format_time(REAL_NS, buf, 28), 0);
	assert_int_equal(irqw_format_time(REAL_NS, buf, 27), -ENOSPC);
	assert_int_equal(irqw_format_time(REAL_NS, buf, 10), -ENOSPC);
}

static void test_type_names(void **state)
{
	static const char *const names[] = {
		[IRQWATCH_EVENT_SYNTHETIC] = "synthetic",
		[IRQWATCH_EVENT_IRQOFF] = "irqoff",
		[IRQWATCH_EVENT_SOFTIRQOFF] = "softirqoff",
		[IRQWATCH_EVENT_SOFTIRQ_LATENCY] = "softirq_latency",
		[IRQWATCH_EVENT_SOFTIRQ_STORM] = "softirq_storm",
		[IRQWATCH_EVENT_HARDIRQ_STORM] = "hardirq_storm",
		[IRQWATCH_EVENT_STALL] = "stall",
		[IRQWATCH_EVENT_IRQ_IMBALANCE] = "irq_imbalance",
	};
	char buf[IRQW_TYPE_LEN];
	uint32_t t;

	for (t = 1; t <= IRQWATCH_EVENT_MAX; t++)
		assert_string_equal(irqw_event_type_name(t, buf), names[t]);
	assert_string_equal(irqw_event_type_name(0, buf), "type0");
	assert_string_equal(irqw_event_type_name(UINT32_MAX, buf),
			    "type4294967295");
}

static void expect_clean(const char *in, bool terminal, size_t size,
			 const char *want)
{
	char buf[64];

	assert_true(size <= sizeof(buf));
	assert_int_equal(irqw_clean_string(buf, size, in, terminal), strlen(want));
	assert_string_equal(buf, want);
}

static void test_clean_string(void **state)
{
	/* valid UTF-8 of 1 to 4 bytes stays */
	expect_clean("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", false, 64,
		     "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	/* stray continuation, truncated, overlong, surrogate, > U+10FFFF */
	expect_clean("\x80|\xe2\x82|\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80", false,
		     64, "?|??|??|???|????");
	/* control characters stay for JSON (it escapes them), not for terminals */
	expect_clean("a\tb\x1b[31m\x7f\xc2\x9b", false, 64,
		     "a\tb\x1b[31m\x7f\xc2\x9b");
	expect_clean("a\tb\x1b[31m\x7f\xc2\x9b", true, 64, "a?b?[31m??");
	/* cut to fit, never in the middle of a character */
	expect_clean("abc\xe2\x82\xac", false, 6, "abc");
	expect_clean("abc\xe2\x82\xac", false, 7, "abc\xe2\x82\xac");
	expect_clean("abcdef", false, 1, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event),
		cmocka_unit_test(test_event_minimal),
		cmocka_unit_test(test_irqoff),
		cmocka_unit_test(test_softirqoff),
		cmocka_unit_test(test_stall),
		cmocka_unit_test(test_within),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_meaningful_frame),
		cmocka_unit_test(test_event_extremes),
		cmocka_unit_test(test_event_strings),
		cmocka_unit_test(test_lost),
		cmocka_unit_test(test_iso_time),
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_clean_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
