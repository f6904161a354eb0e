// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "irqwatch".
 *
 * Privilege. Every command is GENL_ADMIN_PERM: the genl core checks
 * CAP_NET_ADMIN against the initial user namespace (netlink_capable()) before
 * it parses anything, and the family is not netns-aware, so only the initial
 * network namespace sees it. Commands that subscribe to events, change the
 * configuration, manage probes or reveal tasks (GET_STATS and GET_READERS
 * carry the comm and tgid of slab readers) also need what the kernel needs for tracing,
 * perfmon_capable(): CAP_PERFMON or CAP_SYS_ADMIN, again in the initial user
 * namespace and held both by the socket's opener and by the sender
 * (irqw_nl_perfmon()). CAP_NET_ADMIN alone, a container's usual grant, gets
 * -EPERM for those. GET_STATUS and GET_CONFIG stay at CAP_NET_ADMIN: they
 * tell the configuration (also world-readable in
 * /sys/module/irqwatch/parameters), the module version, the kernel release
 * and which CPUs are online and watched, nothing about tasks, stacks or
 * kernel addresses.
 *
 * Concurrency. The family is parallel_ops: no handler runs under the global
 * genl_mutex, so a slow request (a SET_CONFIG that re-registers kretprobes,
 * a PROBE_DEL waiting for calls in flight) blocks no other generic netlink
 * user. What the global mutex used to serialize is serialized here by the
 * module's own locks: the configuration by irqw_cfg_lock (SET_CONFIG holds
 * it for the whole request: check, commit and apply; the reads use a copy
 * under a short lock of their own, irqw_nl_cfg_lock), the
 * listeners by listener.c's locks, the probes by stall.c's. Nothing else is
 * shared between requests: each builds its own reply.
 *
 * The module is not autoloaded (no MODULE_ALIAS_GENL_FAMILY): the kernel's
 * family lookup would load it for any user. An administrator loads it.
 */

#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/utsname.h>
#include <net/genetlink.h>
#include <linux/irqwatch.h>

#include "event.h"
#include "irqwatch.h"
#include "version.h"

/*
 * Chosen at load: a reader that finds the same value in a log written
 * earlier knows the seqs there are of this module load (IRQWATCH_A_LOAD_ID).
 */
static u64 irqw_load_id __read_mostly;

/* Requests that carry no attributes reject any they are given. */
const struct nla_policy irqw_nl_noattr_policy[IRQWATCH_A_MAX + 1] = {
	[0 ... IRQWATCH_A_MAX] = { .type = NLA_REJECT },
};

/* not const: NLA_POLICY_FULL_RANGE() takes a plain pointer before 6.2 */
static struct netlink_range_validation irqw_nl_period_range = {
	.min = IRQWATCH_PERIOD_US_MIN,
	.max = IRQWATCH_PERIOD_US_MAX,
};

/*
 * The configuration's attributes; irqw_nl_add_detectors() adds those of the
 * detectors (struct irqw_cfg_u32). An attribute of no detector that this
 * version has stays NLA_UNSPEC, which strict validation rejects.
 */
static struct nla_policy irqw_nl_cfg_policy[IRQWATCH_CFG_MAX + 1] __ro_after_init = {
	[IRQWATCH_CFG_PAD] = { .type = NLA_REJECT },
	[IRQWATCH_CFG_PERIOD_US] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &irqw_nl_period_range),
	[IRQWATCH_CFG_DETECTORS] =
		NLA_POLICY_MASK(NLA_U32, BIT(__IRQWATCH_DET_MAX) - 1),
	[IRQWATCH_CFG_CPUS] = { .type = NLA_NUL_STRING,
				.len = IRQWATCH_CPUS_LEN_MAX - 1 },
	[IRQWATCH_CFG_RING_KB] = { .type = NLA_U32 },
};

