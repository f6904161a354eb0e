// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Unit tests of userspace/units.c. */

#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <linux/irqwatch.h>

#include "units.h"

#define SENTINEL UINT64_C(0xdeadbeef)

static void duration_ok(const char *s, uint64_t want)
{
	uint64_t us = SENTINEL;

	int ret = irqw_parse_duration_us(s, &us);

	if (ret || us != want)
		fail_msg("duration \"%s\": %d, %" PRIu64 " us; want %" PRIu64,
			 s, ret, us, want);
}

static void duration_err(const char *s, int err)
{
	uint64_t us = SENTINEL;

	int ret = irqw_parse_duration_us(s, &us);

	if (ret != err || us != SENTINEL)
		fail_msg("duration \"%s\": %d, %" PRIu64 " us; want %d", s, ret,
			 us, err);
}

static void test_duration_valid(void **state)
{
	duration_ok("0", 0);
	duration_ok("1", 1);
	duration_ok("500us", 500);
	duration_ok("20ms", 20000);
	duration_ok("1s", 1000000);
	duration_ok("1.5ms", 1500);
	duration_ok("1.50ms", 1500);
	duration_ok("0.001s", 1000);
	duration_ok("1.000001s", 1000001);
	duration_ok("1.0000000000s", 1000000);
	duration_ok("2.0", 2);
	duration_ok("10.000us", 10);
	duration_ok("0us", 0);
	duration_ok("007ms", 7000);
	duration_ok("18446744073709551615", UINT64_MAX);
	duration_ok("18446744073709551ms", UINT64_C(18446744073709551000));
	duration_ok("18446744073709.551615s", UINT64_MAX);
}

