// SPDX-License-Identifier: GPL-2.0 OR MIT
/* IRQWATCH_CMD_GET_STATUS, GET_CONFIG and SET_CONFIG. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "ipc.h"
#include "ipc_int.h"

#define STRING_MAX	256	/* bound for short strings such as versions */

/* Every attribute a reply policy lists is mandatory; unknown ones are ignored. */
static const struct nla_policy status_policy[IRQWATCH_A_MAX + 1] = {
	[IRQWATCH_A_VERSION]	= { .type = NLA_STRING, .maxlen = STRING_MAX },
	[IRQWATCH_A_KERNEL]	= { .type = NLA_STRING, .maxlen = STRING_MAX },
	[IRQWATCH_A_CONFIG]	= { .type = NLA_NESTED },
	[IRQWATCH_A_CPU]	= { .type = NLA_NESTED },
};

/* status_policy and what a status may have: older modules have no load id */
static const struct nla_policy status_parse_policy[IRQWATCH_A_MAX + 1] = {
	[IRQWATCH_A_VERSION]	= { .type = NLA_STRING, .maxlen = STRING_MAX },
	[IRQWATCH_A_KERNEL]	= { .type = NLA_STRING, .maxlen = STRING_MAX },
	[IRQWATCH_A_CONFIG]	= { .type = NLA_NESTED },
	[IRQWATCH_A_CPU]	= { .type = NLA_NESTED },
	[IRQWATCH_A_LOAD_ID]	= U64_POLICY,
};

static const struct nla_policy config_policy[IRQWATCH_CFG_MAX + 1] = {
	[IRQWATCH_CFG_PERIOD_US]		= U32_POLICY,
	[IRQWATCH_CFG_IRQOFF_THRESHOLD_US]	= U32_POLICY,
	[IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US]	= U32_POLICY,
	[IRQWATCH_CFG_STALL_THRESHOLD_US]	= U32_POLICY,
	[IRQWATCH_CFG_DETECTORS]		= U32_POLICY,
	[IRQWATCH_CFG_CPUS]			= { .type = NLA_STRING },
	[IRQWATCH_CFG_RING_KB]			= U32_POLICY,
};

/* The storm detector's values: all of them or none (older modules). */
static const struct nla_policy storm_policy[IRQWATCH_CFG_MAX + 1] = {
	[IRQWATCH_CFG_STORM_INTERVAL_MS]	= U32_POLICY,
	[IRQWATCH_CFG_SOFTIRQ_STORM_PCT]	= U32_POLICY,
	[IRQWATCH_CFG_HARDIRQ_STORM_RATE]	= U32_POLICY,
	[IRQWATCH_CFG_HARDIRQ_STORM_PCT]	= U32_POLICY,
	[IRQWATCH_CFG_IMBALANCE_PCT]		= U32_POLICY,
};

static const struct nla_policy config_reply_policy[IRQWATCH_A_MAX + 1] = {
	[IRQWATCH_A_CONFIG]	= { .type = NLA_NESTED },
};

static const struct nla_policy cpu_policy[IRQWATCH_CPU_MAX + 1] = {
	[IRQWATCH_CPU_ID]		= U32_POLICY,
	[IRQWATCH_CPU_ONLINE]		= U8_POLICY,
	[IRQWATCH_CPU_MONITORED]	= U8_POLICY,
};

