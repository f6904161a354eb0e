// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "event_msg.h"
#include "ipc.h"

#define MSG_SIZE	(1024 * 1024)

const struct ev_variant ev_good = {
	.skip = { EV_NONE, EV_NONE, EV_NONE, EV_NONE, EV_NONE, EV_NONE, EV_NONE,
		  EV_NONE, EV_NONE },
	.bad = { EV_NONE, EV_NONE, EV_NONE, EV_NONE, EV_NONE, EV_NONE, EV_NONE,
		 EV_NONE, EV_NONE },
	.which = EV_ALL,
	.cmd = IRQWATCH_CMD_EVENT,
	.nr_events = 3,
	.nr_frames = 2,
	.first_seq = 42,
	.ring_drops = 7,
};

/* Whether the variant's change applies at this level of event i. */
static bool applies(const struct ev_variant *v, enum ev_level level,
		    unsigned int i)
{
	return level == EV_TOP || v->which == EV_ALL || (unsigned int)v->which == i;
}

/* Handles a skipped or replaced attribute; false if it is to be put. */
static bool special(struct nl_msg *msg, const struct ev_variant *v,
		    enum ev_level level, unsigned int i, int type)
{
	if (!applies(v, level, i))
		return false;
	if (type == v->bad[level])
		assert_int_equal(nla_put(msg, type, v->bad_len, v->bad_data), 0);
	return type == v->skip[level] || type == v->bad[level];
}

static void put_u32(struct nl_msg *msg, const struct ev_variant *v,
		    enum ev_level level, unsigned int i, int type, uint32_t val)
{
	if (!special(msg, v, level, i, type))
		assert_int_equal(nla_put_u32(msg, type, val), 0);
}

static void put_u64(struct nl_msg *msg, const struct ev_variant *v,
		    enum ev_level level, unsigned int i, int type, uint64_t val)
{
	if (!special(msg, v, level, i, type))
		assert_int_equal(nla_put_u64(msg, type, val), 0);
}

static void put_u8(struct nl_msg *msg, const struct ev_variant *v,
		   enum ev_level level, unsigned int i, int type, uint8_t val)
{
	if (!special(msg, v, level, i, type))
		assert_int_equal(nla_put_u8(msg, type, val), 0);
}

static void put_string(struct nl_msg *msg, const struct ev_variant *v,
		       enum ev_level level, unsigned int i, int type,
		       const char *val)
{
	if (!special(msg, v, level, i, type))
		assert_int_equal(nla_put_string(msg, type, val), 0);
}

/* Nests carry NLA_F_NESTED as the kernel's nla_nest_start() sets it. */
static struct nlattr *nest(struct nl_msg *msg, int type)
{
	struct nlattr *attr = nla_nest_start(msg, type | NLA_F_NESTED);

	assert_non_null(attr);
	return attr;
}

static void put_sample(struct nl_msg *msg, const struct ev_variant *v,
		       unsigned int i, unsigned int k)
{
	struct nlattr *sample, *attr;
	char buf[64];
	unsigned int j;

	sample = nest(msg, IRQWATCH_EV_SAMPLE);
	put_u64(msg, v, EV_SAMPLE, i, IRQWATCH_SAMPLE_OFFSET_NS,
		1000000ULL * (k + 1));
	put_u8(msg, v, EV_SAMPLE, i, IRQWATCH_SAMPLE_IRQS_DISABLED,
	       !v->softirqoff && k % 2 == 0);
	if (!special(msg, v, EV_SAMPLE, i, IRQWATCH_SAMPLE_TASK)) {
		attr = nest(msg, IRQWATCH_SAMPLE_TASK);
		put_u32(msg, v, EV_STASK, i, IRQWATCH_TASK_PID, 200 + k);
		put_u32(msg, v, EV_STASK, i, IRQWATCH_TASK_TGID, 200 + k);
		snprintf(buf, sizeof(buf), "sample%u", k);
		put_string(msg, v, EV_STASK, i, IRQWATCH_TASK_COMM, buf);
		nla_nest_end(msg, attr);
	}
	if (!special(msg, v, EV_SAMPLE, i, IRQWATCH_SAMPLE_STACK)) {
		attr = nest(msg, IRQWATCH_SAMPLE_STACK);
		for (j = 0; j < 2; j++) {
			snprintf(buf, sizeof(buf), "sfunc%u+0x%x/0x40", j, k);
			put_string(msg, v, EV_SSTACK, i, IRQWATCH_FRAME, buf);
		}
		nla_nest_end(msg, attr);
	}
	put_u64(msg, v, EV_SAMPLE, i, IRQWATCH_SAMPLE_DELAY_NS,
		v->softirqoff ? 0 : 1000 + k);
	nla_nest_end(msg, sample);
}

