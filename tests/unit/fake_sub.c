// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <linux/irqwatch.h>

#include "fake_sub.h"

#define MAX_EVENTS	256

struct irqw_sub {
	int fd;
	struct timespec start;
	size_t next;
	size_t rcvbuf;
};

struct fake_script fake;

static const char *frame[] = { "irqw_synth_tick+0x5c/0x120 [irqwatch]" };
static struct irqw_event pool[MAX_EVENTS];
static size_t pool_used;

struct irqw_event fake_event(uint64_t seq)
{
	return (struct irqw_event){
		.has = IRQW_EV_DURATION | IRQW_EV_TASK | IRQW_EV_STACK |
		       IRQW_EV_SYNTH_INDEX,
		.seq = seq,
		.type = IRQWATCH_EVENT_SYNTHETIC,
		.cpu = (uint32_t)(seq % 2),
		.mono_ns = 1000 * seq,
		.real_ns = 1795255200ULL * 1000000000ULL + 1000 * seq,
		.task = { .pid = 0, .tgid = 0, .comm = "swapper/0" },
		.nr_frames = 1,
		.frames = frame,
		.synth_index = seq - 1,
	};
}

struct irqw_event_msg fake_msg(uint64_t ring_drops, bool shutdown,
			       const struct irqw_event *ev, size_t n)
{
	struct irqw_event_msg m = {
		.has_ring_drops = true,
		.ring_drops = ring_drops,
		.shutdown = shutdown,
		.nr_events = n,
		.events = &pool[pool_used],
	};

	if (pool_used + n > MAX_EVENTS)
		abort();
	memcpy(&pool[pool_used], ev, n * sizeof(*ev));
	pool_used += n;
	return m;
}

/* Arms the timer for the next step, or disarms it. */
static int arm(struct irqw_sub *sub)
{
	struct itimerspec its = { 0 };
	unsigned int ms;

	if (sub->next < fake.nr_steps) {
		ms = fake.steps[sub->next].at_ms;
		its.it_value = sub->start;
		its.it_value.tv_sec += ms / 1000;
		its.it_value.tv_nsec += (long)(ms % 1000) * 1000000;
		if (its.it_value.tv_nsec >= 1000000000) {
			its.it_value.tv_sec++;
			its.it_value.tv_nsec -= 1000000000;
		}
		/* 0 would disarm it */
		if (!its.it_value.tv_sec && !its.it_value.tv_nsec)
			its.it_value.tv_nsec = 1;
	}
	return timerfd_settime(sub->fd, TFD_TIMER_ABSTIME, &its, NULL) ? -errno : 0;
}

int irqw_subscribe(size_t rcvbuf, struct irqw_sub **subp,
		   struct irqw_baseline *base, struct irqw_extack *ext)
{
	struct irqw_sub *sub;

	*ext = fake.ext;
	if (fake.subscribe_error)
		return fake.subscribe_error;
	sub = calloc(1, sizeof(*sub));
	if (!sub)
		return -ENOMEM;
	sub->fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	clock_gettime(CLOCK_MONOTONIC, &sub->start);
	sub->rcvbuf = fake.granted ? fake.granted : rcvbuf;
	if (sub->fd < 0 || arm(sub)) {
		irqw_sub_close(sub);
		return -EIO;
	}
	*base = fake.base;
	*subp = sub;
	return 0;
}

size_t irqw_sub_rcvbuf(const struct irqw_sub *sub)
{
	return sub->rcvbuf;
}

int irqw_sub_fd(const struct irqw_sub *sub)
{
	return sub->fd;
}

static bool due(const struct irqw_sub *sub, const struct fake_step *step)
{
	struct timespec now;
	int64_t ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (now.tv_sec - sub->start.tv_sec) * 1000 +
	     (now.tv_nsec - sub->start.tv_nsec) / 1000000;
	return ms >= step->at_ms;
}

int irqw_sub_receive(struct irqw_sub *sub, irqw_event_cb cb, void *arg)
{
	const struct fake_step *step;
	uint64_t ticks;
	int ret = 0;

	if (read(sub->fd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
		return -errno;
	while (!ret && sub->next < fake.nr_steps &&
	       due(sub, &fake.steps[sub->next])) {
		step = &fake.steps[sub->next++];
		/*
		 * The stream blocks its signals outside its wait: hand back
		 * to it, so that a slow run (valgrind) still sees the signal
		 * before the steps after it.
		 */
		if (step->signal) {
			raise(step->signal);
			break;
		} else if (step->call)
			step->call();
		else if (step->error)
			ret = step->error;
		else
			ret = cb(&step->msg, arg);
	}
	arm(sub);
	return ret;
}

void irqw_sub_close(struct irqw_sub *sub)
{
	if (!sub)
		return;
	if (sub->fd >= 0)
		close(sub->fd);
	free(sub);
}
