// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of what the storm detector adds to IRQWATCH_CMD_GET_STATS
 * (the tracepoints, the storms going on, the last imbalance check, the
 * CPUs' softirq and hardirq counters with per-vector histograms) and to
 * the configuration: their parsers (ipc_stats.c, ipc_config.c), good and
 * broken, and how "irqwatch status", "irqwatch stats" and "irqwatch
 * config" show them (stats_fmt.c, status.c).
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

#include <json-c/json.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "fmt.h"
#include "ipc.h"
#include "stats.h"
#include "status.h"

#define NS	1000000000ULL

/* What a reply leaves out or spoils; NONE: a good one. */
enum spoil {
	NONE,
	OLD,			/* a module before the storm detector */
	TP_NO_STATE,		/* a tracepoint without its state */
	TP_STATE_0,
	STORM_NO_SHARE,
	STORM_TYPE_0,
	IMB_NO_MEDIAN,
	CPU_PART,		/* some of the softirq counters only */
	VEC_NO_RUN_HIST,
	VEC_SHORT_HIST,		/* a histogram of 21 buckets */
	VEC_ALONE,		/* vectors without the counters */
	CFG_PART,		/* some of the storm configuration only */
};

static struct nl_msg *msg_new(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc_size(1 << 16);

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, 0x1d, 0, 0,
				    cmd, IRQWATCH_GENL_VERSION));
	return msg;
}

static struct nlattr *nest(struct nl_msg *msg, int type)
{
	struct nlattr *attr = nla_nest_start(msg, type | NLA_F_NESTED);

	assert_non_null(attr);
	return attr;
}

#define U32(type, v)	assert_int_equal(nla_put_u32(msg, type, v), 0)
#define U64(type, v)	assert_int_equal(nla_put_u64(msg, type, v), 0)
#define U8(type, v)	assert_int_equal(nla_put_u8(msg, type, v), 0)
#define STR(type, v)	assert_int_equal(nla_put_string(msg, type, v), 0)

static void put_tp(struct nl_msg *msg, const char *name, uint32_t state,
		   enum spoil spoil)
{
	struct nlattr *tp = nest(msg, IRQWATCH_STATS_TRACEPOINT);

	STR(IRQWATCH_TP_NAME, name);
	if (spoil != TP_NO_STATE)
		U32(IRQWATCH_TP_STATE, spoil == TP_STATE_0 ? 0 : state);
	nla_nest_end(msg, tp);
}

static void put_hist(struct nl_msg *msg, int type, size_t bucket,
		     uint64_t n, size_t nr)
{
	struct nlattr *h = nest(msg, type);
	size_t i;

	for (i = 0; i < nr; i++)
		U64(IRQWATCH_HIST_BUCKET, i == bucket ? n : 0);
	nla_nest_end(msg, h);
}

/*
 * The storm detector's part of IRQWATCH_A_STATS: six tracepoints, napi_poll
 * missing and irq_handler_exit failed; 3 storms going on, 2 listed (a
 * softirq storm on CPU 1 since 2 s, a hardirq storm of line 24 on CPU 1
 * since 4 s at 120000/s); the last imbalance check: CPU 0 hot.
 */
