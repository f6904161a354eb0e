// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the parsers of what a subscribed socket receives
 * (userspace/ipc_events.c): well-formed IRQWATCH_CMD_EVENT messages, events
 * with a broken attribute (left out, the rest kept), the SUBSCRIBE reply and
 * nlctrl's CTRL_CMD_DELFAMILY.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <linux/genetlink.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "event_msg.h"
#include "ipc.h"

static void test_valid(void **state)
{
	struct nl_msg *msg = ev_msg_build(&ev_good);
	const struct irqw_event *ev;
	struct irqw_event_msg m;
	char buf[64];
	unsigned int i, j;

	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_false(m.malformed);
	assert_false(m.family_removed);
	assert_true(m.has_ring_drops);
	assert_int_equal(m.ring_drops, 7);
	assert_false(m.shutdown);
	assert_int_equal(m.nr_malformed, 0);
	assert_int_equal(m.nr_events, 3);
	for (i = 0; i < 3; i++) {
		ev = &m.events[i];
		assert_int_equal(ev->has, IRQW_EV_DURATION | IRQW_EV_TASK |
					  IRQW_EV_STACK | IRQW_EV_SYNTH_INDEX);
		assert_int_equal(ev->seq, 42 + i);
		assert_int_equal(ev->type, IRQWATCH_EVENT_SYNTHETIC);
		assert_int_equal(ev->cpu, i % 4);
		assert_int_equal(ev->mono_ns, 1000000 + i);
		assert_int_equal(ev->real_ns, EV_REAL_NS + 1000 * i);
		assert_int_equal(ev->duration_ns, 0);
		assert_int_equal(ev->task.pid, 100 + i);
		assert_int_equal(ev->task.tgid, 100 + i);
		snprintf(buf, sizeof(buf), "task%u", i);
		assert_string_equal(ev->task.comm, buf);
		assert_int_equal(ev->nr_frames, 2);
		for (j = 0; j < 2; j++) {
			snprintf(buf, sizeof(buf), "func%u+0x%x/0x30", j, j);
			assert_string_equal(ev->frames[j], buf);
		}
		assert_int_equal(ev->synth_index, i);
	}
	irqw_event_msg_free(&m);
	assert_null(m.events);
	assert_int_equal(m.nr_events, 0);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
}

/* irqoff events: cause, context, in-window samples, samples left out. */
static void test_irqoff(void **state)
{
	struct ev_variant v = ev_good;
	const struct irqw_sample *s;
	const struct irqw_event *ev;
	struct irqw_event_msg m;
	struct nl_msg *msg;
	unsigned int i, k;
	char buf[64];

	v.type = IRQWATCH_EVENT_IRQOFF;
	v.nr_samples = 3;
	v.samples_omitted = 2;
	v.cause = IRQWATCH_CAUSE_VCPU_STALL;
	msg = ev_msg_build(&v);
	assert_int_equal(ev_parse_exact(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len,
					&m), 0);
	assert_int_equal(m.nr_events, 3);
	for (i = 0; i < 3; i++) {
		ev = &m.events[i];
		assert_int_equal(ev->type, IRQWATCH_EVENT_IRQOFF);
		assert_int_equal(ev->has & (IRQW_EV_CAUSE | IRQW_EV_CONTEXT |
					    IRQW_EV_SAMPLES_OMITTED),
				 IRQW_EV_CAUSE | IRQW_EV_CONTEXT |
				 IRQW_EV_SAMPLES_OMITTED);
		assert_int_equal(ev->cause, IRQWATCH_CAUSE_VCPU_STALL);
		assert_int_equal(ev->context, IRQWATCH_CONTEXT_TASK);
		assert_int_equal(ev->samples_omitted, 2);
		assert_int_equal(ev->nr_samples, 3);
		for (k = 0; k < 3; k++) {
			s = &ev->samples[k];
			assert_int_equal(s->offset_ns, 1000000 * (k + 1));
			assert_int_equal(s->irqs_disabled, k % 2 == 0);
			assert_int_equal(s->delay_ns, 1000 + k);
			assert_int_equal(s->task.pid, 200 + k);
			assert_int_equal(s->task.tgid, 200 + k);
			assert_int_equal(s->nr_frames, 2);
		}
	}
	irqw_event_msg_free(&m);

	/* the strings, while the message lives */
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	for (k = 0; k < 3; k++) {
		s = &m.events[1].samples[k];
		snprintf(buf, sizeof(buf), "sample%u", k);
		assert_string_equal(s->task.comm, buf);
		snprintf(buf, sizeof(buf), "sfunc1+0x%x/0x40", k);
		assert_string_equal(s->frames[1], buf);
	}
	irqw_event_msg_free(&m);
	assert_null(m.events);
	nlmsg_free(msg);

	/* a sample without stack (user mode); causes from newer modules */
	v.skip[EV_SAMPLE] = IRQWATCH_SAMPLE_STACK;
	v.cause = 77;
	v.nr_samples = IRQW_SAMPLES_MAX;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 3);
	assert_int_equal(m.events[0].cause, 77);
	assert_int_equal(m.events[0].nr_samples, IRQW_SAMPLES_MAX);
	assert_int_equal(m.events[0].samples[5].nr_frames, 0);
	assert_null(m.events[0].samples[5].frames);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
}