/* Strict validation rejects the attributes left NLA_UNSPEC here. */
static const struct nla_policy irqw_nl_set_config_policy[IRQWATCH_A_MAX + 1] = {
	[IRQWATCH_A_CONFIG] = NLA_POLICY_NESTED(irqw_nl_cfg_policy),
};

/*
 * What GET_STATUS and GET_CONFIG read: irqw_cfg as last committed, copied
 * under a lock of its own that is held only for copying and replying, so
 * that they answer at once while a SET_CONFIG holds irqw_cfg_lock through a
 * slow apply (unregistering kretprobes waits for RCU tasks). Nests inside
 * irqw_cfg_lock. It shows a change from its commit on, while the apply that
 * follows the commit may still be starting or stopping timers and probes.
 */
static struct irqw_config irqw_nl_cfg;
static DEFINE_MUTEX(irqw_nl_cfg_lock);

/* Publishes the committed configuration to the readers; under irqw_cfg_lock. */
static void irqw_nl_cfg_publish(void)
{
	lockdep_assert_held(&irqw_cfg_lock);
	mutex_lock(&irqw_nl_cfg_lock);
	irqw_nl_cfg = irqw_cfg;
	mutex_unlock(&irqw_nl_cfg_lock);
}

/*
 * perfmon_capable() for the sender of @skb: CAP_PERFMON or CAP_SYS_ADMIN in
 * the initial user namespace. Called first by every handler that needs it.
 */
static int irqw_nl_perfmon_ext(const struct sk_buff *skb,
			       struct netlink_ext_ack *extack)
{
	if (netlink_capable(skb, CAP_PERFMON) ||
	    netlink_capable(skb, CAP_SYS_ADMIN))
		return 0;
	NL_SET_ERR_MSG(extack,
		       "permission denied (CAP_PERFMON or CAP_SYS_ADMIN required)");
	return -EPERM;
}

int irqw_nl_perfmon(struct sk_buff *skb, struct genl_info *info)
{
	return irqw_nl_perfmon_ext(skb, info->extack);
}

static size_t irqw_nl_config_size(const char *cpus)
{
	const struct irqw_detector *d;
	unsigned int i, n = 3;		/* period, detectors, ring */

	irqw_for_each_detector(d, i)
		n += d->nr_config;
	return nla_total_size(0) +			/* IRQWATCH_A_CONFIG */
	       n * nla_total_size(sizeof(u32)) +
	       nla_total_size(strlen(cpus) + 1);	/* IRQWATCH_CFG_CPUS */
}

static size_t irqw_nl_cpu_size(void)
{
	return nla_total_size(0) +			/* IRQWATCH_A_CPU */
	       nla_total_size(sizeof(u32)) +		/* IRQWATCH_CPU_ID */
	       2 * nla_total_size(sizeof(u8));		/* ONLINE, MONITORED */
}

static int irqw_nl_put_config(struct sk_buff *msg, const struct irqw_config *cfg,
			      const char *cpus)
{
	const struct irqw_detector *d;
	const struct irqw_cfg_u32 *f;
	struct nlattr *nest;
	unsigned int i, j;

	nest = nla_nest_start(msg, IRQWATCH_A_CONFIG);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, IRQWATCH_CFG_PERIOD_US, cfg->period_us) ||
	    nla_put_u32(msg, IRQWATCH_CFG_DETECTORS, cfg->detectors) ||
	    nla_put_u32(msg, IRQWATCH_CFG_RING_KB, cfg->ring_kb) ||
	    nla_put_string(msg, IRQWATCH_CFG_CPUS, cpus))
		goto cancel;
	irqw_for_each_detector(d, i) {
		for (j = 0; j < d->nr_config; j++) {
			f = &d->config[j];
			if (nla_put_u32(msg, f->attr, irqw_cfg_value(cfg, f)))
				goto cancel;
		}
	}
	nla_nest_end(msg, nest);
	return 0;

cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

