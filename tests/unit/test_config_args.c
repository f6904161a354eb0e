// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Unit tests of the "irqwatch config" argument parser (userspace/config_args.c). */

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

#include "config_args.h"

#define ERR_LEN	512

#define ARGV(...)	((char *[]){ __VA_ARGS__ })
#define ARGC(...)	((int)(sizeof(ARGV(__VA_ARGS__)) / sizeof(char *)))
/* Parses the arguments, which must be accepted, into *chg. */
#define OK(chg, ...)	parse_ok(chg, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__))
/* Parses the arguments, which must be refused with a reason containing want. */
#define BAD(want, ...)	parse_bad(want, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__))

static const struct irqw_config_change untouched = {
	.set = 0xdead,
	.period_us = 1,
	.irqoff_threshold_us = 2,
	.softirq_threshold_us = 3,
	.stall_threshold_us = 4,
	.detectors = 5,
	.cpus = "untouched",
};

static void parse_ok(struct irqw_config_change *chg, int argc, char **argv)
{
	char err[ERR_LEN] = "";
	int ret;

	*chg = untouched;
	ret = config_args_parse(argc, argv, chg, err, sizeof(err));
	if (ret)
		fail_msg("\"%s\"...: %d, \"%s\"", argv[0], ret, err);
}

static void parse_bad(const char *want, int argc, char **argv)
{
	struct irqw_config_change chg = untouched;
	char err[ERR_LEN] = "";

	assert_int_equal(config_args_parse(argc, argv, &chg, err, sizeof(err)),
			 -EINVAL);
	assert_memory_equal(&chg, &untouched, sizeof(chg));
	if (!strstr(err, want))
		fail_msg("\"%s\"...: \"%s\" does not say \"%s\"", argv[0], err,
			 want);
	assert_null(strchr(err, '\n'));
}

static void test_none(void **state)
{
	struct irqw_config_change chg = untouched;
	char err[ERR_LEN] = "";

	assert_int_equal(config_args_parse(0, NULL, &chg, err, sizeof(err)), 0);
	assert_int_equal(chg.set, 0);
	assert_null(chg.cpus);
}

static void test_each_key(void **state)
{
	struct irqw_config_change chg;
	char *cpus = "0-3,8";

	OK(&chg, "period", "20ms");
	assert_int_equal(chg.set, IRQW_SET_PERIOD);
	assert_int_equal(chg.period_us, 20000);
	OK(&chg, "period_us", "500");
	assert_int_equal(chg.set, IRQW_SET_PERIOD);
	assert_int_equal(chg.period_us, 500);

	OK(&chg, "irqoff_threshold", "1s");
	assert_int_equal(chg.set, IRQW_SET_IRQOFF_THRESHOLD);
	assert_int_equal(chg.irqoff_threshold_us, 1000000);
	OK(&chg, "irqoff_threshold_us", "2ms");
	assert_int_equal(chg.set, IRQW_SET_IRQOFF_THRESHOLD);
	assert_int_equal(chg.irqoff_threshold_us, 2000);

	OK(&chg, "softirq_threshold", "500us");
	assert_int_equal(chg.set, IRQW_SET_SOFTIRQ_THRESHOLD);
	assert_int_equal(chg.softirq_threshold_us, 500);
	OK(&chg, "softirq_threshold_us", "7");
	assert_int_equal(chg.set, IRQW_SET_SOFTIRQ_THRESHOLD);
	assert_int_equal(chg.softirq_threshold_us, 7);

	OK(&chg, "stall_threshold", "1");
	assert_int_equal(chg.set, IRQW_SET_STALL_THRESHOLD);
	assert_int_equal(chg.stall_threshold_us, 1);
	OK(&chg, "stall_threshold_us", "10s");
	assert_int_equal(chg.set, IRQW_SET_STALL_THRESHOLD);
	assert_int_equal(chg.stall_threshold_us, 10000000);

	OK(&chg, "detectors", "irqoff,storm");
	assert_int_equal(chg.set, IRQW_SET_DETECTORS);
	assert_int_equal(chg.detectors, (1U << IRQWATCH_DET_IRQOFF) |
					(1U << IRQWATCH_DET_STORM));
	/* the tool refuses none of them: the module says what it has */
	OK(&chg, "detectors", "irqoff,softirq,stall");
	assert_int_equal(chg.detectors, (1U << IRQWATCH_DET_IRQOFF) |
					(1U << IRQWATCH_DET_SOFTIRQ) |
					(1U << IRQWATCH_DET_STALL));
	OK(&chg, "detectors", "stall,softirq,storm,irqoff");
	assert_int_equal(chg.detectors, (1U << __IRQWATCH_DET_MAX) - 1);
	OK(&chg, "detectors", "none");
	assert_int_equal(chg.set, IRQW_SET_DETECTORS);
	assert_int_equal(chg.detectors, 0);

	parse_ok(&chg, 2, (char *[]){ "cpus", cpus });
	assert_int_equal(chg.set, IRQW_SET_CPUS);
	/* passed on as given, not reformatted */
	assert_ptr_equal(chg.cpus, cpus);
	OK(&chg, "cpus", "8,0-3");
	assert_string_equal(chg.cpus, "8,0-3");
}

