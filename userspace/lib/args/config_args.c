// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <linux/irqwatch.h>

#include "config_args.h"
#include "units.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* "irqoff, softirq, storm, stall": each name and its separator */
#define DETECTOR_NAMES_LEN	(__IRQWATCH_DET_MAX * 16)

enum kind { DURATION, DETECTORS, CPUS, INTERVAL_MS, NUMBER };

#define DURATION_KEY(key, bit, min, max) \
	{ #key, bit, DURATION, min, max, \
	  offsetof(struct irqw_config_change, key##_us) }

/* A whole number (a percentage may end in %), within its limits. */
#define NUMBER_KEY(key, bit, max) \
	{ #key, bit, NUMBER, 1, max, offsetof(struct irqw_config_change, key) }

static const struct key {
	const char *name;
	unsigned int bit;	/* IRQW_SET_* */
	enum kind kind;
	/* DURATION, INTERVAL_MS, NUMBER: limits, where the value goes */
	uint32_t min, max;
	size_t offset;
} keys[] = {
	DURATION_KEY(period, IRQW_SET_PERIOD,
		     IRQWATCH_PERIOD_US_MIN, IRQWATCH_PERIOD_US_MAX),
	DURATION_KEY(irqoff_threshold, IRQW_SET_IRQOFF_THRESHOLD,
		     1, IRQWATCH_THRESHOLD_US_MAX),
	DURATION_KEY(softirq_threshold, IRQW_SET_SOFTIRQ_THRESHOLD,
		     1, IRQWATCH_THRESHOLD_US_MAX),
	DURATION_KEY(stall_threshold, IRQW_SET_STALL_THRESHOLD,
		     IRQWATCH_STALL_THRESHOLD_US_MIN, IRQWATCH_THRESHOLD_US_MAX),
	{ "detectors", IRQW_SET_DETECTORS, DETECTORS, 0, 0, 0 },
	{ "cpus", IRQW_SET_CPUS, CPUS, 0, 0, 0 },
	{ "storm_interval", IRQW_SET_STORM_INTERVAL, INTERVAL_MS,
	  IRQWATCH_STORM_INTERVAL_MS_MIN, IRQWATCH_STORM_INTERVAL_MS_MAX,
	  offsetof(struct irqw_config_change, storm_interval_ms) },
	NUMBER_KEY(softirq_storm_pct, IRQW_SET_SOFTIRQ_STORM_PCT, 100),
	NUMBER_KEY(hardirq_storm_rate, IRQW_SET_HARDIRQ_STORM_RATE,
		   IRQWATCH_HARDIRQ_STORM_RATE_MAX),
	NUMBER_KEY(hardirq_storm_pct, IRQW_SET_HARDIRQ_STORM_PCT, 100),
	NUMBER_KEY(imbalance_pct, IRQW_SET_IMBALANCE_PCT, 100),
};

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* The key called name, or for a duration name + "_us"; NULL if none. */
static const struct key *find_key(const char *name)
{
	size_t i, len;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		len = strlen(keys[i].name);
		if (strncmp(name, keys[i].name, len))
			continue;
		if (!name[len] ||
		    (keys[i].kind == DURATION && !strcmp(name + len, "_us")) ||
		    (keys[i].kind == INTERVAL_MS && !strcmp(name + len, "_ms")))
			return &keys[i];
	}
	return NULL;
}

static int parse_duration(const struct key *key, const char *name,
			  const char *val, struct irqw_config_change *chg,
			  char *err, size_t size)
{
	uint32_t v;
	uint64_t us;
	int ret;

	ret = irqw_parse_duration_us(val, &us);
	if (ret == -EINVAL)
		return fail(err, size,
			    "invalid %s '%s': expected a duration such as 500us, 20ms or 1s",
			    name, val);
	/* -ERANGE: too large for 64 bits, or a fraction of a microsecond */
	if (ret || us < key->min || us > key->max)
		return fail(err, size,
			    "%s must be from %" PRIu32 " to %" PRIu32
			    " us (whole microseconds), not '%s'",
			    name, key->min, key->max, val);
	v = (uint32_t)us;	/* every limit fits in 32 bits */
	memcpy((char *)chg + key->offset, &v, sizeof(v));
	return 0;
}

/*
 * The storm interval: a duration in whole milliseconds ("1s", "500ms",
 * "1500000us"); a bare number is milliseconds, the unit of the module's
 * storm_interval_ms.
 */
static int parse_interval(const struct key *key, const char *name,
			  const char *val, struct irqw_config_change *chg,
			  char *err, size_t size)
{
	uint64_t ms, us;
	uint32_t v;
	int ret;

	ret = irqw_parse_uint(val, &ms);
	if (ret == -EINVAL) {
		ret = irqw_parse_duration_us(val, &us);
		if (ret == -EINVAL)
			return fail(err, size,
				    "invalid %s '%s': expected a duration such as 500ms or 2s",
				    name, val);
		if (!ret && us % 1000)
			ret = -ERANGE;
		ms = us / 1000;
	}
	if (ret || ms < key->min || ms > key->max)
		return fail(err, size,
			    "%s must be from %" PRIu32 " ms to %" PRIu32
			    " ms (whole milliseconds), not '%s'",
			    name, key->min, key->max, val);
	v = (uint32_t)ms;
	memcpy((char *)chg + key->offset, &v, sizeof(v));
	return 0;
}

/* A whole number within the key's limits; a _pct one may end in '%'. */
static int parse_number(const struct key *key, const char *name,
			const char *val, struct irqw_config_change *chg,
			char *err, size_t size)
{
	bool pct = key->max == 100;
	char buf[32];
	uint64_t n;
	uint32_t v;
	size_t len = strlen(val);
	int ret;

	if (pct && len && val[len - 1] == '%')
		len--;
	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;	/* too long for any limit */
	memcpy(buf, val, len);
	buf[len] = '\0';
	ret = irqw_parse_uint(buf, &n);
	if (ret == -EINVAL)
		return fail(err, size, "invalid %s '%s': expected %s", name, val,
			    pct ? "a percentage such as 50 or 50%" :
				  "a whole number such as 40000");
	if (ret || n < key->min || n > key->max)
		return fail(err, size, "%s must be from %" PRIu32 " to %" PRIu32
			    "%s, not '%s'", name, key->min, key->max,
			    pct ? " (%)" : "", val);
	v = (uint32_t)n;
	memcpy((char *)chg + key->offset, &v, sizeof(v));
	return 0;
}

static int parse_detectors(const char *val, struct irqw_config_change *chg,
			   char *err, size_t size)
{
	char names[DETECTOR_NAMES_LEN] = "";
	const char *bad = val, *name;
	unsigned int det;
	size_t len;

	if (!irqw_detectors_parse(val, &chg->detectors, &bad))
		return 0;
	len = strcspn(bad, ",");
	if (!len)
		return fail(err, size, "invalid detectors '%s': empty name", val);
	for (det = 0; det < __IRQWATCH_DET_MAX; det++) {
		name = irqw_detector_name(det);
		if (name)
			snprintf(names + strlen(names),
				 sizeof(names) - strlen(names), "%s, ", name);
	}
	return fail(err, size, "unknown detector '%.*s' (valid: %snone)",
		    (int)len, bad, names);
}

static int parse_cpus(const char *val, struct irqw_config_change *chg,
		      char *err, size_t size)
{
	struct irqw_cpumask mask;
	int ret;

	if (strlen(val) >= IRQWATCH_CPUS_LEN_MAX)
		return fail(err, size, "cpus list too long (at most %d characters)",
			    IRQWATCH_CPUS_LEN_MAX - 1);
	ret = irqw_cpulist_parse(val, &mask);
	if (ret == -ERANGE)
		return fail(err, size,
			    "invalid cpus '%s': CPU numbers must be below %d",
			    val, IRQW_MAX_CPUS);
	if (ret)
		return fail(err, size,
			    "invalid cpus '%s': expected CPU numbers and ranges such as 0-3,8",
			    val);
	chg->cpus = val;
	return 0;
}

int config_args_parse(int argc, char *const argv[],
		      struct irqw_config_change *chg, char *err, size_t size)
{
	struct irqw_config_change c = { 0 };
	const struct key *key;
	int i, ret;

	for (i = 0; i < argc; i += 2) {
		key = find_key(argv[i]);
		if (!key && (!strcmp(argv[i], "ring") ||
			     !strcmp(argv[i], "ring_kb")))
			return fail(err, size,
				    "ring_kb is fixed when the module is loaded (module parameter ring_kb)");
		if (!key)
			return fail(err, size, "unknown key '%s' (valid keys: %s)",
				    argv[i], CONFIG_KEYS);
		if (c.set & key->bit)
			return fail(err, size, "%s given more than once",
				    key->name);
		if (i + 1 == argc)
			return fail(err, size, "%s needs a value", argv[i]);
		switch (key->kind) {
		case DURATION:
			ret = parse_duration(key, argv[i], argv[i + 1], &c, err,
					     size);
			break;
		case DETECTORS:
			ret = parse_detectors(argv[i + 1], &c, err, size);
			break;
		case INTERVAL_MS:
			ret = parse_interval(key, argv[i], argv[i + 1], &c, err,
					     size);
			break;
		case NUMBER:
			ret = parse_number(key, argv[i], argv[i + 1], &c, err,
					   size);
			break;
		default:
			ret = parse_cpus(argv[i + 1], &c, err, size);
			break;
		}
		if (ret)
			return ret;
		c.set |= key->bit;
	}
	*chg = c;
	return 0;
}
