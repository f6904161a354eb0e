// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "ipc.h"
#include "stats_msg.h"

const struct variant good = {
	.skip = { NONE, NONE, NONE, NONE, NONE, NONE, NONE },
	.bad = { NONE, NONE, NONE, NONE, NONE, NONE, NONE },
	.cmd = IRQWATCH_CMD_GET_STATS,
};

static bool special(struct nl_msg *msg, const struct variant *v,
		    enum level level, int type)
{
	if (type == v->bad[level])
		assert_int_equal(nla_put(msg, type, v->bad_len, v->bad_data), 0);
	return type == v->skip[level] || type == v->bad[level];
}

static void put_u32(struct nl_msg *msg, const struct variant *v,
		    enum level level, int type, uint32_t val)
{
	if (!special(msg, v, level, type))
		assert_int_equal(nla_put_u32(msg, type, val), 0);
}

static void put_u64(struct nl_msg *msg, const struct variant *v,
		    enum level level, int type, uint64_t val)
{
	if (!special(msg, v, level, type))
		assert_int_equal(nla_put_u64(msg, type, val), 0);
}

static void put_string(struct nl_msg *msg, const struct variant *v,
		       enum level level, int type, const char *val)
{
	if (!special(msg, v, level, type))
		assert_int_equal(nla_put_string(msg, type, val), 0);
}

static struct nlattr *nest(struct nl_msg *msg, int type)
{
	struct nlattr *attr = nla_nest_start(msg, type | NLA_F_NESTED);

	assert_non_null(attr);
	return attr;
}

static void put_irqoff(struct nl_msg *msg, const struct variant *v,
		       unsigned int cpu)
{
	static const uint64_t counters[] = {
		1000000, 850000000, 4, 4, 2500, 2, 812345678,
	};
	unsigned int i, n = v->nr_buckets ? v->nr_buckets : IRQWATCH_HIST_BUCKETS;
	struct nlattr *hist;
	uint64_t val;

	for (i = 0; i < 7; i++)
		put_u64(msg, v, CPU, IRQWATCH_CPUSTAT_IRQOFF_TICKS + i,
			cpu ? 0 : counters[i]);
	/* CPU 0 has a PMU sampler, CPU 1 a module that does not say */
	if (!cpu)
		assert_int_equal(nla_put_u8(msg, IRQWATCH_CPUSTAT_IRQOFF_PMU, 1), 0);
	if (special(msg, v, CPU, IRQWATCH_CPUSTAT_IRQOFF_HIST))
		return;
	hist = nest(msg, IRQWATCH_CPUSTAT_IRQOFF_HIST);
	for (i = 0; i < n; i++) {
		val = cpu ? 0 : i == 0 ? 998000 : i == 1 ? 1500 : i == 14 ? 3 : 0;
		/* the kernel's nla_put_u64_64bit() may add pads */
		if (i == 3)
			assert_int_equal(nla_put_u32(msg, IRQWATCH_HIST_PAD, 0), 0);
		put_u64(msg, v, HIST, IRQWATCH_HIST_BUCKET, val);
	}
	nla_nest_end(msg, hist);
}

static void put_reader(struct nl_msg *msg, const struct variant *v,
		       const char *probe, const char *cache, uint32_t tgid,
		       const char *comm, const uint64_t *n)
{
	struct nlattr *attr;
	int i;

	if (special(msg, v, TOP, IRQWATCH_A_READER))
		return;
	attr = nest(msg, IRQWATCH_A_READER);
	put_string(msg, v, READER, IRQWATCH_READER_PROBE, probe);
	if (cache)
		put_string(msg, v, READER, IRQWATCH_READER_CACHE, cache);
	put_u32(msg, v, READER, IRQWATCH_READER_TGID, tgid);
	put_string(msg, v, READER, IRQWATCH_READER_COMM, comm);
	for (i = 0; i < 4; i++)
		put_u64(msg, v, READER, IRQWATCH_READER_CALLS + i, n[i]);
	nla_nest_end(msg, attr);
}

