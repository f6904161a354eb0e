// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of "irqwatch stats": the IRQWATCH_CMD_GET_STATS reply parser
 * (userspace/ipc_stats.c), good and broken replies, and the output
 * (userspace/stats.c).
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "ipc.h"
#include "stats.h"

#include "stats_msg.h"

static void test_valid(void **state)
{
	struct irqw_stats st;

	parse_good(&st);
	assert_int_equal(st.next_seq, 1235);
	assert_int_equal(st.ring_drops, 4);
	assert_int_equal(st.ring_size, 65536);
	assert_int_equal(st.listeners, 2);
	assert_int_equal(st.unheard, 9);
	assert_true(st.has_drain);
	assert_int_equal(st.drained, 1200);
	assert_int_equal(st.drain_ns, 3600000);
	assert_int_equal(st.nr_listeners, 2);
	assert_int_equal(st.listener[1].portid, 4243);
	assert_int_equal(st.listener[1].events, 1000);
	assert_int_equal(st.listener[1].drops, 1);
	assert_int_equal(st.listener[1].send_errors, 1);
	assert_int_equal(st.nr_cpus, 2);
	assert_int_equal(st.cpus[0].id, 0);
	assert_int_equal(st.cpus[0].events, 1000);
	assert_int_equal(st.cpus[0].ring_hwm, 4100);
	assert_int_equal(st.cpus[0].handler_ns, 1234567);
	assert_int_equal(st.cpus[0].handler_calls, 1000);
	assert_int_equal(st.cpus[0].nr_drops, 2);
	assert_int_equal(st.cpus[0].drops[0].type, IRQWATCH_EVENT_SYNTHETIC);
	assert_int_equal(st.cpus[0].drops[0].count, 3);
	assert_int_equal(st.cpus[0].drops[1].type, IRQWATCH_EVENT_IRQOFF);
	assert_int_equal(st.cpus[1].nr_drops, 0);
	irqw_stats_free(&st);
	assert_null(st.cpus);
	irqw_stats_free(&st);
}

static void test_missing_attributes(void **state)
{
	static const struct {
		enum level level;
		int first, last;
	} required[] = {
		{ TOP, IRQWATCH_A_STATS, IRQWATCH_A_STATS },
		{ STATS, IRQWATCH_STATS_NEXT_SEQ, IRQWATCH_STATS_UNHEARD },
		{ LISTENER, IRQWATCH_LISTENER_PORTID, IRQWATCH_LISTENER_SEND_ERRORS },
		{ CPU, IRQWATCH_CPUSTAT_ID, IRQWATCH_CPUSTAT_EVENTS },
		{ CPU, IRQWATCH_CPUSTAT_RING_HWM, IRQWATCH_CPUSTAT_HANDLER_CALLS },
		{ DROPS, IRQWATCH_DROPS_TYPE, IRQWATCH_DROPS_COUNT },
	};
	struct variant v;
	size_t i;
	int type;

	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		for (type = required[i].first; type <= required[i].last; type++) {
			v = good;
			v.skip[required[i].level] = type;
			expect_bad(&v);
		}
	v = good;
	v.cmd = IRQWATCH_CMD_SUBSCRIBE;
	expect_bad(&v);
	/* the drain's cost comes as a pair */
	v = good;
	v.skip[STATS] = IRQWATCH_STATS_DRAIN_NS;
	expect_bad(&v);
}

static void test_bad_attributes(void **state)
{
	static const uint8_t zeros[12];
	static const uint8_t garbage[] = { 0xff, 0xff, 0x01, 0x00, 0x02 };
	struct variant v = good;

	v.bad_data = zeros;
	v.bad_len = 4;
	v.bad[STATS] = IRQWATCH_STATS_NEXT_SEQ;
	expect_bad(&v);
	v = good;
	v.bad_data = zeros;
	v.bad_len = 8;
	v.bad[CPU] = IRQWATCH_CPUSTAT_RING_HWM;
	expect_bad(&v);
	v = good;
	v.bad_data = garbage;
	v.bad_len = sizeof(garbage);
	v.bad[CPU] = IRQWATCH_CPUSTAT_DROPS;
	expect_bad(&v);
	v = good;
	v.bad_data = garbage;
	v.bad_len = sizeof(garbage);
	v.bad[STATS] = IRQWATCH_STATS_LISTENER;
	expect_bad(&v);
}

