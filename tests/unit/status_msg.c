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
#include "status_msg.h"

#define MSG_SIZE	(256 * 1024)

const struct variant good = {
	.skip = { NONE, NONE, NONE },
	.bad = { NONE, NONE, NONE },
	.cmd = IRQWATCH_CMD_GET_STATUS,
	.nr_cpus = 2,
};

struct nl_msg *msg_new(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc_size(MSG_SIZE);

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, FAMILY_ID,
				    0, 0, cmd, IRQWATCH_GENL_VERSION));
	return msg;
}

/* Handles a skipped or replaced attribute; false if it is to be put. */
static bool special(struct nl_msg *msg, const struct variant *v,
		    enum level level, int type)
{
	if (type == v->bad[level])
		assert_int_equal(nla_put(msg, type, v->bad_len, v->bad_data), 0);
	return type == v->skip[level] || type == v->bad[level];
}

void msg_put_u32(struct nl_msg *msg, const struct variant *v,
		 enum level level, int type, uint32_t val)
{
	if (!special(msg, v, level, type))
		assert_int_equal(nla_put_u32(msg, type, val), 0);
}

void msg_put_u8(struct nl_msg *msg, const struct variant *v,
		enum level level, int type, uint8_t val)
{
	if (!special(msg, v, level, type))
		assert_int_equal(nla_put_u8(msg, type, val), 0);
}

void msg_put_string(struct nl_msg *msg, const struct variant *v,
		    enum level level, int type, const char *val)
{
	if (!special(msg, v, level, type))
		assert_int_equal(nla_put_string(msg, type, val), 0);
}

/* Nests carry NLA_F_NESTED as the kernel's nla_nest_start() sets it. */
struct nlattr *msg_nest(struct nl_msg *msg, int type)
{
	struct nlattr *attr = nla_nest_start(msg, type | NLA_F_NESTED);

	assert_non_null(attr);
	return attr;
}

struct nl_msg *msg_build(const struct variant *v)
{
	struct nl_msg *msg = msg_new(v->cmd);
	struct nlattr *attr;
	unsigned int cpu;

	msg_put_string(msg, v, TOP, IRQWATCH_A_VERSION, "0.1.0");
	msg_put_string(msg, v, TOP, IRQWATCH_A_KERNEL, "6.1.0-28-amd64");
	if (!special(msg, v, TOP, IRQWATCH_A_CONFIG)) {
		attr = msg_nest(msg, IRQWATCH_A_CONFIG);
		msg_put_u32(msg, v, CFG, IRQWATCH_CFG_PERIOD_US, 1000);
		msg_put_u32(msg, v, CFG, IRQWATCH_CFG_IRQOFF_THRESHOLD_US, 10000);
		msg_put_u32(msg, v, CFG, IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US, 20000);
		msg_put_u32(msg, v, CFG, IRQWATCH_CFG_STALL_THRESHOLD_US, 3000);
		msg_put_u32(msg, v, CFG, IRQWATCH_CFG_DETECTORS, 0xf);
		msg_put_string(msg, v, CFG, IRQWATCH_CFG_CPUS, "0-1");
		msg_put_u32(msg, v, CFG, IRQWATCH_CFG_RING_KB, 64);
		nla_nest_end(msg, attr);
	}
	for (cpu = 0; cpu < v->nr_cpus; cpu++) {
		if (special(msg, v, TOP, IRQWATCH_A_CPU))
			continue;
		attr = msg_nest(msg, IRQWATCH_A_CPU);
		msg_put_u32(msg, v, CPU, IRQWATCH_CPU_ID, cpu);
		msg_put_u8(msg, v, CPU, IRQWATCH_CPU_ONLINE, cpu % 3 != 1);
		msg_put_u8(msg, v, CPU, IRQWATCH_CPU_MONITORED, cpu % 3 == 0);
		nla_nest_end(msg, attr);
	}
	return msg;
}

static const struct irqw_status untouched = { .nr_cpus = 12345 };

void expect_bad(struct nl_msg *msg)
{
	struct irqw_status st = untouched;

	assert_int_equal(irqw_status_parse(nlmsg_hdr(msg), &st), -EBADMSG);
	assert_memory_equal(&st, &untouched, sizeof(st));
	nlmsg_free(msg);
}

void expect_bad_attr(enum level level, int type, const void *data, int len)
{
	struct variant v = good;

	v.bad[level] = type;
	v.bad_data = data;
	v.bad_len = len;
	expect_bad(msg_build(&v));
}

int parse_exact(const struct nlmsghdr *nlh, size_t len, struct irqw_status *st)
{
	struct nlmsghdr *copy = malloc(len);
	int ret;

	assert_non_null(copy);
	memcpy(copy, nlh, len);
	copy->nlmsg_len = (uint32_t)len;
	ret = irqw_status_parse(copy, st);
	free(copy);
	return ret;
}