struct nl_msg *stats_msg_build(const struct variant *v)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *stats, *attr, *drops;
	unsigned int i;

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, FAMILY_ID, 0,
				    0, v->cmd, 1));
	if (!special(msg, v, TOP, IRQWATCH_A_STATS)) {
		stats = nest(msg, IRQWATCH_A_STATS);
		put_u64(msg, v, STATS, IRQWATCH_STATS_NEXT_SEQ, 1235);
		put_u64(msg, v, STATS, IRQWATCH_STATS_RING_DROPS, 4);
		put_u32(msg, v, STATS, IRQWATCH_STATS_RING_SIZE, 65536);
		put_u32(msg, v, STATS, IRQWATCH_STATS_LISTENERS, 2);
		put_u64(msg, v, STATS, IRQWATCH_STATS_UNHEARD, 9);
		if (!v->no_drain) {
			put_u64(msg, v, STATS, IRQWATCH_STATS_DRAINED, 1200);
			put_u64(msg, v, STATS, IRQWATCH_STATS_DRAIN_NS, 3600000);
		}
		if (v->readers)
			put_u64(msg, v, STATS, IRQWATCH_STATS_READERS_OVERFLOW, 7);
		for (i = 0; i < 2; i++) {
			if (special(msg, v, STATS, IRQWATCH_STATS_LISTENER))
				continue;
			attr = nest(msg, IRQWATCH_STATS_LISTENER);
			put_u32(msg, v, LISTENER, IRQWATCH_LISTENER_PORTID, 4242 + i);
			put_u64(msg, v, LISTENER, IRQWATCH_LISTENER_EVENTS, 1000 * i);
			put_u64(msg, v, LISTENER, IRQWATCH_LISTENER_DROPS, i);
			put_u64(msg, v, LISTENER, IRQWATCH_LISTENER_SEND_ERRORS, i);
			nla_nest_end(msg, attr);
		}
		nla_nest_end(msg, stats);
	}
	for (i = 0; i < 2; i++) {
		if (special(msg, v, TOP, IRQWATCH_A_CPU_STATS))
			continue;
		attr = nest(msg, IRQWATCH_A_CPU_STATS);
		put_u32(msg, v, CPU, IRQWATCH_CPUSTAT_ID, i);
		put_u64(msg, v, CPU, IRQWATCH_CPUSTAT_EVENTS, 1000 + i);
		put_u32(msg, v, CPU, IRQWATCH_CPUSTAT_RING_HWM, i ? 0 : 4100);
		put_u64(msg, v, CPU, IRQWATCH_CPUSTAT_HANDLER_NS, i ? 0 : 1234567);
		put_u64(msg, v, CPU, IRQWATCH_CPUSTAT_HANDLER_CALLS, i ? 0 : 1000);
		if (!i && !special(msg, v, CPU, IRQWATCH_CPUSTAT_DROPS)) {
			drops = nest(msg, IRQWATCH_CPUSTAT_DROPS);
			put_u32(msg, v, DROPS, IRQWATCH_DROPS_TYPE,
				IRQWATCH_EVENT_SYNTHETIC);
			put_u64(msg, v, DROPS, IRQWATCH_DROPS_COUNT, 3);
			nla_nest_end(msg, drops);
			drops = nest(msg, IRQWATCH_CPUSTAT_DROPS);
			put_u32(msg, v, DROPS, IRQWATCH_DROPS_TYPE,
				IRQWATCH_EVENT_IRQOFF);
			put_u64(msg, v, DROPS, IRQWATCH_DROPS_COUNT, 1);
			nla_nest_end(msg, drops);
		}
		if (v->irqoff)
			put_irqoff(msg, v, i);
		if (v->softirqoff) {
			put_u64(msg, v, CPU, IRQWATCH_CPUSTAT_SOFTIRQOFF_TICKS,
				i ? 0 : 5100);
			put_u64(msg, v, CPU, IRQWATCH_CPUSTAT_SOFTIRQOFF_WINDOWS,
				i ? 0 : 3);
		}
		nla_nest_end(msg, attr);
	}
	if (v->readers) {
		put_reader(msg, v, "get_slabinfo", "dentry", 1234, "cat",
			   (const uint64_t[]){ 3, 2436000000, 812000000,
					       5000000000 });
		put_reader(msg, v, "show_slab_objects", NULL, 999, "slabtop",
			   (const uint64_t[]){ 40, 4000000, 200000, 6000000000 });
	}
	return msg;
}

void expect_bad(const struct variant *v)
{
	static const struct irqw_stats untouched = { .nr_cpus = 777 };
	struct nl_msg *msg = stats_msg_build(v);
	struct irqw_stats st = untouched;

	assert_int_equal(irqw_stats_parse(nlmsg_hdr(msg), &st), -EBADMSG);
	assert_memory_equal(&st, &untouched, sizeof(st));
	nlmsg_free(msg);
}

void parse_variant(const struct variant *v, struct irqw_stats *st)
{
	struct nl_msg *msg = stats_msg_build(v);

	assert_int_equal(irqw_stats_parse(nlmsg_hdr(msg), st), 0);
	nlmsg_free(msg);
}

void parse_good(struct irqw_stats *st)
{
	parse_variant(&good, st);
}