static void test_stall(void **state)
{
	struct ev_variant v = ev_good;
	const struct irqw_event *ev;
	struct irqw_event_msg m;
	struct nl_msg *msg;
	unsigned int i;

	v.type = IRQWATCH_EVENT_STALL;
	v.stall = true;
	msg = ev_msg_build(&v);
	assert_int_equal(ev_parse_exact(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len,
					&m), 0);
	assert_int_equal(m.nr_events, 3);
	assert_int_equal(m.nr_malformed, 0);
	for (i = 0; i < 3; i++) {
		ev = &m.events[i];
		assert_int_equal(ev->type, IRQWATCH_EVENT_STALL);
		assert_int_equal(ev->has & (IRQW_EV_PARENT | IRQW_EV_RELATED_SEQ |
					    IRQW_EV_IRQS_OFF | IRQW_EV_IRQOFF_NS |
					    IRQW_EV_WITHIN),
				 IRQW_EV_PARENT | IRQW_EV_RELATED_SEQ |
				 IRQW_EV_IRQS_OFF | IRQW_EV_IRQOFF_NS);
		assert_true(ev->task.has_uid);
		assert_int_equal(ev->task.uid, 1000 + i);
		assert_true(ev->task.has_cgroup_id);
		assert_int_equal(ev->task.cgroup_id, 5000 + i);
		assert_int_equal(ev->parent.pid, 99);
		assert_int_equal(ev->parent.tgid, 99);
		assert_false(ev->parent.has_uid);
		assert_int_equal(ev->related_seq, 41);
		assert_int_equal(ev->irqs_off, IRQWATCH_IRQS_OFF_EXIT);
		assert_int_equal(ev->irqoff_ns, 790000000);
	}
	irqw_event_msg_free(&m);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_string_equal(m.events[2].probe, "get_slabinfo");
	assert_string_equal(m.events[2].cache, "dentry");
	assert_string_equal(m.events[2].parent.comm, "crond");
	irqw_event_msg_free(&m);
	nlmsg_free(msg);

	/* each is optional: a preset probe without a known cache, no window */
	v.skip[EV_EV] = IRQWATCH_EV_CACHE;
	v.skip[EV_TASK] = IRQWATCH_TASK_CGROUP_ID;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 3);
	assert_null(m.events[0].cache);
	assert_false(m.events[0].task.has_cgroup_id);
	assert_true(m.events[0].task.has_uid);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);

	/* unknown bits of irqs_off are kept, not refused */
	v = ev_good;
	v.stall = true;
	v.bad[EV_EV] = IRQWATCH_EV_IRQS_OFF;
	v.bad_data = &(uint32_t){ 0x80000003 };
	v.bad_len = 4;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 3);
	assert_int_equal(m.events[0].irqs_off, 0x80000003);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
}

static void test_within(void **state)
{
	struct ev_variant v = ev_good;
	struct irqw_event_msg m;
	struct nl_msg *msg;

	v.type = IRQWATCH_EVENT_IRQOFF;
	v.nr_samples = 1;
	v.within = true;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 3);
	assert_true(m.events[1].has & IRQW_EV_WITHIN);
	assert_string_equal(m.events[1].within.symbol, "get_slabinfo");
	assert_int_equal(m.events[1].within.kind, IRQWATCH_PROBE_KIND_SLAB);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);

	/* a kind from a newer module */
	v.bad[EV_WITHIN] = IRQWATCH_PROBE_KIND;
	v.bad_data = &(uint32_t){ 9 };
	v.bad_len = 4;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 3);
	assert_int_equal(m.events[0].within.kind, 9);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
}