static int irqw_nl_put_cpu(struct sk_buff *msg, const struct irqw_config *cfg, int cpu)
{
	bool online = cpu_online(cpu);
	struct nlattr *nest;

	nest = nla_nest_start(msg, IRQWATCH_A_CPU);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, IRQWATCH_CPU_ID, cpu) ||
	    nla_put_u8(msg, IRQWATCH_CPU_ONLINE, online) ||
	    nla_put_u8(msg, IRQWATCH_CPU_MONITORED,
		       online && cpumask_test_cpu(cpu, &cfg->cpus))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int irqw_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	const char *release = init_utsname()->release;
	struct sk_buff *msg;
	char *cpus;
	size_t size;
	void *hdr;
	int cpu, err = -ENOMEM;

	mutex_lock(&irqw_nl_cfg_lock);
	cpus = kasprintf(GFP_KERNEL, "%*pbl", cpumask_pr_args(&irqw_nl_cfg.cpus));
	if (!cpus)
		goto out_unlock;
	size = nla_total_size(sizeof(IRQWATCH_VERSION)) +
	       nla_total_size(strlen(release) + 1) +
	       nla_total_size_64bit(sizeof(u64)) +
	       irqw_nl_config_size(cpus) +
	       num_possible_cpus() * irqw_nl_cpu_size();
	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		goto out_free;
	hdr = genlmsg_put_reply(msg, info, &irqw_genl_family, 0,
				IRQWATCH_CMD_GET_STATUS);
	if (!hdr)
		goto out_msgsize;
	if (nla_put_string(msg, IRQWATCH_A_VERSION, IRQWATCH_VERSION) ||
	    nla_put_string(msg, IRQWATCH_A_KERNEL, release) ||
	    nla_put_u64_64bit(msg, IRQWATCH_A_LOAD_ID, irqw_load_id,
			      IRQWATCH_A_PAD) ||
	    irqw_nl_put_config(msg, &irqw_nl_cfg, cpus))
		goto out_msgsize;
	for_each_possible_cpu(cpu) {
		if (irqw_nl_put_cpu(msg, &irqw_nl_cfg, cpu))
			goto out_msgsize;
	}
	genlmsg_end(msg, hdr);
	mutex_unlock(&irqw_nl_cfg_lock);
	kfree(cpus);
	return genlmsg_reply(msg, info);

out_msgsize:
	/* The size above is exact; running out of room is a bug. */
	WARN_ON_ONCE(1);
	err = -EMSGSIZE;
	nlmsg_free(msg);
out_free:
	kfree(cpus);
out_unlock:
	mutex_unlock(&irqw_nl_cfg_lock);
	return err;
}

/* A reply carrying a configuration, sized and allocated before it is filled. */
struct irqw_nl_cfg_reply {
	struct sk_buff *msg;
	char *cpus;
};

/* Allocates the reply for a configuration whose cpus are @cpus. */
static int irqw_nl_cfg_reply_new(struct irqw_nl_cfg_reply *r,
				 const struct cpumask *cpus)
{
	r->cpus = kasprintf(GFP_KERNEL, "%*pbl", cpumask_pr_args(cpus));
	if (!r->cpus)
		return -ENOMEM;
	r->msg = genlmsg_new(irqw_nl_config_size(r->cpus), GFP_KERNEL);
	if (!r->msg) {
		kfree(r->cpus);
		return -ENOMEM;
	}
	return 0;
}

static void irqw_nl_cfg_reply_free(struct irqw_nl_cfg_reply *r)
{
	nlmsg_free(r->msg);
	kfree(r->cpus);
}

/*
 * Fills and sends the reply with @cfg, whose cpus the reply was made for.
 * It cannot fail for want of room or memory: after a commit nothing may.
 * Consumes @r.
 */
