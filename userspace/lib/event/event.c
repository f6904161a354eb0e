// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Ownership of the event model. Every string of an event lives in one
 * arena: parsers first point the strings at what they parse (a netlink
 * message, a json-c object), then irqw_event_own() copies them in one
 * allocation, so an event costs the receive path one malloc() for its
 * strings rather than one per string.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"

/*
 * One pass over every string pointer of ev: with at NULL it sums their
 * sizes into *size; else it copies each to at and points it there.
 */
static void strings_pass(struct irqw_event *ev, size_t *size, char *at)
{
	const char **one[6] = {
		&ev->task.comm, &ev->parent.comm, &ev->probe, &ev->cache,
		&ev->within.symbol, &ev->raiser.comm,
	};
	size_t i, j;

#define PASS(sp) do {							\
		const char *src_ = *(sp);					\
		if (!src_)							\
			break;							\
		if (at) {							\
			*(sp) = at;						\
			at = stpcpy(at, src_) + 1;				\
		} else {							\
			*size += strlen(src_) + 1;				\
		}								\
	} while (0)

	for (i = 0; i < sizeof(one) / sizeof(one[0]); i++)
		PASS(one[i]);
	for (i = 0; i < ev->nr_frames; i++)
		PASS(&ev->frames[i]);
	for (i = 0; i < ev->nr_samples; i++) {
		PASS(&ev->samples[i].task.comm);
		for (j = 0; j < ev->samples[i].nr_frames; j++)
			PASS(&ev->samples[i].frames[j]);
	}
	for (i = 0; i < ev->nr_napis; i++)
		PASS(&ev->napis[i].dev);
	for (i = 0; i < ev->nr_irqs; i++) {
		PASS(&ev->irqs[i].name);
		PASS(&ev->irqs[i].affinity);
		PASS(&ev->irqs[i].effective);
	}
#undef PASS
}

int irqw_event_own(struct irqw_event *ev)
{
	size_t size = 0;
	char *arena;

	strings_pass(ev, &size, NULL);
	arena = malloc(size ? size : 1);
	if (!arena)
		return -ENOMEM;
	strings_pass(ev, NULL, arena);
	free(ev->arena);
	ev->arena = arena;
	return 0;
}

static int dup_frames(const char **src, size_t n, const char ***dst)
{
	*dst = NULL;
	if (!n)
		return 0;
	*dst = malloc(n * sizeof(**dst));
	if (!*dst)
		return -ENOMEM;
	memcpy(*dst, src, n * sizeof(**dst));
	return 0;
}

/* A copy of n elements of size at src into *dst; NULL for none. */
static int dup_array(const void *src, size_t n, size_t size, void *dst)
{
	void *p = NULL;

	if (n) {
		p = malloc(n * size);
		if (!p)
			return -ENOMEM;
		memcpy(p, src, n * size);
	}
	memcpy(dst, &p, sizeof(p));
	return 0;
}

int irqw_event_copy(const struct irqw_event *src, struct irqw_event *dst)
{
	struct irqw_event ev = *src;
	size_t i;
	int ret = -ENOMEM;

	/* the copy's arrays first, then its own arena of src's strings */
	ev.frames = NULL;
	ev.samples = NULL;
	ev.nr_samples = 0;
	ev.vecs = NULL;
	ev.napis = NULL;
	ev.irqs = NULL;
	ev.imb.cpus = NULL;
	ev.arena = NULL;
	if (dup_array(src->vecs, src->nr_vecs, sizeof(*src->vecs), &ev.vecs) ||
	    dup_array(src->napis, src->nr_napis, sizeof(*src->napis),
		      &ev.napis) ||
	    dup_array(src->irqs, src->nr_irqs, sizeof(*src->irqs), &ev.irqs) ||
	    dup_array(src->imb.cpus, src->imb.nr_cpus, sizeof(*src->imb.cpus),
		      &ev.imb.cpus))
		goto cleanup;
	if (dup_frames(src->frames, src->nr_frames, &ev.frames))
		goto cleanup;
	if (src->nr_samples) {
		ev.samples = calloc(src->nr_samples, sizeof(*ev.samples));
		if (!ev.samples)
			goto cleanup;
	}
	for (i = 0; i < src->nr_samples; i++) {
		ev.samples[i] = src->samples[i];
		ev.samples[i].frames = NULL;
		ev.nr_samples++;
		if (dup_frames(src->samples[i].frames, src->samples[i].nr_frames,
			       &ev.samples[i].frames))
			goto cleanup;
	}
	ret = irqw_event_own(&ev);
	if (ret)
		goto cleanup;
	*dst = ev;
	return 0;

cleanup:
	irqw_event_free(&ev);
	return ret;
}