static int parse_storm(struct nlattr *attr, struct irqw_config *cfg)
{
	struct nlattr *tb[IRQWATCH_CFG_MAX + 1];

	if (nla_parse_nested(tb, IRQWATCH_CFG_MAX, attr, storm_policy) < 0)
		return -EBADMSG;
	if (!tb[IRQWATCH_CFG_STORM_INTERVAL_MS] &&
	    !tb[IRQWATCH_CFG_SOFTIRQ_STORM_PCT] &&
	    !tb[IRQWATCH_CFG_HARDIRQ_STORM_RATE] &&
	    !tb[IRQWATCH_CFG_HARDIRQ_STORM_PCT] && !tb[IRQWATCH_CFG_IMBALANCE_PCT])
		return 0;
	if (!irqw_has_all(tb, storm_policy, IRQWATCH_CFG_MAX))
		return -EBADMSG;
	cfg->storm_interval_ms = nla_get_u32(tb[IRQWATCH_CFG_STORM_INTERVAL_MS]);
	cfg->softirq_storm_pct = nla_get_u32(tb[IRQWATCH_CFG_SOFTIRQ_STORM_PCT]);
	cfg->hardirq_storm_rate = nla_get_u32(tb[IRQWATCH_CFG_HARDIRQ_STORM_RATE]);
	cfg->hardirq_storm_pct = nla_get_u32(tb[IRQWATCH_CFG_HARDIRQ_STORM_PCT]);
	cfg->imbalance_pct = nla_get_u32(tb[IRQWATCH_CFG_IMBALANCE_PCT]);
	cfg->has_storm = true;
	return 0;
}

static int parse_config(struct nlattr *attr, struct irqw_config *cfg)
{
	struct nlattr *tb[IRQWATCH_CFG_MAX + 1];

	if (nla_parse_nested(tb, IRQWATCH_CFG_MAX, attr, config_policy) < 0 ||
	    !irqw_has_all(tb, config_policy, IRQWATCH_CFG_MAX) ||
	    parse_storm(attr, cfg))
		return -EBADMSG;
	cfg->period_us = nla_get_u32(tb[IRQWATCH_CFG_PERIOD_US]);
	cfg->irqoff_threshold_us =
		nla_get_u32(tb[IRQWATCH_CFG_IRQOFF_THRESHOLD_US]);
	cfg->softirq_threshold_us =
		nla_get_u32(tb[IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US]);
	cfg->stall_threshold_us =
		nla_get_u32(tb[IRQWATCH_CFG_STALL_THRESHOLD_US]);
	cfg->detectors = nla_get_u32(tb[IRQWATCH_CFG_DETECTORS]);
	cfg->ring_kb = nla_get_u32(tb[IRQWATCH_CFG_RING_KB]);
	cfg->cpus = strdup(nla_get_string(tb[IRQWATCH_CFG_CPUS]));
	return cfg->cpus ? 0 : -ENOMEM;
}

int irqw_config_reply_parse(struct nlmsghdr *nlh, struct irqw_config *cfg)
{
	struct nlattr *tb[IRQWATCH_A_MAX + 1];
	struct irqw_config c = { 0 };
	struct genlmsghdr *gnlh;
	int ret;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EBADMSG;
	gnlh = nlmsg_data(nlh);
	if (gnlh->cmd != IRQWATCH_CMD_GET_CONFIG &&
	    gnlh->cmd != IRQWATCH_CMD_SET_CONFIG)
		return -EBADMSG;
	if (genlmsg_parse(nlh, 0, tb, IRQWATCH_A_MAX, config_reply_policy) < 0 ||
	    !irqw_has_all(tb, config_reply_policy, IRQWATCH_A_MAX))
		return -EBADMSG;
	ret = parse_config(tb[IRQWATCH_A_CONFIG], &c);
	if (ret) {
		irqw_config_free(&c);
		return ret;
	}
	*cfg = c;
	return 0;
}

void irqw_config_free(struct irqw_config *cfg)
{
	free(cfg->cpus);
	memset(cfg, 0, sizeof(*cfg));
}