/* The cause, context and samples of an event, as the kernel orders them. */
static void put_cause(struct nl_msg *msg, const struct ev_variant *v,
		      unsigned int i)
{
	unsigned int k;

	put_u32(msg, v, EV_EV, i, IRQWATCH_EV_CAUSE,
		v->cause ? v->cause : IRQWATCH_CAUSE_IRQS_DISABLED);
	put_u32(msg, v, EV_EV, i, IRQWATCH_EV_CONTEXT, IRQWATCH_CONTEXT_TASK);
	put_u32(msg, v, EV_EV, i, IRQWATCH_EV_SAMPLES_OMITTED, v->samples_omitted);
	for (k = 0; k < v->nr_samples; k++)
		if (!special(msg, v, EV_EV, i, IRQWATCH_EV_SAMPLE))
			put_sample(msg, v, i, k);
}

static void put_stall(struct nl_msg *msg, const struct ev_variant *v,
		      unsigned int i)
{
	struct nlattr *attr;

	put_string(msg, v, EV_EV, i, IRQWATCH_EV_PROBE, "get_slabinfo");
	put_string(msg, v, EV_EV, i, IRQWATCH_EV_CACHE, "dentry");
	if (!special(msg, v, EV_EV, i, IRQWATCH_EV_PARENT)) {
		attr = nest(msg, IRQWATCH_EV_PARENT);
		put_u32(msg, v, EV_PARENT, i, IRQWATCH_TASK_PID, 99);
		put_u32(msg, v, EV_PARENT, i, IRQWATCH_TASK_TGID, 99);
		put_string(msg, v, EV_PARENT, i, IRQWATCH_TASK_COMM, "crond");
		nla_nest_end(msg, attr);
	}
	put_u64(msg, v, EV_EV, i, IRQWATCH_EV_RELATED_SEQ, 41);
	put_u32(msg, v, EV_EV, i, IRQWATCH_EV_IRQS_OFF, IRQWATCH_IRQS_OFF_EXIT);
	put_u64(msg, v, EV_EV, i, IRQWATCH_EV_IRQOFF_NS, 790000000);
}

static void put_within(struct nl_msg *msg, const struct ev_variant *v,
		       unsigned int i)
{
	struct nlattr *attr;

	if (special(msg, v, EV_EV, i, IRQWATCH_EV_WITHIN))
		return;
	attr = nest(msg, IRQWATCH_EV_WITHIN);
	put_string(msg, v, EV_WITHIN, i, IRQWATCH_PROBE_SYMBOL, "get_slabinfo");
	put_u32(msg, v, EV_WITHIN, i, IRQWATCH_PROBE_KIND,
		IRQWATCH_PROBE_KIND_SLAB);
	nla_nest_end(msg, attr);
}

static void put_softirqoff(struct nl_msg *msg, const struct ev_variant *v,
			   unsigned int i)
{
	put_u64(msg, v, EV_EV, i, IRQWATCH_EV_DURATION_MAX_NS, 2000000 + i);
	put_u32(msg, v, EV_EV, i, IRQWATCH_EV_PENDING, v->pending ? v->pending :
		1U << IRQWATCH_SOFTIRQ_TIMER | 1U << IRQWATCH_SOFTIRQ_TASKLET);
}

static void put_event(struct nl_msg *msg, const struct ev_variant *v,
		      unsigned int i)
{
	struct nlattr *ev, *attr;
	char buf[64];
	unsigned int j;

	ev = nest(msg, IRQWATCH_A_EVENT);
	put_u64(msg, v, EV_EV, i, IRQWATCH_EV_SEQ, v->first_seq + i);
	put_u32(msg, v, EV_EV, i, IRQWATCH_EV_TYPE,
		v->type ? v->type : IRQWATCH_EVENT_SYNTHETIC);
	put_u32(msg, v, EV_EV, i, IRQWATCH_EV_CPU, i % 4);
	put_u64(msg, v, EV_EV, i, IRQWATCH_EV_MONO_NS, 1000000 + i);
	put_u64(msg, v, EV_EV, i, IRQWATCH_EV_REAL_NS, EV_REAL_NS + 1000ULL * i);
	put_u64(msg, v, EV_EV, i, IRQWATCH_EV_DURATION_NS, 0);
	if (!special(msg, v, EV_EV, i, IRQWATCH_EV_TASK)) {
		attr = nest(msg, IRQWATCH_EV_TASK);
		put_u32(msg, v, EV_TASK, i, IRQWATCH_TASK_PID, 100 + i);
		put_u32(msg, v, EV_TASK, i, IRQWATCH_TASK_TGID, 100 + i);
		snprintf(buf, sizeof(buf), "task%u", i);
		put_string(msg, v, EV_TASK, i, IRQWATCH_TASK_COMM, buf);
		if (v->stall) {
			put_u32(msg, v, EV_TASK, i, IRQWATCH_TASK_UID, 1000 + i);
			put_u64(msg, v, EV_TASK, i, IRQWATCH_TASK_CGROUP_ID,
				5000 + i);
		}
		nla_nest_end(msg, attr);
	}
	if (v->nr_frames && !special(msg, v, EV_EV, i, IRQWATCH_EV_STACK)) {
		attr = nest(msg, IRQWATCH_EV_STACK);
		for (j = 0; j < v->nr_frames; j++) {
			snprintf(buf, sizeof(buf), "func%u+0x%x/0x30", j, j);
			/* every frame has the same type: skip or spoil them all */
			put_string(msg, v, EV_STACK, i, IRQWATCH_FRAME, buf);
		}
		nla_nest_end(msg, attr);
	}
	put_u64(msg, v, EV_EV, i, IRQWATCH_EV_SYNTH_INDEX, i);
	if (v->nr_samples)
		put_cause(msg, v, i);
	if (v->stall)
		put_stall(msg, v, i);
	if (v->within)
		put_within(msg, v, i);
	if (v->softirqoff)
		put_softirqoff(msg, v, i);
	nla_nest_end(msg, ev);
}

