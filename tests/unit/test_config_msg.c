// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the IRQWATCH_CMD_SET_CONFIG request builder and of the
 * GET_CONFIG / SET_CONFIG reply parser (userspace/ipc.c).
 */

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

#define NR_FIELDS	11	/* bits of IRQW_SET_ALL */

static const struct irqw_config_change full = {
	.set = IRQW_SET_ALL,
	.period_us = 250,
	.irqoff_threshold_us = 5000,
	.softirq_threshold_us = 6000,
	.stall_threshold_us = 7,
	.detectors = 0x5,
	.cpus = "0-3,8",
	.storm_interval_ms = 2000,
	.softirq_storm_pct = 60,
	.hardirq_storm_rate = 50000,
	.hardirq_storm_pct = 25,
	.imbalance_pct = 30,
};

/* The IRQWATCH_CFG_* attribute of each IRQW_SET_* bit, in bit order. */
static const int cfg_types[NR_FIELDS] = {
	IRQWATCH_CFG_PERIOD_US,
	IRQWATCH_CFG_IRQOFF_THRESHOLD_US,
	IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US,
	IRQWATCH_CFG_STALL_THRESHOLD_US,
	IRQWATCH_CFG_DETECTORS,
	IRQWATCH_CFG_CPUS,
	IRQWATCH_CFG_STORM_INTERVAL_MS,
	IRQWATCH_CFG_SOFTIRQ_STORM_PCT,
	IRQWATCH_CFG_HARDIRQ_STORM_RATE,
	IRQWATCH_CFG_HARDIRQ_STORM_PCT,
	IRQWATCH_CFG_IMBALANCE_PCT,
};

static uint32_t u32_value(const struct irqw_config_change *chg, int type)
{
	switch (type) {
	case IRQWATCH_CFG_PERIOD_US:
		return chg->period_us;
	case IRQWATCH_CFG_IRQOFF_THRESHOLD_US:
		return chg->irqoff_threshold_us;
	case IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US:
		return chg->softirq_threshold_us;
	case IRQWATCH_CFG_STALL_THRESHOLD_US:
		return chg->stall_threshold_us;
	case IRQWATCH_CFG_STORM_INTERVAL_MS:
		return chg->storm_interval_ms;
	case IRQWATCH_CFG_SOFTIRQ_STORM_PCT:
		return chg->softirq_storm_pct;
	case IRQWATCH_CFG_HARDIRQ_STORM_RATE:
		return chg->hardirq_storm_rate;
	case IRQWATCH_CFG_HARDIRQ_STORM_PCT:
		return chg->hardirq_storm_pct;
	case IRQWATCH_CFG_IMBALANCE_PCT:
		return chg->imbalance_pct;
	default:
		return chg->detectors;
	}
}

/*
 * Builds the request for chg and checks it attribute by attribute: one
 * IRQWATCH_A_CONFIG nest, flagged NLA_F_NESTED, holding exactly the
 * attributes of the bits of chg->set, each of the exact size.
 */