static void put_storms(struct nl_msg *msg, enum spoil spoil)
{
	struct nlattr *s, *c;

	put_tp(msg, "irq:softirq_raise", IRQWATCH_TP_STATE_ATTACHED, spoil);
	put_tp(msg, "irq:softirq_entry", IRQWATCH_TP_STATE_ATTACHED, NONE);
	put_tp(msg, "irq:softirq_exit", IRQWATCH_TP_STATE_ATTACHED, NONE);
	put_tp(msg, "irq:irq_handler_entry", IRQWATCH_TP_STATE_OFF, NONE);
	put_tp(msg, "irq:irq_handler_exit", IRQWATCH_TP_STATE_FAILED, NONE);
	put_tp(msg, "napi:napi_poll", IRQWATCH_TP_STATE_MISSING, NONE);
	s = nest(msg, IRQWATCH_STATS_STORM);
	U32(IRQWATCH_STORM_TYPE, spoil == STORM_TYPE_0 ? 0 :
	    IRQWATCH_EVENT_SOFTIRQ_STORM);
	U32(IRQWATCH_STORM_CPU, 1);
	U64(IRQWATCH_STORM_SINCE_NS, 8 * NS);
	if (spoil != STORM_NO_SHARE)
		U32(IRQWATCH_STORM_SHARE, 873456);
	nla_nest_end(msg, s);
	s = nest(msg, IRQWATCH_STATS_STORM);
	U32(IRQWATCH_STORM_TYPE, IRQWATCH_EVENT_HARDIRQ_STORM);
	U32(IRQWATCH_STORM_CPU, 1);
	U32(IRQWATCH_STORM_IRQ, 24);
	U64(IRQWATCH_STORM_SINCE_NS, 6 * NS);
	U32(IRQWATCH_STORM_SHARE, 230000);
	U64(IRQWATCH_STORM_RATE, 120000);
	nla_nest_end(msg, s);
	U32(IRQWATCH_STATS_STORMS_ACTIVE, 3);
	s = nest(msg, IRQWATCH_STATS_IMBALANCE);
	U32(IRQWATCH_IMB_HOT_CPU, 0);
	U32(IRQWATCH_IMB_LOAD, 450000);
	U32(IRQWATCH_IMB_MEAN, 230000);
	U32(IRQWATCH_IMB_STDDEV, 220000);
	if (spoil != IMB_NO_MEDIAN)
		U32(IRQWATCH_IMB_MEDIAN, 10000);
	U32(IRQWATCH_IMB_OVER, 2);
	c = nest(msg, IRQWATCH_IMB_CPU);
	U32(IRQWATCH_CPULOAD_CPU, 0);
	U32(IRQWATCH_CPULOAD_LOAD, 450000);
	U32(IRQWATCH_CPULOAD_IDLE, 50000);
	nla_nest_end(msg, c);
	c = nest(msg, IRQWATCH_IMB_CPU);
	U32(IRQWATCH_CPULOAD_CPU, 1);
	U32(IRQWATCH_CPULOAD_LOAD, 10000);
	U32(IRQWATCH_CPULOAD_IDLE, 950000);
	nla_nest_end(msg, c);
	nla_nest_end(msg, s);
}

/*
 * CPU id's counters: cpu0 ran 12.3 ms of softirqs (1 ms in ksoftirqd),
 * 2 ms of interrupts in 1000 runs; NET_RX ran 100 times (wait: 80 below
 * 1 us; runtime: 100 in 4-8 us) and TIMER never. Other CPUs all 0.
 */
static void put_cpu(struct nl_msg *msg, uint32_t id, enum spoil spoil)
{
	struct nlattr *cpu = nest(msg, IRQWATCH_A_CPU_STATS), *v;
	uint64_t k = id ? 0 : 1;

	U32(IRQWATCH_CPUSTAT_ID, id);
	U64(IRQWATCH_CPUSTAT_EVENTS, 5 * k);
	U32(IRQWATCH_CPUSTAT_RING_HWM, 0);
	U64(IRQWATCH_CPUSTAT_HANDLER_NS, 0);
	U64(IRQWATCH_CPUSTAT_HANDLER_CALLS, 0);
	if (spoil == OLD) {
		nla_nest_end(msg, cpu);
		return;
	}
	if (spoil != VEC_ALONE) {
		U64(IRQWATCH_CPUSTAT_SOFTIRQ_NS, 12300000 * k);
		U64(IRQWATCH_CPUSTAT_KSOFTIRQD_NS, 1000000 * k);
		U64(IRQWATCH_CPUSTAT_HARDIRQ_NS, 2000000 * k);
		U64(IRQWATCH_CPUSTAT_HARDIRQS, 1000 * k);
	}
	if (spoil != CPU_PART && spoil != VEC_ALONE) {
		U64(IRQWATCH_CPUSTAT_IRQS_UNTRACKED, 7 * k);
		U64(IRQWATCH_CPUSTAT_LATENCY_EVENTS, 3 * k);
		U64(IRQWATCH_CPUSTAT_LATENCY_SUPPRESSED, 2 * k);
	}
	v = nest(msg, IRQWATCH_CPUSTAT_VEC);
	U32(IRQWATCH_VEC_ID, IRQWATCH_SOFTIRQ_NET_RX);
	U64(IRQWATCH_VEC_COUNT, 100 * k);
	U64(IRQWATCH_VEC_NS, 11000000 * k);
	U64(IRQWATCH_VEC_RAISES, 100 * k);
	put_hist(msg, IRQWATCH_VEC_WAIT_HIST, 0, 80 * k, IRQWATCH_HIST_BUCKETS);
	/* [2^(K-1), 2^K) us: bucket 3 is 4-8 us */
	put_hist(msg, IRQWATCH_VEC_RUN_HIST, 3, 100 * k, IRQWATCH_HIST_BUCKETS);
	nla_nest_end(msg, v);
	v = nest(msg, IRQWATCH_CPUSTAT_VEC);
	U32(IRQWATCH_VEC_ID, IRQWATCH_SOFTIRQ_TIMER);
	U64(IRQWATCH_VEC_COUNT, 0);
	U64(IRQWATCH_VEC_NS, 0);
	U64(IRQWATCH_VEC_RAISES, 0);
	put_hist(msg, IRQWATCH_VEC_WAIT_HIST, 0, 0,
		 spoil == VEC_SHORT_HIST ? IRQWATCH_HIST_BUCKETS - 1 :
		 IRQWATCH_HIST_BUCKETS);
	if (spoil != VEC_NO_RUN_HIST)
		put_hist(msg, IRQWATCH_VEC_RUN_HIST, 0, 0, IRQWATCH_HIST_BUCKETS);
	nla_nest_end(msg, v);
	nla_nest_end(msg, cpu);
}

