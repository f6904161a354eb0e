// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The report's tables in output order. */

#include <stdlib.h>
#include <string.h>

#include "report.h"

static int cmp_u64_desc(uint64_t a, uint64_t b)
{
	return a < b ? 1 : a > b ? -1 : 0;
}

static int cmp_culprit(const void *pa, const void *pb)
{
	const struct irqw_culprit *a = *(const struct irqw_culprit *const *)pa;
	const struct irqw_culprit *b = *(const struct irqw_culprit *const *)pb;

	return cmp_u64_desc(a->total_ns, b->total_ns) ?:
	       cmp_u64_desc(a->count, b->count) ?: strcmp(a->key, b->key);
}

struct irqw_culprit **irqw_report_culprits(const struct irqw_report *r)
{
	struct irqw_culprit **v, *c;
	size_t i, n = 0;

	v = calloc(r->nr_culprits + 1, sizeof(*v));
	if (!v)
		return NULL;
	for (i = 0; i < r->nr_buckets; i++)
		for (c = r->buckets[i]; c; c = c->next)
			v[n++] = c;
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_culprit);
	return v;
}

static int cmp_item(const void *pa, const void *pb)
{
	const struct irqw_tally_item *a = pa, *b = pb;

	return cmp_u64_desc(a->n, b->n) ?: strcmp(a->name, b->name);
}

void irqw_tally_sort(struct irqw_tally *t)
{
	if (t->nr > 1)
		qsort(t->item, t->nr, sizeof(t->item[0]), cmp_item);
}

static int cmp_host(const void *pa, const void *pb)
{
	const struct irqw_host *a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

static int cmp_cpu(const void *pa, const void *pb)
{
	const struct irqw_cpu_stat *a = pa, *b = pb;

	return a->cpu < b->cpu ? -1 : a->cpu > b->cpu;
}

static int cmp_tc(const void *pa, const void *pb)
{
	const struct irqw_type_cause *a = pa, *b = pb;

	return a->type != b->type ? (a->type < b->type ? -1 : 1) :
	       a->cause < b->cause ? -1 : a->cause > b->cause;
}

static int cmp_stall(const void *pa, const void *pb)
{
	const struct irqw_stall_key *a = pa, *b = pb;

	return cmp_u64_desc(a->total_ns, b->total_ns) ?:
	       strcmp(a->probe, b->probe) ?: strcmp(a->cache, b->cache) ?:
	       strcmp(a->reader, b->reader);
}

/* qsort() of n elements; base may be NULL when n is 0 (not for qsort()). */
static void sort(void *base, size_t n, size_t size,
		 int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

void irqw_report_sort(struct irqw_report *r)
{
	struct irqw_culprit *c;
	size_t i;

	sort(r->hosts, r->nr_hosts, sizeof(*r->hosts), cmp_host);
	sort(r->cpus, r->nr_cpus, sizeof(*r->cpus), cmp_cpu);
	sort(r->tc, r->nr_tc, sizeof(*r->tc), cmp_tc);
	sort(r->stalls, r->nr_stalls, sizeof(*r->stalls), cmp_stall);
	irqw_tally_sort(&r->soft_pending);
	irqw_report_storms_sort(r);
	for (i = 0; i < r->nr_buckets; i++)
		for (c = r->buckets[i]; c; c = c->next) {
			irqw_tally_sort(&c->hosts);
			irqw_tally_sort(&c->tasks);
			irqw_tally_sort(&c->parents);
		}
}
