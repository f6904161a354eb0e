// SPDX-License-Identifier: GPL-2.0
/*
 * The stall detector's requests: PROBE_ADD, PROBE_DEL, PROBE_LIST and
 * GET_READERS. netlink.c adds them to the family (struct irqw_detector's
 * ops); they need perfmon_capable() like every request that manages probes
 * or reveals tasks (see netlink.c), and run in parallel with any other
 * request: stall.c serializes the probes under its own lock.
 */

#include <net/genetlink.h>
#include <linux/irqwatch.h>

#include "irqwatch.h"
#include "stall.h"

/* not const: NLA_POLICY_FULL_RANGE() takes a plain pointer before 6.2 */
static struct netlink_range_validation irqw_nl_probe_threshold_range = {
	.min = 0,
	.max = IRQWATCH_THRESHOLD_US_MAX,
};

static const struct nla_policy irqw_nl_probe_policy[IRQWATCH_PROBE_MAX + 1] = {
	[IRQWATCH_PROBE_SYMBOL] = { .type = NLA_NUL_STRING,
				    .len = IRQWATCH_SYMBOL_LEN_MAX - 1 },
	[IRQWATCH_PROBE_THRESHOLD_US] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &irqw_nl_probe_threshold_range),
};

static const struct nla_policy irqw_nl_probe_req_policy[IRQWATCH_A_MAX + 1] = {
	[IRQWATCH_A_PROBE] = NLA_POLICY_NESTED(irqw_nl_probe_policy),
};

/* A probe request from a perfmon_capable() sender, parsed into @tb. */
static int irqw_nl_probe_req(struct sk_buff *skb, struct genl_info *info,
			     struct nlattr **tb)
{
	int err;

	err = irqw_nl_perfmon(skb, info);
	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, IRQWATCH_A_PROBE)) {
		NL_SET_ERR_MSG(info->extack, "the probe attribute is required");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, IRQWATCH_PROBE_MAX, info->attrs[IRQWATCH_A_PROBE],
			       irqw_nl_probe_policy, info->extack);
	if (err)
		return err;
	if (!tb[IRQWATCH_PROBE_SYMBOL]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[IRQWATCH_A_PROBE],
				    "the probe's symbol is required");
		return -EINVAL;
	}
	return 0;
}

/* What a reply carries: a table, or what put(msg, arg) adds. */
struct irqw_nl_put {
	int (*table)(struct sk_buff *msg);
	int (*put)(struct sk_buff *msg, const void *arg);
	const void *arg;
};

/*
 * Replies to @info with what @p adds, in a message of @size bytes (an
 * upper bound: running out of room is a bug); p->put may fail otherwise,
 * say with -ENOMEM or a refusal of its own.
 */
static int irqw_nl_reply(struct genl_info *info, u8 cmd, size_t size,
			 const struct irqw_nl_put *p)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &irqw_genl_family, 0, cmd);
	if (!hdr)
		err = -EMSGSIZE;
	else
		err = p->table ? p->table(msg) : p->put(msg, p->arg);
	if (err) {
		WARN_ON_ONCE(err == -EMSGSIZE);
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* A request that reads a table: perfmon_capable(), then the table. */
static int irqw_nl_reply_table(struct sk_buff *skb, struct genl_info *info,
			       u8 cmd, size_t size, int (*put)(struct sk_buff *msg))
{
	const struct irqw_nl_put p = { .table = put };
	int err;

	err = irqw_nl_perfmon(skb, info);
	if (err)
		return err;
	return irqw_nl_reply(info, cmd, size, &p);
}

struct irqw_nl_probe_add {
	const char *symbol;
	u32 threshold_us;
	struct netlink_ext_ack *extack;
};

static int irqw_nl_put_added(struct sk_buff *msg, const void *arg)
{
	const struct irqw_nl_probe_add *a = arg;

	return irqw_stall_probe_add(a->symbol, a->threshold_us, msg, a->extack);
}

/*
 * The reply is filled under the stall probes' lock: a PROBE_DEL running
 * at the same time (parallel_ops) cannot free the probe meanwhile.
 */
static int irqw_nl_probe_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[IRQWATCH_PROBE_MAX + 1];
	struct irqw_nl_probe_add a = { .extack = info->extack };
	const struct irqw_nl_put p = { .put = irqw_nl_put_added, .arg = &a };
	int err;

	err = irqw_nl_probe_req(skb, info, tb);
	if (err)
		return err;
	a.symbol = nla_data(tb[IRQWATCH_PROBE_SYMBOL]);
	if (tb[IRQWATCH_PROBE_THRESHOLD_US])
		a.threshold_us = nla_get_u32(tb[IRQWATCH_PROBE_THRESHOLD_US]);
	/* irqw_stall_probe_size() is exact */
	return irqw_nl_reply(info, IRQWATCH_CMD_PROBE_ADD, irqw_stall_probe_size(), &p);
}

static int irqw_nl_probe_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[IRQWATCH_PROBE_MAX + 1];
	int err;

	err = irqw_nl_probe_req(skb, info, tb);
	if (err)
		return err;
	if (tb[IRQWATCH_PROBE_THRESHOLD_US]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[IRQWATCH_PROBE_THRESHOLD_US],
				    "deleting a probe takes only its symbol");
		return -EINVAL;
	}
	return irqw_stall_probe_del(nla_data(tb[IRQWATCH_PROBE_SYMBOL]), info->extack);
}

static int irqw_nl_probe_list(struct sk_buff *skb, struct genl_info *info)
{
	return irqw_nl_reply_table(skb, info, IRQWATCH_CMD_PROBE_LIST,
				   irqw_stall_list_size(), irqw_stall_put_list);
}

/* The readers table (IRQWATCH_A_READER nests), bounded whatever the CPUs. */
static int irqw_nl_get_readers(struct sk_buff *skb, struct genl_info *info)
{
	return irqw_nl_reply_table(skb, info, IRQWATCH_CMD_GET_READERS,
				   irqw_stall_readers_size(), irqw_stall_put_readers);
}

const struct genl_ops irqw_stall_nl_ops[IRQW_STALL_NL_OPS] = {
	{
		.cmd = IRQWATCH_CMD_PROBE_ADD,
		.doit = irqw_nl_probe_add,
		.policy = irqw_nl_probe_req_policy,
		.maxattr = IRQWATCH_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = IRQWATCH_CMD_PROBE_DEL,
		.doit = irqw_nl_probe_del,
		.policy = irqw_nl_probe_req_policy,
		.maxattr = IRQWATCH_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = IRQWATCH_CMD_PROBE_LIST,
		.doit = irqw_nl_probe_list,
		.policy = irqw_nl_noattr_policy,
		.maxattr = IRQWATCH_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = IRQWATCH_CMD_GET_READERS,
		.doit = irqw_nl_get_readers,
		.policy = irqw_nl_noattr_policy,
		.maxattr = IRQWATCH_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
};