static struct nl_msg *stats_msg(enum spoil spoil)
{
	struct nl_msg *msg = msg_new(IRQWATCH_CMD_GET_STATS);
	struct nlattr *stats;

	stats = nest(msg, IRQWATCH_A_STATS);
	U64(IRQWATCH_STATS_NEXT_SEQ, 43);
	U64(IRQWATCH_STATS_RING_DROPS, 0);
	U32(IRQWATCH_STATS_RING_SIZE, 65536);
	U32(IRQWATCH_STATS_LISTENERS, 0);
	U64(IRQWATCH_STATS_UNHEARD, 0);
	if (spoil != OLD)
		put_storms(msg, spoil);
	nla_nest_end(msg, stats);
	put_cpu(msg, 0, spoil);
	put_cpu(msg, 1, spoil == VEC_SHORT_HIST || spoil == VEC_NO_RUN_HIST ?
		NONE : spoil);
	return msg;
}

static void parse(enum spoil spoil, struct irqw_stats *st)
{
	struct nl_msg *msg = stats_msg(spoil);

	assert_int_equal(irqw_stats_parse(nlmsg_hdr(msg), st), 0);
	nlmsg_free(msg);
}

static void expect_bad(enum spoil spoil)
{
	struct nl_msg *msg = stats_msg(spoil);
	struct irqw_stats st = { .next_seq = 12345 };

	assert_int_equal(irqw_stats_parse(nlmsg_hdr(msg), &st), -EBADMSG);
	assert_int_equal(st.next_seq, 12345);
	nlmsg_free(msg);
}

static void test_parse(void **state)
{
	const struct irqw_vec_stats *v;
	struct irqw_stats st;

	parse(NONE, &st);
	assert_int_equal(st.nr_tracepoints, 6);
	assert_string_equal(st.tracepoints[5].name, "napi:napi_poll");
	assert_int_equal(st.tracepoints[5].state, IRQWATCH_TP_STATE_MISSING);
	assert_int_equal(st.nr_storms, 2);
	assert_true(st.has_storms_active);
	assert_int_equal(st.storms_active, 3);
	assert_false(st.storms[0].has_irq || st.storms[0].has_rate);
	assert_true(st.storms[1].has_irq && st.storms[1].has_rate);
	assert_int_equal(st.storms[1].rate, 120000);
	assert_true(st.has_imbalance);
	assert_int_equal(st.imbalance.nr_cpus, 2);
	assert_int_equal(st.imbalance.median, 10000);
	assert_true(st.cpus[0].has_softirq);
	assert_int_equal(st.cpus[0].softirq.softirq_ns, 12300000);
	assert_int_equal(st.cpus[0].softirq.latency_suppressed, 2);
	assert_int_equal(st.cpus[0].softirq.nr_vecs, 2);
	v = &st.cpus[0].softirq.vecs[0];
	assert_int_equal(v->vec, IRQWATCH_SOFTIRQ_NET_RX);
	assert_int_equal(v->wait_hist[0], 80);
	assert_int_equal(v->run_hist[3], 100);
	assert_int_equal(v->run_hist[0], 0);
	irqw_stats_free(&st);

	/* an older module: none of it, and no error */
	parse(OLD, &st);
	assert_int_equal(st.nr_tracepoints, 0);
	assert_int_equal(st.nr_storms, 0);
	assert_false(st.has_storms_active || st.has_imbalance);
	assert_false(st.cpus[0].has_softirq);
	irqw_stats_free(&st);
}