int irqw_config_change_put(struct nl_msg *msg,
			   const struct irqw_config_change *chg)
{
	static const struct {
		unsigned int bit;
		int type;
		size_t offset;
	} u32s[] = {
		{ IRQW_SET_PERIOD, IRQWATCH_CFG_PERIOD_US,
		  offsetof(struct irqw_config_change, period_us) },
		{ IRQW_SET_IRQOFF_THRESHOLD, IRQWATCH_CFG_IRQOFF_THRESHOLD_US,
		  offsetof(struct irqw_config_change, irqoff_threshold_us) },
		{ IRQW_SET_SOFTIRQ_THRESHOLD, IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US,
		  offsetof(struct irqw_config_change, softirq_threshold_us) },
		{ IRQW_SET_STALL_THRESHOLD, IRQWATCH_CFG_STALL_THRESHOLD_US,
		  offsetof(struct irqw_config_change, stall_threshold_us) },
		{ IRQW_SET_DETECTORS, IRQWATCH_CFG_DETECTORS,
		  offsetof(struct irqw_config_change, detectors) },
		{ IRQW_SET_STORM_INTERVAL, IRQWATCH_CFG_STORM_INTERVAL_MS,
		  offsetof(struct irqw_config_change, storm_interval_ms) },
		{ IRQW_SET_SOFTIRQ_STORM_PCT, IRQWATCH_CFG_SOFTIRQ_STORM_PCT,
		  offsetof(struct irqw_config_change, softirq_storm_pct) },
		{ IRQW_SET_HARDIRQ_STORM_RATE, IRQWATCH_CFG_HARDIRQ_STORM_RATE,
		  offsetof(struct irqw_config_change, hardirq_storm_rate) },
		{ IRQW_SET_HARDIRQ_STORM_PCT, IRQWATCH_CFG_HARDIRQ_STORM_PCT,
		  offsetof(struct irqw_config_change, hardirq_storm_pct) },
		{ IRQW_SET_IMBALANCE_PCT, IRQWATCH_CFG_IMBALANCE_PCT,
		  offsetof(struct irqw_config_change, imbalance_pct) },
	};
	struct nlattr *nest;
	uint32_t val;
	size_t i;

	if (!chg->set || chg->set & ~IRQW_SET_ALL)
		return -EINVAL;
	if (chg->set & IRQW_SET_CPUS &&
	    (!chg->cpus || strlen(chg->cpus) >= IRQWATCH_CPUS_LEN_MAX))
		return -EINVAL;

	/* the kernel's strict validation wants NLA_F_NESTED on nests */
	nest = nla_nest_start(msg, IRQWATCH_A_CONFIG | NLA_F_NESTED);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < sizeof(u32s) / sizeof(u32s[0]); i++) {
		if (!(chg->set & u32s[i].bit))
			continue;
		memcpy(&val, (const char *)chg + u32s[i].offset, sizeof(val));
		if (nla_put_u32(msg, u32s[i].type, val) < 0)
			return -EMSGSIZE;
	}
	if (chg->set & IRQW_SET_CPUS &&
	    nla_put_string(msg, IRQWATCH_CFG_CPUS, chg->cpus) < 0)
		return -EMSGSIZE;
	return nla_nest_end(msg, nest) < 0 ? -EMSGSIZE : 0;
}

static int parse_cpu(struct nlattr *attr, struct irqw_cpu *cpu)
{
	struct nlattr *tb[IRQWATCH_CPU_MAX + 1];
	uint8_t online, monitored;

	if (nla_parse_nested(tb, IRQWATCH_CPU_MAX, attr, cpu_policy) < 0 ||
	    !irqw_has_all(tb, cpu_policy, IRQWATCH_CPU_MAX))
		return -EBADMSG;
	online = nla_get_u8(tb[IRQWATCH_CPU_ONLINE]);
	monitored = nla_get_u8(tb[IRQWATCH_CPU_MONITORED]);
	if (online > 1 || monitored > 1)
		return -EBADMSG;
	cpu->id = nla_get_u32(tb[IRQWATCH_CPU_ID]);
	cpu->online = online;
	cpu->monitored = monitored;
	return 0;
}

