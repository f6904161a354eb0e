// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The JSONL reader (lib/log/jsonl_read.c) against the writer (jsonl.c):
 * model -> JSON line -> model gives the same model for every family and
 * for lost records; unknown types, versions and members are skipped;
 * malformed lines are reported, not fatal. Also the model's own copy and
 * ownership (lib/event/event.c).
 */

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

#include "event.h"
#include "family.h"
#include "jsonl.h"
#include "jsonl_read.h"

#define NS	1000000000ULL
/* 2026-11-21T10:00:00.123456Z: the log keeps microseconds */
#define REAL_NS	(1795255200ULL * NS + 123456000ULL)

static const char *end_frames[] = {
	"_raw_spin_unlock_irq+0x1a/0x30", "get_slabinfo+0x9c/0x110",
};
static const char *in_frames[] = { "count_partial+0x3b/0x80" };

static struct irqw_sample samples[] = {
	{ .offset_ns = 400123456, .irqs_disabled = true, .delay_ns = 1800,
	  .task = { .pid = 1234, .tgid = 1234, .comm = "cat" },
	  .nr_frames = 1, .frames = in_frames },
	{ .offset_ns = 500000000, .irqs_disabled = false, .delay_ns = 0,
	  .task = { .pid = 0, .tgid = 0, .comm = "swapper/3" } },
};

static const struct irqw_event irqoff = {
	.has = IRQW_EV_DURATION | IRQW_EV_TASK | IRQW_EV_STACK | IRQW_EV_CAUSE |
	       IRQW_EV_CONTEXT | IRQW_EV_WITHIN | IRQW_EV_SAMPLES_OMITTED,
	.seq = 41, .type = IRQWATCH_EVENT_IRQOFF, .cpu = 3,
	.mono_ns = 1000002000, .real_ns = REAL_NS, .duration_ns = 812000000,
	.task = { .pid = 1234, .tgid = 1234, .comm = "cat" },
	.nr_frames = 2, .frames = end_frames,
	.cause = IRQWATCH_CAUSE_IRQS_DISABLED, .context = IRQWATCH_CONTEXT_TASK,
	.samples_omitted = 2, .nr_samples = 2, .samples = samples,
	.within = { .symbol = "get_slabinfo", .kind = IRQWATCH_PROBE_KIND_SLAB },
};

static const struct irqw_event stall = {
	.has = IRQW_EV_DURATION | IRQW_EV_TASK | IRQW_EV_STACK |
	       IRQW_EV_PARENT | IRQW_EV_RELATED_SEQ | IRQW_EV_IRQS_OFF |
	       IRQW_EV_IRQOFF_NS,
	.seq = 42, .type = IRQWATCH_EVENT_STALL, .cpu = 3,
	.mono_ns = 1000001000, .real_ns = REAL_NS, .duration_ns = 812000000,
	.task = { .pid = 1234, .tgid = 1234, .comm = "cat", .has_uid = true,
		  .uid = 1000, .has_cgroup_id = true, .cgroup_id = 8842 },
	/* the log has no tgid of the parent */
	.parent = { .pid = 99, .comm = "crond" },
	.nr_frames = 1, .frames = end_frames + 1,
	.probe = "get_slabinfo", .cache = "dentry", .related_seq = 41,
	.irqs_off = IRQWATCH_IRQS_OFF_EXIT, .irqoff_ns = 812000000,
};

static struct irqw_sample bh_samples[] = {
	{ .offset_ns = 30000000, .irqs_disabled = false, .delay_ns = 0,
	  .task = { .pid = 30, .tgid = 30, .comm = "kworker/1:0" },
	  .nr_frames = 1, .frames = in_frames },
};

static const struct irqw_event softirqoff = {
	.has = IRQW_EV_DURATION | IRQW_EV_DURATION_MAX | IRQW_EV_TASK |
	       IRQW_EV_STACK | IRQW_EV_CAUSE | IRQW_EV_CONTEXT | IRQW_EV_PENDING,
	.seq = 45, .type = IRQWATCH_EVENT_SOFTIRQOFF, .cpu = 1,
	.mono_ns = 1000003000, .real_ns = REAL_NS, .duration_ns = 50000000,
	.duration_max_ns = 52000000,
	.task = { .pid = 30, .tgid = 30, .comm = "kworker/1:0" },
	.nr_frames = 2, .frames = end_frames,
	.cause = IRQWATCH_CAUSE_BH_DISABLED, .context = IRQWATCH_CONTEXT_TASK,
	/* a vector this tool cannot name comes back too */
	.pending = 1U << IRQWATCH_SOFTIRQ_TIMER |
		   1U << IRQWATCH_SOFTIRQ_TASKLET | 1U << 31,
	.nr_samples = 1, .samples = bh_samples,
};