static void test_all_keys(void **state)
{
	struct irqw_config_change chg;

	OK(&chg, "cpus", "1", "stall_threshold_us", "3", "detectors", "softirq",
	   "softirq_threshold", "4ms", "irqoff_threshold", "5ms",
	   "period", "1ms", "storm_interval", "2s", "softirq_storm_pct", "60",
	   "hardirq_storm_rate", "50000", "hardirq_storm_pct", "25%",
	   "imbalance_pct", "30");
	assert_int_equal(chg.set, IRQW_SET_ALL);
	assert_int_equal(chg.storm_interval_ms, 2000);
	assert_int_equal(chg.softirq_storm_pct, 60);
	assert_int_equal(chg.hardirq_storm_rate, 50000);
	assert_int_equal(chg.hardirq_storm_pct, 25);
	assert_int_equal(chg.imbalance_pct, 30);
	assert_int_equal(chg.period_us, 1000);
	assert_int_equal(chg.irqoff_threshold_us, 5000);
	assert_int_equal(chg.softirq_threshold_us, 4000);
	assert_int_equal(chg.stall_threshold_us, 3);
	assert_int_equal(chg.detectors, 1U << IRQWATCH_DET_SOFTIRQ);
	assert_string_equal(chg.cpus, "1");
}

/* The storm detector's keys: an interval in whole ms, percentages, a rate. */
static void test_storm_keys(void **state)
{
	struct irqw_config_change chg;

	OK(&chg, "storm_interval", "1s");
	assert_int_equal(chg.set, IRQW_SET_STORM_INTERVAL);
	assert_int_equal(chg.storm_interval_ms, 1000);
	/* a bare number is milliseconds, the unit of storm_interval_ms */
	OK(&chg, "storm_interval", "250");
	assert_int_equal(chg.storm_interval_ms, 250);
	OK(&chg, "storm_interval_ms", "100ms");
	assert_int_equal(chg.storm_interval_ms, IRQWATCH_STORM_INTERVAL_MS_MIN);
	OK(&chg, "storm_interval", "10s");
	assert_int_equal(chg.storm_interval_ms, IRQWATCH_STORM_INTERVAL_MS_MAX);
	OK(&chg, "storm_interval", "1.5s");
	assert_int_equal(chg.storm_interval_ms, 1500);
	OK(&chg, "storm_interval", "200000us");
	assert_int_equal(chg.storm_interval_ms, 200);
	BAD("storm_interval must be from 100 ms to 10000 ms (whole milliseconds), not '99ms'",
	    "storm_interval", "99ms");
	BAD("storm_interval must be from 100 ms to 10000 ms", "storm_interval",
	    "10001");
	BAD("storm_interval must be from 100 ms to 10000 ms", "storm_interval",
	    "0");
	BAD("(whole milliseconds), not '100500us'", "storm_interval",
	    "100500us");
	BAD("storm_interval_ms must be from", "storm_interval_ms",
	    "99999999999999999999999");
	BAD("invalid storm_interval 'soon': expected a duration such as 500ms or 2s",
	    "storm_interval", "soon");
	BAD("invalid storm_interval '-1'", "storm_interval", "-1");

	OK(&chg, "softirq_storm_pct", "50");
	assert_int_equal(chg.set, IRQW_SET_SOFTIRQ_STORM_PCT);
	assert_int_equal(chg.softirq_storm_pct, 50);
	OK(&chg, "hardirq_storm_pct", "100%");
	assert_int_equal(chg.set, IRQW_SET_HARDIRQ_STORM_PCT);
	assert_int_equal(chg.hardirq_storm_pct, 100);
	OK(&chg, "imbalance_pct", "1");
	assert_int_equal(chg.set, IRQW_SET_IMBALANCE_PCT);
	assert_int_equal(chg.imbalance_pct, 1);
	BAD("softirq_storm_pct must be from 1 to 100 (%), not '0'",
	    "softirq_storm_pct", "0");
	BAD("imbalance_pct must be from 1 to 100 (%), not '101%'",
	    "imbalance_pct", "101%");
	BAD("invalid hardirq_storm_pct '20.5': expected a percentage such as 50 or 50%",
	    "hardirq_storm_pct", "20.5");
	BAD("invalid softirq_storm_pct '%'", "softirq_storm_pct", "%");
	BAD("invalid imbalance_pct '50%%'", "imbalance_pct", "50%%");

	OK(&chg, "hardirq_storm_rate", "40000");
	assert_int_equal(chg.set, IRQW_SET_HARDIRQ_STORM_RATE);
	assert_int_equal(chg.hardirq_storm_rate, 40000);
	OK(&chg, "hardirq_storm_rate", "10000000");
	assert_int_equal(chg.hardirq_storm_rate, IRQWATCH_HARDIRQ_STORM_RATE_MAX);
	BAD("hardirq_storm_rate must be from 1 to 10000000, not '10000001'",
	    "hardirq_storm_rate", "10000001");
	BAD("hardirq_storm_rate must be from 1 to 10000000, not '0'",
	    "hardirq_storm_rate", "0");
	/* a rate is no percentage */
	BAD("invalid hardirq_storm_rate '40000%': expected a whole number",
	    "hardirq_storm_rate", "40000%");
	BAD("softirq_storm_pct given more than once", "softirq_storm_pct", "5",
	    "softirq_storm_pct", "6");
	BAD("imbalance_pct needs a value", "imbalance_pct");
}