static void test_parse_bad(void **state)
{
	expect_bad(TP_NO_STATE);
	expect_bad(TP_STATE_0);
	expect_bad(STORM_NO_SHARE);
	expect_bad(STORM_TYPE_0);
	expect_bad(IMB_NO_MEDIAN);
	expect_bad(CPU_PART);
	expect_bad(VEC_NO_RUN_HIST);
	expect_bad(VEC_SHORT_HIST);
	expect_bad(VEC_ALONE);
}

/* Parts of a dump: the storms come with IRQWATCH_A_STATS, CPUs later. */
static void test_merge(void **state)
{
	struct nl_msg *msg = stats_msg(NONE), *cpu;
	struct irqw_stats st = { 0 };
	bool has = false;

	cpu = msg_new(IRQWATCH_CMD_GET_STATS);
	put_cpu(cpu, 2, NONE);
	assert_int_equal(irqw_stats_merge(nlmsg_hdr(cpu), &st, &has), 0);
	assert_false(has);
	assert_int_equal(irqw_stats_merge(nlmsg_hdr(msg), &st, &has), 0);
	assert_true(has);
	assert_int_equal(st.nr_cpus, 3);
	assert_int_equal(st.nr_tracepoints, 6);
	assert_int_equal(st.nr_storms, 2);
	assert_int_equal(st.imbalance.nr_cpus, 2);
	assert_int_equal(st.cpus[0].id, 2);
	assert_int_equal(st.cpus[1].softirq.nr_vecs, 2);
	irqw_stats_free(&st);
	nlmsg_free(msg);
	nlmsg_free(cpu);
}

static char *print_stats(const struct irqw_stats *st, bool json)
{
	size_t size;
	char *out;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	assert_int_equal(stats_print(f, st, 10 * NS, json), 0);
	assert_int_equal(fclose(f), 0);
	return out;
}

static void expect_has(const char *out, const char *want)
{
	if (!strstr(out, want))
		fail_msg("no \"%s\" in:\n%s", want, out);
}

static void test_stats_text(void **state)
{
	struct irqw_stats st;
	char *out;

	parse(NONE, &st);
	out = print_stats(&st, false);
	expect_has(out, "\ntracepoint irq:softirq_raise attached\n"
		   "tracepoint irq:softirq_entry attached\n"
		   "tracepoint irq:softirq_exit attached\n"
		   "tracepoint irq:irq_handler_entry off\n"
		   "tracepoint irq:irq_handler_exit failed: hardirq time, hardirq "
		   "storms and imbalance are not measured\n"
		   "tracepoint napi:napi_poll missing: NAPI contexts are not named "
		   "in softirq storms\n"
		   "storms 3 active\n"
		   "  softirq_storm cpu 1 for 2.00 s share 87.3%\n"
		   "  hardirq_storm cpu 1 irq 24 for 4.00 s share 23.0% rate 120000/s\n"
		   "  (1 more)\n"
		   "imbalance hot cpu 0 load 45.0% mean 23.0% stddev 22.0% median "
		   "1.0% over 2\n"
		   "imbalance cpus 0:45.0%/idle 5.0% 1:1.0%/idle 95.0%\n");
	expect_has(out, "\ncpu0 softirq 12.3 ms ksoftirqd 1.0 ms hardirq 2.0 ms "
		   "hardirqs 1000 untracked 7 latency_events 3 suppressed 2\n"
		   "cpu0 NET_RX runs 100 time 11.0 ms raises 100 wait <1us:80 run "
		   "4-8us:100\n");
	/* a vector that never ran has no line; an idle CPU has its counters */
	assert_null(strstr(out, "TIMER"));
	expect_has(out, "\ncpu1 softirq 0 ns ksoftirqd 0 ns hardirq 0 ns "
		   "hardirqs 0 untracked 0 latency_events 0 suppressed 0\n");
	free(out);
	irqw_stats_free(&st);

	/* nothing of it from an older module */
	parse(OLD, &st);
	out = print_stats(&st, false);
	assert_null(strstr(out, "tracepoint"));
	assert_null(strstr(out, "storms"));
	assert_null(strstr(out, "imbalance"));
	assert_null(strstr(out, "softirq"));
	free(out);
	irqw_stats_free(&st);
}