static const struct irqw_event synthetic = {
	.has = IRQW_EV_TASK | IRQW_EV_STACK | IRQW_EV_SYNTH_INDEX,
	.seq = 7, .type = IRQWATCH_EVENT_SYNTHETIC, .cpu = 1,
	.mono_ns = 5, .real_ns = REAL_NS, .synth_index = 17,
	.task = { .pid = 0, .tgid = 0, .comm = "swapper/1" },
	.nr_frames = 2, .frames = end_frames,
	/* a large seq and time stay exact (64-bit integers in JSON) */
};

static char *line_of(const struct irqw_event *ev, const struct irqw_extra *x)
{
	char *line = NULL;

	assert_int_equal(irqw_json_event(ev, x, "db7", NULL, &line), 0);
	return line;
}

/* model -> line -> model: the same event, extra and host */
static void round_trip(const struct irqw_event *ev, const struct irqw_extra *x)
{
	struct irqw_record rec;
	char *line = line_of(ev, x), *again = NULL;

	assert_int_equal(irqw_record_parse(line, &rec), 0);
	assert_int_equal(rec.kind, IRQW_RECORD_EVENT);
	assert_string_equal(rec.host, "db7");
	assert_true(irqw_event_equal(ev, &rec.ev));
	assert_int_equal(rec.x.has_slab, x && x->has_slab);
	if (x && x->has_slab) {
		assert_int_equal(rec.x.slab_objects, x->slab_objects);
		assert_int_equal(rec.x.slab_partial, x->slab_partial);
	}
	if (x && x->cgroup)
		assert_string_equal(rec.x.cgroup, x->cgroup);
	else
		assert_null(rec.x.cgroup);
	/* and written again, the same line */
	assert_int_equal(irqw_json_event(&rec.ev, &rec.x, rec.host, NULL, &again), 0);
	assert_string_equal(line, again);
	irqw_record_free(&rec);
	free(line);
	free(again);
}

static void test_round_trip(void **state)
{
	struct irqw_extra x = {
		.has_slab = true, .slab_objects = 120000, .slab_partial = 3400,
		.cgroup = "/system.slice/cron.service",
	};
	struct irqw_event big = synthetic, soft = softirqoff;


	round_trip(&irqoff, NULL);
	round_trip(&softirqoff, NULL);
	/* none pending, and the longest as large as it gets */
	soft.pending = 0;
	soft.duration_max_ns = UINT64_MAX;
	round_trip(&soft, NULL);
	soft.has &= ~(IRQW_EV_PENDING | IRQW_EV_DURATION_MAX);
	soft.duration_max_ns = 0;
	round_trip(&soft, NULL);
	round_trip(&stall, &x);
	round_trip(&stall, NULL);
	round_trip(&synthetic, NULL);
	big.seq = (1ULL << 53) + 1;
	big.mono_ns = UINT64_MAX;
	round_trip(&big, NULL);
}

#define HEAD_LOST "\"host\":\"h\",\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":1"

