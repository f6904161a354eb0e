// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Parsers of what a subscribed socket receives: IRQWATCH_CMD_EVENT messages,
 * the SUBSCRIBE reply, and nlctrl's CTRL_CMD_DELFAMILY notification.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "ipc.h"
#include "ipc_int.h"

static const struct nla_policy event_msg_policy[IRQWATCH_A_MAX + 1] = {
	[IRQWATCH_A_RING_DROPS]	= U64_POLICY,
	[IRQWATCH_A_SHUTDOWN]	= { .type = NLA_FLAG },
	[IRQWATCH_A_EVENT]	= { .type = NLA_NESTED },
	[IRQWATCH_A_NEXT_SEQ]	= U64_POLICY,
};

static const struct nla_policy event_policy[IRQWATCH_EV_MAX + 1] = {
	[IRQWATCH_EV_SEQ]		= U64_POLICY,
	[IRQWATCH_EV_TYPE]		= U32_POLICY,
	[IRQWATCH_EV_CPU]		= U32_POLICY,
	[IRQWATCH_EV_MONO_NS]		= U64_POLICY,
	[IRQWATCH_EV_REAL_NS]		= U64_POLICY,
	[IRQWATCH_EV_DURATION_NS]	= U64_POLICY,
	[IRQWATCH_EV_TASK]		= { .type = NLA_NESTED },
	[IRQWATCH_EV_STACK]		= { .type = NLA_NESTED },
	[IRQWATCH_EV_SYNTH_INDEX]	= U64_POLICY,
};

/* The attributes every event has; the others are optional. */
static const int event_required[] = {
	IRQWATCH_EV_SEQ, IRQWATCH_EV_TYPE, IRQWATCH_EV_CPU,
	IRQWATCH_EV_MONO_NS, IRQWATCH_EV_REAL_NS,
};

static const struct nla_policy task_policy[IRQWATCH_TASK_MAX + 1] = {
	[IRQWATCH_TASK_PID]	= U32_POLICY,
	[IRQWATCH_TASK_TGID]	= U32_POLICY,
	[IRQWATCH_TASK_COMM]	= { .type = NLA_STRING, .maxlen = IRQW_COMM_MAX },
};

static const struct nla_policy frame_policy[IRQWATCH_FRAME_MAX + 1] = {
	[IRQWATCH_FRAME]	= { .type = NLA_STRING, .maxlen = IRQW_FRAME_MAX },
};

static const struct nla_policy stats_baseline_policy[IRQWATCH_STATS_MAX + 1] = {
	[IRQWATCH_STATS_NEXT_SEQ]	= U64_POLICY,
	[IRQWATCH_STATS_RING_DROPS]	= U64_POLICY,
};

static const struct nla_policy reply_policy[IRQWATCH_A_MAX + 1] = {
	[IRQWATCH_A_STATS]	= { .type = NLA_NESTED },
};

static const struct nla_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID]	= U16_POLICY,
	[CTRL_ATTR_FAMILY_NAME]	= { .type = NLA_STRING, .maxlen = GENL_NAMSIZ },
};

/* Whether the attributes in len bytes at head fill them exactly. */
static bool attrs_whole(struct nlattr *head, int len)
{
	struct nlattr *attr;
	int rem;

	nla_for_each_attr(attr, head, len, rem)
		;
	return rem <= 0;
}

static bool nest_whole(struct nlattr *nest)
{
	return attrs_whole(nla_data(nest), nla_len(nest));
}

static int parse_task(struct nlattr *nest, struct irqw_event *ev)
{
	struct nlattr *tb[IRQWATCH_TASK_MAX + 1];

	if (!nest_whole(nest) ||
	    nla_parse_nested(tb, IRQWATCH_TASK_MAX, nest, task_policy) < 0 ||
	    !irqw_has_all(tb, task_policy, IRQWATCH_TASK_MAX))
		return -EBADMSG;
	ev->task.pid = nla_get_u32(tb[IRQWATCH_TASK_PID]);
	ev->task.tgid = nla_get_u32(tb[IRQWATCH_TASK_TGID]);
	ev->task.comm = nla_get_string(tb[IRQWATCH_TASK_COMM]);
	ev->has |= IRQW_EV_TASK;
	return 0;
}

