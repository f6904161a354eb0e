/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Parsers and formatters for values given on the command line. All of them
 * return 0 or a negative errno (-EINVAL: malformed, -ERANGE: well formed but
 * not representable, -ENOSPC: output buffer too small) and never print. On
 * error a parser leaves its output untouched and a formatter's buffer holds
 * no meaningful string.
 */
#ifndef IRQW_UNITS_H
#define IRQW_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest CPU count a cpulist may describe (the kernel's NR_CPUS limit). */
#define IRQW_MAX_CPUS 8192

struct irqw_cpumask {
	uint64_t bits[IRQW_MAX_CPUS / 64];
};

static inline void irqw_cpumask_set(struct irqw_cpumask *mask, unsigned int cpu)
{
	mask->bits[cpu / 64] |= UINT64_C(1) << (cpu % 64);
}

static inline bool irqw_cpumask_test(const struct irqw_cpumask *mask,
				     unsigned int cpu)
{
	return mask->bits[cpu / 64] & (UINT64_C(1) << (cpu % 64));
}

/*
 * "1.5ms" -> 1500. Units: "us", "ms", "s"; a bare number is microseconds.
 * A fraction must come out as a whole number of microseconds.
 */
int irqw_parse_duration_us(const char *s, uint64_t *us);

/* A whole number in decimal digits only: "17" -> 17. */
int irqw_parse_uint(const char *s, uint64_t *val);

/* "64K" -> 65536. Suffixes K, M, G, T (powers of 1024, either case). */
int irqw_parse_size(const char *s, uint64_t *bytes);

/*
 * "0-3,8": comma separated CPU numbers and ascending ranges, each below
 * IRQW_MAX_CPUS; the mask is cleared first.
 */
int irqw_cpulist_parse(const char *s, struct irqw_cpumask *mask);
/* The inverse, with maximal ranges in ascending order; "" for no CPUs. */
int irqw_cpulist_format(const struct irqw_cpumask *mask, char *buf,
			size_t size);

/* Name of a bit of enum irqwatch_detector, NULL if it has none. */
const char *irqw_detector_name(unsigned int det);
/*
 * "irqoff,storm" -> bit mask of enum irqwatch_detector; "none" or "" is 0.
 * On -EINVAL, *bad (if bad is not NULL) points at the offending name in s,
 * which ends at the next ',' or at the end of s.
 */
int irqw_detectors_parse(const char *s, uint32_t *mask, const char **bad);
/* The inverse; "none" for 0, bits without a name as "bitN". */
int irqw_detectors_format(uint32_t mask, char *buf, size_t size);

#endif /* IRQW_UNITS_H */
