// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The report's storms and softirq latency (irqw_report_storms_add()): per
 * storm (type, CPU, and the line of a hardirq storm) its starts, ends,
 * longest duration and peak share and rate; per softirq vector its runs
 * over the threshold and their longest wait and runtime. Bounded: at most
 * IRQW_STORMS_MAX storm keys, the rest counted.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/irqwatch.h>

#include "fmt.h"
#include "report.h"

static bool is_storm(uint32_t type)
{
	return type == IRQWATCH_EVENT_SOFTIRQ_STORM ||
	       type == IRQWATCH_EVENT_HARDIRQ_STORM ||
	       type == IRQWATCH_EVENT_IRQ_IMBALANCE;
}

bool irqw_report_is_storm(uint32_t type)
{
	return is_storm(type);
}

/* What the storm was about: its busiest vector, its line, its load. */
static void storm_what(const struct irqw_event *ev, char *buf, size_t size)
{
	char name[IRQW_NAME_LEN];
	const struct irqw_vec *top = NULL;
	size_t i;

	*buf = '\0';
	if (ev->type == IRQWATCH_EVENT_HARDIRQ_STORM && ev->nr_irqs) {
		snprintf(buf, size, "irq %u%s%s", ev->irqs[0].irq,
			 ev->irqs[0].name ? " " : "",
			 ev->irqs[0].name ? ev->irqs[0].name : "");
		return;
	}
	for (i = 0; i < ev->nr_vecs; i++)
		if (!top || ev->vecs[i].share > top->share)
			top = &ev->vecs[i];
	if (top)
		snprintf(buf, size, "%s", irqw_softirq_name(top->vec, name));
	else if (ev->type == IRQWATCH_EVENT_IRQ_IMBALANCE && ev->nr_irqs)
		snprintf(buf, size, "irq %u%s%s", ev->irqs[0].irq,
			 ev->irqs[0].name ? " " : "",
			 ev->irqs[0].name ? ev->irqs[0].name : "");
}

static struct irqw_storm_sum *storm_of(struct irqw_report *r,
				       const struct irqw_event *ev)
{
	bool hard = ev->type == IRQWATCH_EVENT_HARDIRQ_STORM && ev->nr_irqs;
	uint32_t irq = hard ? ev->irqs[0].irq : 0;
	struct irqw_storm_sum *s;
	size_t i;

	for (i = 0; i < r->nr_storms; i++) {
		s = &r->storms[i];
		if (s->type == ev->type && s->cpu == ev->cpu &&
		    s->has_irq == hard && s->irq == irq)
			return s;
	}
	if (r->nr_storms == IRQW_STORMS_MAX)
		return NULL;
	s = realloc(r->storms, (r->nr_storms + 1) * sizeof(*s));
	if (!s)
		return NULL;
	r->storms = s;
	s = &r->storms[r->nr_storms++];
	memset(s, 0, sizeof(*s));
	s->type = ev->type;
	s->cpu = ev->cpu;
	s->has_irq = hard;
	s->irq = irq;
	return s;
}

static int add_storm(struct irqw_report *r, const struct irqw_record *rec)
{
	const struct irqw_event *ev = &rec->ev;
	uint32_t share = ev->has & IRQW_EV_SHARE ? ev->share :
			 ev->imb.has_load ? ev->imb.load : 0;
	struct irqw_storm_sum *s;

	s = storm_of(r, ev);
	if (!s) {
		if (r->nr_storms < IRQW_STORMS_MAX)
			return -ENOMEM;
		r->storms_other++;
		return 0;
	}
	if (!s->starts && !s->ends)
		s->first_ns = rec->real_ns;
	if (rec->real_ns < s->first_ns)
		s->first_ns = rec->real_ns;
	if (rec->real_ns > s->last_ns)
		s->last_ns = rec->real_ns;
	if (ev->has & IRQW_EV_PHASE && ev->phase == IRQWATCH_PHASE_END) {
		s->ends++;
		if (ev->duration_ns > s->longest_ns)
			s->longest_ns = ev->duration_ns;
	} else {
		s->starts++;
	}
	if (share > s->peak_share)
		s->peak_share = share;
	if (ev->has & IRQW_EV_RATE && ev->rate > s->peak_rate)
		s->peak_rate = ev->rate;
	if (!s->what[0] || ev->nr_vecs)
		storm_what(ev, s->what, sizeof(s->what));
	return 0;
}

static int add_latency(struct irqw_report *r, const struct irqw_event *ev)
{
	struct irqw_latency_sum *l = NULL;
	size_t i;

	for (i = 0; i < r->nr_latency; i++)
		if (r->latency[i].vec == ev->vector)
			l = &r->latency[i];
	if (!l) {
		if (r->nr_latency == IRQW_LATENCY_MAX) {
			r->latency_other++;
			return 0;
		}
		l = &r->latency[r->nr_latency++];
		memset(l, 0, sizeof(*l));
		l->vec = ev->vector;
	}
	l->runs++;
	l->suppressed += ev->suppressed;
	if (ev->has & IRQW_EV_WAIT && ev->wait_ns > l->wait_max_ns)
		l->wait_max_ns = ev->wait_ns;
	if (ev->has & IRQW_EV_RUN && ev->run_ns > l->run_max_ns)
		l->run_max_ns = ev->run_ns;
	if (ev->has & IRQW_EV_SERVED_BY && ev->served_by == IRQWATCH_SERVED_KSOFTIRQD)
		l->by_ksoftirqd++;
	return 0;
}

int irqw_report_storms_add(struct irqw_report *r, const struct irqw_record *rec)
{
	if (is_storm(rec->ev.type))
		return add_storm(r, rec);
	if (rec->ev.type == IRQWATCH_EVENT_SOFTIRQ_LATENCY &&
	    rec->ev.has & IRQW_EV_VECTOR)
		return add_latency(r, &rec->ev);
	return 0;
}

static int storm_cmp(const void *a, const void *b)
{
	const struct irqw_storm_sum *x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	return x->irq < y->irq ? -1 : x->irq > y->irq;
}

static int latency_cmp(const void *a, const void *b)
{
	const struct irqw_latency_sum *x = a, *y = b;

	if (x->runs != y->runs)
		return x->runs > y->runs ? -1 : 1;
	return x->vec < y->vec ? -1 : x->vec > y->vec;
}

void irqw_report_storms_sort(struct irqw_report *r)
{
	if (r->nr_storms)
		qsort(r->storms, r->nr_storms, sizeof(*r->storms), storm_cmp);
	if (r->nr_latency)
		qsort(r->latency, r->nr_latency, sizeof(*r->latency),
		      latency_cmp);
}

void irqw_report_storms_free(struct irqw_report *r)
{
	free(r->storms);
	r->storms = NULL;
	r->nr_storms = 0;
}
