// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

/* Past this slot length the range stops growing: events beyond share the end slots. */
#define SLOT_NS_MAX	((1ULL << 62) / IRQW_TL_SLOTS)

/* Whether mark a is worse than b: longer; of equal ones, earlier. */
static int worse(const struct irqw_tl_mark *a, const struct irqw_tl_mark *b)
{
	if (a->duration_ns != b->duration_ns)
		return a->duration_ns > b->duration_ns;
	return a->start_ns < b->start_ns;
}

static size_t slot_of(const struct irqw_timeline *tl, uint64_t start_ns)
{
	uint64_t i;

	if (start_ns < tl->base_ns)
		return 0;
	i = (start_ns - tl->base_ns) / tl->slot_ns;
	return i < IRQW_TL_SLOTS ? (size_t)i : IRQW_TL_SLOTS - 1;
}

/* Puts mark m (n events) into its slot of row r: the worse one stays. */
static void put(const struct irqw_timeline *tl, struct irqw_tl_row *r,
		const struct irqw_tl_mark *m)
{
	struct irqw_tl_mark *s = &r->slots[slot_of(tl, m->start_ns)];
	uint64_t n = s->n + m->n;

	if (!s->n || worse(m, s))
		*s = *m;
	s->n = n;
}

/* Doubles the slots' length, towards start_ns; every row's marks follow. */
static int grow(struct irqw_timeline *tl, uint64_t start_ns)
{
	struct irqw_tl_mark *old = malloc(IRQW_TL_SLOTS * sizeof(*old));
	uint64_t span = IRQW_TL_SLOTS * tl->slot_ns;
	size_t i, k;

	if (!old)
		return -ENOMEM;
	if (start_ns < tl->base_ns)
		tl->base_ns = tl->base_ns >= span ? tl->base_ns - span : 0;
	tl->slot_ns *= 2;
	for (i = 0; i < tl->nr_rows; i++) {
		memcpy(old, tl->rows[i].slots, IRQW_TL_SLOTS * sizeof(*old));
		memset(tl->rows[i].slots, 0, IRQW_TL_SLOTS * sizeof(*old));
		for (k = 0; k < IRQW_TL_SLOTS; k++)
			if (old[k].n)
				put(tl, &tl->rows[i], &old[k]);
	}
	free(old);
	return 0;
}

static int fits(const struct irqw_timeline *tl, uint64_t start_ns)
{
	return start_ns >= tl->base_ns &&
	       start_ns - tl->base_ns < IRQW_TL_SLOTS * tl->slot_ns;
}

static struct irqw_tl_row *row_of(struct irqw_timeline *tl, const char *host,
				  uint32_t cpu)
{
	struct irqw_tl_row *n, *r;
	size_t i;

	for (i = 0; i < tl->nr_rows; i++)
		if (tl->rows[i].cpu == cpu && !strcmp(tl->rows[i].host, host))
			return &tl->rows[i];
	n = realloc(tl->rows, (tl->nr_rows + 1) * sizeof(*n));
	if (!n)
		return NULL;
	tl->rows = n;
	r = &n[tl->nr_rows];
	r->cpu = cpu;
	r->host = strdup(host);
	r->slots = calloc(IRQW_TL_SLOTS, sizeof(*r->slots));
	if (!r->host || !r->slots) {
		free(r->host);
		free(r->slots);
		return NULL;
	}
	tl->nr_rows++;
	return r;
}

int irqw_tl_add(struct irqw_timeline *tl, const struct irqw_tl_event *e)
{
	struct irqw_tl_mark m = {
		.start_ns = e->start_ns, .duration_ns = e->duration_ns, .n = 1,
		.type = e->type, .cause = e->cause,
	};
	uint64_t end = e->start_ns + e->duration_ns;
	struct irqw_tl_row *r;

	if (end < e->start_ns)
		end = UINT64_MAX;
	if (!tl->slot_ns) {
		tl->slot_ns = IRQW_TL_SLOT0_NS;
		tl->base_ns = e->start_ns - e->start_ns % IRQW_TL_SLOT0_NS;
		tl->min_ns = e->start_ns;
		tl->max_ns = end;
	}
	while (!fits(tl, e->start_ns) && tl->slot_ns < SLOT_NS_MAX)
		if (grow(tl, e->start_ns))
			return -ENOMEM;
	r = row_of(tl, e->host, e->cpu);
	if (!r)
		return -ENOMEM;
	snprintf(m.comm, sizeof(m.comm), "%s", e->comm ? e->comm : "");
	snprintf(m.frame, sizeof(m.frame), "%s", e->frame ? e->frame : "");
	put(tl, r, &m);
	if (e->start_ns < tl->min_ns)
		tl->min_ns = e->start_ns;
	if (end > tl->max_ns)
		tl->max_ns = end;
	tl->events++;
	return 0;
}

static int by_host_cpu(const void *a, const void *b)
{
	const struct irqw_tl_row *x = *(struct irqw_tl_row *const *)a;
	const struct irqw_tl_row *y = *(struct irqw_tl_row *const *)b;
	int c = strcmp(x->host, y->host);

	if (c)
		return c;
	return x->cpu < y->cpu ? -1 : x->cpu > y->cpu;
}

struct irqw_tl_row **irqw_tl_sorted(const struct irqw_timeline *tl)
{
	struct irqw_tl_row **v = calloc(tl->nr_rows + 1, sizeof(*v));
	size_t i;

	if (!v)
		return NULL;
	for (i = 0; i < tl->nr_rows; i++)
		v[i] = &tl->rows[i];
	if (tl->nr_rows)
		qsort(v, tl->nr_rows, sizeof(*v), by_host_cpu);
	return v;
}

void irqw_tl_free(struct irqw_timeline *tl)
{
	size_t i;

	for (i = 0; i < tl->nr_rows; i++) {
		free(tl->rows[i].host);
		free(tl->rows[i].slots);
	}
	free(tl->rows);
	memset(tl, 0, sizeof(*tl));
}