/* Random byte changes: rejected or parsed, no crash, no leak. */
static void test_mutations(void **state)
{
	struct nl_msg *msg = stats_msg_build(&good);
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	size_t len = nlh->nlmsg_len, hdrlen = NLMSG_HDRLEN + GENL_HDRLEN;
	unsigned int i, n, parsed = 0, rejected = 0;
	unsigned char *bytes = malloc(len);
	struct irqw_stats st;

	assert_non_null(bytes);
	srand(3);
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

static char *print(const struct irqw_stats *st, bool json)
{
	size_t size;
	char *out;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	assert_int_equal(stats_print(f, st, 0, json), 0);
	assert_int_equal(fclose(f), 0);
	return out;
}

static int merge(const struct variant *v, struct irqw_stats *st, bool *has)
{
	struct nl_msg *msg = stats_msg_build(v);
	int ret = irqw_stats_merge(nlmsg_hdr(msg), st, has);

	nlmsg_free(msg);
	return ret;
}

/* A GET_STATS dump (global counters in one message, CPUs in others) and GET_READERS. */
static void test_merge(void **state)
{
	struct variant first = good, cpus = good, readers = good, bad;
	struct irqw_stats st = { 0 };
	bool has = false;

	first.readers = true;
	cpus.skip[TOP] = IRQWATCH_A_STATS;
	readers.skip[TOP] = IRQWATCH_A_STATS;
	readers.readers = true;
	readers.cmd = IRQWATCH_CMD_GET_READERS;

	/* CPUs may come before the global counters too */
	assert_int_equal(merge(&cpus, &st, &has), 0);
	assert_false(has);
	assert_int_equal(merge(&first, &st, &has), 0);
	assert_true(has);
	assert_int_equal(merge(&readers, &st, &has), 0);
	assert_int_equal(st.next_seq, 1235);
	assert_int_equal(st.nr_listeners, 2);
	assert_int_equal(st.listener[1].portid, 4243);
	assert_true(st.has_readers_overflow);
	assert_int_equal(st.nr_cpus, 6);
	assert_int_equal(st.cpus[2].id, 0);
	assert_int_equal(st.cpus[2].nr_drops, 2);
	assert_int_equal(st.cpus[2].drops[1].type, IRQWATCH_EVENT_IRQOFF);
	assert_int_equal(st.cpus[5].id, 1);
	assert_int_equal(st.nr_readers, 4);
	assert_string_equal(st.readers[0].comm, "cat");
	assert_string_equal(st.readers[3].comm, "slabtop");

	/* the global counters twice, another command, a broken CPU */
	assert_int_equal(merge(&first, &st, &has), -EBADMSG);
	bad = cpus;
	bad.cmd = IRQWATCH_CMD_GET_STATUS;
	assert_int_equal(merge(&bad, &st, &has), -EBADMSG);
	bad = cpus;
	bad.skip[CPU] = IRQWATCH_CPUSTAT_EVENTS;
	assert_int_equal(merge(&bad, &st, &has), -EBADMSG);
	assert_int_equal(st.nr_cpus, 6);
	irqw_stats_free(&st);

	/* a whole GET_STATS reply is one message of the dump */
	has = false;
	assert_int_equal(merge(&first, &st, &has), 0);
	assert_true(has);
	assert_int_equal(st.nr_cpus, 2);
	irqw_stats_free(&st);
	/* but GET_READERS is no GET_STATS reply */
	expect_bad(&readers);
}

static void test_print(void **state)
{
	struct irqw_stats st;
	char *out;

	parse_good(&st);
	st.cpus[1].drops = realloc(st.cpus[1].drops, sizeof(st.cpus[1].drops[0]));
	assert_non_null(st.cpus[1].drops);
	st.cpus[1].drops[0].type = 99;
	st.cpus[1].drops[0].count = 5;
	st.cpus[1].nr_drops = 1;

	out = print(&st, false);
	assert_string_equal(out,
		"listeners 2\n"
		"next_seq 1235\n"
		"ring_drops 4\n"
		"unheard 9\n"
		"ring_size 65536 bytes\n"
		"drained 1200 events 3600000 ns 3000 ns/event\n"
		"listener 4242 events 0 drops 0 send_errors 0\n"
		"listener 4243 events 1000 drops 1 send_errors 1\n"
		"cpu0 events 1000 drops synthetic:3,irqoff:1 ring_hwm 4100 bytes "
		"6.2% handler 1234567 ns 1000 calls 1234 ns/call\n"
		"cpu1 events 1001 drops type99:5 ring_hwm 0 bytes 0.0% "
		"handler 0 ns 0 calls 0 ns/call\n");
	free(out);

	out = print(&st, true);
	assert_string_equal(out,
		"{\"schema\":1,\"listeners\":2,\"next_seq\":1235,\"ring_drops\":4,\"unheard\":9,"
		"\"ring_size\":65536,\"drained\":1200,\"drain_ns\":3600000,"
		"\"drain_ns_str\":\"3600000\","
		"\"listener\":["
		"{\"portid\":4242,\"events\":0,\"drops\":0,\"send_errors\":0},"
		"{\"portid\":4243,\"events\":1000,\"drops\":1,\"send_errors\":1}],"
		"\"cpus\":["
		"{\"cpu\":0,\"events\":1000,\"drops\":{\"synthetic\":3,\"irqoff\":1},"
		"\"ring_hwm\":4100,\"ring_hwm_pct\":6.2,\"handler_ns\":1234567,"
		"\"handler_ns_str\":\"1234567\","
		"\"handler_calls\":1000,\"handler_ns_per_call\":1234},"
		"{\"cpu\":1,\"events\":1001,\"drops\":{\"type99\":5},"
		"\"ring_hwm\":0,\"ring_hwm_pct\":0.0,\"handler_ns\":0,"
		"\"handler_ns_str\":\"0\","
		"\"handler_calls\":0,\"handler_ns_per_call\":0}]}\n");
	free(out);

	st.nr_cpus = 0;
	st.nr_listeners = 0;
	out = print(&st, true);
	assert_non_null(strstr(out, "\"listener\":[],\"cpus\":[]}"));
	free(out);
	st.nr_cpus = 2;
	irqw_stats_free(&st);
}

/* Earlier builds of the module do not report the drain's cost. */
static void test_no_drain(void **state)
{
	struct variant v = good;
	struct irqw_stats st;
	struct nl_msg *msg;
	char *out;

	v.no_drain = true;
	msg = stats_msg_build(&v);
	assert_int_equal(irqw_stats_parse(nlmsg_hdr(msg), &st), 0);
	nlmsg_free(msg);
	assert_false(st.has_drain);
	out = print(&st, false);
	assert_null(strstr(out, "drain"));
	free(out);
	out = print(&st, true);
	assert_null(strstr(out, "drain"));
	free(out);
	irqw_stats_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_missing_attributes),
		cmocka_unit_test(test_bad_attributes),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_no_drain),
		cmocka_unit_test(test_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