static void check_request(const struct irqw_config_change *chg)
{
	struct nl_msg *msg = msg_new(IRQWATCH_CMD_SET_CONFIG);
	struct nlmsghdr *nlh;
	struct nlattr *top, *attr, *seen[IRQWATCH_CFG_MAX + 1] = { 0 };
	int rem, n = 0, i, type, len;

	assert_int_equal(irqw_config_change_put(msg, chg), 0);
	nlh = nlmsg_hdr(msg);
	top = genlmsg_attrdata(nlmsg_data(nlh), 0);
	len = genlmsg_attrlen(nlmsg_data(nlh), 0);
	/* a single attribute, the nest, filling the message */
	assert_true(nla_ok(top, len));
	assert_int_equal(top->nla_type, IRQWATCH_A_CONFIG | NLA_F_NESTED);
	assert_int_equal(NLA_ALIGN(top->nla_len), len);

	nla_for_each_nested(attr, top, rem) {
		type = nla_type(attr);
		assert_true(type > IRQWATCH_CFG_PAD && type <= IRQWATCH_CFG_MAX);
		assert_null(seen[type]);
		seen[type] = attr;
		n++;
	}
	assert_int_equal(rem, 0);
	assert_int_equal(n, __builtin_popcount(chg->set));
	/* fixed at load: never asked for */
	assert_null(seen[IRQWATCH_CFG_RING_KB]);

	for (i = 0; i < NR_FIELDS; i++) {
		type = cfg_types[i];
		if (!(chg->set & (1U << i))) {
			assert_null(seen[type]);
			continue;
		}
		assert_non_null(seen[type]);
		if (type == IRQWATCH_CFG_CPUS) {
			/* NLA_NUL_STRING: the string and its NUL, nothing else */
			assert_int_equal(nla_len(seen[type]), strlen(chg->cpus) + 1);
			assert_string_equal(nla_data(seen[type]), chg->cpus);
			continue;
		}
		assert_int_equal(nla_len(seen[type]), sizeof(uint32_t));
		assert_int_equal(nla_get_u32(seen[type]), u32_value(chg, type));
	}
	nlmsg_free(msg);
}

static void test_request_each_field(void **state)
{
	struct irqw_config_change chg;
	unsigned int bit;

	for (bit = 0; bit < NR_FIELDS; bit++) {
		chg = full;
		chg.set = 1U << bit;
		check_request(&chg);
	}
}

static void test_request_subsets(void **state)
{
	struct irqw_config_change chg = full;

	for (chg.set = 1; chg.set <= IRQW_SET_ALL; chg.set++)
		check_request(&chg);
	/* values outside what the kernel takes are the kernel's to refuse */
	chg.set = IRQW_SET_ALL;
	chg.period_us = 0;
	chg.detectors = UINT32_MAX;
	chg.stall_threshold_us = UINT32_MAX;
	chg.cpus = "";
	check_request(&chg);
}

static void expect_refused(const struct irqw_config_change *chg, int err)
{
	struct nl_msg *msg = msg_new(IRQWATCH_CMD_SET_CONFIG);
	uint32_t len = nlmsg_hdr(msg)->nlmsg_len;

	assert_int_equal(irqw_config_change_put(msg, chg), err);
	if (err == -EINVAL)
		assert_int_equal(nlmsg_hdr(msg)->nlmsg_len, len);
	nlmsg_free(msg);
}

static void test_request_refused(void **state)
{
	struct irqw_config_change chg = full;
	char *list;

	chg.set = 0;
	expect_refused(&chg, -EINVAL);
	chg.set = IRQW_SET_ALL + 1;
	expect_refused(&chg, -EINVAL);
	chg.set = IRQW_SET_PERIOD | 0x80000000u;
	expect_refused(&chg, -EINVAL);
	chg.set = IRQW_SET_CPUS;
	chg.cpus = NULL;
	expect_refused(&chg, -EINVAL);

	list = malloc(IRQWATCH_CPUS_LEN_MAX + 1);
	assert_non_null(list);
	memset(list, '1', IRQWATCH_CPUS_LEN_MAX);
	list[IRQWATCH_CPUS_LEN_MAX] = '\0';
	chg.cpus = list;
	expect_refused(&chg, -EINVAL);
	/* the longest string that fits IRQWATCH_CPUS_LEN_MAX */
	list[IRQWATCH_CPUS_LEN_MAX - 1] = '\0';
	check_request(&chg);
	free(list);
}

static void test_request_too_small(void **state)
{
	struct irqw_config_change chg = full;
	struct nl_msg *msg = nlmsg_alloc_size(128);
	char list[200];

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, FAMILY_ID,
				    0, 0, IRQWATCH_CMD_SET_CONFIG,
				    IRQWATCH_GENL_VERSION));
	memset(list, '1', sizeof(list) - 1);
	list[sizeof(list) - 1] = '\0';
	chg.cpus = list;
	assert_int_equal(irqw_config_change_put(msg, &chg), -EMSGSIZE);
	nlmsg_free(msg);
}