/*
 * softirqoff events: cause bh_disabled, the longest duration, the pending
 * vectors, and one sample taken by the tick itself.
 */
static void test_softirqoff(void **state)
{
	struct ev_variant v = ev_good;
	const struct irqw_sample *s;
	const struct irqw_event *ev;
	struct irqw_event_msg m;
	struct nl_msg *msg;
	unsigned int i;

	v.type = IRQWATCH_EVENT_SOFTIRQOFF;
	v.softirqoff = true;
	v.nr_samples = 1;
	v.cause = IRQWATCH_CAUSE_BH_DISABLED;
	msg = ev_msg_build(&v);
	assert_int_equal(ev_parse_exact(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len,
					&m), 0);
	assert_int_equal(m.nr_events, 3);
	assert_int_equal(m.nr_malformed, 0);
	for (i = 0; i < 3; i++) {
		ev = &m.events[i];
		assert_int_equal(ev->type, IRQWATCH_EVENT_SOFTIRQOFF);
		assert_int_equal(ev->has, IRQW_EV_DURATION | IRQW_EV_TASK |
					  IRQW_EV_STACK | IRQW_EV_SYNTH_INDEX |
					  IRQW_EV_CAUSE | IRQW_EV_CONTEXT |
					  IRQW_EV_SAMPLES_OMITTED |
					  IRQW_EV_DURATION_MAX | IRQW_EV_PENDING);
		assert_int_equal(ev->cause, IRQWATCH_CAUSE_BH_DISABLED);
		assert_int_equal(ev->context, IRQWATCH_CONTEXT_TASK);
		assert_int_equal(ev->duration_ns, 0);
		assert_int_equal(ev->duration_max_ns, 2000000 + i);
		assert_int_equal(ev->pending, 1U << IRQWATCH_SOFTIRQ_TIMER |
					      1U << IRQWATCH_SOFTIRQ_TASKLET);
		assert_int_equal(ev->nr_samples, 1);
		s = &ev->samples[0];
		assert_int_equal(s->offset_ns, 1000000);
		assert_false(s->irqs_disabled);
		assert_int_equal(s->delay_ns, 0);
		assert_int_equal(s->task.pid, 200);
		assert_int_equal(s->nr_frames, 2);
	}
	irqw_event_msg_free(&m);
	nlmsg_free(msg);

	/* vectors of newer kernels are kept; none pending is a set too */
	v.pending = 0x80000402;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 3);
	assert_int_equal(m.events[2].pending, 0x80000402);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
	v.pending = 0;
	v.bad[EV_EV] = IRQWATCH_EV_PENDING;
	v.bad_data = &(uint32_t){ 0 };
	v.bad_len = 4;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 3);
	assert_true(m.events[0].has & IRQW_EV_PENDING);
	assert_int_equal(m.events[0].pending, 0);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);

	/* the longest may equal the shortest, and is optional */
	v = ev_good;
	v.type = IRQWATCH_EVENT_SOFTIRQOFF;
	v.softirqoff = true;
	v.bad[EV_EV] = IRQWATCH_EV_DURATION_NS;
	v.bad_data = &(uint64_t){ 2000000 };
	v.bad_len = 8;
	v.which = 0;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 3);
	assert_int_equal(m.events[0].duration_ns, 2000000);
	assert_int_equal(m.events[0].duration_max_ns, 2000000);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
	v = ev_good;
	v.type = IRQWATCH_EVENT_SOFTIRQOFF;
	v.softirqoff = true;
	v.skip[EV_EV] = IRQWATCH_EV_DURATION_MAX_NS;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 3);
	assert_int_equal(m.events[1].has & (IRQW_EV_DURATION_MAX | IRQW_EV_PENDING),
			 IRQW_EV_PENDING);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
}

