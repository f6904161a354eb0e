/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * report --baseline: the report of some logs compared with the report of
 * others (another period, or another set of hosts), aggregated the same
 * way. Periods may differ in length, so counts are compared as rates per
 * hour of their span: the sum over the report's hosts of the time from a
 * host's first record to its last (at least IRQW_CMP_SPAN_MIN_NS each).
 *
 * Each culprit (fingerprint) is one of: new (not in the baseline), grown
 * (its rate at least IRQW_CMP_FACTOR times the baseline's, or its longest
 * window at least IRQW_CMP_FACTOR times as long), gone (in the baseline
 * only), shrunk (not grown, and its rate at most 1/IRQW_CMP_FACTOR of the
 * baseline's), or unchanged. Pure.
 */
#ifndef IRQW_COMPARE_H
#define IRQW_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "report.h"

#define IRQW_CMP_FACTOR		2.0
#define IRQW_CMP_SPAN_MIN_NS	(60ULL * 1000000000ULL)	/* 1 min per host */

/* In the order the comparison lists them. */
enum irqw_change {
	IRQW_CHANGE_NEW,
	IRQW_CHANGE_GROWN,
	IRQW_CHANGE_GONE,
	IRQW_CHANGE_SHRUNK,
	IRQW_CHANGE_SAME,
	IRQW_CHANGES
};

struct irqw_cmp_culprit {
	const struct irqw_culprit *cur;		/* NULL: gone */
	const struct irqw_culprit *base;	/* NULL: new */
	enum irqw_change change;
	double rate, base_rate;			/* events per hour */
};

/* Events of a type and cause in both. */
struct irqw_cmp_tc {
	uint32_t type, cause;			/* cause 0: none */
	uint64_t n, base_n;
	double rate, base_rate;
};

struct irqw_cmp {
	double hours, base_hours;		/* the spans */
	struct irqw_cmp_culprit *c;		/* in order of change, then total */
	size_t nr_c;
	size_t nr_change[IRQW_CHANGES];
	struct irqw_cmp_tc *tc;			/* by type, then cause */
	size_t nr_tc;
};

/* The report's span in hours (see above); 0 without a record. */
double irqw_report_hours(const struct irqw_report *r);

/* n events over hours as a rate per hour; 0 for a span of 0. */
double irqw_rate(uint64_t n, double hours);

/*
 * Compares cur with base; both sorted (irqw_report_sort()). *out is the
 * caller's to free with irqw_cmp_free(). 0 or -ENOMEM.
 */
int irqw_compare(const struct irqw_report *cur, const struct irqw_report *base,
		 struct irqw_cmp *out);

void irqw_cmp_free(struct irqw_cmp *c);

/* "new", "grown", "gone", "shrunk", "unchanged" */
const char *irqw_change_name(enum irqw_change change);

#endif /* IRQW_COMPARE_H */