static int irqw_nl_cfg_reply_send(struct irqw_nl_cfg_reply *r,
				  struct genl_info *info, u8 cmd,
				  const struct irqw_config *cfg)
{
	void *hdr;

	hdr = genlmsg_put_reply(r->msg, info, &irqw_genl_family, 0, cmd);
	if (!hdr || irqw_nl_put_config(r->msg, cfg, r->cpus)) {
		/* The size above is exact; running out of room is a bug. */
		WARN_ON_ONCE(1);
		irqw_nl_cfg_reply_free(r);
		return -EMSGSIZE;
	}
	genlmsg_end(r->msg, hdr);
	kfree(r->cpus);
	/*
	 * A reply that the requester's socket cannot take (receive buffer
	 * full) is lost; the request itself succeeded, and says so.
	 */
	genlmsg_reply(r->msg, info);
	return 0;
}

static int irqw_nl_get_config(struct sk_buff *skb, struct genl_info *info)
{
	struct irqw_nl_cfg_reply r;
	int err;

	mutex_lock(&irqw_nl_cfg_lock);
	err = irqw_nl_cfg_reply_new(&r, &irqw_nl_cfg.cpus);
	if (!err)
		err = irqw_nl_cfg_reply_send(&r, info, IRQWATCH_CMD_GET_CONFIG,
					     &irqw_nl_cfg);
	mutex_unlock(&irqw_nl_cfg_lock);
	return err;
}

/* Merges the attributes of @tb into @cfg. */
static int irqw_nl_parse_config(struct nlattr **tb, struct irqw_config *cfg,
				struct netlink_ext_ack *extack)
{
	static const struct {
		int type;
		size_t offset;
	} u32s[] = {
		{ IRQWATCH_CFG_PERIOD_US, offsetof(struct irqw_config, period_us) },
		{ IRQWATCH_CFG_DETECTORS, offsetof(struct irqw_config, detectors) },
	};
	const struct irqw_detector *d;
	const struct irqw_cfg_u32 *f;
	bool given = false;
	unsigned int j;
	const char *why;
	int i, err;

	if (tb[IRQWATCH_CFG_RING_KB]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IRQWATCH_CFG_RING_KB],
				    "ring_kb is fixed at load (module parameter)");
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(u32s); i++) {
		if (!tb[u32s[i].type])
			continue;
		*(u32 *)((char *)cfg + u32s[i].offset) = nla_get_u32(tb[u32s[i].type]);
		given = true;
	}
	irqw_for_each_detector(d, i) {
		for (j = 0; j < d->nr_config; j++) {
			f = &d->config[j];
			if (!tb[f->attr])
				continue;
			*irqw_cfg_field(cfg, f) = nla_get_u32(tb[f->attr]);
			given = true;
		}
	}
	if (tb[IRQWATCH_CFG_CPUS]) {
		err = irqw_cpus_parse(nla_data(tb[IRQWATCH_CFG_CPUS]), &cfg->cpus, &why);
		if (err == -EINVAL) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IRQWATCH_CFG_CPUS],
					    "cpus must be a non-empty list of existing CPUs");
			return err;
		}
		if (err)
			return err;
		given = true;
	}
	if (!given) {
		NL_SET_ERR_MSG(extack, "no configuration value given");
		return -EINVAL;
	}
	return 0;
}

/*
 * Checks, commits and applies a change as a whole. The reply is built for
 * the new configuration before the commit, so that once the change is in
 * force only the send to the requester can fail (its socket's business).
 */