int irqw_status_parse(struct nlmsghdr *nlh, struct irqw_status *st)
{
	struct nlattr *tb[IRQWATCH_A_MAX + 1], *attr, *head;
	struct irqw_status s = { 0 };
	struct genlmsghdr *gnlh;
	int len, rem, ret;
	size_t i = 0;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EBADMSG;
	gnlh = nlmsg_data(nlh);
	if (gnlh->cmd != IRQWATCH_CMD_GET_STATUS)
		return -EBADMSG;
	if (genlmsg_parse(nlh, 0, tb, IRQWATCH_A_MAX, status_parse_policy) < 0 ||
	    !irqw_has_all(tb, status_policy, IRQWATCH_A_MAX))
		return -EBADMSG;
	s.has_load_id = tb[IRQWATCH_A_LOAD_ID];
	if (s.has_load_id)
		s.load_id = nla_get_u64(tb[IRQWATCH_A_LOAD_ID]);

	head = genlmsg_attrdata(gnlh, 0);
	len = genlmsg_attrlen(gnlh, 0);
	nla_for_each_attr(attr, head, len, rem)
		if (nla_type(attr) == IRQWATCH_A_CPU)
			s.nr_cpus++;
	/* bytes left over: a truncated or corrupt message */
	if (rem > 0)
		return -EBADMSG;

	s.cpus = calloc(s.nr_cpus, sizeof(*s.cpus));
	s.version = strdup(nla_get_string(tb[IRQWATCH_A_VERSION]));
	s.kernel = strdup(nla_get_string(tb[IRQWATCH_A_KERNEL]));
	if (!s.cpus || !s.version || !s.kernel) {
		ret = -ENOMEM;
		goto cleanup;
	}
	nla_for_each_attr(attr, head, len, rem) {
		if (nla_type(attr) != IRQWATCH_A_CPU)
			continue;
		ret = parse_cpu(attr, &s.cpus[i++]);
		if (ret)
			goto cleanup;
	}
	ret = parse_config(tb[IRQWATCH_A_CONFIG], &s.config);
	if (ret)
		goto cleanup;

	*st = s;
	return 0;

cleanup:
	irqw_status_free(&s);
	return ret;
}

void irqw_status_free(struct irqw_status *st)
{
	free(st->version);
	free(st->kernel);
	irqw_config_free(&st->config);
	free(st->cpus);
	memset(st, 0, sizeof(*st));
}

static int status_parse_cb(struct nlmsghdr *nlh, void *arg)
{
	return irqw_status_parse(nlh, arg);
}

int irqw_get_status(struct irqw_status *st)
{
	struct irqw_status s = { 0 };
	int ret;

	ret = irqw_request(IRQWATCH_CMD_GET_STATUS, NULL, NULL, status_parse_cb,
			   &s, NULL);
	if (ret) {
		irqw_status_free(&s);
		return ret;
	}
	*st = s;
	return 0;
}

static int config_parse_cb(struct nlmsghdr *nlh, void *arg)
{
	return irqw_config_reply_parse(nlh, arg);
}

static int config_put(struct nl_msg *msg, const void *chg)
{
	return irqw_config_change_put(msg, chg);
}

static int config_request(uint8_t cmd, const struct irqw_config_change *chg,
			  struct irqw_config *cfg, struct irqw_extack *ext)
{
	struct irqw_config c = { 0 };
	int ret;

	ret = irqw_request(cmd, chg ? config_put : NULL, chg, config_parse_cb,
			   &c, ext);
	if (ret) {
		irqw_config_free(&c);
		return ret;
	}
	*cfg = c;
	return 0;
}

int irqw_get_config(struct irqw_config *cfg, struct irqw_extack *ext)
{
	return config_request(IRQWATCH_CMD_GET_CONFIG, NULL, cfg, ext);
}

int irqw_set_config(const struct irqw_config_change *chg,
		    struct irqw_config *cfg, struct irqw_extack *ext)
{
	return config_request(IRQWATCH_CMD_SET_CONFIG, chg, cfg, ext);
}
