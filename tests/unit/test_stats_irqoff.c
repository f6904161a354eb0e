// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the irqoff and softirqoff counters and slab readers of
 * IRQWATCH_CMD_GET_STATS: their parsers (userspace/ipc_stats.c,
 * userspace/ipc_readers.c), good and broken, and how "irqwatch status" and
 * "irqwatch stats" show them (userspace/stats_fmt.c).
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
#include "stats_msg.h"
#include "status.h"

#define NS	1000000000ULL

static const struct variant full = {
	.skip = { NONE, NONE, NONE, NONE, NONE, NONE, NONE },
	.bad = { NONE, NONE, NONE, NONE, NONE, NONE, NONE },
	.cmd = IRQWATCH_CMD_GET_STATS,
	.irqoff = true,
	.readers = true,
};

static void test_parse(void **state)
{
	const struct irqw_irqoff_stats *s;
	struct irqw_stats st;
	size_t i;

	parse_variant(&full, &st);
	assert_int_equal(st.nr_cpus, 2);
	assert_true(st.cpus[0].has_irqoff);
	s = &st.cpus[0].irqoff;
	assert_int_equal(s->ticks, 1000000);
	assert_int_equal(s->tick_ns, 850000000);
	assert_int_equal(s->nmis_sent, 4);
	assert_int_equal(s->samples, 4);
	assert_int_equal(s->nmi_ns, 2500);
	assert_int_equal(s->windows, 2);
	assert_int_equal(s->max_late_ns, 812345678);
	assert_true(s->pmu);
	assert_false(st.cpus[1].irqoff.pmu);
	for (i = 0; i < IRQW_HIST_BUCKETS; i++)
		assert_int_equal(s->hist[i], i == 0 ? 998000 : i == 1 ? 1500 :
					     i == 14 ? 3 : 0);
	assert_true(st.cpus[1].has_irqoff);
	assert_int_equal(st.cpus[1].irqoff.ticks, 0);

	assert_true(st.has_readers_overflow);
	assert_int_equal(st.readers_overflow, 7);
	assert_int_equal(st.nr_readers, 2);
	assert_string_equal(st.readers[0].probe, "get_slabinfo");
	assert_string_equal(st.readers[0].cache, "dentry");
	assert_int_equal(st.readers[0].tgid, 1234);
	assert_string_equal(st.readers[0].comm, "cat");
	assert_int_equal(st.readers[0].calls, 3);
	assert_int_equal(st.readers[0].total_ns, 2436000000);
	assert_int_equal(st.readers[0].max_ns, 812000000);
	assert_int_equal(st.readers[0].last_ns, 5 * NS);
	assert_string_equal(st.readers[1].probe, "show_slab_objects");
	assert_null(st.readers[1].cache);
	assert_string_equal(st.readers[1].comm, "slabtop");
	irqw_stats_free(&st);
	assert_null(st.readers);
	irqw_stats_free(&st);
}

/* Earlier builds of the module have neither. */
static void test_optional(void **state)
{
	struct irqw_stats st;

	parse_good(&st);
	assert_false(st.cpus[0].has_irqoff);
	assert_false(st.cpus[1].has_irqoff);
	assert_false(st.has_readers_overflow);
	assert_int_equal(st.nr_readers, 0);
	irqw_stats_free(&st);
}

static void test_bad_irqoff(void **state)
{
	static const uint8_t zeros[12];
	static const uint8_t garbage[] = { 0xff, 0xff, 0x01, 0x00, 0x02 };
	struct variant v;
	int type;

	/* all the counters or none */
	for (type = IRQWATCH_CPUSTAT_IRQOFF_TICKS;
	     type <= IRQWATCH_CPUSTAT_IRQOFF_HIST; type++) {
		v = full;
		v.skip[CPU] = type;
		expect_bad(&v);
		v.skip[CPU] = NONE;
		v.bad[CPU] = type;
		v.bad_data = zeros;
		v.bad_len = 4;
		if (type != IRQWATCH_CPUSTAT_IRQOFF_HIST)
			expect_bad(&v);
	}
	/* exactly IRQWATCH_HIST_BUCKETS buckets of 64 bits */
	v = full;
	v.nr_buckets = IRQWATCH_HIST_BUCKETS - 1;
	expect_bad(&v);
	v.nr_buckets = IRQWATCH_HIST_BUCKETS + 1;
	expect_bad(&v);
	v = full;
	v.bad[HIST] = IRQWATCH_HIST_BUCKET;
	v.bad_data = zeros;
	v.bad_len = 4;
	expect_bad(&v);
	v = full;
	v.bad[CPU] = IRQWATCH_CPUSTAT_IRQOFF_HIST;
	v.bad_data = garbage;
	v.bad_len = sizeof(garbage);
	expect_bad(&v);
}