static int irqw_nl_set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[IRQWATCH_CFG_MAX + 1];
	const struct irqw_detector *d;
	struct irqw_nl_cfg_reply r;
	struct irqw_config *cfg;
	unsigned int i;
	int err;

	err = irqw_nl_perfmon(skb, info);
	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, IRQWATCH_A_CONFIG)) {
		NL_SET_ERR_MSG(info->extack, "the config attribute is required");
		return -EINVAL;
	}
	/* Already validated against the nested policy by the genl core. */
	err = nla_parse_nested(tb, IRQWATCH_CFG_MAX, info->attrs[IRQWATCH_A_CONFIG],
			       irqw_nl_cfg_policy, info->extack);
	if (err)
		return err;

	mutex_lock(&irqw_cfg_lock);
	cfg = kmemdup(&irqw_cfg, sizeof(*cfg), GFP_KERNEL);
	err = -ENOMEM;
	if (!cfg)
		goto out_unlock;
	err = irqw_nl_parse_config(tb, cfg, info->extack);
	if (!err)
		err = irqw_config_check(cfg, info->extack);
	if (!err)
		err = irqw_nl_cfg_reply_new(&r, &cfg->cpus);
	if (!err) {
		irqw_config_commit(cfg);
		irqw_nl_cfg_publish();
		irqw_for_each_detector(d, i)
			d->apply(&irqw_cfg);
		err = irqw_nl_cfg_reply_send(&r, info, IRQWATCH_CMD_SET_CONFIG,
					     &irqw_cfg);
	}
	kfree(cfg);
out_unlock:
	mutex_unlock(&irqw_cfg_lock);
	return err;
}