/* IRQWATCH_FRAME is repeated, which nla_parse() cannot keep: count, then copy. */
static int parse_stack(struct nlattr *nest, struct irqw_event *ev)
{
	struct nlattr *attr;
	size_t n = 0;
	int rem;

	if (!nest_whole(nest) ||
	    nla_validate(nla_data(nest), nla_len(nest), IRQWATCH_FRAME_MAX,
			 frame_policy) < 0)
		return -EBADMSG;
	nla_for_each_nested(attr, nest, rem)
		if (nla_type(attr) == IRQWATCH_FRAME)
			n++;
	if (n > IRQW_FRAMES_MAX)
		return -EBADMSG;
	ev->has |= IRQW_EV_STACK;
	if (!n)
		return 0;
	ev->frames = calloc(n, sizeof(*ev->frames));
	if (!ev->frames)
		return -ENOMEM;
	nla_for_each_nested(attr, nest, rem)
		if (nla_type(attr) == IRQWATCH_FRAME)
			ev->frames[ev->nr_frames++] = nla_get_string(attr);
	return 0;
}

static void event_free(struct irqw_event *ev)
{
	free(ev->frames);
	memset(ev, 0, sizeof(*ev));
}

/* -EBADMSG: the event is malformed; -ENOMEM. *ev is zeroed on error. */
static int parse_event(struct nlattr *nest, struct irqw_event *ev)
{
	struct nlattr *tb[IRQWATCH_EV_MAX + 1];
	size_t i;
	int ret;

	memset(ev, 0, sizeof(*ev));
	if (!nest_whole(nest) ||
	    nla_parse_nested(tb, IRQWATCH_EV_MAX, nest, event_policy) < 0)
		return -EBADMSG;
	for (i = 0; i < sizeof(event_required) / sizeof(event_required[0]); i++)
		if (!tb[event_required[i]])
			return -EBADMSG;
	ev->seq = nla_get_u64(tb[IRQWATCH_EV_SEQ]);
	ev->type = nla_get_u32(tb[IRQWATCH_EV_TYPE]);
	if (!ev->seq || ev->type == IRQWATCH_EVENT_UNSPEC) {
		ret = -EBADMSG;
		goto cleanup;
	}
	ev->cpu = nla_get_u32(tb[IRQWATCH_EV_CPU]);
	ev->mono_ns = nla_get_u64(tb[IRQWATCH_EV_MONO_NS]);
	ev->real_ns = nla_get_u64(tb[IRQWATCH_EV_REAL_NS]);
	if (tb[IRQWATCH_EV_DURATION_NS]) {
		ev->duration_ns = nla_get_u64(tb[IRQWATCH_EV_DURATION_NS]);
		ev->has |= IRQW_EV_DURATION;
	}
	if (tb[IRQWATCH_EV_SYNTH_INDEX]) {
		ev->synth_index = nla_get_u64(tb[IRQWATCH_EV_SYNTH_INDEX]);
		ev->has |= IRQW_EV_SYNTH_INDEX;
	}
	ret = tb[IRQWATCH_EV_TASK] ? parse_task(tb[IRQWATCH_EV_TASK], ev) : 0;
	if (!ret && tb[IRQWATCH_EV_STACK])
		ret = parse_stack(tb[IRQWATCH_EV_STACK], ev);
	if (!ret)
		return 0;
cleanup:
	event_free(ev);
	return ret;
}