/* A config reply as the kernel builds it, changed as v says. */
static struct nl_msg *reply_build(const struct variant *v)
{
	struct nl_msg *msg = msg_new(v->cmd);
	struct nlattr *attr;

	if (!(v->skip[TOP] == IRQWATCH_A_CONFIG || v->bad[TOP] == IRQWATCH_A_CONFIG)) {
		attr = msg_nest(msg, IRQWATCH_A_CONFIG);
		msg_put_u32(msg, v, CFG, IRQWATCH_CFG_PERIOD_US, 500);
		msg_put_u32(msg, v, CFG, IRQWATCH_CFG_IRQOFF_THRESHOLD_US, 1000);
		msg_put_u32(msg, v, CFG, IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US, 2000);
		msg_put_u32(msg, v, CFG, IRQWATCH_CFG_STALL_THRESHOLD_US, 30);
		msg_put_u32(msg, v, CFG, IRQWATCH_CFG_DETECTORS, 0x3);
		msg_put_string(msg, v, CFG, IRQWATCH_CFG_CPUS, "0,2-3");
		msg_put_u32(msg, v, CFG, IRQWATCH_CFG_RING_KB, 128);
		nla_nest_end(msg, attr);
	} else if (v->bad[TOP] == IRQWATCH_A_CONFIG) {
		assert_int_equal(nla_put(msg, IRQWATCH_A_CONFIG, v->bad_len,
					 v->bad_data), 0);
	}
	return msg;
}

static const struct variant good_reply = {
	.skip = { NONE, NONE, NONE },
	.bad = { NONE, NONE, NONE },
	.cmd = IRQWATCH_CMD_GET_CONFIG,
};

static const struct irqw_config untouched = { .period_us = 12345 };

static void reply_bad(const struct variant *v)
{
	struct nl_msg *msg = reply_build(v);
	struct irqw_config cfg = untouched;

	assert_int_equal(irqw_config_reply_parse(nlmsg_hdr(msg), &cfg), -EBADMSG);
	assert_memory_equal(&cfg, &untouched, sizeof(cfg));
	nlmsg_free(msg);
}

static void check_good_reply(struct nlmsghdr *nlh)
{
	struct irqw_config cfg;

	assert_int_equal(irqw_config_reply_parse(nlh, &cfg), 0);
	assert_int_equal(cfg.period_us, 500);
	assert_int_equal(cfg.irqoff_threshold_us, 1000);
	assert_int_equal(cfg.softirq_threshold_us, 2000);
	assert_int_equal(cfg.stall_threshold_us, 30);
	assert_int_equal(cfg.detectors, 0x3);
	assert_string_equal(cfg.cpus, "0,2-3");
	assert_int_equal(cfg.ring_kb, 128);
	irqw_config_free(&cfg);
	assert_null(cfg.cpus);
	irqw_config_free(&cfg);
}

static void test_reply_valid(void **state)
{
	struct variant v = good_reply;
	struct nl_msg *msg;

	msg = reply_build(&v);
	check_good_reply(nlmsg_hdr(msg));
	nlmsg_free(msg);
	/* SET_CONFIG answers with its own command */
	v.cmd = IRQWATCH_CMD_SET_CONFIG;
	msg = reply_build(&v);
	check_good_reply(nlmsg_hdr(msg));
	nlmsg_free(msg);
}