static void test_units(void **state)
{
	struct irqw_config_change chg;

	OK(&chg, "period", "1.5ms");
	assert_int_equal(chg.period_us, 1500);
	OK(&chg, "period", "0.1s");
	assert_int_equal(chg.period_us, 100000);
	OK(&chg, "period", "250us");
	assert_int_equal(chg.period_us, 250);
	OK(&chg, "irqoff_threshold", "2.5s");
	assert_int_equal(chg.irqoff_threshold_us, 2500000);

	BAD("invalid period '20x'", "period", "20x");
	BAD("expected a duration such as 500us, 20ms or 1s", "period", "");
	BAD("invalid period_us '-1'", "period_us", "-1");
	BAD("invalid irqoff_threshold '1 ms'", "irqoff_threshold", "1 ms");
	BAD("invalid softirq_threshold '1m'", "softirq_threshold", "1m");
	BAD("invalid stall_threshold '1ns'", "stall_threshold", "1ns");
	/* not a whole number of microseconds */
	BAD("whole microseconds", "period", "150.5us");
	BAD("whole microseconds", "stall_threshold", "0.5");
}

static void test_limits(void **state)
{
	static const struct {
		const char *key;
		uint32_t min, max;
	} limits[] = {
		{ "period", IRQWATCH_PERIOD_US_MIN, IRQWATCH_PERIOD_US_MAX },
		{ "irqoff_threshold", 1, IRQWATCH_THRESHOLD_US_MAX },
		{ "softirq_threshold", 1, IRQWATCH_THRESHOLD_US_MAX },
		{ "stall_threshold", IRQWATCH_STALL_THRESHOLD_US_MIN,
		  IRQWATCH_THRESHOLD_US_MAX },
	};
	struct irqw_config_change chg;
	char key[64], val[32], want[128];
	uint32_t *field[] = {
		&chg.period_us, &chg.irqoff_threshold_us,
		&chg.softirq_threshold_us, &chg.stall_threshold_us,
	};
	size_t i;

	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		snprintf(key, sizeof(key), "%s", limits[i].key);
		snprintf(val, sizeof(val), "%uus", limits[i].min);
		parse_ok(&chg, 2, (char *[]){ key, val });
		assert_int_equal(*field[i], limits[i].min);
		snprintf(val, sizeof(val), "%u", limits[i].max);
		parse_ok(&chg, 2, (char *[]){ key, val });
		assert_int_equal(*field[i], limits[i].max);

		snprintf(want, sizeof(want), "%s must be from %u to %u us",
			 key, limits[i].min, limits[i].max);
		snprintf(val, sizeof(val), "%u", limits[i].min - 1);
		parse_bad(want, 2, (char *[]){ key, val });
		snprintf(val, sizeof(val), "%u", limits[i].max + 1);
		parse_bad(want, 2, (char *[]){ key, val });
		/* too large for 32 and for 64 bits */
		parse_bad(want, 2, (char *[]){ key, "4294967296" });
		parse_bad(want, 2, (char *[]){ key, "4294968s" });
		parse_bad(want, 2, (char *[]){ key, "18446744073709551616" });
		parse_bad(want, 2, (char *[]){ key, "18446744073709552ms" });
	}
	BAD("period must be from 100 to 100000 us", "period", "99us");
	BAD("period must be from 100 to 100000 us", "period", "101ms");
	BAD("not '11s'", "irqoff_threshold", "11s");
	BAD("softirq_threshold_us must be from 1 ", "softirq_threshold_us", "0");
	BAD("stall_threshold must be from 1 ", "stall_threshold", "0ms");
}

