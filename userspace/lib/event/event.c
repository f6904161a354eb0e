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
	const char **one[5] = {
		&ev->task.comm, &ev->parent.comm, &ev->probe, &ev->cache,
		&ev->within.symbol,
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

int irqw_event_copy(const struct irqw_event *src, struct irqw_event *dst)
{
	struct irqw_event ev = *src;
	size_t i;
	int ret = -ENOMEM;

	/* the copy's arrays first, then its own arena of src's strings */
	ev.frames = NULL;
	ev.samples = NULL;
	ev.nr_samples = 0;
	ev.arena = NULL;
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
	       a->pending == b->pending;
}

void irqw_event_free(struct irqw_event *ev)
{
	while (ev->nr_samples)
		free(ev->samples[--ev->nr_samples].frames);
	free(ev->samples);
	free(ev->frames);
	free(ev->arena);
	memset(ev, 0, sizeof(*ev));
}