static void test_lost(void **state)
{
	struct irqw_lost gap = {
		.reason = IRQW_LOST_SEQ_GAP, .count = 5, .first_seq = 44,
		.last_seq = 48,
	}, full = { .reason = IRQW_LOST_RING_FULL, .count = 3 };
	struct irqw_origin origin = {
		"0b1c2d3e-4f50-4172-8394-a5b6c7d8e9f0", true, 0xfedcba9876543210ULL
	};
	struct irqw_record rec;
	char *line = NULL, *again = NULL;

	assert_int_equal(irqw_json_lost(&gap, "db7", NULL, 77, REAL_NS, &line), 0);
	assert_int_equal(irqw_record_parse(line, &rec), 0);
	assert_int_equal(rec.kind, IRQW_RECORD_LOST);
	assert_int_equal(rec.lost.reason, IRQW_LOST_SEQ_GAP);
	assert_int_equal(rec.lost.count, 5);
	assert_int_equal(rec.lost.first_seq, 44);
	assert_int_equal(rec.lost.last_seq, 48);
	assert_int_equal(rec.mono_ns, 77);
	assert_int_equal(rec.real_ns, REAL_NS);
	irqw_record_free(&rec);
	free(line);
	assert_int_equal(irqw_json_lost(&full, "db7", NULL, 77, REAL_NS, &line), 0);
	assert_int_equal(irqw_record_parse(line, &rec), 0);
	assert_int_equal(rec.lost.reason, IRQW_LOST_RING_FULL);
	assert_int_equal(rec.lost.count, 3);
	assert_string_equal(rec.origin.boot_id, "");
	assert_false(rec.origin.has_load_id);
	irqw_record_free(&rec);
	free(line);

	/* write_error, with the ids: the same line again */
	full.reason = IRQW_LOST_WRITE_ERROR;
	assert_int_equal(irqw_json_lost(&full, "db7", &origin, 77, REAL_NS, &line), 0);
	assert_int_equal(irqw_record_parse(line, &rec), 0);
	assert_int_equal(rec.lost.reason, IRQW_LOST_WRITE_ERROR);
	assert_string_equal(rec.origin.boot_id, origin.boot_id);
	assert_true(rec.origin.has_load_id);
	assert_true(rec.origin.load_id == origin.load_id);
	assert_int_equal(irqw_json_lost(&rec.lost, rec.host, &rec.origin,
					rec.mono_ns, rec.real_ns, &again), 0);
	assert_string_equal(again, line);
	irqw_record_free(&rec);
	free(again);
	free(line);

	/* ids that are not as written are malformed */
	assert_int_equal(irqw_record_parse("{\"v\":1,\"type\":\"lost\"," HEAD_LOST
		",\"count\":1,\"reason\":\"ring_full\",\"load_id\":255}", &rec),
		-EBADMSG);
	assert_int_equal(irqw_record_parse("{\"v\":1,\"type\":\"lost\"," HEAD_LOST
		",\"count\":1,\"reason\":\"ring_full\",\"boot_id\":\"x\"}", &rec),
		-EBADMSG);
}

#define HEAD "\"host\":\"h\",\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":1"