static struct json_object *get(struct json_object *obj, const char *path)
{
	char buf[128], *key, *save;
	struct json_object *val = obj;

	snprintf(buf, sizeof(buf), "%s", path);
	for (key = strtok_r(buf, ".", &save); key; key = strtok_r(NULL, ".", &save)) {
		if (json_object_is_type(val, json_type_array))
			val = json_object_array_get_idx(val, (size_t)atoi(key));
		else if (!json_object_object_get_ex(val, key, &val))
			val = NULL;
		if (!val)
			fail_msg("no %s", path);
	}
	return val;
}

static void expect_str(struct json_object *root, const char *path,
		       const char *want)
{
	assert_string_equal(json_object_get_string(get(root, path)), want);
}

static void expect_int(struct json_object *root, const char *path, int64_t want)
{
	struct json_object *v = get(root, path);

	assert_true(json_object_is_type(v, json_type_int));
	assert_int_equal(json_object_get_int64(v), want);
}

/* The storm detector's JSON of status and stats: everything, as numbers. */
static void check_json(struct json_object *root)
{
	expect_str(root, "tracepoints.0.name", "irq:softirq_raise");
	expect_str(root, "tracepoints.0.state", "attached");
	expect_str(root, "tracepoints.4.state", "failed");
	expect_str(root, "tracepoints.5.state", "missing");
	expect_int(root, "storms_active", 3);
	expect_str(root, "storms.0.type", "softirq_storm");
	expect_int(root, "storms.0.since_ns", 8000000000);
	expect_str(root, "storms.0.since_ns_str", "8000000000");
	expect_str(root, "storms.0.share", "0.873456");
	assert_true(json_object_is_type(get(root, "storms.0.share"),
					json_type_double));
	expect_int(root, "storms.1.irq", 24);
	expect_int(root, "storms.1.rate", 120000);
	expect_int(root, "imbalance.hot_cpu", 0);
	expect_str(root, "imbalance.load", "0.45");
	expect_str(root, "imbalance.median", "0.01");
	expect_int(root, "imbalance.over", 2);
	expect_str(root, "imbalance.cpus.1.idle", "0.95");
	expect_int(root, "cpus.0.softirq.softirq_ns", 12300000);
	expect_int(root, "cpus.0.softirq.ksoftirqd_ns", 1000000);
	expect_int(root, "cpus.0.softirq.hardirq_ns", 2000000);
	expect_int(root, "cpus.0.softirq.hardirqs", 1000);
	expect_int(root, "cpus.0.softirq.irqs_untracked", 7);
	expect_int(root, "cpus.0.softirq.latency_events", 3);
	expect_int(root, "cpus.0.softirq.latency_suppressed", 2);
	expect_str(root, "cpus.0.softirq.vectors.0.vector", "NET_RX");
	expect_int(root, "cpus.0.softirq.vectors.0.count", 100);
	expect_int(root, "cpus.0.softirq.vectors.0.ns", 11000000);
	expect_int(root, "cpus.0.softirq.vectors.0.raises", 100);
	expect_int(root, "cpus.0.softirq.vectors.0.wait_hist.0", 80);
	expect_int(root, "cpus.0.softirq.vectors.0.run_hist.3", 100);
	assert_int_equal(json_object_array_length(
		get(root, "cpus.0.softirq.vectors.0.run_hist")),
		IRQWATCH_HIST_BUCKETS);
	expect_str(root, "cpus.0.softirq.vectors.1.vector", "TIMER");
}