static void test_bad_readers(void **state)
{
	static const uint8_t zeros[12];
	char long_comm[IRQW_COMM_MAX + 1];
	struct variant v;
	int type;

	memset(long_comm, 'c', sizeof(long_comm) - 1);
	long_comm[sizeof(long_comm) - 1] = '\0';
	for (type = IRQWATCH_READER_PROBE; type <= IRQWATCH_READER_LAST_NS;
	     type++) {
		if (type == IRQWATCH_READER_CACHE)
			continue;
		v = full;
		v.skip[READER] = type;
		expect_bad(&v);
	}
	v = full;
	v.bad_data = zeros;
	v.bad_len = 4;
	v.bad[READER] = IRQWATCH_READER_CALLS;
	expect_bad(&v);
	v.bad[READER] = IRQWATCH_READER_TGID;
	v.bad_len = 8;
	expect_bad(&v);
	/* names: not empty, NUL-terminated, not too long */
	v.bad[READER] = IRQWATCH_READER_PROBE;
	v.bad_data = "";
	v.bad_len = 1;
	expect_bad(&v);
	v.bad[READER] = IRQWATCH_READER_CACHE;
	expect_bad(&v);
	v.bad_data = "dentry";
	v.bad_len = 6;
	expect_bad(&v);
	v.bad[READER] = IRQWATCH_READER_COMM;
	v.bad_data = long_comm;
	v.bad_len = sizeof(long_comm);
	expect_bad(&v);
	v = full;
	v.bad[STATS] = IRQWATCH_STATS_READERS_OVERFLOW;
	v.bad_data = zeros;
	v.bad_len = 4;
	expect_bad(&v);
	v = full;
	v.bad[TOP] = IRQWATCH_A_READER;
	v.bad_data = zeros;
	v.bad_len = 4;
	expect_bad(&v);
}

/* Random byte changes: rejected or parsed, no crash, no leak. */
static void test_mutations(void **state)
{
	struct nl_msg *msg = stats_msg_build(&full);
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	size_t len = nlh->nlmsg_len, hdrlen = NLMSG_HDRLEN + GENL_HDRLEN;
	unsigned int i, n, parsed = 0, rejected = 0;
	unsigned char *bytes = malloc(len);
	struct irqw_stats st;

	assert_non_null(bytes);
	srand(5);
	for (i = 0; i < 20000; i++) {
		memcpy(bytes, nlh, len);
		for (n = 1 + (unsigned int)rand() % 4; n; n--)
			bytes[hdrlen + (size_t)rand() % (len - hdrlen)] =
				(unsigned char)rand();
		if (irqw_stats_parse((struct nlmsghdr *)bytes, &st)) {
			rejected++;
			continue;
		}
		irqw_stats_free(&st);
		parsed++;
	}
	assert_true(parsed > 0 && rejected > 0);
	free(bytes);
	nlmsg_free(msg);
}

static char *print_status(const struct irqw_status *st,
			  const struct irqw_stats *stats, bool json)
{
	size_t size;
	char *out;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	assert_int_equal(status_print(f, st, stats, 17 * NS + 300000000, json), 0);
	assert_int_equal(fclose(f), 0);
	return out;
}

static struct irqw_cpu cpus[] = {
	{ .id = 0, .online = true, .monitored = true },
	{ .id = 1, .online = true, .monitored = true },
	{ .id = 2, .online = false, .monitored = false },
};