static void test_duplicates(void **state)
{
	BAD("period given more than once", "period", "1ms", "period", "1ms");
	BAD("period given more than once", "period", "1ms", "period_us", "2ms");
	BAD("period given more than once", "period_us", "1ms", "cpus", "0",
	    "period", "2ms");
	BAD("irqoff_threshold given more than once", "irqoff_threshold_us", "3",
	    "irqoff_threshold_us", "3");
	BAD("softirq_threshold given more than once", "softirq_threshold", "3",
	    "softirq_threshold", "4");
	BAD("stall_threshold given more than once", "stall_threshold", "3",
	    "stall_threshold_us", "4");
	BAD("detectors given more than once", "detectors", "none",
	    "detectors", "irqoff");
	BAD("cpus given more than once", "cpus", "0", "cpus", "0");
}

static void test_unknown_key(void **state)
{
	static const char *const bad[] = {
		"foo", "", "Period", "PERIOD", "period_ms", "period_", "periods",
		"detectors_us", "cpus_us", "cpu", "threshold", "_us", "us",
		"irqoff", "stall_threshold_us_us", "--json", "storm_interval_us",
		"storm", "softirq_storm_pct_us", "imbalance", "hardirq_storm",
		"storm_interval_ms_ms",
	};
	char want[128];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(want, sizeof(want), "unknown key '%s'", bad[i]);
		parse_bad(want, 2, (char *[]){ (char *)bad[i], "1" });
		parse_bad(want, 1, (char *[]){ (char *)bad[i] });
	}
	BAD("(valid keys: period, irqoff_threshold, softirq_threshold, "
	    "stall_threshold, detectors, cpus, storm_interval, "
	    "softirq_storm_pct, hardirq_storm_rate, hardirq_storm_pct, "
	    "imbalance_pct)", "foo", "1");
	/* shown by "irqwatch config", but fixed when the module is loaded */
	BAD("ring_kb is fixed when the module is loaded", "ring_kb", "128");
	BAD("ring_kb is fixed when the module is loaded", "ring", "128");
	BAD("ring_kb is fixed when the module is loaded", "period", "1ms",
	    "ring_kb");
	/* nothing is taken from before the bad key either */
	BAD("unknown key 'x'", "period", "1ms", "x", "1");
}