/* Without cause and samples (other types, older modules): none reported. */
static void test_no_cause(void **state)
{
	struct ev_variant v = ev_good;
	struct irqw_event_msg m;
	struct nl_msg *msg;

	v.type = IRQWATCH_EVENT_IRQOFF;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 3);
	assert_int_equal(m.events[0].has & (IRQW_EV_CAUSE | IRQW_EV_CONTEXT |
					     IRQW_EV_SAMPLES_OMITTED), 0);
	assert_int_equal(m.events[0].nr_samples, 0);
	assert_null(m.events[0].samples);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
}

/* Drops grew with no event to send, and the last message of an unload. */
static void test_no_events(void **state)
{
	struct ev_variant v = ev_good;
	struct irqw_event_msg m;
	struct nl_msg *msg;

	v.nr_events = 0;
	v.ring_drops = UINT64_MAX;
	v.shutdown = true;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 0);
	assert_null(m.events);
	assert_true(m.shutdown);
	assert_int_equal(m.ring_drops, UINT64_MAX);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
}

static void test_many_events(void **state)
{
	struct ev_variant v = ev_good;
	struct irqw_event_msg m;
	struct nl_msg *msg;
	unsigned int i;

	v.nr_events = 2000;
	v.nr_frames = 4;
	v.first_seq = 1;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 2000);
	for (i = 0; i < 2000; i++) {
		assert_int_equal(m.events[i].seq, 1 + i);
		assert_int_equal(m.events[i].nr_frames, 4);
	}
	irqw_event_msg_free(&m);
	nlmsg_free(msg);

	/* as many frames as an event may have */
	v.nr_events = 2;
	v.nr_frames = IRQW_FRAMES_MAX;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 2);
	assert_int_equal(m.events[1].nr_frames, IRQW_FRAMES_MAX);
	assert_string_equal(m.events[1].frames[IRQW_FRAMES_MAX - 1],
			    "func255+0xff/0x30");
	irqw_event_msg_free(&m);
	nlmsg_free(msg);

	/* one frame more than the bound: every event is malformed */
	v.nr_events = 2;
	v.nr_frames = IRQW_FRAMES_MAX + 1;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 0);
	assert_int_equal(m.nr_malformed, 2);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
}

/* Only the attributes present are reported; the event stays valid. */
static void test_optional_attributes(void **state)
{
	static const struct {
		int type;
		unsigned int has;
	} optional[] = {
		{ IRQWATCH_EV_DURATION_NS, IRQW_EV_DURATION },
		{ IRQWATCH_EV_TASK, IRQW_EV_TASK },
		{ IRQWATCH_EV_STACK, IRQW_EV_STACK },
		{ IRQWATCH_EV_SYNTH_INDEX, IRQW_EV_SYNTH_INDEX },
	};
	unsigned int all = IRQW_EV_DURATION | IRQW_EV_TASK | IRQW_EV_STACK |
			   IRQW_EV_SYNTH_INDEX;
	struct ev_variant v;
	struct irqw_event_msg m;
	struct nl_msg *msg;
	size_t i;

	for (i = 0; i < sizeof(optional) / sizeof(optional[0]); i++) {
		v = ev_good;
		v.skip[EV_EV] = optional[i].type;
		v.which = 0;
		msg = ev_msg_build(&v);
		assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
		assert_int_equal(m.nr_events, 3);
		assert_int_equal(m.nr_malformed, 0);
		assert_int_equal(m.events[0].has, all & ~optional[i].has);
		assert_int_equal(m.events[1].has, all);
		if (optional[i].type == IRQWATCH_EV_STACK) {
			assert_int_equal(m.events[0].nr_frames, 0);
			assert_null(m.events[0].frames);
		}
		if (optional[i].type == IRQWATCH_EV_TASK)
			assert_null(m.events[0].task.comm);
		irqw_event_msg_free(&m);
		nlmsg_free(msg);
	}

	/* no frames at all: no stack attribute, as the kernel sends it */
	v = ev_good;
	v.nr_frames = 0;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.events[2].has, all & ~IRQW_EV_STACK);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
}

/* An empty stack nest is a stack without frames. */
static void test_empty_stack(void **state)
{
	struct ev_variant v = ev_good;
	struct irqw_event_msg m;
	struct nl_msg *msg;

	v.bad[EV_EV] = IRQWATCH_EV_STACK;
	v.bad_data = "";
	v.bad_len = 0;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 3);
	assert_int_equal(m.events[0].has & IRQW_EV_STACK, IRQW_EV_STACK);
	assert_int_equal(m.events[0].nr_frames, 0);
	assert_null(m.events[0].frames);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
}