static const struct irqw_status status = {
	.version = "0.1.0",
	.kernel = "6.1.0-28-amd64",
	.config = {
		.period_us = 1000,
		.irqoff_threshold_us = 10000,
		.softirq_threshold_us = 10000,
		.stall_threshold_us = 1000,
		.detectors = 0xf,
		.cpus = "0-1",
		.ring_kb = 64,
	},
	.nr_cpus = 3,
	.cpus = cpus,
};

static void test_status_text(void **state)
{
	struct irqw_stats st;
	char *out;

	parse_variant(&full, &st);
	out = print_status(&status, &st, false);
	assert_string_equal(out,
		"version 0.1.0\n"
		"kernel 6.1.0-28-amd64\n"
		"period 1000 us\n"
		"irqoff_threshold 10000 us\n"
		"softirq_threshold 10000 us\n"
		"stall_threshold 1000 us\n"
		"detectors irqoff,softirq,storm,stall\n"
		"cpus 0-1\n"
		"ring 64 KiB\n"
		"cpu0 online monitored\n"
		"cpu0 irqoff ticks 1000000 850 ns/tick nmis_sent 4 samples 4 "
		"625 ns/nmi windows 2 max_late 812.3 ms pmu\n"
		"cpu0 lateness <1us:998000 1-2us:1500 8-16ms:3\n"
		"cpu1 online monitored\n"
		"cpu1 irqoff ticks 0 0 ns/tick nmis_sent 0 samples 0 0 ns/nmi "
		"windows 0 max_late 0 ns\n"
		"cpu1 lateness none\n"
		"cpu2 offline unmonitored\n"
		"slab readers 2 (7 calls not summed: the table was full)\n"
		"  PROBE              CACHE   TGID  COMM     CALLS   TOTAL       MAX"
		"         LAST\n"
		"  get_slabinfo       dentry  1234  cat          3  2.43 s  812.0 ms"
		"  12.30 s ago\n"
		"  show_slab_objects  -        999  slabtop     40  4.0 ms  200.0 us"
		"  11.30 s ago\n");
	free(out);
	irqw_stats_free(&st);

	/* a module without the counters and readers: as before */
	parse_good(&st);
	out = print_status(&status, &st, false);
	assert_null(strstr(out, "irqoff ticks"));
	assert_null(strstr(out, "lateness"));
	assert_null(strstr(out, "slab readers"));
	free(out);
	out = print_status(&status, &st, true);
	assert_null(strstr(out, "readers"));
	assert_null(strstr(out, "\"irqoff\":"));
	free(out);
	/* one that keeps readers, but has none yet */
	st.has_readers_overflow = true;
	out = print_status(&status, &st, false);
	assert_non_null(strstr(out, "cpu2 offline unmonitored\n"
				    "slab readers none\n"));
	free(out);
	out = print_status(&status, &st, true);
	assert_non_null(strstr(out, "\"readers\":[],\"readers_overflow\":0}"));
	free(out);
	irqw_stats_free(&st);
}

static struct json_object *get(struct json_object *obj, const char *key,
			       json_type type)
{
	struct json_object *val;

	if (!json_object_object_get_ex(obj, key, &val))
		fail_msg("no key \"%s\"", key);
	if (!json_object_is_type(val, type))
		fail_msg("\"%s\" is not a %s", key, json_type_to_name(type));
	return val;
}

static int64_t get_int(struct json_object *obj, const char *key)
{
	return json_object_get_int64(get(obj, key, json_type_int));
}