static void test_missing_value(void **state)
{
	BAD("period needs a value", "period");
	BAD("period_us needs a value", "period_us");
	BAD("irqoff_threshold needs a value", "irqoff_threshold");
	BAD("softirq_threshold_us needs a value", "softirq_threshold_us");
	BAD("stall_threshold needs a value", "stall_threshold");
	BAD("detectors needs a value", "detectors");
	BAD("cpus needs a value", "period", "1ms", "cpus");
}

static void test_bad_detectors(void **state)
{
	struct irqw_config_change chg;

	BAD("unknown detector 'foo' (valid: irqoff, softirq, storm, stall, none)",
	    "detectors", "foo");
	BAD("unknown detector 'bar'", "detectors", "irqoff,bar,storm");
	BAD("unknown detector 'IRQOFF'", "detectors", "IRQOFF");
	BAD("unknown detector 'none'", "detectors", "irqoff,none");
	BAD("unknown detector 'irqoff '", "detectors", "irqoff ");
	BAD("invalid detectors 'irqoff,': empty name", "detectors", "irqoff,");
	BAD("invalid detectors ',irqoff': empty name", "detectors", ",irqoff");
	BAD("empty name", "detectors", "irqoff,,storm");
	/* as the module parameter: an empty list is none */
	OK(&chg, "detectors", "");
	assert_int_equal(chg.detectors, 0);
}

static void test_bad_cpus(void **state)
{
	static const char *const bad[] = {
		"", "x", "none", "all", "-1", "0-", "-3", "3-1", "0,", ",0",
		"0,,1", "0 1", " 0", "0-3,8-", "1.5",
	};
	struct irqw_config_change chg;
	char want[128], *list;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(want, sizeof(want),
			 "invalid cpus '%s': expected CPU numbers and ranges",
			 bad[i]);
		parse_bad(want, 2, (char *[]){ "cpus", (char *)bad[i] });
	}
	BAD("invalid cpus '8192': CPU numbers must be below 8192", "cpus", "8192");
	BAD("CPU numbers must be below 8192", "cpus", "0-99999999999999999999999");
	OK(&chg, "cpus", "8191");

	/* the longest list the module takes, then one character more */
	list = malloc(IRQWATCH_CPUS_LEN_MAX + 1);
	assert_non_null(list);
	for (i = 0; i < IRQWATCH_CPUS_LEN_MAX - 1; i++)
		list[i] = i % 2 ? ',' : '1';
	list[IRQWATCH_CPUS_LEN_MAX - 1] = '\0';
	parse_ok(&chg, 2, (char *[]){ "cpus", list });
	assert_ptr_equal(chg.cpus, list);
	list[IRQWATCH_CPUS_LEN_MAX - 1] = ',';
	list[IRQWATCH_CPUS_LEN_MAX] = '\0';
	parse_bad("cpus list too long (at most 4095 characters)", 2,
		  (char *[]){ "cpus", list });
	free(list);
}

/* A reason that does not fit is cut, NUL-terminated, never overrun. */
static void test_small_buffer(void **state)
{
	struct irqw_config_change chg = untouched;
	char err[16];

	memset(err, 'x', sizeof(err));
	assert_int_equal(config_args_parse(2, ARGV("foo", "1"), &chg, err, 8),
			 -EINVAL);
	assert_string_equal(err, "unknown");
	assert_int_equal(err[8], 'x');
	assert_int_equal(config_args_parse(2, ARGV("foo", "1"), &chg, NULL, 0),
			 -EINVAL);
	assert_memory_equal(&chg, &untouched, sizeof(chg));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_each_key),
		cmocka_unit_test(test_all_keys),
		cmocka_unit_test(test_storm_keys),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_missing_value),
		cmocka_unit_test(test_bad_detectors),
		cmocka_unit_test(test_bad_cpus),
		cmocka_unit_test(test_small_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
