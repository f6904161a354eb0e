// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Unit tests of the IRQWATCH_CMD_GET_STATUS reply parser: well-formed replies. */

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

static void test_valid(void **state)
{
	struct nl_msg *msg = msg_build(&good);
	struct irqw_status st;

	assert_int_equal(irqw_status_parse(nlmsg_hdr(msg), &st), 0);
	assert_string_equal(st.version, "0.1.0");
	assert_string_equal(st.kernel, "6.1.0-28-amd64");
	assert_int_equal(st.config.period_us, 1000);
	assert_int_equal(st.config.irqoff_threshold_us, 10000);
	assert_int_equal(st.config.softirq_threshold_us, 20000);
	assert_int_equal(st.config.stall_threshold_us, 3000);
	assert_int_equal(st.config.detectors, 0xf);
	assert_string_equal(st.config.cpus, "0-1");
	assert_int_equal(st.config.ring_kb, 64);
	assert_int_equal(st.nr_cpus, 2);
	assert_int_equal(st.cpus[0].id, 0);
	assert_true(st.cpus[0].online);
	assert_true(st.cpus[0].monitored);
	assert_int_equal(st.cpus[1].id, 1);
	assert_false(st.cpus[1].online);
	assert_false(st.cpus[1].monitored);
	assert_false(st.has_load_id);
	irqw_status_free(&st);
	assert_null(st.cpus);
	assert_int_equal(st.nr_cpus, 0);
	irqw_status_free(&st);
	nlmsg_free(msg);
}

/* A module with a load id says it; one of the wrong size is refused. */
static void test_load_id(void **state)
{
	struct nl_msg *msg = msg_build(&good);
	struct irqw_status st;

	assert_int_equal(nla_put_u64(msg, IRQWATCH_A_LOAD_ID, 0xfedcba9876543210ULL), 0);
	assert_int_equal(irqw_status_parse(nlmsg_hdr(msg), &st), 0);
	assert_true(st.has_load_id);
	assert_true(st.load_id == 0xfedcba9876543210ULL);
	irqw_status_free(&st);
	nlmsg_free(msg);

	msg = msg_build(&good);
	assert_int_equal(nla_put_u32(msg, IRQWATCH_A_LOAD_ID, 1), 0);
	assert_int_equal(irqw_status_parse(nlmsg_hdr(msg), &st), -EBADMSG);
	nlmsg_free(msg);
}

static void test_many_cpus(void **state)
{
	struct variant v = good;
	struct irqw_status st;
	struct nl_msg *msg;
	unsigned int cpu;

	v.nr_cpus = 8192;
	msg = msg_build(&v);
	assert_int_equal(irqw_status_parse(nlmsg_hdr(msg), &st), 0);
	assert_int_equal(st.nr_cpus, 8192);
	for (cpu = 0; cpu < st.nr_cpus; cpu++) {
		assert_int_equal(st.cpus[cpu].id, cpu);
		assert_int_equal(st.cpus[cpu].monitored, cpu % 3 == 0);
	}
	irqw_status_free(&st);
	nlmsg_free(msg);
}