static void test_status_json(void **state)
{
	struct json_object *root, *arr, *cpu, *irqoff, *hist, *r;
	struct irqw_stats st;
	char *out;
	size_t i;

	parse_variant(&full, &st);
	out = print_status(&status, &st, true);
	root = json_tokener_parse(out);
	assert_non_null(root);
	arr = get(root, "cpus", json_type_array);
	assert_int_equal(json_object_array_length(arr), 3);
	cpu = json_object_array_get_idx(arr, 0);
	irqoff = get(cpu, "irqoff", json_type_object);
	/* 9 counters, 3 of them ns also as strings */
	assert_int_equal(json_object_object_length(irqoff), 12);
	assert_string_equal(json_object_get_string(get(irqoff, "tick_ns_str",
						   json_type_string)), "850000000");
	assert_int_equal(get_int(irqoff, "ticks"), 1000000);
	assert_int_equal(get_int(irqoff, "tick_ns"), 850000000);
	assert_int_equal(get_int(irqoff, "nmis_sent"), 4);
	assert_int_equal(get_int(irqoff, "samples"), 4);
	assert_int_equal(get_int(irqoff, "nmi_ns"), 2500);
	assert_int_equal(get_int(irqoff, "windows"), 2);
	assert_int_equal(get_int(irqoff, "max_late_ns"), 812345678);
	assert_true(json_object_get_boolean(json_object_object_get(irqoff, "pmu")));
	hist = get(irqoff, "hist", json_type_array);
	assert_int_equal(json_object_array_length(hist), IRQW_HIST_BUCKETS);
	for (i = 0; i < IRQW_HIST_BUCKETS; i++)
		assert_int_equal(json_object_get_int64(
					json_object_array_get_idx(hist, i)),
				 st.cpus[0].irqoff.hist[i]);
	/* an offline CPU the module sent no counters for has none */
	cpu = json_object_array_get_idx(arr, 2);
	assert_false(json_object_object_get_ex(cpu, "irqoff", NULL));

	assert_int_equal(get_int(root, "readers_overflow"), 7);
	arr = get(root, "readers", json_type_array);
	assert_int_equal(json_object_array_length(arr), 2);
	r = json_object_array_get_idx(arr, 0);
	/* 8 members, 3 ns values also as strings */
	assert_int_equal(json_object_object_length(r), 11);
	assert_string_equal(json_object_get_string(get(r, "last_ns_str",
						       json_type_string)),
			    "5000000000");
	assert_string_equal(json_object_get_string(get(r, "probe",
						       json_type_string)),
			    "get_slabinfo");
	assert_string_equal(json_object_get_string(get(r, "cache",
						       json_type_string)),
			    "dentry");
	assert_int_equal(get_int(r, "tgid"), 1234);
	assert_int_equal(get_int(r, "calls"), 3);
	assert_int_equal(get_int(r, "total_ns"), 2436000000);
	assert_int_equal(get_int(r, "max_ns"), 812000000);
	assert_int_equal(get_int(r, "last_ns"), 5 * NS);
	r = json_object_array_get_idx(arr, 1);
	assert_int_equal(json_object_object_length(r), 10);
	assert_false(json_object_object_get_ex(r, "cache", NULL));
	json_object_put(root);
	free(out);
	irqw_stats_free(&st);
}

static char *print_stats(const struct irqw_stats *st, bool json)
{
	size_t size;
	char *out;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	assert_int_equal(stats_print(f, st, 17 * NS, json), 0);
	assert_int_equal(fclose(f), 0);
	return out;
}

