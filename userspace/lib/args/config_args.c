// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/irqwatch.h>

#include "config_args.h"
#include "units.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* "irqoff, softirq, storm, stall": each name and its separator */
#define DETECTOR_NAMES_LEN	(__IRQWATCH_DET_MAX * 16)

enum kind { DURATION, DETECTORS, CPUS };

#define DURATION_KEY(key, bit, min, max) \
	{ #key, bit, DURATION, min, max, \
	  offsetof(struct irqw_config_change, key##_us) }

static const struct key {
	const char *name;
	unsigned int bit;	/* IRQW_SET_* */
	enum kind kind;
	/* DURATION only: limits, and where the value goes in the change */
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
		    (keys[i].kind == DURATION && !strcmp(name + len, "_us")))
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
