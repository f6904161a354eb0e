// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pctl.h"

#define SUB	(1U << IRQW_PCTL_SUB_BITS)

unsigned int irqw_pctl_bucket(uint64_t v)
{
	unsigned int e;

	if (v < SUB)
		return (unsigned int)v;
	e = 63 - (unsigned int)__builtin_clzll(v);	/* >= SUB_BITS */
	return ((e - IRQW_PCTL_SUB_BITS + 1) << IRQW_PCTL_SUB_BITS) +
	       (unsigned int)((v >> (e - IRQW_PCTL_SUB_BITS)) & (SUB - 1));
}

uint64_t irqw_pctl_low(unsigned int b)
{
	unsigned int e;

	if (b < SUB)
		return b;
	e = (b >> IRQW_PCTL_SUB_BITS) + IRQW_PCTL_SUB_BITS - 1;
	return ((uint64_t)(SUB + (b & (SUB - 1)))) << (e - IRQW_PCTL_SUB_BITS);
}

/*
 * Makes p->counts hold buckets lo .. hi - 1 as well as those it holds
 * (whole powers of two: lo and hi are rounded out to SUB). 0 or -ENOMEM.
 */
static int cover(struct irqw_pctl *p, unsigned int lo, unsigned int hi)
{
	uint64_t *n;

	lo &= ~(SUB - 1);
	hi = (hi + SUB - 1) & ~(SUB - 1);
	if (p->counts) {
		if (lo >= p->lo && hi <= p->hi)
			return 0;
		lo = lo < p->lo ? lo : p->lo;
		hi = hi > p->hi ? hi : p->hi;
	}
	n = calloc(hi - lo, sizeof(*n));
	if (!n)
		return -ENOMEM;
	if (p->counts)
		memcpy(n + (p->lo - lo), p->counts, (p->hi - p->lo) * sizeof(*n));
	free(p->counts);
	p->counts = n;
	p->lo = lo;
	p->hi = hi;
	return 0;
}

int irqw_pctl_add(struct irqw_pctl *p, uint64_t v)
{
	unsigned int b = irqw_pctl_bucket(v), lo = b, hi = b + 1, k;
	uint64_t i;

	if (!p->counts && p->n < IRQW_PCTL_EXACT) {
		if (!p->exact) {
			p->exact = malloc(IRQW_PCTL_EXACT * sizeof(*p->exact));
			if (!p->exact)
				return -ENOMEM;
		}
		p->exact[p->n++] = v;
		if (v > p->max)
			p->max = v;
		return 0;
	}
	if (!p->counts) {
		for (i = 0; i < p->n; i++) {
			k = irqw_pctl_bucket(p->exact[i]);
			lo = k < lo ? k : lo;
			hi = k + 1 > hi ? k + 1 : hi;
		}
		if (cover(p, lo, hi))
			return -ENOMEM;
		for (i = 0; i < p->n; i++)
			p->counts[irqw_pctl_bucket(p->exact[i]) - p->lo]++;
		free(p->exact);
		p->exact = NULL;
	} else if (cover(p, b, b + 1)) {
		return -ENOMEM;
	}
	p->counts[b - p->lo]++;
	p->n++;
	if (v > p->max)
		p->max = v;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The rank-th smallest of the exact values (sorted in place). */
static uint64_t kth(const struct irqw_pctl *p, uint64_t rank)
{
	qsort(p->exact, p->n, sizeof(*p->exact), cmp_u64);
	return p->exact[rank - 1];
}

uint64_t irqw_pctl_get(const struct irqw_pctl *p, double pct)
{
	uint64_t rank, seen = 0, low, high, mid;
	unsigned int b;
	double x;

	if (!p->n)
		return 0;
	x = pct * (double)p->n / 100.0;	/* exact for whole p * n */
	rank = (uint64_t)x;
	if ((double)rank < x)
		rank++;	/* ceil() without libm */
	if (rank < 1)
		rank = 1;
	if (rank >= p->n)
		return p->max;
	if (!p->counts)
		return kth(p, rank);
	for (b = p->lo; b < p->hi; b++) {
		seen += p->counts[b - p->lo];
		if (seen >= rank)
			break;
	}
	if (b < SUB)
		return b;
	low = irqw_pctl_low(b);
	high = b + 1 < IRQW_PCTL_BUCKETS ? irqw_pctl_low(b + 1) - 1 : UINT64_MAX;
	mid = low + (high - low) / 2;
	return mid < p->max ? mid : p->max;
}

void irqw_pctl_free(struct irqw_pctl *p)
{
	free(p->counts);
	free(p->exact);
	p->counts = p->exact = NULL;
	p->n = p->max = 0;
	p->lo = p->hi = 0;
}
