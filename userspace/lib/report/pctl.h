/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Percentiles of durations in bounded memory. Up to IRQW_PCTL_EXACT values
 * are kept and their percentiles are exact; beyond, a log-linear histogram
 * (as HdrHistogram does) with 32 buckets per power of two: values below
 * 32 ns are exact, above a percentile is its bucket's midpoint, within 1/64
 * (1.6 %) of the true value, and never above the exact maximum. Memory is
 * at most IRQW_PCTL_BUCKETS counters, whatever the count, and only those
 * of the powers of two from the smallest value to the largest are held (a
 * culprit's windows of 1 to 100 ms: 8 powers, 256 counters, 2 KB). Rank:
 * the nearest-rank definition (the ceil(p/100 * n)-th smallest value).
 * Pure.
 */
#ifndef IRQW_PCTL_H
#define IRQW_PCTL_H

#include <stdint.h>

#define IRQW_PCTL_SUB_BITS	5
#define IRQW_PCTL_BUCKETS	((64 - IRQW_PCTL_SUB_BITS + 1) << IRQW_PCTL_SUB_BITS)
#define IRQW_PCTL_EXACT		128

struct irqw_pctl {
	uint64_t n, max;
	uint64_t *exact;	/* the first IRQW_PCTL_EXACT values, then NULL */
	/* after IRQW_PCTL_EXACT values: those of buckets lo .. hi - 1 */
	uint64_t *counts;
	unsigned int lo, hi;	/* multiples of 1 << IRQW_PCTL_SUB_BITS */
};

/* 0 or -ENOMEM. */
int irqw_pctl_add(struct irqw_pctl *p, uint64_t v);

/* The p-th percentile (0 < p <= 100); 0 for no values. */
uint64_t irqw_pctl_get(const struct irqw_pctl *p, double pct);

void irqw_pctl_free(struct irqw_pctl *p);

/* The bucket of v and the lowest value of bucket b, for the tests. */
unsigned int irqw_pctl_bucket(uint64_t v);
uint64_t irqw_pctl_low(unsigned int b);

#endif /* IRQW_PCTL_H */
