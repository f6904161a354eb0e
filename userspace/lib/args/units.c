// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/irqwatch.h>

#include "units.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const detector_names[__IRQWATCH_DET_MAX] = {
	[IRQWATCH_DET_IRQOFF]	= "irqoff",
	[IRQWATCH_DET_SOFTIRQ]	= "softirq",
	[IRQWATCH_DET_STORM]	= "storm",
	[IRQWATCH_DET_STALL]	= "stall",
};

static const struct {
	const char *name;
	uint64_t us;
} duration_units[] = {
	{ "us", 1 },
	{ "ms", 1000 },
	{ "s", 1000000 },
};

/*
 * The largest unit is 10^6 us, so a fraction digit past the sixth that is not
 * zero can never add up to whole microseconds.
 */
#define FRACTION_SCALE_MAX 1000000

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* One or more decimal digits, no sign, no white space. */
static int parse_u64(const char *s, const char **end, uint64_t *val)
{
	uint64_t v = 0;

	if (!is_digit(*s))
		return -EINVAL;
	for (; is_digit(*s); s++) {
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (uint64_t)(*s - '0'), &v))
			return -ERANGE;
	}
	*end = s;
	*val = v;
	return 0;
}

int irqw_parse_duration_us(const char *s, uint64_t *us)
{
	uint64_t whole, frac = 0, scale = 1, mult = 1, v;
	bool sub_us = false;
	const char *p;
	size_t i;
	int ret;

	ret = parse_u64(s, &p, &whole);
	if (ret)
		return ret;
	if (*p == '.') {
		if (!is_digit(*++p))
			return -EINVAL;
		for (; is_digit(*p); p++) {
			if (scale < FRACTION_SCALE_MAX) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				scale *= 10;
			} else if (*p != '0') {
				sub_us = true;
			}
		}
	}
	if (*p) {
		for (i = 0; i < ARRAY_SIZE(duration_units); i++)
			if (!strcmp(p, duration_units[i].name))
				break;
		if (i == ARRAY_SIZE(duration_units))
			return -EINVAL;
		mult = duration_units[i].us;
	}
	if (sub_us || frac * mult % scale)
		return -ERANGE;
	if (__builtin_mul_overflow(whole, mult, &v) ||
	    __builtin_add_overflow(v, frac * mult / scale, &v))
		return -ERANGE;
	*us = v;
	return 0;
}

int irqw_parse_uint(const char *s, uint64_t *val)
{
	const char *end;
	uint64_t v;
	int ret;

	ret = parse_u64(s, &end, &v);
	if (ret)
		return ret;
	if (*end)
		return -EINVAL;
	*val = v;
	return 0;
}

int irqw_parse_size(const char *s, uint64_t *bytes)
{
	static const char suffixes[] = "KMGT";
	const char *p, *suffix;
	unsigned int shift;
	uint64_t v;
	int ret;

	ret = parse_u64(s, &p, &v);
	if (ret)
		return ret;
	if (*p) {
		suffix = strchr(suffixes, toupper((unsigned char)*p));
		if (!suffix || p[1])
			return -EINVAL;
		shift = 10 * (unsigned int)(suffix - suffixes + 1);
		if (v > UINT64_MAX >> shift)
			return -ERANGE;
		v <<= shift;
	}
	*bytes = v;
	return 0;
}

int irqw_cpulist_parse(const char *s, struct irqw_cpumask *mask)
{
	struct irqw_cpumask m = { 0 };
	uint64_t first, last;
	const char *p = s;
	int ret;

	for (;;) {
		ret = parse_u64(p, &p, &first);
		if (ret)
			return ret;
		last = first;
		if (*p == '-') {
			ret = parse_u64(p + 1, &p, &last);
			if (ret)
				return ret;
		}
		if (first > last)
			return -EINVAL;
		if (last >= IRQW_MAX_CPUS)
			return -ERANGE;
		for (; first <= last; first++)
			irqw_cpumask_set(&m, (unsigned int)first);
		if (!*p)
			break;
		if (*p++ != ',')
			return -EINVAL;
	}
	*mask = m;
	return 0;
}

int irqw_cpulist_format(const struct irqw_cpumask *mask, char *buf,
			size_t size)
{
	unsigned int cpu, last;
	size_t len = 0;
	int n;

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	for (cpu = 0; cpu < IRQW_MAX_CPUS; cpu++) {
		if (!irqw_cpumask_test(mask, cpu))
			continue;
		for (last = cpu; last + 1 < IRQW_MAX_CPUS &&
				 irqw_cpumask_test(mask, last + 1); last++)
			;
		if (last == cpu)
			n = snprintf(buf + len, size - len, "%s%u",
				     len ? "," : "", cpu);
		else
			n = snprintf(buf + len, size - len, "%s%u-%u",
				     len ? "," : "", cpu, last);
		if (n < 0 || (size_t)n >= size - len)
			return -ENOSPC;
		len += (size_t)n;
		cpu = last;
	}
	return 0;
}

const char *irqw_detector_name(unsigned int det)
{
	return det < __IRQWATCH_DET_MAX ? detector_names[det] : NULL;
}

int irqw_detectors_parse(const char *s, uint32_t *mask, const char **bad)
{
	const char *p = s;
	unsigned int det;
	uint32_t m = 0;
	size_t len;

	if (!strcmp(s, "none")) {
		*mask = 0;
		return 0;
	}
	while (*p) {
		len = strcspn(p, ",");
		for (det = 0; det < __IRQWATCH_DET_MAX; det++)
			if (detector_names[det] &&
			    strlen(detector_names[det]) == len &&
			    !strncmp(p, detector_names[det], len))
				break;
		if (det == __IRQWATCH_DET_MAX) {
			if (bad)
				*bad = p;
			return -EINVAL;
		}
		m |= 1U << det;
		p += len;
		if (*p == ',' && !*++p) {
			/* trailing comma: an empty name */
			if (bad)
				*bad = p;
			return -EINVAL;
		}
	}
	*mask = m;
	return 0;
}

int irqw_detectors_format(uint32_t mask, char *buf, size_t size)
{
	const char *name;
	unsigned int det;
	size_t len = 0;
	int n;

	if (!mask) {
		n = snprintf(buf, size, "none");
		return n < 0 || (size_t)n >= size ? -ENOSPC : 0;
	}
	for (det = 0; det < 32; det++) {
		if (!(mask & (1U << det)))
			continue;
		name = irqw_detector_name(det);
		if (name)
			n = snprintf(buf + len, size - len, "%s%s",
				     len ? "," : "", name);
		else
			n = snprintf(buf + len, size - len, "%sbit%u",
				     len ? "," : "", det);
		if (n < 0 || (size_t)n >= size - len)
			return -ENOSPC;
		len += (size_t)n;
	}
	return 0;
}
