/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * IRQWATCH_CMD_EVENT messages built the way kmod/event.c builds them, good or
 * broken in one chosen way, for the tests of userspace/ipc_events.c.
 */
#ifndef EVENT_MSG_H
#define EVENT_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/msg.h>

#include "ipc.h"

#define EV_FAMILY_ID	0x1d	/* any genl family id */
#define EV_NONE		-1	/* no attribute */
#define EV_ALL		-1	/* every event */

/* 2026-11-21T10:00:00.123456789Z, the real time of event 0 */
#define EV_REAL_NS	(1795255200ULL * 1000000000ULL + 123456789ULL)

/*
 * EV_SAMPLE: a sample's attributes; EV_STASK: its task's; EV_SSTACK: its
 * frames; EV_PARENT: a stall event's parent task; EV_WITHIN: an irqoff
 * event's probe call
 */
enum ev_level { EV_TOP, EV_EV, EV_TASK, EV_STACK, EV_SAMPLE, EV_STASK,
		EV_SSTACK, EV_PARENT, EV_WITHIN, EV_LEVELS };

/*
 * How a message differs from a good one: per nesting level, one attribute
 * left out (skip) and one replaced by bad_len bytes of bad_data (bad); below
 * the top level only in event number which (EV_ALL: every event).
 */
struct ev_variant {
	int skip[EV_LEVELS];
	int bad[EV_LEVELS];
	const void *bad_data;
	int bad_len;
	int which;
	uint8_t cmd;
	unsigned int nr_events;
	unsigned int nr_frames;	/* per event */
	uint64_t first_seq;	/* event i has seq first_seq + i */
	uint64_t ring_drops;
	bool shutdown;
	uint32_t type;		/* of every event; 0: synthetic */
	/* with nr_samples, events also have a cause, context and samples */
	unsigned int nr_samples;
	uint32_t cause;		/* 0: irqs_disabled */
	uint32_t samples_omitted;
	bool stall;		/* the attributes of stall events */
	bool within;		/* IRQWATCH_EV_WITHIN */
	bool softirqoff;	/* the attributes of softirqoff events */
	uint32_t pending;	/* with softirqoff; 0: TIMER and TASKLET */
};

extern const struct ev_variant ev_good;

/*
 * A message as v says. Event i: type synthetic, cpu i % 4, mono_ns
 * 1000000 + i, real_ns EV_REAL_NS + 1000 * i, duration_ns 0, task pid and
 * tgid 100 + i, comm "task<i>", frames "func<j>+0x<j>/0x30" innermost first,
 * synth_index i. With nr_samples, also cause (irqs_disabled unless v says),
 * context task, samples_omitted as v says, and samples k = 0..nr_samples-1:
 * offset_ns 1000000 * (k + 1), irqs_disabled for even k, task pid and tgid
 * 200 + k, comm "sample<k>", frames "sfunc<j>+0x<k>/0x40" (j < 2), delay_ns
 * 1000 + k. With stall: task uid 1000 + i and cgroup_id 5000 + i, probe
 * "get_slabinfo", cache "dentry", parent pid and tgid 99, comm "crond",
 * related_seq 41, irqs_off IRQWATCH_IRQS_OFF_EXIT, irqoff_ns 790000000.
 * With within: probe "get_slabinfo", kind slab. With softirqoff:
 * duration_max_ns 2000000 + i, pending as v says, and samples as a
 * softirqoff event's (irqs_disabled 0, delay_ns 0).
 */
struct nl_msg *ev_msg_build(const struct ev_variant *v);

/* Parses msg, which must be rejected as a whole, and frees it. */
void ev_expect_bad(struct nl_msg *msg);

/* Parses msg and frees it; its events must be all but event bad. */
void ev_expect_skipped(struct nl_msg *msg, const struct ev_variant *v,
		       unsigned int bad);

/* A good message but for one attribute with the given payload. */
void ev_bad_attr(enum ev_level level, int type, const void *data, int len);

/*
 * Parses a copy of nlh that is exactly len bytes long, for valgrind, and
 * reads every string of the events while the copy lives; the caller may
 * then use only the numbers in *m (and must free it).
 */
int ev_parse_exact(const struct nlmsghdr *nlh, size_t len,
		   struct irqw_event_msg *m);

#endif /* EVENT_MSG_H */
