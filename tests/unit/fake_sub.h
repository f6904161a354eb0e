/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A stand-in for userspace/ipc_sub.c, linked instead of it, that plays a
 * script of messages at set times: record and monitor run end to end with
 * no module. Its descriptor is a timerfd that is readable when the next
 * step is due.
 */
#ifndef FAKE_SUB_H
#define FAKE_SUB_H

#include <stddef.h>

#include "ipc.h"

struct fake_step {
	unsigned int at_ms;		/* after the subscription */
	int signal;			/* raise it instead of a message */
	int error;			/* return it instead of a message */
	void (*call)(void);		/* call it instead of a message */
	struct irqw_event_msg msg;
};

struct fake_script {
	int subscribe_error;		/* irqw_subscribe() fails with it */
	struct irqw_extack ext;
	struct irqw_baseline base;
	size_t granted;			/* receive buffer; 0: as asked */
	const struct fake_step *steps;
	size_t nr_steps;
};

extern struct fake_script fake;

/* An event message of the events in ev (copied into static storage). */
struct irqw_event_msg fake_msg(uint64_t ring_drops, bool shutdown,
			       const struct irqw_event *ev, size_t n);

/* A synthetic event of seq, with a task and one frame. */
struct irqw_event fake_event(uint64_t seq);

#endif /* FAKE_SUB_H */