/* "irqwatch stats" shows the same, after each CPU's own line. */
static void test_stats(void **state)
{
	struct irqw_stats st;
	char *out;

	parse_variant(&full, &st);
	out = print_stats(&st, false);
	assert_non_null(strstr(out, " ns/call\ncpu0 irqoff ticks 1000000 850 "
				    "ns/tick nmis_sent 4 samples 4 625 ns/nmi "
				    "windows 2 max_late 812.3 ms pmu\ncpu0 lateness "
				    "<1us:998000 1-2us:1500 8-16ms:3\ncpu1 "
				    "events"));
	assert_non_null(strstr(out, "\nslab readers 2 (7 calls not summed"));
	assert_non_null(strstr(out, "  12.00 s ago\n"));
	free(out);
	out = print_stats(&st, true);
	assert_non_null(strstr(out, "\"handler_ns_per_call\":1234,\"irqoff\":"
				    "{\"ticks\":1000000,\"tick_ns\":850000000,"
				    "\"tick_ns_str\":\"850000000\","
				    "\"nmis_sent\":4,\"samples\":4,\"nmi_ns\":2500,"
				    "\"nmi_ns_str\":\"2500\","
				    "\"windows\":2,\"max_late_ns\":812345678,"
				    "\"max_late_ns_str\":\"812345678\","
				    "\"pmu\":true,\"hist\":[998000,1500,0,0,0,0,0,0,0,0,0,0,0,"
				    "0,3,0,0,0,0,0,0,0]}}"));
	assert_non_null(strstr(out, "],\"readers\":[{\"probe\":\"get_slabinfo\","
				    "\"cache\":\"dentry\",\"tgid\":1234,"
				    "\"comm\":\"cat\",\"calls\":3,"
				    "\"total_ns\":2436000000,"
				    "\"total_ns_str\":\"2436000000\","
				    "\"max_ns\":812000000,"
				    "\"max_ns_str\":\"812000000\","
				    "\"last_ns\":5000000000,"
				    "\"last_ns_str\":\"5000000000\"},"));
	assert_non_null(strstr(out, "}],\"readers_overflow\":7}\n"));
	free(out);
	irqw_stats_free(&st);
}

/* The softirq detector's counters: both or none, shown after irqoff's. */
static void test_softirqoff(void **state)
{
	static const uint8_t zeros[12];
	struct variant v = full;
	struct irqw_stats st;
	char *out;

	v.softirqoff = true;
	parse_variant(&v, &st);
	assert_true(st.cpus[0].has_softirqoff);
	assert_int_equal(st.cpus[0].softirqoff.ticks, 5100);
	assert_int_equal(st.cpus[0].softirqoff.windows, 3);
	assert_true(st.cpus[1].has_softirqoff);
	assert_int_equal(st.cpus[1].softirqoff.ticks, 0);

	out = print_status(&status, &st, false);
	assert_non_null(strstr(out, "cpu0 lateness <1us:998000 1-2us:1500 "
				    "8-16ms:3\ncpu0 softirqoff ticks 5100 "
				    "windows 3\ncpu1 online monitored\n"));
	assert_non_null(strstr(out, "cpu1 lateness none\ncpu1 softirqoff "
				    "ticks 0 windows 0\ncpu2 offline "
				    "unmonitored\n"));
	free(out);
	out = print_status(&status, &st, true);
	assert_non_null(strstr(out, "0,3,0,0,0,0,0,0,0]},\"softirqoff\":"
				    "{\"ticks\":5100,\"windows\":3}},"
				    "{\"cpu\":1,"));
	assert_non_null(strstr(out, "\"softirqoff\":{\"ticks\":0,"
				    "\"windows\":0}},{\"cpu\":2,\"online\":false,"
				    "\"monitored\":false}]"));
	free(out);
	out = print_stats(&st, false);
	assert_non_null(strstr(out, "\ncpu0 softirqoff ticks 5100 windows 3\n"
				    "cpu1 events"));
	free(out);
	out = print_stats(&st, true);
	assert_non_null(strstr(out, "0,3,0,0,0,0,0,0,0]},\"softirqoff\":"
				    "{\"ticks\":5100,\"windows\":3}},"));
	free(out);
	irqw_stats_free(&st);

	/* without the irqoff counters (that detector's build left out) */
	v = good;
	v.softirqoff = true;
	parse_variant(&v, &st);
	assert_false(st.cpus[0].has_irqoff);
	out = print_status(&status, &st, false);
	assert_non_null(strstr(out, "cpu0 online monitored\n"
				    "cpu0 softirqoff ticks 5100 windows 3\n"));
	free(out);
	irqw_stats_free(&st);

	/* a module before the softirq detector: no line, no key */
	parse_variant(&full, &st);
	assert_false(st.cpus[0].has_softirqoff);
	out = print_status(&status, &st, false);
	assert_null(strstr(out, "softirqoff"));
	free(out);
	out = print_status(&status, &st, true);
	assert_null(strstr(out, "softirqoff"));
	free(out);
	irqw_stats_free(&st);

	/* one without the other, or not a u64: the reply is malformed */
	v = full;
	v.softirqoff = true;
	v.skip[CPU] = IRQWATCH_CPUSTAT_SOFTIRQOFF_TICKS;
	expect_bad(&v);
	v.skip[CPU] = IRQWATCH_CPUSTAT_SOFTIRQOFF_WINDOWS;
	expect_bad(&v);
	v.skip[CPU] = NONE;
	v.bad_data = zeros;
	v.bad[CPU] = IRQWATCH_CPUSTAT_SOFTIRQOFF_TICKS;
	v.bad_len = 4;
	expect_bad(&v);
	v.bad[CPU] = IRQWATCH_CPUSTAT_SOFTIRQOFF_WINDOWS;
	v.bad_len = 12;
	expect_bad(&v);
}

