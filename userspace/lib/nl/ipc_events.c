// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Parsers of what a subscribed socket receives: IRQWATCH_CMD_EVENT messages
 * (their events: ipc_event.c), the SUBSCRIBE reply, and nlctrl's
 * CTRL_CMD_DELFAMILY notification.
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

static const struct nla_policy stats_baseline_policy[IRQWATCH_STATS_MAX + 1] = {
	[IRQWATCH_STATS_NEXT_SEQ]	= U64_POLICY,
	[IRQWATCH_STATS_RING_DROPS]	= U64_POLICY,
};

/* what a SUBSCRIBE reply must have */
static const struct nla_policy reply_policy[IRQWATCH_A_MAX + 1] = {
	[IRQWATCH_A_STATS]	= { .type = NLA_NESTED },
};

/* and may have: a module older than the load id has none */
static const struct nla_policy reply_parse_policy[IRQWATCH_A_MAX + 1] = {
	[IRQWATCH_A_STATS]	= { .type = NLA_NESTED },
	[IRQWATCH_A_LOAD_ID]	= U64_POLICY,
};

static const struct nla_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID]	= U16_POLICY,
	[CTRL_ATTR_FAMILY_NAME]	= { .type = NLA_STRING, .maxlen = GENL_NAMSIZ },
};

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
	if (gnlh->cmd != IRQWATCH_CMD_EVENT || !irqw_attrs_whole(head, len) ||
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
		ret = irqw_event_parse(attr, &msg.events[msg.nr_events]);
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
		irqw_event_free(&m->events[i]);
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
	    genlmsg_parse(nlh, 0, tb, IRQWATCH_A_MAX, reply_parse_policy) < 0 ||
	    !irqw_has_all(tb, reply_policy, IRQWATCH_A_MAX) ||
	    nla_parse_nested(st, IRQWATCH_STATS_MAX, tb[IRQWATCH_A_STATS],
			     stats_baseline_policy) < 0 ||
	    !irqw_has_all(st, stats_baseline_policy, IRQWATCH_STATS_MAX))
		return -EBADMSG;
	b->next_seq = nla_get_u64(st[IRQWATCH_STATS_NEXT_SEQ]);
	b->ring_drops = nla_get_u64(st[IRQWATCH_STATS_RING_DROPS]);
	b->has_load_id = tb[IRQWATCH_A_LOAD_ID];
	b->load_id = b->has_load_id ? nla_get_u64(tb[IRQWATCH_A_LOAD_ID]) : 0;
	return 0;
}
