// SPDX-License-Identifier: GPL-2.0 OR MIT
/* IRQWATCH_CMD_PROBE_ADD, PROBE_DEL and PROBE_LIST: the stall probes. */

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "ipc.h"
#include "ipc_int.h"

/* Every attribute here is mandatory; IRQWATCH_PROBE_ERROR is optional. */
static const struct nla_policy probe_policy[IRQWATCH_PROBE_MAX + 1] = {
	[IRQWATCH_PROBE_SYMBOL]		= { .type = NLA_STRING,
					    .maxlen = IRQWATCH_SYMBOL_LEN_MAX },
	[IRQWATCH_PROBE_THRESHOLD_US]	= U32_POLICY,
	[IRQWATCH_PROBE_KIND]		= U32_POLICY,
	[IRQWATCH_PROBE_STATE]		= U32_POLICY,
	[IRQWATCH_PROBE_CALLS]		= U64_POLICY,
	[IRQWATCH_PROBE_STALLS]		= U64_POLICY,
	[IRQWATCH_PROBE_TOTAL_NS]	= U64_POLICY,
	[IRQWATCH_PROBE_MAX_NS]		= U64_POLICY,
	[IRQWATCH_PROBE_MISSED]		= U32_POLICY,
};

/* Optional: the error, and what older modules do not send. */
static const struct nla_policy error_policy[IRQWATCH_PROBE_MAX + 1] = {
	[IRQWATCH_PROBE_ERROR]		= U32_POLICY,
	[IRQWATCH_PROBE_REASON]		= { .type = NLA_STRING,
					    .maxlen = IRQW_REASON_MAX },
	[IRQWATCH_PROBE_MISSED_TOTAL]	= U64_POLICY,
	[IRQWATCH_PROBE_INFLIGHT]	= U32_POLICY,
	[IRQWATCH_PROBE_ABANDONED]	= U64_POLICY,
};

static int parse_probe(struct nlattr *nest, struct irqw_probe *p)
{
	struct nlattr *tb[IRQWATCH_PROBE_MAX + 1], *eb[IRQWATCH_PROBE_MAX + 1];

	if (!irqw_attrs_whole(nla_data(nest), nla_len(nest)) ||
	    nla_parse_nested(tb, IRQWATCH_PROBE_MAX, nest, probe_policy) < 0 ||
	    !irqw_has_all(tb, probe_policy, IRQWATCH_PROBE_MAX) ||
	    nla_parse_nested(eb, IRQWATCH_PROBE_MAX, nest, error_policy) < 0 ||
	    !*nla_get_string(tb[IRQWATCH_PROBE_SYMBOL]))
		return -EBADMSG;
	p->threshold_us = nla_get_u32(tb[IRQWATCH_PROBE_THRESHOLD_US]);
	p->kind = nla_get_u32(tb[IRQWATCH_PROBE_KIND]);
	p->state = nla_get_u32(tb[IRQWATCH_PROBE_STATE]);
	if (p->kind == IRQWATCH_PROBE_KIND_UNSPEC ||
	    p->state == IRQWATCH_PROBE_STATE_UNSPEC)
		return -EBADMSG;
	if (eb[IRQWATCH_PROBE_ERROR])
		p->error = nla_get_u32(eb[IRQWATCH_PROBE_ERROR]);
	p->calls = nla_get_u64(tb[IRQWATCH_PROBE_CALLS]);
	p->stalls = nla_get_u64(tb[IRQWATCH_PROBE_STALLS]);
	p->total_ns = nla_get_u64(tb[IRQWATCH_PROBE_TOTAL_NS]);
	p->max_ns = nla_get_u64(tb[IRQWATCH_PROBE_MAX_NS]);
	p->missed = nla_get_u32(tb[IRQWATCH_PROBE_MISSED]);
	if (eb[IRQWATCH_PROBE_MISSED_TOTAL])
		p->missed = nla_get_u64(eb[IRQWATCH_PROBE_MISSED_TOTAL]);
	if (eb[IRQWATCH_PROBE_INFLIGHT])
		p->inflight = nla_get_u32(eb[IRQWATCH_PROBE_INFLIGHT]);
	if (eb[IRQWATCH_PROBE_ABANDONED])
		p->abandoned = nla_get_u64(eb[IRQWATCH_PROBE_ABANDONED]);
	p->symbol = strdup(nla_get_string(tb[IRQWATCH_PROBE_SYMBOL]));
	if (!p->symbol)
		return -ENOMEM;
	if (eb[IRQWATCH_PROBE_REASON] && *nla_get_string(eb[IRQWATCH_PROBE_REASON])) {
		p->reason = strdup(nla_get_string(eb[IRQWATCH_PROBE_REASON]));
		if (!p->reason)
			return -ENOMEM;
	}
	return 0;
}