static void test_duration_malformed(void **state)
{
	static const char *const bad[] = {
		"", "-1", "-1ms", "+1", " 1", "1 ", "1ms ", "1 ms", "ms", "s",
		"1.", ".5ms", "1..5ms", "1.5.ms", "1.-5ms", "1msx", "1m", "1MS",
		"1Us", "1h", "1ns", "1e3", "0x10", "1,5ms", "1_000",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		duration_err(bad[i], -EINVAL);
}

static void test_duration_range(void **state)
{
	duration_err("0.5us", -ERANGE);
	duration_err("0.5", -ERANGE);
	duration_err("1.0005ms", -ERANGE);
	duration_err("0.0000001s", -ERANGE);
	duration_err("1.0000001s", -ERANGE);
	duration_err("18446744073709551616", -ERANGE);
	/* 1844674407370955162 * 10 wraps around to 4 */
	duration_err("18446744073709551620", -ERANGE);
	duration_err("99999999999999999999999999ms", -ERANGE);
	duration_err("18446744073709552ms", -ERANGE);
	duration_err("18446744073709551.616ms", -ERANGE);
	duration_err("18446744073710s", -ERANGE);
}

static void size_ok(const char *s, uint64_t want)
{
	uint64_t bytes = SENTINEL;

	int ret = irqw_parse_size(s, &bytes);

	if (ret || bytes != want)
		fail_msg("size \"%s\": %d, %" PRIu64 "; want %" PRIu64, s, ret,
			 bytes, want);
}

static void size_err(const char *s, int err)
{
	uint64_t bytes = SENTINEL;

	int ret = irqw_parse_size(s, &bytes);

	if (ret != err || bytes != SENTINEL)
		fail_msg("size \"%s\": %d, %" PRIu64 "; want %d", s, ret, bytes,
			 err);
}

static void test_size(void **state)
{
	static const char *const bad[] = {
		"", "K", "-1", "-1K", "+1K", " 1K", "1K ", "1 K", "1KB", "1KiB",
		"1.5M", "1X", "1P", "1KK", "0x10",
	};
	size_t i;

	size_ok("0", 0);
	size_ok("1", 1);
	size_ok("4096", 4096);
	size_ok("64K", 65536);
	size_ok("64k", 65536);
	size_ok("10M", 10485760);
	size_ok("1G", 1073741824);
	size_ok("1g", 1073741824);
	size_ok("2T", UINT64_C(2199023255552));
	size_ok("0K", 0);
	size_ok("16777215T", UINT64_C(16777215) << 40);
	size_ok("18446744073709551615", UINT64_MAX);
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		size_err(bad[i], -EINVAL);
	size_err("16777216T", -ERANGE);
	size_err("17179869184G", -ERANGE);
	size_err("18014398509481984K", -ERANGE);
	size_err("18446744073709551616", -ERANGE);
	size_err("18446744073709551620", -ERANGE);
}

static void cpulist_ok(const char *s, const char *canonical, unsigned int count)
{
	struct irqw_cpumask mask;
	unsigned int cpu, n = 0;
	char buf[64];

	int ret;

	memset(&mask, 0xff, sizeof(mask));
	ret = irqw_cpulist_parse(s, &mask);
	if (ret)
		fail_msg("cpulist \"%s\": %d", s, ret);
	for (cpu = 0; cpu < IRQW_MAX_CPUS; cpu++)
		n += irqw_cpumask_test(&mask, cpu);
	ret = irqw_cpulist_format(&mask, buf, sizeof(buf));
	if (n != count || ret || strcmp(buf, canonical))
		fail_msg("cpulist \"%s\": %u CPUs, \"%s\"; want %u, \"%s\"", s,
			 n, buf, count, canonical);
}

static void cpulist_err(const char *s, int err)
{
	struct irqw_cpumask mask, orig;

	int ret;

	memset(&mask, 0x5a, sizeof(mask));
	orig = mask;
	ret = irqw_cpulist_parse(s, &mask);
	if (ret != err || memcmp(&mask, &orig, sizeof(mask)))
		fail_msg("cpulist \"%s\": %d; want %d, mask untouched", s, ret,
			 err);
}

static void test_cpulist_parse(void **state)
{
	static const char *const bad[] = {
		"", ",", "0,", ",0", "0,,1", "3-1", "-1", "1-", "1--2", "-",
		"a", " 0", "0 ", "0-3 ", "0, 1", "0:3", "1-2-3", "0-3,8x",
		"0-3/2", "all", "+1", "0x1",
	};
	size_t i;

	cpulist_ok("0", "0", 1);
	cpulist_ok("0-3,8", "0-3,8", 5);
	cpulist_ok("8,0-3", "0-3,8", 5);
	cpulist_ok("1-1", "1", 1);
	cpulist_ok("0-1,1-2", "0-2", 3);
	cpulist_ok("0,1,2,3", "0-3", 4);
	cpulist_ok("3,2,1,0", "0-3", 4);
	cpulist_ok("007", "7", 1);
	cpulist_ok("8191", "8191", 1);
	cpulist_ok("0-8191", "0-8191", IRQW_MAX_CPUS);
	cpulist_ok("0,2,4,8190-8191", "0,2,4,8190-8191", 5);
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		cpulist_err(bad[i], -EINVAL);
	cpulist_err("8192", -ERANGE);
	cpulist_err("0-8192", -ERANGE);
	cpulist_err("0,8192", -ERANGE);
	cpulist_err("99999999999999999999999", -ERANGE);
	cpulist_err("18446744073709551620", -ERANGE);
}

static void test_cpulist_format(void **state)
{
	struct irqw_cpumask mask = { 0 };
	char buf[8], big[40000];
	unsigned int cpu;

	assert_int_equal(irqw_cpulist_format(&mask, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(irqw_cpulist_format(&mask, buf, 0), -ENOSPC);

	assert_int_equal(irqw_cpulist_parse("0-3,8", &mask), 0);
	assert_int_equal(irqw_cpulist_format(&mask, buf, 6), 0);
	assert_string_equal(buf, "0-3,8");
	assert_int_equal(irqw_cpulist_format(&mask, buf, 5), -ENOSPC);
	assert_int_equal(irqw_cpulist_format(&mask, buf, 3), -ENOSPC);

	/* the longest list: every other CPU */
	memset(&mask, 0, sizeof(mask));
	for (cpu = 0; cpu < IRQW_MAX_CPUS; cpu += 2)
		irqw_cpumask_set(&mask, cpu);
	assert_int_equal(irqw_cpulist_format(&mask, big, sizeof(big)), 0);
	assert_int_equal(strlen(big), 4096 - 1 + 5 * 1 + 45 * 2 + 450 * 3 + 3596 * 4);
	assert_true(!strncmp(big, "0,2,4,", 6));
	assert_string_equal(big + strlen(big) - 5, ",8190");
	assert_int_equal(irqw_cpulist_parse(big, &mask), 0);
	for (cpu = 0; cpu < IRQW_MAX_CPUS; cpu++)
		assert_int_equal(irqw_cpumask_test(&mask, cpu), !(cpu % 2));
	assert_int_equal(irqw_cpulist_format(&mask, big, strlen(big)), -ENOSPC);
}

static void detectors_ok(const char *s, uint32_t want)
{
	const char *bad = NULL;
	uint32_t mask = 0xdead;

	int ret = irqw_detectors_parse(s, &mask, &bad);

	if (ret || mask != want || bad)
		fail_msg("detectors \"%s\": %d, %#x; want %#x", s, ret, mask,
			 want);
}

static void detectors_err(const char *s, const char *bad_name)
{
	const char *bad = NULL;
	uint32_t mask = 0xdead;

	int ret = irqw_detectors_parse(s, &mask, &bad);

	if (ret != -EINVAL || mask != 0xdead)
		fail_msg("detectors \"%s\": %d, %#x; want %d", s, ret, mask,
			 -EINVAL);
	if (!bad || bad < s || bad > s + strlen(s) ||
	    strcspn(bad, ",") != strlen(bad_name) ||
	    strncmp(bad, bad_name, strlen(bad_name)))
		fail_msg("detectors \"%s\": bad name not \"%s\"", s, bad_name);
}

static void test_detectors_parse(void **state)
{
	uint32_t mask;

	detectors_ok("irqoff,softirq,storm,stall", 0xf);
	detectors_ok("stall,storm,softirq,irqoff", 0xf);
	detectors_ok("irqoff", 1U << IRQWATCH_DET_IRQOFF);
	detectors_ok("softirq", 1U << IRQWATCH_DET_SOFTIRQ);
	detectors_ok("storm", 1U << IRQWATCH_DET_STORM);
	detectors_ok("stall", 1U << IRQWATCH_DET_STALL);
	detectors_ok("storm,irqoff,storm", (1U << IRQWATCH_DET_STORM) |
					  (1U << IRQWATCH_DET_IRQOFF));
	detectors_ok("none", 0);
	detectors_ok("", 0);

	detectors_err("bogus", "bogus");
	detectors_err("irqoff,bogus,stall", "bogus");
	detectors_err("irqoff,stalls", "stalls");
	detectors_err("irq", "irq");
	detectors_err("IRQOFF", "IRQOFF");
	detectors_err(" irqoff", " irqoff");
	detectors_err("irqoff ", "irqoff ");
	detectors_err("none,irqoff", "none");
	detectors_err("irqoff,none", "none");
	detectors_err("irqoff,", "");
	detectors_err(",irqoff", "");
	detectors_err("irqoff,,stall", "");
	detectors_err(",", "");

	/* the offending name is optional */
	assert_int_equal(irqw_detectors_parse("x", &mask, NULL), -EINVAL);
}

static void test_detectors_format(void **state)
{
	char buf[64], small[5];
	uint32_t mask, back;

	assert_string_equal(irqw_detector_name(IRQWATCH_DET_IRQOFF), "irqoff");
	assert_string_equal(irqw_detector_name(IRQWATCH_DET_STALL), "stall");
	assert_null(irqw_detector_name(__IRQWATCH_DET_MAX));
	assert_null(irqw_detector_name(-1U));

	assert_int_equal(irqw_detectors_format(0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "none");
	assert_int_equal(irqw_detectors_format(0xf, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "irqoff,softirq,storm,stall");
	assert_int_equal(irqw_detectors_format(1U << IRQWATCH_DET_STORM, buf,
					       sizeof(buf)), 0);
	assert_string_equal(buf, "storm");
	assert_int_equal(irqw_detectors_format(0x80000011, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "irqoff,bit4,bit31");

	assert_int_equal(irqw_detectors_format(0, small, 4), -ENOSPC);
	assert_int_equal(irqw_detectors_format(0, small, 5), 0);
	assert_int_equal(irqw_detectors_format(1, small, 5), -ENOSPC);
	assert_int_equal(irqw_detectors_format(0xf, buf, 0), -ENOSPC);
	assert_int_equal(irqw_detectors_format(0xf, buf, 26), -ENOSPC);
	assert_int_equal(irqw_detectors_format(0xf, buf, 27), 0);

	for (mask = 0; mask < 1U << __IRQWATCH_DET_MAX; mask++) {
		assert_int_equal(irqw_detectors_format(mask, buf, sizeof(buf)), 0);
		assert_int_equal(irqw_detectors_parse(buf, &back, NULL), 0);
		assert_int_equal(back, mask);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duration_valid),
		cmocka_unit_test(test_duration_malformed),
		cmocka_unit_test(test_duration_range),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_cpulist_parse),
		cmocka_unit_test(test_cpulist_format),
		cmocka_unit_test(test_detectors_parse),
		cmocka_unit_test(test_detectors_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