int irqw_event_msg_parse(struct nlmsghdr *nlh, struct irqw_event_msg *m)
{
	struct nlattr *tb[IRQWATCH_A_MAX + 1], *attr, *head;
	struct irqw_event_msg msg = { 0 };
	struct genlmsghdr *gnlh;
	size_t n = 0;
	int len, rem, ret;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EBADMSG;
	gnlh = nlmsg_data(nlh);
	head = genlmsg_attrdata(gnlh, 0);
	len = genlmsg_attrlen(gnlh, 0);
	if (gnlh->cmd != IRQWATCH_CMD_EVENT || !attrs_whole(head, len) ||
	    genlmsg_parse(nlh, 0, tb, IRQWATCH_A_MAX, event_msg_policy) < 0 ||
	    !tb[IRQWATCH_A_RING_DROPS] ||
	    (tb[IRQWATCH_A_SHUTDOWN] && nla_len(tb[IRQWATCH_A_SHUTDOWN])))
		return -EBADMSG;
	msg.has_ring_drops = true;
	msg.ring_drops = nla_get_u64(tb[IRQWATCH_A_RING_DROPS]);
	msg.shutdown = tb[IRQWATCH_A_SHUTDOWN];
	if (tb[IRQWATCH_A_NEXT_SEQ]) {
		msg.has_next_seq = true;
		msg.next_seq = nla_get_u64(tb[IRQWATCH_A_NEXT_SEQ]);
	}

	nla_for_each_attr(attr, head, len, rem)
		if (nla_type(attr) == IRQWATCH_A_EVENT)
			n++;
	if (n) {
		msg.events = calloc(n, sizeof(*msg.events));
		if (!msg.events)
			return -ENOMEM;
	}
	nla_for_each_attr(attr, head, len, rem) {
		if (nla_type(attr) != IRQWATCH_A_EVENT)
			continue;
		ret = parse_event(attr, &msg.events[msg.nr_events]);
		if (ret == -EBADMSG) {
			msg.nr_malformed++;
			continue;
		}
		if (ret) {
			irqw_event_msg_free(&msg);
			return ret;
		}
		msg.nr_events++;
	}
	*m = msg;
	return 0;
}

void irqw_event_msg_free(struct irqw_event_msg *m)
{
	size_t i;

	for (i = 0; i < m->nr_events; i++)
		event_free(&m->events[i]);
	free(m->events);
	memset(m, 0, sizeof(*m));
}

int irqw_ctrl_delfamily_parse(struct nlmsghdr *nlh, const char *name)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct genlmsghdr *gnlh;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EBADMSG;
	gnlh = nlmsg_data(nlh);
	if (gnlh->cmd != CTRL_CMD_DELFAMILY)
		return 0;
	if (genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, ctrl_policy) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_NAME])
		return -EBADMSG;
	return !strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]), name);
}

int irqw_subscribe_reply_parse(struct nlmsghdr *nlh, struct irqw_baseline *b)
{
	struct nlattr *tb[IRQWATCH_A_MAX + 1], *st[IRQWATCH_STATS_MAX + 1];
	struct genlmsghdr *gnlh;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EBADMSG;
	gnlh = nlmsg_data(nlh);
	if (gnlh->cmd != IRQWATCH_CMD_SUBSCRIBE ||
	    genlmsg_parse(nlh, 0, tb, IRQWATCH_A_MAX, reply_policy) < 0 ||
	    !irqw_has_all(tb, reply_policy, IRQWATCH_A_MAX) ||
	    nla_parse_nested(st, IRQWATCH_STATS_MAX, tb[IRQWATCH_A_STATS],
			     stats_baseline_policy) < 0 ||
	    !irqw_has_all(st, stats_baseline_policy, IRQWATCH_STATS_MAX))
		return -EBADMSG;
	b->next_seq = nla_get_u64(st[IRQWATCH_STATS_NEXT_SEQ]);
	b->ring_drops = nla_get_u64(st[IRQWATCH_STATS_RING_DROPS]);
	return 0;
}