static bool str_equal(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool frames_equal(const char *const *a, size_t na,
			 const char *const *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (!str_equal(a[i], b[i]))
			return false;
	return true;
}

static bool task_equal(const struct irqw_task *a, const struct irqw_task *b)
{
	return a->pid == b->pid && a->tgid == b->tgid &&
	       str_equal(a->comm, b->comm) && a->has_uid == b->has_uid &&
	       (!a->has_uid || a->uid == b->uid) &&
	       a->has_cgroup_id == b->has_cgroup_id &&
	       (!a->has_cgroup_id || a->cgroup_id == b->cgroup_id);
}

static bool samples_equal(const struct irqw_event *a, const struct irqw_event *b)
{
	const struct irqw_sample *x, *y;
	size_t i;

	if (a->nr_samples != b->nr_samples)
		return false;
	for (i = 0; i < a->nr_samples; i++) {
		x = &a->samples[i];
		y = &b->samples[i];
		if (x->offset_ns != y->offset_ns ||
		    x->irqs_disabled != y->irqs_disabled ||
		    x->delay_ns != y->delay_ns || !task_equal(&x->task, &y->task) ||
		    !frames_equal(x->frames, x->nr_frames, y->frames, y->nr_frames))
			return false;
	}
	return true;
}

static bool storm_equal(const struct irqw_event *a, const struct irqw_event *b)
{
	const struct irqw_imbalance *x = &a->imb, *y = &b->imb;
	size_t i;

	if (a->nr_vecs != b->nr_vecs || a->nr_napis != b->nr_napis ||
	    a->nr_irqs != b->nr_irqs || x->nr_cpus != y->nr_cpus ||
	    (x->nr_cpus && memcmp(x->cpus, y->cpus,
				  x->nr_cpus * sizeof(*x->cpus))))
		return false;
	for (i = 0; i < a->nr_vecs; i++)
		if (a->vecs[i].vec != b->vecs[i].vec ||
		    a->vecs[i].count != b->vecs[i].count ||
		    a->vecs[i].ns != b->vecs[i].ns ||
		    a->vecs[i].share != b->vecs[i].share)
			return false;
	for (i = 0; i < a->nr_napis; i++)
		if (!str_equal(a->napis[i].dev, b->napis[i].dev) ||
		    a->napis[i].polls != b->napis[i].polls ||
		    a->napis[i].packets != b->napis[i].packets ||
		    a->napis[i].exhausted != b->napis[i].exhausted)
			return false;
	for (i = 0; i < a->nr_irqs; i++)
		if (a->irqs[i].irq != b->irqs[i].irq ||
		    !str_equal(a->irqs[i].name, b->irqs[i].name) ||
		    a->irqs[i].count != b->irqs[i].count ||
		    a->irqs[i].ns != b->irqs[i].ns ||
		    a->irqs[i].rate != b->irqs[i].rate ||
		    a->irqs[i].share != b->irqs[i].share ||
		    !str_equal(a->irqs[i].affinity, b->irqs[i].affinity) ||
		    !str_equal(a->irqs[i].effective, b->irqs[i].effective))
			return false;
	return x->has_hot_cpu == y->has_hot_cpu && x->hot_cpu == y->hot_cpu &&
	       x->has_load == y->has_load && x->load == y->load &&
	       x->mean == y->mean && x->stddev == y->stddev &&
	       x->median == y->median && x->has_over == y->has_over &&
	       x->over == y->over;
}

bool irqw_event_equal(const struct irqw_event *a, const struct irqw_event *b)
{
	return a->has == b->has && a->seq == b->seq && a->type == b->type &&
	       a->cpu == b->cpu && a->mono_ns == b->mono_ns &&
	       a->real_ns == b->real_ns && a->duration_ns == b->duration_ns &&
	       task_equal(&a->task, &b->task) &&
	       frames_equal(a->frames, a->nr_frames, b->frames, b->nr_frames) &&
	       a->synth_index == b->synth_index && a->cause == b->cause &&
	       a->context == b->context &&
	       a->samples_omitted == b->samples_omitted &&
	       samples_equal(a, b) && str_equal(a->probe, b->probe) &&
	       str_equal(a->cache, b->cache) &&
	       task_equal(&a->parent, &b->parent) &&
	       a->related_seq == b->related_seq && a->irqs_off == b->irqs_off &&
	       a->irqoff_ns == b->irqoff_ns &&
	       str_equal(a->within.symbol, b->within.symbol) &&
	       a->within.kind == b->within.kind &&
	       a->duration_max_ns == b->duration_max_ns &&
	       a->pending == b->pending && a->vector == b->vector &&
	       a->wait_ns == b->wait_ns && a->run_ns == b->run_ns &&
	       a->served_by == b->served_by &&
	       task_equal(&a->raiser, &b->raiser) &&
	       a->wait_softirq_ns == b->wait_softirq_ns &&
	       a->wait_hardirq_ns == b->wait_hardirq_ns &&
	       a->suppressed == b->suppressed && a->phase == b->phase &&
	       a->trigger == b->trigger && a->intervals == b->intervals &&
	       a->share == b->share && a->rate == b->rate &&
	       a->ksoftirqd_share == b->ksoftirqd_share && storm_equal(a, b);
}

void irqw_event_free(struct irqw_event *ev)
{
	while (ev->nr_samples)
		free(ev->samples[--ev->nr_samples].frames);
	free(ev->samples);
	free(ev->frames);
	free(ev->vecs);
	free(ev->napis);
	free(ev->irqs);
	free(ev->imb.cpus);
	free(ev->arena);
	memset(ev, 0, sizeof(*ev));
}