/* The readers with the most time come first, ten of them. */
static void test_readers_top(void **state)
{
	struct irqw_reader readers[12];
	struct irqw_stats st = { .nr_readers = 12, .readers = readers };
	char names[12][16], *out, *line;
	size_t size, i;
	FILE *f;

	for (i = 0; i < 12; i++) {
		snprintf(names[i], sizeof(names[i]), "p%02zu", i);
		readers[i] = (struct irqw_reader){
			.probe = names[i], .comm = "x\x1b[1m", .tgid = 1,
			.calls = 1, .total_ns = (i % 4) * 1000000 + i,
			.last_ns = 2 * NS,
		};
	}
	f = open_memstream(&out, &size);
	assert_non_null(f);
	assert_int_equal(status_print(f, &status, &st, NS, false), 0);
	assert_int_equal(fclose(f), 0);
	line = strstr(out, "slab readers 12\n");
	assert_non_null(line);
	/* 3,000,011 ns first; ties in the module's order */
	assert_non_null(strstr(line, "\n  p11 "));
	assert_true(strstr(line, "p11") < strstr(line, "p07"));
	assert_true(strstr(line, "p07") < strstr(line, "p03"));
	assert_true(strstr(line, "p03") < strstr(line, "p10"));
	assert_null(strstr(line, "p00"));
	assert_null(strstr(line, "p04"));
	assert_non_null(strstr(line, "  (2 more)\n"));
	/* cleaned for the terminal; a last call after now is 0 ago */
	assert_null(strchr(line, '\x1b'));
	assert_non_null(strstr(line, "x?[1m"));
	assert_non_null(strstr(line, "0 ns ago\n"));
	free(out);
}

static void test_formats(void **state)
{
	static const struct {
		uint64_t ns;
		const char *text;
	} durations[] = {
		{ 0, "0 ns" }, { 999, "999 ns" }, { 1000, "1.0 us" },
		{ 12345, "12.3 us" }, { 999999, "999.9 us" },
		{ 1000000, "1.0 ms" }, { 812345678, "812.3 ms" },
		{ 1000000000, "1.00 s" }, { 2436000000, "2.43 s" },
		{ UINT64_MAX, "18446744073.70 s" },
	};
	char buf[IRQW_DURATION_LEN];
	size_t i;

	for (i = 0; i < sizeof(durations) / sizeof(durations[0]); i++)
		assert_string_equal(irqw_format_duration(durations[i].ns, buf),
				    durations[i].text);
	assert_string_equal(irqw_hist_bucket_name(0), "<1us");
	assert_string_equal(irqw_hist_bucket_name(1), "1-2us");
	assert_string_equal(irqw_hist_bucket_name(10), "512us-1ms");
	assert_string_equal(irqw_hist_bucket_name(11), "1-2ms");
	assert_string_equal(irqw_hist_bucket_name(14), "8-16ms");
	assert_string_equal(irqw_hist_bucket_name(20), "512ms-1s");
	assert_string_equal(irqw_hist_bucket_name(21), ">=1s");
	assert_null(irqw_hist_bucket_name(22));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_optional),
		cmocka_unit_test(test_bad_irqoff),
		cmocka_unit_test(test_bad_readers),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_status_text),
		cmocka_unit_test(test_status_json),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_softirqoff),
		cmocka_unit_test(test_readers_top),
		cmocka_unit_test(test_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