static void test_stats_json(void **state)
{
	struct json_object *root;
	struct irqw_stats st;
	char *out;

	parse(NONE, &st);
	out = print_stats(&st, true);
	root = json_tokener_parse(out);
	assert_non_null(root);
	check_json(root);
	json_object_put(root);
	free(out);
	irqw_stats_free(&st);

	parse(OLD, &st);
	out = print_stats(&st, true);
	assert_null(strstr(out, "tracepoints"));
	assert_null(strstr(out, "imbalance"));
	assert_null(strstr(out, "\"softirq\""));
	free(out);
	irqw_stats_free(&st);
}

static struct irqw_cpu status_cpus[] = {
	{ .id = 0, .online = true, .monitored = true },
	{ .id = 1, .online = true, .monitored = true },
};

static const struct irqw_status status = {
	.version = "0.2.0",
	.kernel = "6.1.0-28-amd64",
	.config = {
		.period_us = 1000,
		.irqoff_threshold_us = 10000,
		.softirq_threshold_us = 20000,
		.stall_threshold_us = 100000,
		.detectors = 0xf,
		.cpus = "0-1",
		.ring_kb = 64,
		.has_storm = true,
		.storm_interval_ms = 1000,
		.softirq_storm_pct = 50,
		.hardirq_storm_rate = 40000,
		.hardirq_storm_pct = 20,
		.imbalance_pct = 20,
	},
	.nr_cpus = 2,
	.cpus = status_cpus,
};

static char *print_status(const struct irqw_stats *st, bool json)
{
	size_t size;
	char *out;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	assert_int_equal(status_print(f, &status, st, 10 * NS, json), 0);
	assert_int_equal(fclose(f), 0);
	return out;
}

static void test_status(void **state)
{
	struct json_object *root;
	struct irqw_stats st;
	char *out;

	parse(NONE, &st);
	out = print_status(&st, false);
	expect_has(out, "ring 64 KiB\nstorm_interval 1000 ms\n"
		   "softirq_storm_pct 50\nhardirq_storm_rate 40000\n"
		   "hardirq_storm_pct 20\nimbalance_pct 20\n"
		   "tracepoint irq:softirq_raise attached\n");
	expect_has(out, "tracepoint napi:napi_poll missing: NAPI contexts are "
		   "not named in softirq storms\nstorms 3 active\n");
	expect_has(out, "\ncpu0 online monitored\ncpu0 softirq 12.3 ms");
	expect_has(out, "\ncpu0 NET_RX runs 100 time 11.0 ms raises 100 wait "
		   "<1us:80 run 4-8us:100\ncpu1 online monitored\n");
	free(out);

	out = print_status(&st, true);
	root = json_tokener_parse(out);
	assert_non_null(root);
	check_json(root);
	expect_int(root, "config.storm_interval_ms", 1000);
	expect_int(root, "config.softirq_storm_pct", 50);
	expect_int(root, "config.hardirq_storm_rate", 40000);
	expect_int(root, "config.hardirq_storm_pct", 20);
	expect_int(root, "config.imbalance_pct", 20);
	json_object_put(root);
	free(out);
	irqw_stats_free(&st);
}

/* No hot CPU: the check is shown with its figures, "none". */
static void test_no_imbalance(void **state)
{
	struct irqw_stats st;
	char *out;

	parse(NONE, &st);
	st.imbalance.has_hot_cpu = st.imbalance.has_load = false;
	st.imbalance.has_over = false;
	st.nr_storms = 0;
	st.storms_active = 0;
	out = print_stats(&st, false);
	expect_has(out, "\nstorms none\nimbalance none mean 23.0% stddev 22.0% "
		   "median 1.0%\n");
	free(out);
	out = print_stats(&st, true);
	assert_null(strstr(out, "hot_cpu"));
	expect_has(out, "\"storms_active\":0,\"storms\":[],\"imbalance\":{"
		   "\"mean\":0.23,");
	free(out);
	irqw_stats_free(&st);
}

/* GET_CONFIG: the storm values all or none; "irqwatch config" shows them. */
static struct nl_msg *config_msg(enum spoil spoil)
{
	struct nl_msg *msg = msg_new(IRQWATCH_CMD_GET_CONFIG);
	struct nlattr *cfg = nest(msg, IRQWATCH_A_CONFIG);