static int irqw_nl_put_stats(struct sk_buff *msg)
{
	const struct irqw_detector *d;
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(msg, IRQWATCH_A_STATS);
	if (!nest ||
	    nla_put_u64_64bit(msg, IRQWATCH_STATS_NEXT_SEQ, irqw_next_seq(),
			      IRQWATCH_STATS_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_STATS_RING_DROPS, irqw_ring_drops(),
			      IRQWATCH_STATS_PAD) ||
	    nla_put_u32(msg, IRQWATCH_STATS_RING_SIZE, irqw_ring_bytes()) ||
	    irqw_put_drain_stats(msg) ||
	    irqw_listeners_put_stats(msg))
		return -EMSGSIZE;
	irqw_for_each_detector(d, i)
		if (d->put_stats && d->put_stats(msg))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static size_t irqw_nl_stats_size(void)
{
	const struct irqw_detector *d;
	size_t n = nla_total_size(0) + irqw_listeners_stats_size() +
		   4 * nla_total_size_64bit(sizeof(u64)) +	/* seq, drops, drain */
		   nla_total_size(sizeof(u32));			/* ring size */
	unsigned int i;

	irqw_for_each_detector(d, i)
		if (d->stats_size)
			n += d->stats_size();
	return n;
}

/* One IRQWATCH_A_CPU_STATS nest: @cpu's counters, the transport's first. */
static int irqw_nl_put_cpu_stats(struct sk_buff *msg, int cpu)
{
	const struct irqw_detector *d;
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(msg, IRQWATCH_A_CPU_STATS);
	if (!nest || irqw_put_cpu_counters(msg, cpu))
		return -EMSGSIZE;
	irqw_for_each_detector(d, i)
		if (d->put_cpu_stats && d->put_cpu_stats(msg, cpu))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* Every possible CPU's IRQWATCH_A_CPU_STATS nest. */
static size_t irqw_nl_cpu_stats_size(void)
{
	const struct irqw_detector *d;
	size_t one = nla_total_size(0) + irqw_cpu_counters_size();
	unsigned int i;

	irqw_for_each_detector(d, i)
		if (d->cpu_stats_size)
			one += d->cpu_stats_size();
	return num_possible_cpus() * one;
}

/* What the detectors add to a GET_STATS reply (stall: the readers). */
static size_t irqw_nl_details_size(void)
{
	const struct irqw_detector *d;
	unsigned int i;
	size_t n = 0;

	irqw_for_each_detector(d, i)
		if (d->details_size)
			n += d->details_size();
	return n;
}

/*
 * Replies with IRQWATCH_A_STATS and, for GET_STATS, the per-CPU counters
 * and the detectors' details.
 */
static int irqw_nl_reply_stats(struct genl_info *info, u8 cmd)
{
	bool per_cpu = cmd == IRQWATCH_CMD_GET_STATS;
	const struct irqw_detector *d;
	struct sk_buff *msg;
	unsigned int i;
	void *hdr;
	int cpu, err;

	msg = genlmsg_new(irqw_nl_stats_size() +
			  nla_total_size_64bit(sizeof(u64)) +	/* load id */
			  (per_cpu ? irqw_nl_cpu_stats_size() +
				     irqw_nl_details_size() : 0), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &irqw_genl_family, 0, cmd);
	if (!hdr || irqw_nl_put_stats(msg))
		goto out_msgsize;
	if (cmd == IRQWATCH_CMD_SUBSCRIBE &&
	    nla_put_u64_64bit(msg, IRQWATCH_A_LOAD_ID, irqw_load_id,
			      IRQWATCH_A_PAD))
		goto out_msgsize;
	if (per_cpu) {
		for_each_possible_cpu(cpu)
			if (irqw_nl_put_cpu_stats(msg, cpu))
				goto out_msgsize;
		irqw_for_each_detector(d, i) {
			err = d->put_details ? d->put_details(msg) : 0;
			if (err == -ENOMEM) {
				nlmsg_free(msg);
				return err;
			}
			if (err)
				goto out_msgsize;
		}
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

out_msgsize:
	/* The size above is an upper bound; running out is a bug. */
	WARN_ON_ONCE(1);
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int irqw_nl_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	err = irqw_nl_perfmon(skb, info);
	if (err)
		return err;
	return irqw_nl_reply_stats(info, IRQWATCH_CMD_GET_STATS);
}

/* A GET_STATS dump starts only for a sender that may see the counters. */
static int irqw_nl_stats_start(struct netlink_callback *cb)
{
	return irqw_nl_perfmon_ext(cb->skb, cb->extack);
}

/*
 * GET_STATS as a dump: a first message with IRQWATCH_A_STATS, then one
 * message per possible CPU with its IRQWATCH_A_CPU_STATS, as many to a
 * buffer as fit, so that no reply grows with the number of CPUs. The
 * readers come with GET_READERS. cb->args[0]: 0 before the first message,
 * then 1 + the next CPU to send.
 */
static int irqw_nl_dump_stats(struct sk_buff *skb, struct netlink_callback *cb)
{
	u32 portid = NETLINK_CB(cb->skb).portid, seq = cb->nlh->nlmsg_seq;
	long cpu;
	void *hdr;

	if (!cb->args[0]) {
		hdr = genlmsg_put(skb, portid, seq, &irqw_genl_family, NLM_F_MULTI,
				  IRQWATCH_CMD_GET_STATS);
		if (!hdr)
			return -EMSGSIZE;
		if (irqw_nl_put_stats(skb)) {
			/* it fits a dump buffer alone: a bug */
			WARN_ON_ONCE(1);
			genlmsg_cancel(skb, hdr);
			return -EMSGSIZE;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = 1;
	}
	for (cpu = cb->args[0] - 1; cpu < nr_cpu_ids; cpu++) {
		if (!cpu_possible(cpu))
			continue;
		hdr = genlmsg_put(skb, portid, seq, &irqw_genl_family, NLM_F_MULTI,
				  IRQWATCH_CMD_GET_STATS);
		if (!hdr)
			break;
		if (irqw_nl_put_cpu_stats(skb, cpu)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = cpu + 1;
	return skb->len;
}

static int irqw_nl_subscribe(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	err = irqw_nl_perfmon(skb, info);
	if (err)
		return err;
	err = irqw_listener_add(skb, info->snd_portid, info->extack);
	if (err)
		return err;
	err = irqw_nl_reply_stats(info, IRQWATCH_CMD_SUBSCRIBE);
	if (err)
		irqw_listener_del(skb, NULL);
	return err;
}

static int irqw_nl_unsubscribe(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	err = irqw_nl_perfmon(skb, info);
	if (err)
		return err;
	return irqw_listener_del(skb, info->extack);
}

/* The family's own requests; the detectors add theirs (irqw_netlink_init()). */
static const struct genl_ops irqw_nl_ops[] = {
	{
		.cmd = IRQWATCH_CMD_GET_STATUS,
		.doit = irqw_nl_get_status,
		.policy = irqw_nl_noattr_policy,
		.maxattr = IRQWATCH_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = IRQWATCH_CMD_GET_CONFIG,
		.doit = irqw_nl_get_config,
		.policy = irqw_nl_noattr_policy,
		.maxattr = IRQWATCH_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = IRQWATCH_CMD_SET_CONFIG,
		.doit = irqw_nl_set_config,
		.policy = irqw_nl_set_config_policy,
		.maxattr = IRQWATCH_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = IRQWATCH_CMD_GET_STATS,
		.doit = irqw_nl_get_stats,
		.start = irqw_nl_stats_start,
		.dumpit = irqw_nl_dump_stats,
		.policy = irqw_nl_noattr_policy,
		.maxattr = IRQWATCH_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = IRQWATCH_CMD_SUBSCRIBE,
		.doit = irqw_nl_subscribe,
		.policy = irqw_nl_noattr_policy,
		.maxattr = IRQWATCH_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = IRQWATCH_CMD_UNSUBSCRIBE,
		.doit = irqw_nl_unsubscribe,
		.policy = irqw_nl_noattr_policy,
		.maxattr = IRQWATCH_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
};

static struct genl_ops irqw_nl_all_ops[ARRAY_SIZE(irqw_nl_ops) +
				      IRQW_DETECTOR_OPS_MAX] __ro_after_init;

struct genl_family irqw_genl_family __ro_after_init = {
	.name = IRQWATCH_GENL_NAME,
	.version = IRQWATCH_GENL_VERSION,
	.module = THIS_MODULE,
	.ops = irqw_nl_all_ops,
	.netnsok = false,
	.parallel_ops = true,
};

/*
 * The detectors' parts of the family: their requests after the family's
 * own, and their configuration attributes in the SET_CONFIG policy.
 */
static int __init irqw_nl_add_detectors(void)
{
	unsigned int i, j, n = ARRAY_SIZE(irqw_nl_ops);
	const struct irqw_detector *d;
	struct irqw_cfg_u32 *f;

	memcpy(irqw_nl_all_ops, irqw_nl_ops, sizeof(irqw_nl_ops));
	irqw_for_each_detector(d, i) {
		if (n + d->nr_ops > ARRAY_SIZE(irqw_nl_all_ops)) {
			pr_err("the detectors have more than %u requests\n",
			       IRQW_DETECTOR_OPS_MAX);
			return -E2BIG;
		}
		memcpy(&irqw_nl_all_ops[n], d->ops, d->nr_ops * sizeof(*d->ops));
		n += d->nr_ops;
		for (j = 0; j < d->nr_config; j++) {
			f = &d->config[j];
			/* NLA_POLICY_FULL_RANGE(), whose union is not assignable */
			irqw_nl_cfg_policy[f->attr].type = NLA_U32;
			irqw_nl_cfg_policy[f->attr].validation_type =
				NLA_VALIDATE_RANGE_PTR;
			irqw_nl_cfg_policy[f->attr].range = &f->range;
		}
	}
	irqw_genl_family.n_ops = n;
	return 0;
}

int __init irqw_netlink_init(void)
{
	int err;

	err = irqw_nl_add_detectors();
	if (err)
		return err;
	irqw_load_id = get_random_u64();
	mutex_lock(&irqw_cfg_lock);
	irqw_nl_cfg_publish();
	mutex_unlock(&irqw_cfg_lock);
	return genl_register_family(&irqw_genl_family);
}

void irqw_netlink_exit(void)
{
	genl_unregister_family(&irqw_genl_family);
}