static void test_skipped(void **state)
{
	static const char *const skip[] = {
		/* a type of a newer module or tool, one without a family */
		"{\"v\":1,\"seq\":1,\"type\":\"nmi_storm\"," HEAD ",\"cpu\":0}",
		"{\"v\":1,\"seq\":1,\"type\":\"type99\"," HEAD ",\"cpu\":0}",
		/* another schema version */
		"{\"v\":2,\"seq\":1,\"type\":\"irqoff\"," HEAD ",\"cpu\":0}",
		/* a lost reason not known */
		"{\"v\":1,\"type\":\"lost\"," HEAD ",\"count\":1,\"reason\":\"disk_gone\"}",
	};
	struct irqw_record rec;
	size_t i;

	for (i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		assert_int_equal(irqw_record_parse(skip[i], &rec), -ENOENT);

	/* members not known are ignored, wherever they are */
	assert_int_equal(irqw_record_parse(
		"{\"v\":1,\"seq\":9,\"new\":[1,{}],\"type\":\"irqoff\"," HEAD
		",\"cpu\":2,\"duration_ns\":5,\"task\":{\"pid\":1,\"tgid\":1,"
		"\"comm\":\"x\",\"new\":true},\"future\":{\"a\":\"b\"}}", &rec), 0);
	assert_int_equal(rec.ev.seq, 9);
	assert_int_equal(rec.ev.cpu, 2);
	assert_int_equal(rec.ev.has, IRQW_EV_DURATION | IRQW_EV_TASK);
	assert_string_equal(rec.ev.task.comm, "x");
	irqw_record_free(&rec);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"", "not json", "[1,2]", "{\"v\":1", "{}",
		"{\"v\":\"1\",\"seq\":1,\"type\":\"irqoff\"," HEAD ",\"cpu\":0}",
		/* seq missing, 0, or a string */
		"{\"v\":1,\"type\":\"irqoff\"," HEAD ",\"cpu\":0}",
		"{\"v\":1,\"seq\":0,\"type\":\"irqoff\"," HEAD ",\"cpu\":0}",
		"{\"v\":1,\"seq\":\"1\",\"type\":\"irqoff\"," HEAD ",\"cpu\":0}",
		/* cpu missing or too large */
		"{\"v\":1,\"seq\":1,\"type\":\"irqoff\"," HEAD "}",
		"{\"v\":1,\"seq\":1,\"type\":\"irqoff\"," HEAD ",\"cpu\":4294967296}",
		/* time not as record writes it */
		"{\"v\":1,\"seq\":1,\"type\":\"irqoff\",\"host\":\"h\","
		"\"time\":\"yesterday\",\"mono_ns\":1,\"cpu\":0}",
		/* a known member of the wrong kind */
		"{\"v\":1,\"seq\":1,\"type\":\"irqoff\"," HEAD ",\"cpu\":0,\"stack\":\"f\"}",
		"{\"v\":1,\"seq\":1,\"type\":\"irqoff\"," HEAD ",\"cpu\":0,\"stack\":[1]}",
		"{\"v\":1,\"seq\":1,\"type\":\"irqoff\"," HEAD ",\"cpu\":0,\"cause\":\"tired\"}",
		"{\"v\":1,\"seq\":1,\"type\":\"irqoff\"," HEAD ",\"cpu\":0,\"task\":{\"pid\":1}}",
		"{\"v\":1,\"seq\":1,\"type\":\"irqoff\"," HEAD ",\"cpu\":0,"
		"\"samples\":[{\"offset_ns\":1}]}",
		"{\"v\":1,\"seq\":1,\"type\":\"stall\"," HEAD ",\"cpu\":0,"
		"\"task\":{\"pid\":1,\"tgid\":1,\"comm\":\"c\",\"cgroup\":\"/a\","
		"\"parent\":{\"pid\":\"x\"}}}",
		/* pending: a list of vector names, as record writes them */
		"{\"v\":1,\"seq\":1,\"type\":\"softirqoff\"," HEAD ",\"cpu\":0,"
		"\"pending\":\"TIMER\"}",
		"{\"v\":1,\"seq\":1,\"type\":\"softirqoff\"," HEAD ",\"cpu\":0,"
		"\"pending\":[1]}",
		"{\"v\":1,\"seq\":1,\"type\":\"softirqoff\"," HEAD ",\"cpu\":0,"
		"\"pending\":[\"TIMER\",\"timer\"]}",
		"{\"v\":1,\"seq\":1,\"type\":\"softirqoff\"," HEAD ",\"cpu\":0,"
		"\"pending\":[\"bit 1\"]}",
		"{\"v\":1,\"seq\":1,\"type\":\"softirqoff\"," HEAD ",\"cpu\":0,"
		"\"pending\":[\"bit 32\"]}",
		"{\"v\":1,\"seq\":1,\"type\":\"softirqoff\"," HEAD ",\"cpu\":0,"
		"\"duration_max_ns\":\"52000000\"}",
		"{\"v\":1,\"type\":\"lost\"," HEAD ",\"reason\":\"seq_gap\",\"count\":1}",
		/* negative numbers (json-c reads them as 0 unless asked) */
		"{\"v\":1,\"seq\":1,\"type\":\"irqoff\"," HEAD ",\"cpu\":0,"
		"\"duration_ns\":-5}",
		"{\"v\":1,\"seq\":-1,\"type\":\"irqoff\"," HEAD ",\"cpu\":0}",
		"{\"v\":1,\"seq\":1,\"type\":\"irqoff\"," HEAD ",\"cpu\":-1}",
		"{\"v\":1,\"type\":\"lost\"," HEAD ",\"reason\":\"ring_full\",\"count\":-3}",
	};
	struct irqw_record rec;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(irqw_record_parse(bad[i], &rec), -EBADMSG);
}