	U32(IRQWATCH_CFG_PERIOD_US, 1000);
	U32(IRQWATCH_CFG_IRQOFF_THRESHOLD_US, 10000);
	U32(IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US, 20000);
	U32(IRQWATCH_CFG_STALL_THRESHOLD_US, 100000);
	U32(IRQWATCH_CFG_DETECTORS, 0xf);
	STR(IRQWATCH_CFG_CPUS, "0-1");
	U32(IRQWATCH_CFG_RING_KB, 64);
	if (spoil != OLD) {
		U32(IRQWATCH_CFG_STORM_INTERVAL_MS, 2000);
		U32(IRQWATCH_CFG_SOFTIRQ_STORM_PCT, 60);
		U32(IRQWATCH_CFG_HARDIRQ_STORM_RATE, 50000);
		U32(IRQWATCH_CFG_HARDIRQ_STORM_PCT, 25);
	}
	if (spoil != OLD && spoil != CFG_PART)
		U32(IRQWATCH_CFG_IMBALANCE_PCT, 30);
	nla_nest_end(msg, cfg);
	return msg;
}

static void test_config(void **state)
{
	struct nl_msg *msg = config_msg(NONE);
	struct irqw_config cfg;
	size_t size;
	char *out;
	FILE *f;

	assert_int_equal(irqw_config_reply_parse(nlmsg_hdr(msg), &cfg), 0);
	nlmsg_free(msg);
	assert_true(cfg.has_storm);
	assert_int_equal(cfg.storm_interval_ms, 2000);
	assert_int_equal(cfg.softirq_storm_pct, 60);
	assert_int_equal(cfg.hardirq_storm_rate, 50000);
	assert_int_equal(cfg.hardirq_storm_pct, 25);
	assert_int_equal(cfg.imbalance_pct, 30);
	f = open_memstream(&out, &size);
	assert_non_null(f);
	assert_int_equal(status_print_config(f, &cfg, true), 0);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(out, "{\"schema\":1,\"period_us\":1000,"
		"\"irqoff_threshold_us\":10000,"
		"\"softirq_threshold_us\":20000,\"stall_threshold_us\":100000,"
		"\"detectors\":[\"irqoff\",\"softirq\",\"storm\",\"stall\"],"
		"\"cpus\":\"0-1\",\"ring_kb\":64,\"storm_interval_ms\":2000,"
		"\"softirq_storm_pct\":60,\"hardirq_storm_rate\":50000,"
		"\"hardirq_storm_pct\":25,\"imbalance_pct\":30}\n");
	free(out);
	irqw_config_free(&cfg);

	msg = config_msg(OLD);
	assert_int_equal(irqw_config_reply_parse(nlmsg_hdr(msg), &cfg), 0);
	nlmsg_free(msg);
	assert_false(cfg.has_storm);
	f = open_memstream(&out, &size);
	assert_non_null(f);
	assert_int_equal(status_print_config(f, &cfg, false), 0);
	assert_int_equal(fclose(f), 0);
	assert_null(strstr(out, "storm_interval"));
	free(out);
	irqw_config_free(&cfg);

	msg = config_msg(CFG_PART);
	assert_int_equal(irqw_config_reply_parse(nlmsg_hdr(msg), &cfg), -EBADMSG);
	nlmsg_free(msg);
}

/* Random byte changes of the stats reply: parsed or refused, no crash. */
static void test_mutations(void **state)
{
	struct nl_msg *msg = stats_msg(NONE);
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	size_t len = nlh->nlmsg_len, hdrlen = NLMSG_HDRLEN + GENL_HDRLEN;
	unsigned char *bytes = malloc(len);
	unsigned int i, n, parsed = 0;
	struct irqw_stats st;
	char *out;

	assert_non_null(bytes);
	srand(5);
	for (i = 0; i < 10000; i++) {
		memcpy(bytes, nlh, len);
		for (n = 1 + (unsigned int)rand() % 4; n; n--)
			bytes[hdrlen + (size_t)rand() % (len - hdrlen)] =
				(unsigned char)rand();
		if (irqw_stats_parse((struct nlmsghdr *)bytes, &st))
			continue;
		parsed++;
		out = print_stats(&st, false);
		free(out);
		out = print_stats(&st, true);
		free(out);
		irqw_stats_free(&st);
	}
	assert_true(parsed > 0);
	free(bytes);
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_stats_text),
		cmocka_unit_test(test_stats_json),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_no_imbalance),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
