// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The slab reader: one request at a time. The main thread posts a cache
 * name and waits for the answer until a deadline; a read that misses it
 * finishes unheeded, and while it runs, events get no slab numbers rather
 * than wait. The thread inherits the blocked SIGINT, SIGTERM and SIGHUP of
 * the stream, so signals stay with the main thread.
 */

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/irqwatch.h>

#include "cgroup.h"
#include "enrich.h"
#include "slabinfo.h"

#define NSEC_PER_SEC	1000000000ULL

struct irqw_enrich {
	struct irqw_enrich_opts o;
	struct irqw_cgroups *cgroups;
	pid_t self;

	pthread_mutex_t lock;
	pthread_cond_t cond;	/* CLOCK_MONOTONIC; both ways */
	pthread_t thread;
	bool started;		/* the thread runs */
	bool failed;		/* it could not be started: no slab numbers */
	bool stop;
	bool busy;		/* a request is posted or being read */
	unsigned long posted, answered;	/* request numbers */
	char cache[IRQWATCH_CACHE_LEN_MAX];
	int ret;
	uint64_t objects, partial;
};

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

struct irqw_enrich *irqw_enrich_new(const struct irqw_enrich_opts *o)
{
	struct irqw_enrich *e = calloc(1, sizeof(*e));
	pthread_condattr_t attr;

	if (!e)
		return NULL;
	e->o = *o;
	if (!e->o.slab_root)
		e->o.slab_root = IRQW_SLAB_ROOT;
	if (!e->o.wait_ms)
		e->o.wait_ms = IRQW_SLAB_WAIT_MS;
	e->self = getpid();
	e->cgroups = irqw_cgroups_new(o->cgroup_root);
	if (!e->cgroups)
		goto cleanup;
	if (pthread_condattr_init(&attr))
		goto cleanup;
	if (pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) ||
	    pthread_cond_init(&e->cond, &attr)) {
		pthread_condattr_destroy(&attr);
		goto cleanup;
	}
	pthread_condattr_destroy(&attr);
	if (pthread_mutex_init(&e->lock, NULL)) {
		pthread_cond_destroy(&e->cond);
		goto cleanup;
	}
	return e;

cleanup:
	irqw_cgroups_free(e->cgroups);
	free(e);
	return NULL;
}

static void *reader(void *arg)
{
	struct irqw_enrich *e = arg;
	char cache[IRQWATCH_CACHE_LEN_MAX];
	uint64_t objects = 0, partial = 0;
	unsigned long request;
	int ret;

	pthread_mutex_lock(&e->lock);
	for (;;) {
		while (!e->stop && e->answered == e->posted)
			pthread_cond_wait(&e->cond, &e->lock);
		if (e->stop)
			break;
		request = e->posted;
		memcpy(cache, e->cache, sizeof(cache));
		pthread_mutex_unlock(&e->lock);

		ret = irqw_slab_read(e->o.slab_root, cache, &objects, &partial);

		pthread_mutex_lock(&e->lock);
		e->ret = ret;
		e->objects = objects;
		e->partial = partial;
		e->answered = request;
		e->busy = false;
		pthread_cond_broadcast(&e->cond);
	}
	pthread_mutex_unlock(&e->lock);
	return NULL;
}

/* The deadline of a wait of ms milliseconds from now, on CLOCK_MONOTONIC. */
static struct timespec deadline(unsigned int ms)
{
	uint64_t t = mono_ns() + (uint64_t)ms * 1000000;

	return (struct timespec){ .tv_sec = (time_t)(t / NSEC_PER_SEC),
				  .tv_nsec = (long)(t % NSEC_PER_SEC) };
}

/* Called with the lock held. */
static bool start_reader(struct irqw_enrich *e)
{
	if (!e->started && !e->failed) {
		e->started = !pthread_create(&e->thread, NULL, reader, e);
		e->failed = !e->started;
	}
	return e->started;
}

static void read_slab(struct irqw_enrich *e, const char *cache,
		      struct irqw_extra *x)
{
	unsigned long request;
	struct timespec until;
	int ret = 0;

	pthread_mutex_lock(&e->lock);
	if (e->busy || !start_reader(e))
		goto unlock;
	strcpy(e->cache, cache);	/* irqw_slab_name_ok(): it fits */
	request = ++e->posted;
	e->busy = true;
	pthread_cond_broadcast(&e->cond);
	until = deadline(e->o.wait_ms);
	while (e->answered != request && ret != ETIMEDOUT)
		ret = pthread_cond_timedwait(&e->cond, &e->lock, &until);
	if (e->answered == request && !e->ret) {
		x->has_slab = true;
		x->slab_objects = e->objects;
		x->slab_partial = e->partial;
	}
unlock:
	pthread_mutex_unlock(&e->lock);
}

void irqw_enrich_event(struct irqw_enrich *e, const struct irqw_event *ev,
		       struct irqw_extra *x)
{
	memset(x, 0, sizeof(*x));
	if (ev->type == IRQWATCH_EVENT_STALL && ev->cache &&
	    !e->o.no_slab_info && irqw_slab_name_ok(ev->cache) &&
	    !(ev->has & IRQW_EV_TASK && ev->task.tgid == (uint32_t)e->self))
		read_slab(e, ev->cache, x);
	if (ev->has & IRQW_EV_TASK && ev->task.has_cgroup_id)
		x->cgroup = irqw_cgroup_path(e->cgroups, ev->task.cgroup_id,
					     mono_ns());
}

void irqw_enrich_free(struct irqw_enrich *e)
{
	if (!e)
		return;
	if (e->started) {
		pthread_mutex_lock(&e->lock);
		e->stop = true;
		pthread_cond_broadcast(&e->cond);
		pthread_mutex_unlock(&e->lock);
		pthread_join(e->thread, NULL);
	}
	pthread_cond_destroy(&e->cond);
	pthread_mutex_destroy(&e->lock);
	irqw_cgroups_free(e->cgroups);
	free(e);
}