/* NEXT_SEQ is optional, and a u64 when present. */
static void test_next_seq(void **state)
{
	struct irqw_event_msg m;
	struct nl_msg *msg;
	int i;

	for (i = 0; i < 3; i++) {
		msg = nlmsg_alloc_size(256);
		assert_non_null(msg);
		assert_non_null(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, EV_FAMILY_ID,
					    0, 0, IRQWATCH_CMD_EVENT, 1));
		assert_int_equal(nla_put_u64(msg, IRQWATCH_A_RING_DROPS, 3), 0);
		if (i == 1)
			assert_int_equal(nla_put_u64(msg, IRQWATCH_A_NEXT_SEQ, 42), 0);
		if (i == 2)
			assert_int_equal(nla_put_u32(msg, IRQWATCH_A_NEXT_SEQ, 42), 0);
		if (i == 2) {
			assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), -EBADMSG);
			nlmsg_free(msg);
			continue;
		}
		assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
		assert_int_equal(m.has_next_seq, i == 1);
		assert_int_equal(m.next_seq, i == 1 ? 42 : 0);
		assert_int_equal(m.nr_events, 0);
		irqw_event_msg_free(&m);
		nlmsg_free(msg);
	}
}

/* Attributes this version does not know are skipped, at every level. */
static void test_unknown_attributes(void **state)
{
	struct nl_msg *msg = nlmsg_alloc_size(4096);
	struct nlattr *ev, *task, *stack;
	struct irqw_event_msg m;

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, EV_FAMILY_ID,
				    0, 0, IRQWATCH_CMD_EVENT, 1));
	assert_int_equal(nla_put_u32(msg, IRQWATCH_A_PAD, 0), 0);
	assert_int_equal(nla_put_string(msg, IRQWATCH_A_MAX + 1, "future"), 0);
	assert_int_equal(nla_put_u64(msg, IRQWATCH_A_RING_DROPS, 3), 0);
	ev = nla_nest_start(msg, IRQWATCH_A_EVENT | NLA_F_NESTED);
	assert_int_equal(nla_put_u32(msg, IRQWATCH_EV_PAD, 0), 0);
	assert_int_equal(nla_put_u64(msg, IRQWATCH_EV_MAX + 1, 1), 0);
	assert_int_equal(nla_put_u64(msg, IRQWATCH_EV_SEQ, 9), 0);
	/* a type from a newer module */
	assert_int_equal(nla_put_u32(msg, IRQWATCH_EV_TYPE, 99), 0);
	assert_int_equal(nla_put_u32(msg, IRQWATCH_EV_CPU, 5), 0);
	assert_int_equal(nla_put_u64(msg, IRQWATCH_EV_MONO_NS, 6), 0);
	assert_int_equal(nla_put_u64(msg, IRQWATCH_EV_REAL_NS, 7), 0);
	task = nla_nest_start(msg, IRQWATCH_EV_TASK | NLA_F_NESTED);
	assert_int_equal(nla_put_u8(msg, IRQWATCH_TASK_MAX + 1, 1), 0);
	assert_int_equal(nla_put_u32(msg, IRQWATCH_TASK_PID, 1), 0);
	assert_int_equal(nla_put_u32(msg, IRQWATCH_TASK_TGID, 2), 0);
	assert_int_equal(nla_put_string(msg, IRQWATCH_TASK_COMM, "c"), 0);
	nla_nest_end(msg, task);
	stack = nla_nest_start(msg, IRQWATCH_EV_STACK | NLA_F_NESTED);
	assert_int_equal(nla_put_u32(msg, IRQWATCH_FRAME_MAX + 1, 0), 0);
	assert_int_equal(nla_put_string(msg, IRQWATCH_FRAME, "a+0x1/0x2"), 0);
	nla_nest_end(msg, stack);
	nla_nest_end(msg, ev);

	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.ring_drops, 3);
	assert_int_equal(m.nr_events, 1);
	assert_int_equal(m.nr_malformed, 0);
	assert_int_equal(m.events[0].seq, 9);
	assert_int_equal(m.events[0].type, 99);
	assert_int_equal(m.events[0].has, IRQW_EV_TASK | IRQW_EV_STACK);
	assert_string_equal(m.events[0].task.comm, "c");
	assert_int_equal(m.events[0].nr_frames, 1);
	assert_string_equal(m.events[0].frames[0], "a+0x1/0x2");
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
}