/* A log with every kind of line: the reader goes on past the bad ones. */
static void test_next(void **state)
{
	char *irqoff_line = line_of(&irqoff, NULL), *stall_line = line_of(&stall, NULL);
	struct irqw_reader_stats st = { 0 };
	struct irqw_record rec;
	FILE *f = tmpfile();

	assert_non_null(f);
	fprintf(f, "%s\n garbage\n\n{\"v\":1,\"seq\":3,\"type\":\"nmi_storm\","
		HEAD ",\"cpu\":0}\n%s\n{\"v\":1,\"seq\":", irqoff_line, stall_line);
	rewind(f);
	assert_int_equal(irqw_jsonl_next(f, &rec, &st), 1);
	assert_true(irqw_event_equal(&rec.ev, &irqoff));
	irqw_record_free(&rec);
	assert_int_equal(irqw_jsonl_next(f, &rec, &st), 1);
	assert_true(irqw_event_equal(&rec.ev, &stall));
	irqw_record_free(&rec);
	/* the last line was cut short: malformed, then the end */
	assert_int_equal(irqw_jsonl_next(f, &rec, &st), 0);
	assert_int_equal(st.lines, 6);
	assert_int_equal(st.records, 2);
	assert_int_equal(st.skipped, 1);
	assert_int_equal(st.malformed, 2);
	assert_int_equal(st.first_malformed, 2);
	fclose(f);
	free(irqoff_line);
	free(stall_line);
}

/* A copy owns its data: it outlives the original and what it came from. */
static void test_copy_own(void **state)
{
	struct irqw_event copy, owned = irqoff;
	char *comm = strdup("cat");
	size_t i;

	assert_non_null(comm);
	owned.task.comm = comm;
	assert_int_equal(irqw_event_copy(&owned, &copy), 0);
	memset(comm, 'x', 3);
	free(comm);
	assert_true(irqw_event_equal(&copy, &irqoff));
	assert_ptr_not_equal(copy.frames, irqoff.frames);
	assert_ptr_not_equal(copy.samples, irqoff.samples);
	for (i = 0; i < copy.nr_frames; i++)
		assert_ptr_not_equal(copy.frames[i], irqoff.frames[i]);
	/* owning again moves the strings to a new arena */
	assert_int_equal(irqw_event_own(&copy), 0);
	assert_true(irqw_event_equal(&copy, &irqoff));
	copy.cpu++;
	assert_false(irqw_event_equal(&copy, &irqoff));
	irqw_event_free(&copy);
	irqw_event_free(&copy);	/* a zeroed event is fine */
}

/* Every field a family writes is one of its table's keys, in its order. */
static void test_families(void **state)
{
	static const uint32_t types[] = {
		IRQWATCH_EVENT_SYNTHETIC, IRQWATCH_EVENT_IRQOFF,
		IRQWATCH_EVENT_SOFTIRQOFF, IRQWATCH_EVENT_STALL,
		IRQWATCH_EVENT_SOFTIRQ_LATENCY, IRQWATCH_EVENT_SOFTIRQ_STORM,
		IRQWATCH_EVENT_HARDIRQ_STORM, IRQWATCH_EVENT_IRQ_IMBALANCE,
	};
	const struct irqw_family *fam;
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		fam = irqw_family_of(types[i]);
		assert_int_equal(fam->type, types[i]);
		assert_ptr_equal(irqw_family_by_name(fam->name), fam);
		assert_non_null(fam->fields[0]);
		assert_non_null(fam->text);
	}
	/* a type of a newer module has the generic family */
	fam = irqw_family_of(IRQWATCH_EVENT_MAX + 1);
	assert_null(fam->name);
	assert_null(irqw_family_by_name("type9"));
	assert_null(irqw_family_by_name("lost"));
}

static void test_time(void **state)
{
	uint64_t ns;

	assert_int_equal(irqw_parse_time("2026-11-21T10:00:00.123456Z", &ns), 0);
	assert_int_equal(ns, REAL_NS);
	assert_int_equal(irqw_parse_time("1970-01-01T00:00:00.000000Z", &ns), 0);
	assert_int_equal(ns, 0);
	assert_int_equal(irqw_parse_time("2026-11-21T10:00:00Z", &ns), -EINVAL);
	assert_int_equal(irqw_parse_time("2026-11-21T10:00:00.123Z", &ns), -EINVAL);
	assert_int_equal(irqw_parse_time("2026-11-21T10:00:00.123456", &ns), -EINVAL);
	assert_int_equal(irqw_parse_time("2026-11-21T10:00:00.123456Zx", &ns), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_lost),
		cmocka_unit_test(test_skipped),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_copy_own),
		cmocka_unit_test(test_families),
		cmocka_unit_test(test_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
