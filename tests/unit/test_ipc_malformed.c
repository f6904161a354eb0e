// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the IRQWATCH_CMD_GET_STATUS reply parser: malformed replies
 * must be rejected with -EBADMSG, never crash or leak.
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

static void test_bad_lengths(void **state)
{
	static const uint8_t zeros[8];
	int type;

	for (type = IRQWATCH_CFG_PERIOD_US; type <= IRQWATCH_CFG_DETECTORS; type++) {
		expect_bad_attr(CFG, type, zeros, 0);
		expect_bad_attr(CFG, type, zeros, 2);
		expect_bad_attr(CFG, type, zeros, 8);
	}
	expect_bad_attr(CFG, IRQWATCH_CFG_RING_KB, zeros, 0);
	expect_bad_attr(CFG, IRQWATCH_CFG_RING_KB, zeros, 2);
	expect_bad_attr(CFG, IRQWATCH_CFG_RING_KB, zeros, 8);
	expect_bad_attr(CPU, IRQWATCH_CPU_ID, zeros, 1);
	expect_bad_attr(CPU, IRQWATCH_CPU_ID, zeros, 8);
	for (type = IRQWATCH_CPU_ONLINE; type <= IRQWATCH_CPU_MONITORED; type++) {
		expect_bad_attr(CPU, type, zeros, 0);
		expect_bad_attr(CPU, type, zeros, 2);
		expect_bad_attr(CPU, type, zeros, 4);
	}
}

static void test_bad_strings(void **state)
{
	char long_string[300];

	memset(long_string, 'x', sizeof(long_string) - 1);
	long_string[sizeof(long_string) - 1] = '\0';

	expect_bad_attr(TOP, IRQWATCH_A_VERSION, "0.1", 3);
	expect_bad_attr(TOP, IRQWATCH_A_VERSION, "", 0);
	expect_bad_attr(TOP, IRQWATCH_A_VERSION, long_string,
			sizeof(long_string));
	expect_bad_attr(TOP, IRQWATCH_A_KERNEL, "6.1", 3);
	expect_bad_attr(TOP, IRQWATCH_A_KERNEL, long_string,
			sizeof(long_string));
	expect_bad_attr(CFG, IRQWATCH_CFG_CPUS, "0-1", 3);
	expect_bad_attr(CFG, IRQWATCH_CFG_CPUS, "", 0);
}

static void test_bad_nests(void **state)
{
	static const uint8_t garbage[] = { 0xff, 0xff, 0xff, 0xff, 0x01 };
	static const uint32_t u32 = 1000;

	expect_bad_attr(TOP, IRQWATCH_A_CONFIG, &u32, sizeof(u32));
	expect_bad_attr(TOP, IRQWATCH_A_CONFIG, &u32, 0);
	expect_bad_attr(TOP, IRQWATCH_A_CONFIG, garbage, sizeof(garbage));
	expect_bad_attr(TOP, IRQWATCH_A_CPU, &u32, sizeof(u32));
	expect_bad_attr(TOP, IRQWATCH_A_CPU, garbage, sizeof(garbage));
	expect_bad_attr(TOP, IRQWATCH_A_VERSION, garbage, 0);
}

/* Parses a copy of nlh that is exactly len bytes long, for valgrind. */
static void test_truncated(void **state)
{
	struct nl_msg *msg = msg_build(&good);
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	unsigned int complete = 0;
	struct irqw_status st;
	size_t len;
	int ret;

	for (len = sizeof(*nlh); len < nlh->nlmsg_len; len++) {
		ret = parse_exact(nlh, len, &st);
		if (ret) {
			assert_int_equal(ret, -EBADMSG);
			continue;
		}
		/* only a cut right after the first CPU is a whole message */
		assert_int_equal(st.nr_cpus, 1);
		irqw_status_free(&st);
		complete++;
	}
	assert_int_equal(complete, 1);
	nlmsg_free(msg);
}

/* Random byte changes after the genl header: rejected or parsed, no crash. */
static void test_mutations(void **state)
{
	struct nl_msg *msg = msg_build(&good);
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	size_t len = nlh->nlmsg_len, hdrlen = NLMSG_HDRLEN + GENL_HDRLEN;
	unsigned int i, n, parsed = 0, rejected = 0;
	unsigned char *bytes = malloc(len);
	struct irqw_status st;
	int ret;

	assert_non_null(bytes);
	srand(1);
	for (i = 0; i < 20000; i++) {
		memcpy(bytes, nlh, len);
		for (n = 1 + (unsigned int)rand() % 4; n; n--)
			bytes[hdrlen + (size_t)rand() % (len - hdrlen)] =
				(unsigned char)rand();
		ret = parse_exact((struct nlmsghdr *)bytes, len, &st);
		if (ret) {
			assert_int_equal(ret, -EBADMSG);
			rejected++;
			continue;
		}
		assert_non_null(st.version);
		assert_non_null(st.config.cpus);
		assert_true(st.nr_cpus >= 1 && st.nr_cpus <= 2);
		irqw_status_free(&st);
		parsed++;
	}
	assert_true(parsed > 0 && rejected > 0);
	free(bytes);
	nlmsg_free(msg);
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_lengths),
		cmocka_unit_test(test_bad_strings),
		cmocka_unit_test(test_bad_nests),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