/* Each attribute every event must have: that event is left out, no more. */
static void test_missing_attributes(void **state)
{
	static const int required[] = {
		IRQWATCH_EV_SEQ, IRQWATCH_EV_TYPE, IRQWATCH_EV_CPU,
		IRQWATCH_EV_MONO_NS, IRQWATCH_EV_REAL_NS,
	};
	struct ev_variant v;
	size_t i;
	int type;

	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		v = ev_good;
		v.skip[EV_EV] = required[i];
		v.which = 1;
		ev_expect_skipped(ev_msg_build(&v), &v, 1);
	}
	for (type = IRQWATCH_TASK_PID; type <= IRQWATCH_TASK_COMM; type++) {
		v = ev_good;
		v.skip[EV_TASK] = type;
		v.which = 2;
		ev_expect_skipped(ev_msg_build(&v), &v, 2);
	}
	/* without ring drops the message itself is broken */
	v = ev_good;
	v.skip[EV_TOP] = IRQWATCH_A_RING_DROPS;
	ev_expect_bad(ev_msg_build(&v));
}

static void test_bad_values(void **state)
{
	static const uint64_t zero64;
	static const uint32_t zero32;

	/* seqs start at 1; type 0 is no type */
	ev_bad_attr(EV_EV, IRQWATCH_EV_SEQ, &zero64, sizeof(zero64));
	ev_bad_attr(EV_EV, IRQWATCH_EV_TYPE, &zero32, sizeof(zero32));
}

static void test_bad_header(void **state)
{
	struct ev_variant v = ev_good;
	struct nl_msg *msg;

	v.cmd = IRQWATCH_CMD_SUBSCRIBE;
	ev_expect_bad(ev_msg_build(&v));
	v.cmd = IRQWATCH_CMD_UNSPEC;
	ev_expect_bad(ev_msg_build(&v));

	/* a netlink header without the genl header */
	msg = nlmsg_alloc();
	assert_non_null(msg);
	assert_non_null(nlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, EV_FAMILY_ID,
				  0, 0));
	ev_expect_bad(msg);
}

/* load_id: 0 none, 8 a u64 of 0x1122334455667788, else that many bytes */
static struct nl_msg *reply_build(uint8_t cmd, int skip, int load_id)
{
	static const uint8_t junk[4];
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, EV_FAMILY_ID,
				    0, 0, cmd, 1));
	if (skip == IRQWATCH_A_STATS)
		return msg;
	nest = nla_nest_start(msg, IRQWATCH_A_STATS | NLA_F_NESTED);
	if (skip != IRQWATCH_STATS_NEXT_SEQ)
		assert_int_equal(nla_put_u64(msg, IRQWATCH_STATS_NEXT_SEQ, 1001), 0);
	if (skip != IRQWATCH_STATS_RING_DROPS)
		assert_int_equal(nla_put_u64(msg, IRQWATCH_STATS_RING_DROPS, 17), 0);
	assert_int_equal(nla_put_u32(msg, IRQWATCH_STATS_RING_SIZE, 65536), 0);
	assert_int_equal(nla_put_u32(msg, IRQWATCH_STATS_LISTENERS, 1), 0);
	assert_int_equal(nla_put_u64(msg, IRQWATCH_STATS_UNHEARD, 3), 0);
	nla_nest_end(msg, nest);
	if (load_id == 8)
		assert_int_equal(nla_put_u64(msg, IRQWATCH_A_LOAD_ID,
					     0x1122334455667788ULL), 0);
	else if (load_id)
		assert_int_equal(nla_put(msg, IRQWATCH_A_LOAD_ID, load_id, junk), 0);
	return msg;
}

static void expect_untouched(const struct irqw_baseline *b,
			     const struct irqw_baseline *want)
{
	assert_true(b->next_seq == want->next_seq);
	assert_true(b->ring_drops == want->ring_drops);
	assert_true(b->has_load_id == want->has_load_id);
	assert_true(b->load_id == want->load_id);
}