/* Other attributes, known or not, at either level are skipped. */
static void test_reply_extra_attributes(void **state)
{
	struct nl_msg *msg = msg_new(IRQWATCH_CMD_SET_CONFIG);
	struct nlattr *attr;

	msg_put_string(msg, &good_reply, TOP, IRQWATCH_A_VERSION, "0.2.0");
	assert_int_equal(nla_put_u64(msg, IRQWATCH_A_MAX + 1, 7), 0);
	attr = msg_nest(msg, IRQWATCH_A_CONFIG);
	msg_put_string(msg, &good_reply, CFG, IRQWATCH_CFG_MAX + 1, "future");
	msg_put_u32(msg, &good_reply, CFG, IRQWATCH_CFG_PAD, 0);
	msg_put_u32(msg, &good_reply, CFG, IRQWATCH_CFG_PERIOD_US, 500);
	msg_put_u32(msg, &good_reply, CFG, IRQWATCH_CFG_IRQOFF_THRESHOLD_US, 1000);
	msg_put_u32(msg, &good_reply, CFG, IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US, 2000);
	msg_put_u32(msg, &good_reply, CFG, IRQWATCH_CFG_STALL_THRESHOLD_US, 30);
	msg_put_u32(msg, &good_reply, CFG, IRQWATCH_CFG_DETECTORS, 0x3);
	msg_put_string(msg, &good_reply, CFG, IRQWATCH_CFG_CPUS, "0,2-3");
	msg_put_u32(msg, &good_reply, CFG, IRQWATCH_CFG_RING_KB, 128);
	nla_nest_end(msg, attr);
	attr = msg_nest(msg, IRQWATCH_A_CPU);
	nla_nest_end(msg, attr);
	check_good_reply(nlmsg_hdr(msg));
	nlmsg_free(msg);
}

static void test_reply_bad(void **state)
{
	static const uint8_t zeros[8];
	struct variant v;
	int type;

	v = good_reply;
	v.cmd = IRQWATCH_CMD_GET_STATUS;
	reply_bad(&v);
	v.cmd = IRQWATCH_CMD_UNSPEC;
	reply_bad(&v);
	v.cmd = IRQWATCH_CMD_MAX + 1;
	reply_bad(&v);

	v = good_reply;
	v.skip[TOP] = IRQWATCH_A_CONFIG;
	reply_bad(&v);
	for (type = IRQWATCH_CFG_PERIOD_US; type <= IRQWATCH_CFG_RING_KB; type++) {
		v = good_reply;
		v.skip[CFG] = type;
		reply_bad(&v);
	}
	for (type = IRQWATCH_CFG_PERIOD_US; type <= IRQWATCH_CFG_RING_KB; type++) {
		if (type == IRQWATCH_CFG_CPUS)
			continue;
		v = good_reply;
		v.bad[CFG] = type;
		v.bad_data = zeros;
		v.bad_len = 2;
		reply_bad(&v);
		v.bad_len = 8;
		reply_bad(&v);
	}
	v = good_reply;
	v.bad[CFG] = IRQWATCH_CFG_CPUS;
	v.bad_data = "0-1";
	v.bad_len = 3;		/* no NUL */
	reply_bad(&v);
	v = good_reply;
	v.bad[TOP] = IRQWATCH_A_CONFIG;
	v.bad_data = zeros;
	v.bad_len = 4;
	reply_bad(&v);
}

static void test_reply_truncated(void **state)
{
	struct nl_msg *msg = reply_build(&good_reply);
	struct nlmsghdr *nlh = nlmsg_hdr(msg), *copy;
	struct irqw_config cfg;
	size_t len;

	for (len = sizeof(*nlh); len <= nlh->nlmsg_len; len++) {
		copy = malloc(len);
		assert_non_null(copy);
		memcpy(copy, nlh, len);
		copy->nlmsg_len = (uint32_t)len;
		if (len < nlh->nlmsg_len) {
			cfg = untouched;
			assert_int_equal(irqw_config_reply_parse(copy, &cfg),
					 -EBADMSG);
			assert_memory_equal(&cfg, &untouched, sizeof(cfg));
		} else {
			check_good_reply(copy);
		}
		free(copy);
	}
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_each_field),
		cmocka_unit_test(test_request_subsets),
		cmocka_unit_test(test_request_refused),
		cmocka_unit_test(test_request_too_small),
		cmocka_unit_test(test_reply_valid),
		cmocka_unit_test(test_reply_extra_attributes),
		cmocka_unit_test(test_reply_bad),
		cmocka_unit_test(test_reply_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