/* Attributes this version does not know are skipped, at every level. */
static void test_unknown_attributes(void **state)
{
	struct nl_msg *msg = msg_new(IRQWATCH_CMD_GET_STATUS);
	struct irqw_status st;
	struct nlattr *attr;

	assert_int_equal(nla_put_u64(msg, IRQWATCH_A_MAX + 1, 7), 0);
	assert_int_equal(nla_put_u32(msg, IRQWATCH_A_PAD, 0), 0);
	msg_put_string(msg, &good, TOP, IRQWATCH_A_VERSION, "0.2.0");
	msg_put_string(msg, &good, TOP, IRQWATCH_A_KERNEL, "6.12.0");
	attr = msg_nest(msg, IRQWATCH_A_CONFIG);
	msg_put_string(msg, &good, CFG, IRQWATCH_CFG_MAX + 1, "future");
	msg_put_u32(msg, &good, CFG, IRQWATCH_CFG_PERIOD_US, 100);
	msg_put_u32(msg, &good, CFG, IRQWATCH_CFG_IRQOFF_THRESHOLD_US, 200);
	msg_put_u32(msg, &good, CFG, IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US, 300);
	msg_put_u32(msg, &good, CFG, IRQWATCH_CFG_STALL_THRESHOLD_US, 1);
	msg_put_u32(msg, &good, CFG, IRQWATCH_CFG_DETECTORS, 0x20);
	msg_put_string(msg, &good, CFG, IRQWATCH_CFG_CPUS, "");
	msg_put_u32(msg, &good, CFG, IRQWATCH_CFG_RING_KB, 4);
	nla_nest_end(msg, attr);
	attr = msg_nest(msg, IRQWATCH_A_CPU);
	msg_put_u8(msg, &good, CPU, IRQWATCH_CPU_MAX + 1, 9);
	msg_put_u32(msg, &good, CPU, IRQWATCH_CPU_ID, 3);
	msg_put_u8(msg, &good, CPU, IRQWATCH_CPU_ONLINE, 1);
	msg_put_u8(msg, &good, CPU, IRQWATCH_CPU_MONITORED, 0);
	nla_nest_end(msg, attr);

	assert_int_equal(irqw_status_parse(nlmsg_hdr(msg), &st), 0);
	assert_string_equal(st.version, "0.2.0");
	assert_int_equal(st.config.detectors, 0x20);
	assert_string_equal(st.config.cpus, "");
	assert_int_equal(st.config.ring_kb, 4);
	assert_int_equal(st.nr_cpus, 1);
	assert_int_equal(st.cpus[0].id, 3);
	irqw_status_free(&st);
	nlmsg_free(msg);
}

/* Each attribute a GET_STATUS reply has (not every one the header knows). */
static void test_missing_attributes(void **state)
{
	struct variant v;
	int type;

	for (type = IRQWATCH_A_VERSION; type <= IRQWATCH_A_CPU; type++) {
		v = good;
		v.skip[TOP] = type;
		expect_bad(msg_build(&v));
	}
	for (type = IRQWATCH_CFG_PERIOD_US; type <= IRQWATCH_CFG_RING_KB; type++) {
		v = good;
		v.skip[CFG] = type;
		expect_bad(msg_build(&v));
	}
	for (type = IRQWATCH_CPU_ID; type <= IRQWATCH_CPU_MONITORED; type++) {
		v = good;
		v.skip[CPU] = type;
		expect_bad(msg_build(&v));
	}
}

static void test_bad_header(void **state)
{
	struct variant v = good;
	struct nl_msg *msg;

	v.cmd = IRQWATCH_CMD_UNSPEC;
	expect_bad(msg_build(&v));
	v.cmd = IRQWATCH_CMD_MAX + 1;
	expect_bad(msg_build(&v));

	/* a netlink header without the genl header */
	msg = nlmsg_alloc();
	assert_non_null(msg);
	assert_non_null(nlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, FAMILY_ID, 0, 0));
	expect_bad(msg);
}

static void test_bad_values(void **state)
{
	static const uint8_t two = 2, all = 0xff;

	expect_bad_attr(CPU, IRQWATCH_CPU_ONLINE, &two, 1);
	expect_bad_attr(CPU, IRQWATCH_CPU_ONLINE, &all, 1);
	expect_bad_attr(CPU, IRQWATCH_CPU_MONITORED, &two, 1);
	expect_bad_attr(CPU, IRQWATCH_CPU_MONITORED, &all, 1);
}

static void test_strerror(void **state)
{
	const char *perm = "permission denied (CAP_PERFMON or CAP_SYS_ADMIN required)";

	assert_string_equal(irqw_strerror(-EPROTONOSUPPORT),
			    "module not loaded (load it with: modprobe irqwatch)");
	assert_string_equal(irqw_strerror(-EPERM), perm);
	assert_string_equal(irqw_strerror(-EACCES), perm);
	assert_string_equal(irqw_strerror(-EBADMSG),
			    "malformed reply from the irqwatch module");
	assert_string_equal(irqw_strerror(-ENOMEM), strerror(ENOMEM));
	/* status and config reading need CAP_NET_ADMIN only */
	assert_string_equal(irqw_strerror_read(-EPERM),
			    "permission denied (CAP_NET_ADMIN required)");
	assert_string_equal(irqw_strerror_read(-EPROTONOSUPPORT),
			    "module not loaded (load it with: modprobe irqwatch)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_load_id),
		cmocka_unit_test(test_many_cpus),
		cmocka_unit_test(test_unknown_attributes),
		cmocka_unit_test(test_missing_attributes),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

