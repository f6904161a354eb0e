// SPDX-License-Identifier: GPL-2.0 OR MIT
/* irqw_compare(): a report against its baseline. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

#define NSEC_PER_HOUR	(3600.0 * 1e9)

const char *irqw_change_name(enum irqw_change change)
{
	static const char *const names[IRQW_CHANGES] = {
		"new", "grown", "gone", "shrunk", "unchanged",
	};

	return change < IRQW_CHANGES ? names[change] : "?";
}

double irqw_report_hours(const struct irqw_report *r)
{
	uint64_t ns = 0, span;
	size_t i;

	for (i = 0; i < r->nr_hosts; i++) {
		span = r->hosts[i].last_ns - r->hosts[i].first_ns;
		ns += span < IRQW_CMP_SPAN_MIN_NS ? IRQW_CMP_SPAN_MIN_NS : span;
	}
	return (double)ns / NSEC_PER_HOUR;
}

double irqw_rate(uint64_t n, double hours)
{
	return hours > 0 ? (double)n / hours : 0;
}

static const struct irqw_culprit *find(const struct irqw_report *r,
				       const char *key)
{
	const struct irqw_culprit *c;

	if (!r->nr_buckets)
		return NULL;
	for (c = r->buckets[irqw_hash(key) % r->nr_buckets]; c; c = c->next)
		if (!strcmp(c->key, key))
			return c;
	return NULL;
}

static enum irqw_change classify(const struct irqw_cmp_culprit *d)
{
	if (!d->base)
		return IRQW_CHANGE_NEW;
	if (!d->cur)
		return IRQW_CHANGE_GONE;
	if (d->rate >= IRQW_CMP_FACTOR * d->base_rate ||
	    (double)d->cur->pctl.max >= IRQW_CMP_FACTOR * (double)d->base->pctl.max)
		return IRQW_CHANGE_GROWN;
	if (d->rate * IRQW_CMP_FACTOR <= d->base_rate)
		return IRQW_CHANGE_SHRUNK;
	return IRQW_CHANGE_SAME;
}

/* By change; within one, as the reports order them (cur's, then base's). */
static int cmp_change(const void *pa, const void *pb)
{
	const struct irqw_cmp_culprit *a = pa, *b = pb;

	return (int)a->change - (int)b->change;
}

static int add_culprits(struct irqw_cmp *out, const struct irqw_report *cur,
			const struct irqw_report *base)
{
	struct irqw_culprit **cv, **bv;
	struct irqw_cmp_culprit *d;
	size_t i, n = 0;
	int ret = -ENOMEM;

	cv = irqw_report_culprits(cur);
	bv = irqw_report_culprits(base);
	out->c = calloc(cur->nr_culprits + base->nr_culprits + 1, sizeof(*out->c));
	if (!cv || !bv || !out->c)
		goto cleanup;
	for (i = 0; i < cur->nr_culprits; i++) {
		d = &out->c[n++];
		d->cur = cv[i];
		d->base = find(base, cv[i]->key);
	}
	for (i = 0; i < base->nr_culprits; i++)
		if (!find(cur, bv[i]->key))
			out->c[n++].base = bv[i];
	for (i = 0; i < n; i++) {
		d = &out->c[i];
		d->rate = irqw_rate(d->cur ? d->cur->count : 0, out->hours);
		d->base_rate = irqw_rate(d->base ? d->base->count : 0,
					 out->base_hours);
		d->change = classify(d);
		out->nr_change[d->change]++;
	}
	out->nr_c = n;
	/* stable (insertion): the reports' order within a change */
	for (i = 1; i < n; i++) {
		struct irqw_cmp_culprit x = out->c[i];
		size_t j = i;

		while (j && cmp_change(&out->c[j - 1], &x) > 0) {
			out->c[j] = out->c[j - 1];
			j--;
		}
		out->c[j] = x;
	}
	ret = 0;
cleanup:
	free(cv);
	free(bv);
	return ret;
}

static struct irqw_cmp_tc *tc_of(struct irqw_cmp *out, uint32_t type,
				 uint32_t cause)
{
	struct irqw_cmp_tc *t;
	size_t i;

	for (i = 0; i < out->nr_tc; i++)
		if (out->tc[i].type == type && out->tc[i].cause == cause)
			return &out->tc[i];
	t = realloc(out->tc, (out->nr_tc + 1) * sizeof(*t));
	if (!t)
		return NULL;
	out->tc = t;
	t = &out->tc[out->nr_tc++];
	memset(t, 0, sizeof(*t));
	t->type = type;
	t->cause = cause;
	return t;
}

static int cmp_tc(const void *pa, const void *pb)
{
	const struct irqw_cmp_tc *a = pa, *b = pb;

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return a->cause < b->cause ? -1 : a->cause > b->cause;
}

static int add_tc(struct irqw_cmp *out, const struct irqw_report *cur,
		  const struct irqw_report *base)
{
	struct irqw_cmp_tc *t;
	size_t i;

	for (i = 0; i < cur->nr_tc; i++) {
		t = tc_of(out, cur->tc[i].type, cur->tc[i].cause);
		if (!t)
			return -ENOMEM;
		t->n += cur->tc[i].n;
	}
	for (i = 0; i < base->nr_tc; i++) {
		t = tc_of(out, base->tc[i].type, base->tc[i].cause);
		if (!t)
			return -ENOMEM;
		t->base_n += base->tc[i].n;
	}
	for (i = 0; i < out->nr_tc; i++) {
		out->tc[i].rate = irqw_rate(out->tc[i].n, out->hours);
		out->tc[i].base_rate = irqw_rate(out->tc[i].base_n, out->base_hours);
	}
	if (out->nr_tc > 1)
		qsort(out->tc, out->nr_tc, sizeof(*out->tc), cmp_tc);
	return 0;
}

int irqw_compare(const struct irqw_report *cur, const struct irqw_report *base,
		 struct irqw_cmp *out)
{
	int ret;

	memset(out, 0, sizeof(*out));
	out->hours = irqw_report_hours(cur);
	out->base_hours = irqw_report_hours(base);
	ret = add_culprits(out, cur, base);
	if (!ret)
		ret = add_tc(out, cur, base);
	if (ret)
		irqw_cmp_free(out);
	return ret;
}

void irqw_cmp_free(struct irqw_cmp *c)
{
	free(c->c);
	free(c->tc);
	memset(c, 0, sizeof(*c));
}
