// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "irqwatch". Every command is admin-only:
 * GENL_ADMIN_PERM checks CAP_NET_ADMIN against the initial user namespace
 * (netlink_capable()), and the family is not netns-aware, so only the
 * initial network namespace sees it.
 */

#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/utsname.h>
#include <net/genetlink.h>
#include <linux/irqwatch.h>

#include "irqwatch.h"
#include "version.h"

static struct genl_family irqw_genl_family;

/* Requests that carry no attributes reject any they are given. */
static const struct nla_policy irqw_nl_noattr_policy[IRQWATCH_A_MAX + 1] = {
	[0 ... IRQWATCH_A_MAX] = { .type = NLA_REJECT },
};

static size_t irqw_nl_config_size(const char *cpus)
{
	return nla_total_size(0) +			/* IRQWATCH_A_CONFIG */
	       5 * nla_total_size(sizeof(u32)) +	/* thresholds, detectors */
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
	struct nlattr *nest;

	nest = nla_nest_start(msg, IRQWATCH_A_CONFIG);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, IRQWATCH_CFG_PERIOD_US, cfg->period_us) ||
	    nla_put_u32(msg, IRQWATCH_CFG_IRQOFF_THRESHOLD_US, cfg->irqoff_threshold_us) ||
	    nla_put_u32(msg, IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US, cfg->softirq_threshold_us) ||
	    nla_put_u32(msg, IRQWATCH_CFG_STALL_THRESHOLD_US, cfg->stall_threshold_us) ||
	    nla_put_u32(msg, IRQWATCH_CFG_DETECTORS, cfg->detectors) ||
	    nla_put_string(msg, IRQWATCH_CFG_CPUS, cpus)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
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

	mutex_lock(&irqw_cfg_lock);
	cpus = kasprintf(GFP_KERNEL, "%*pbl", cpumask_pr_args(&irqw_cfg.cpus));
	if (!cpus)
		goto out_unlock;
	size = nla_total_size(sizeof(IRQWATCH_VERSION)) +
	       nla_total_size(strlen(release) + 1) +
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
	    irqw_nl_put_config(msg, &irqw_cfg, cpus))
		goto out_msgsize;
	for_each_possible_cpu(cpu) {
		if (irqw_nl_put_cpu(msg, &irqw_cfg, cpu))
			goto out_msgsize;
	}
	genlmsg_end(msg, hdr);
	mutex_unlock(&irqw_cfg_lock);
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
	mutex_unlock(&irqw_cfg_lock);
	return err;
}

static const struct genl_ops irqw_nl_ops[] = {
	{
		.cmd = IRQWATCH_CMD_GET_STATUS,
		.doit = irqw_nl_get_status,
		.policy = irqw_nl_noattr_policy,
		.maxattr = IRQWATCH_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
};

static struct genl_family irqw_genl_family __ro_after_init = {
	.name = IRQWATCH_GENL_NAME,
	.version = IRQWATCH_GENL_VERSION,
	.module = THIS_MODULE,
	.ops = irqw_nl_ops,
	.n_ops = ARRAY_SIZE(irqw_nl_ops),
	.netnsok = false,
};

int __init irqw_netlink_init(void)
{
	return genl_register_family(&irqw_genl_family);
}

void irqw_netlink_exit(void)
{
	genl_unregister_family(&irqw_genl_family);
}

MODULE_ALIAS_GENL_FAMILY(IRQWATCH_GENL_NAME);