struct nl_msg *ev_msg_build(const struct ev_variant *v)
{
	struct nl_msg *msg = nlmsg_alloc_size(MSG_SIZE);
	unsigned int i;

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, EV_FAMILY_ID,
				    0, 0, v->cmd, IRQWATCH_GENL_VERSION));
	put_u64(msg, v, EV_TOP, 0, IRQWATCH_A_RING_DROPS, v->ring_drops);
	if (v->shutdown && !special(msg, v, EV_TOP, 0, IRQWATCH_A_SHUTDOWN))
		assert_int_equal(nla_put_flag(msg, IRQWATCH_A_SHUTDOWN), 0);
	for (i = 0; i < v->nr_events; i++)
		if (!special(msg, v, EV_TOP, 0, IRQWATCH_A_EVENT))
			put_event(msg, v, i);
	return msg;
}

static const struct irqw_event_msg untouched = { .nr_events = 12345 };

void ev_expect_bad(struct nl_msg *msg)
{
	struct irqw_event_msg m = untouched;

	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), -EBADMSG);
	assert_memory_equal(&m, &untouched, sizeof(m));
	nlmsg_free(msg);
}

void ev_expect_skipped(struct nl_msg *msg, const struct ev_variant *v,
		       unsigned int bad)
{
	struct irqw_event_msg m;
	unsigned int i, n = 0;

	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_malformed, 1);
	assert_int_equal(m.nr_events, v->nr_events - 1);
	for (i = 0; i < v->nr_events; i++)
		if (i != bad)
			assert_int_equal(m.events[n++].seq, v->first_seq + i);
	assert_int_equal(m.ring_drops, v->ring_drops);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
}

void ev_bad_attr(enum ev_level level, int type, const void *data, int len)
{
	struct ev_variant v = ev_good;

	v.bad[level] = type;
	v.bad_data = data;
	v.bad_len = len;
	if (level == EV_TOP) {
		ev_expect_bad(ev_msg_build(&v));
		return;
	}
	v.which = 1;
	ev_expect_skipped(ev_msg_build(&v), &v, 1);
}

int ev_parse_exact(const struct nlmsghdr *nlh, size_t len,
		   struct irqw_event_msg *m)
{
	struct nlmsghdr *copy = malloc(len);
	int ret;

	assert_non_null(copy);
	memcpy(copy, nlh, len);
	copy->nlmsg_len = (uint32_t)len;
	ret = irqw_event_msg_parse(copy, m);
	/* the events point into the message: check them while it lives */
	if (!ret) {
		size_t i, j, k;

		for (i = 0; i < m->nr_events; i++) {
			for (k = 0; k < m->events[i].nr_samples; k++) {
				const struct irqw_sample *s =
					&m->events[i].samples[k];

				assert_true(strlen(s->task.comm) < IRQW_COMM_MAX);
				for (j = 0; j < s->nr_frames; j++)
					assert_true(strlen(s->frames[j]) <
						    IRQW_FRAME_MAX);
			}
			assert_true(m->events[i].seq >= 1);
			assert_int_not_equal(m->events[i].type, 0);
			if (m->events[i].has & IRQW_EV_TASK)
				assert_true(strlen(m->events[i].task.comm) <
					    IRQW_COMM_MAX);
			if (m->events[i].has & IRQW_EV_PARENT)
				assert_true(strlen(m->events[i].parent.comm) <
					    IRQW_COMM_MAX);
			if (m->events[i].has & IRQW_EV_WITHIN)
				assert_true(strlen(m->events[i].within.symbol) <
					    IRQWATCH_SYMBOL_LEN_MAX);
			if (m->events[i].probe)
				assert_true(strlen(m->events[i].probe) <
					    IRQWATCH_SYMBOL_LEN_MAX);
			if (m->events[i].cache)
				assert_true(strlen(m->events[i].cache) <
					    IRQWATCH_CACHE_LEN_MAX);
			for (j = 0; j < m->events[i].nr_frames; j++)
				assert_true(strlen(m->events[i].frames[j]) <
					    IRQW_FRAME_MAX);
		}
	}
	free(copy);
	return ret;
}