static void test_subscribe_reply(void **state)
{
	static const struct irqw_baseline untouched = { 5, 6, true, 7 };
	struct irqw_baseline b = untouched;
	struct nl_msg *msg;
	int skip;

	msg = reply_build(IRQWATCH_CMD_SUBSCRIBE, EV_NONE, 8);
	assert_int_equal(irqw_subscribe_reply_parse(nlmsg_hdr(msg), &b), 0);
	assert_int_equal(b.next_seq, 1001);
	assert_int_equal(b.ring_drops, 17);
	assert_true(b.has_load_id);
	assert_true(b.load_id == 0x1122334455667788ULL);
	nlmsg_free(msg);

	/* a module older than the load id: the baselines alone */
	b = untouched;
	msg = reply_build(IRQWATCH_CMD_SUBSCRIBE, EV_NONE, 0);
	assert_int_equal(irqw_subscribe_reply_parse(nlmsg_hdr(msg), &b), 0);
	assert_int_equal(b.next_seq, 1001);
	assert_false(b.has_load_id);
	assert_true(b.load_id == 0);
	nlmsg_free(msg);

	/* a load id of the wrong size */
	b = untouched;
	msg = reply_build(IRQWATCH_CMD_SUBSCRIBE, EV_NONE, 4);
	assert_int_equal(irqw_subscribe_reply_parse(nlmsg_hdr(msg), &b), -EBADMSG);
	expect_untouched(&b, &untouched);
	nlmsg_free(msg);

	for (skip = IRQWATCH_A_STATS; skip >= IRQWATCH_STATS_NEXT_SEQ; skip--) {
		if (skip > IRQWATCH_STATS_RING_DROPS && skip != IRQWATCH_A_STATS)
			continue;
		b = untouched;
		msg = reply_build(IRQWATCH_CMD_SUBSCRIBE, skip, 8);
		assert_int_equal(irqw_subscribe_reply_parse(nlmsg_hdr(msg), &b),
				 -EBADMSG);
		expect_untouched(&b, &untouched);
		nlmsg_free(msg);
	}
	msg = reply_build(IRQWATCH_CMD_GET_STATS, EV_NONE, 8);
	assert_int_equal(irqw_subscribe_reply_parse(nlmsg_hdr(msg), &b), -EBADMSG);
	nlmsg_free(msg);
}

static struct nl_msg *ctrl_build(uint8_t cmd, const char *name)
{
	struct nl_msg *msg = nlmsg_alloc();

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 0, GENL_ID_CTRL, 0, 0, cmd, 2));
	assert_int_equal(nla_put_u16(msg, CTRL_ATTR_FAMILY_ID, EV_FAMILY_ID), 0);
	if (name)
		assert_int_equal(nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, name), 0);
	assert_int_equal(nla_put_u32(msg, CTRL_ATTR_VERSION, 1), 0);
	return msg;
}

static void test_delfamily(void **state)
{
	static const struct {
		uint8_t cmd;
		const char *name;
		int want;
	} cases[] = {
		{ CTRL_CMD_DELFAMILY, "irqwatch", 1 },
		{ CTRL_CMD_DELFAMILY, "irqwatch2", 0 },
		{ CTRL_CMD_DELFAMILY, "irqwatc", 0 },
		{ CTRL_CMD_NEWFAMILY, "irqwatch", 0 },
		{ CTRL_CMD_DELMCAST_GRP, "irqwatch", 0 },
		{ CTRL_CMD_DELFAMILY, NULL, -EBADMSG },
	};
	struct nl_msg *msg;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		msg = ctrl_build(cases[i].cmd, cases[i].name);
		assert_int_equal(irqw_ctrl_delfamily_parse(nlmsg_hdr(msg),
							   "irqwatch"),
				 cases[i].want);
		nlmsg_free(msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_irqoff),
		cmocka_unit_test(test_no_cause),
		cmocka_unit_test(test_stall),
		cmocka_unit_test(test_within),
		cmocka_unit_test(test_softirqoff),
		cmocka_unit_test(test_no_events),
		cmocka_unit_test(test_many_events),
		cmocka_unit_test(test_optional_attributes),
		cmocka_unit_test(test_empty_stack),
		cmocka_unit_test(test_next_seq),
		cmocka_unit_test(test_unknown_attributes),
		cmocka_unit_test(test_missing_attributes),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_subscribe_reply),
		cmocka_unit_test(test_delfamily),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