int irqw_probes_parse(struct nlmsghdr *nlh, uint8_t cmd, struct irqw_probes *l)
{
	struct irqw_probes probes = { 0 };
	struct nlattr *attr, *head;
	struct genlmsghdr *gnlh;
	int len, rem, ret;
	size_t n;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EBADMSG;
	gnlh = nlmsg_data(nlh);
	if (gnlh->cmd != cmd || (cmd != IRQWATCH_CMD_PROBE_LIST &&
				 cmd != IRQWATCH_CMD_PROBE_ADD))
		return -EBADMSG;
	head = genlmsg_attrdata(gnlh, 0);
	len = genlmsg_attrlen(gnlh, 0);
	ret = irqw_count_attrs(head, len, IRQWATCH_A_PROBE, &n);
	if (ret || (cmd == IRQWATCH_CMD_PROBE_ADD && n != 1))
		return -EBADMSG;
	probes.probes = irqw_alloc_array(n, sizeof(*probes.probes));
	if (!probes.probes)
		return -ENOMEM;
	nla_for_each_attr(attr, head, len, rem) {
		if (nla_type(attr) != IRQWATCH_A_PROBE)
			continue;
		/* counted first, so that a failure frees what it set */
		ret = parse_probe(attr, &probes.probes[probes.nr++]);
		if (ret) {
			irqw_probes_free(&probes);
			return ret;
		}
	}
	*l = probes;
	return 0;
}

void irqw_probe_free(struct irqw_probe *p)
{
	free(p->symbol);
	free(p->reason);
	memset(p, 0, sizeof(*p));
}

void irqw_probes_free(struct irqw_probes *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		irqw_probe_free(&l->probes[i]);
	free(l->probes);
	memset(l, 0, sizeof(*l));
}

static bool symbol_ok(const char *symbol)
{
	return *symbol &&
	       strnlen(symbol, IRQWATCH_SYMBOL_LEN_MAX) < IRQWATCH_SYMBOL_LEN_MAX;
}

int irqw_probe_put(struct nl_msg *msg, const char *symbol,
		   uint32_t threshold_us)
{
	struct nlattr *nest;

	if (!symbol_ok(symbol))
		return -EINVAL;
	/* the kernel's strict validation wants NLA_F_NESTED on nests */
	nest = nla_nest_start(msg, IRQWATCH_A_PROBE | NLA_F_NESTED);
	if (!nest || nla_put_string(msg, IRQWATCH_PROBE_SYMBOL, symbol) < 0 ||
	    (threshold_us &&
	     nla_put_u32(msg, IRQWATCH_PROBE_THRESHOLD_US, threshold_us) < 0))
		return -EMSGSIZE;
	return nla_nest_end(msg, nest) < 0 ? -EMSGSIZE : 0;
}

struct probe_request {
	const char *symbol;
	uint32_t threshold_us;
};

static int probe_request_put(struct nl_msg *msg, const void *arg)
{
	const struct probe_request *r = arg;

	return irqw_probe_put(msg, r->symbol, r->threshold_us);
}

struct probe_reply {
	uint8_t cmd;
	struct irqw_probes probes;
};

static int probes_parse_cb(struct nlmsghdr *nlh, void *arg)
{
	struct probe_reply *r = arg;

	return irqw_probes_parse(nlh, r->cmd, &r->probes);
}

int irqw_probe_add(const char *symbol, uint32_t threshold_us,
		   struct irqw_probe *p, struct irqw_extack *ext)
{
	const struct probe_request req = { symbol, threshold_us };
	struct probe_reply reply = { .cmd = IRQWATCH_CMD_PROBE_ADD };
	int ret;

	if (ext)
		memset(ext, 0, sizeof(*ext));
	if (!symbol_ok(symbol))
		return -EINVAL;
	ret = irqw_request(IRQWATCH_CMD_PROBE_ADD, probe_request_put, &req,
			   probes_parse_cb, &reply, ext);
	if (ret) {
		irqw_probes_free(&reply.probes);
		return ret;
	}
	/* the parser made sure there is exactly one */
	*p = reply.probes.probes[0];
	free(reply.probes.probes);
	return 0;
}

int irqw_probe_del(const char *symbol, struct irqw_extack *ext)
{
	const struct probe_request req = { symbol, 0 };

	if (ext)
		memset(ext, 0, sizeof(*ext));
	if (!symbol_ok(symbol))
		return -EINVAL;
	return irqw_request(IRQWATCH_CMD_PROBE_DEL, probe_request_put, &req,
			    NULL, NULL, ext);
}

int irqw_probe_list(struct irqw_probes *l, struct irqw_extack *ext)
{
	struct probe_reply reply = { .cmd = IRQWATCH_CMD_PROBE_LIST };
	int ret;

	ret = irqw_request(IRQWATCH_CMD_PROBE_LIST, NULL, NULL, probes_parse_cb,
			   &reply, ext);
	if (ret) {
		irqw_probes_free(&reply.probes);
		return ret;
	}
	*l = reply.probes;
	return 0;
}
