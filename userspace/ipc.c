// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "ipc.h"

#define STRING_MAX	256	/* bound for short strings such as versions */
#define U8_POLICY	{ .type = NLA_U8, .minlen = 1, .maxlen = 1 }
#define U32_POLICY	{ .type = NLA_U32, .minlen = 4, .maxlen = 4 }

/* Every attribute a reply policy lists is mandatory; unknown ones are ignored. */
static const struct nla_policy status_policy[IRQWATCH_A_MAX + 1] = {
	[IRQWATCH_A_VERSION]	= { .type = NLA_STRING, .maxlen = STRING_MAX },
	[IRQWATCH_A_KERNEL]	= { .type = NLA_STRING, .maxlen = STRING_MAX },
	[IRQWATCH_A_CONFIG]	= { .type = NLA_NESTED },
	[IRQWATCH_A_CPU]	= { .type = NLA_NESTED },
};

static const struct nla_policy config_policy[IRQWATCH_CFG_MAX + 1] = {
	[IRQWATCH_CFG_PERIOD_US]		= U32_POLICY,
	[IRQWATCH_CFG_IRQOFF_THRESHOLD_US]	= U32_POLICY,
	[IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US]	= U32_POLICY,
	[IRQWATCH_CFG_STALL_THRESHOLD_US]	= U32_POLICY,
	[IRQWATCH_CFG_DETECTORS]		= U32_POLICY,
	[IRQWATCH_CFG_CPUS]			= { .type = NLA_STRING },
};

static const struct nla_policy cpu_policy[IRQWATCH_CPU_MAX + 1] = {
	[IRQWATCH_CPU_ID]		= U32_POLICY,
	[IRQWATCH_CPU_ONLINE]		= U8_POLICY,
	[IRQWATCH_CPU_MONITORED]	= U8_POLICY,
};

struct request_ctx {
	int (*parse)(struct nlmsghdr *nlh, void *arg);
	void *arg;
	int err;
	bool replied;
	bool done;
};

static int nlerr_to_errno(int nlerr)
{
	switch (abs(nlerr)) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_INTR:
		return -EINTR;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_AF_NOSUPPORT:
		return -EAFNOSUPPORT;
	case NLE_BAD_SOCK:
		return -EBADF;
	case NLE_SEQ_MISMATCH:
	case NLE_MSG_OVERFLOW:
	case NLE_MSG_TRUNC:
	case NLE_MSG_TOOSHORT:
	case NLE_MSGTYPE_NOSUPPORT:
		return -EBADMSG;
	default:
		return -EIO;
	}
}

static bool has_all(struct nlattr **tb, const struct nla_policy *policy,
		    int maxtype)
{
	int type;

	for (type = 1; type <= maxtype; type++)
		if (policy[type].type != NLA_UNSPEC && !tb[type])
			return false;
	return true;
}

static int parse_config(struct nlattr *attr, struct irqw_config *cfg)
{
	struct nlattr *tb[IRQWATCH_CFG_MAX + 1];

	if (nla_parse_nested(tb, IRQWATCH_CFG_MAX, attr, config_policy) < 0 ||
	    !has_all(tb, config_policy, IRQWATCH_CFG_MAX))
		return -EBADMSG;
	cfg->period_us = nla_get_u32(tb[IRQWATCH_CFG_PERIOD_US]);
	cfg->irqoff_threshold_us =
		nla_get_u32(tb[IRQWATCH_CFG_IRQOFF_THRESHOLD_US]);
	cfg->softirq_threshold_us =
		nla_get_u32(tb[IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US]);
	cfg->stall_threshold_us =
		nla_get_u32(tb[IRQWATCH_CFG_STALL_THRESHOLD_US]);
	cfg->detectors = nla_get_u32(tb[IRQWATCH_CFG_DETECTORS]);
	cfg->cpus = strdup(nla_get_string(tb[IRQWATCH_CFG_CPUS]));
	return cfg->cpus ? 0 : -ENOMEM;
}

static int parse_cpu(struct nlattr *attr, struct irqw_cpu *cpu)
{
	struct nlattr *tb[IRQWATCH_CPU_MAX + 1];
	uint8_t online, monitored;

	if (nla_parse_nested(tb, IRQWATCH_CPU_MAX, attr, cpu_policy) < 0 ||
	    !has_all(tb, cpu_policy, IRQWATCH_CPU_MAX))
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
	if (genlmsg_parse(nlh, 0, tb, IRQWATCH_A_MAX, status_policy) < 0 ||
	    !has_all(tb, status_policy, IRQWATCH_A_MAX))
		return -EBADMSG;

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
	free(st->config.cpus);
	free(st->cpus);
	memset(st, 0, sizeof(*st));
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct request_ctx *req = arg;

	/* a second reply would overwrite (and leak) the first */
	req->err = req->replied ? -EBADMSG : req->parse(nlmsg_hdr(msg), req->arg);
	req->replied = true;
	return req->err ? NL_STOP : NL_OK;
}

static int ack_cb(struct nl_msg *msg __attribute__((unused)), void *arg)
{
	struct request_ctx *req = arg;

	req->done = true;
	return NL_STOP;
}

static int error_cb(struct sockaddr_nl *nla __attribute__((unused)),
		    struct nlmsgerr *nlerr, void *arg)
{
	struct request_ctx *req = arg;

	req->err = nlerr->error < 0 ? nlerr->error : -EBADMSG;
	req->done = true;
	return NL_STOP;
}

/*
 * Sends command cmd without attributes and hands the reply to parse. The
 * kernel's own errno is kept (libnl would fold EPERM and EACCES together).
 */
static int request(uint8_t cmd, int (*parse)(struct nlmsghdr *, void *),
		   void *arg)
{
	struct request_ctx req = { .parse = parse, .arg = arg };
	struct nl_msg *msg = NULL;
	struct nl_cb *cb = NULL;
	struct nl_sock *sk;
	int family, ret;

	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	ret = genl_connect(sk);
	if (ret < 0) {
		ret = nlerr_to_errno(ret);
		goto cleanup;
	}
	nl_socket_enable_msg_peek(sk);

	family = genl_ctrl_resolve(sk, IRQWATCH_GENL_NAME);
	if (family < 0) {
		ret = family == -NLE_OBJ_NOTFOUND ? -EPROTONOSUPPORT :
						    nlerr_to_errno(family);
		goto cleanup;
	}

	msg = nlmsg_alloc();
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!msg || !cb || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family,
					0, 0, cmd, IRQWATCH_GENL_VERSION)) {
		ret = -ENOMEM;
		goto cleanup;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &req);
	nl_cb_err(cb, NL_CB_CUSTOM, error_cb, &req);

	ret = nl_send_auto(sk, msg);
	if (ret < 0) {
		ret = nlerr_to_errno(ret);
		goto cleanup;
	}
	ret = 0;
	while (!req.done && !req.err && !ret)
		ret = nl_recvmsgs(sk, cb);
	if (req.err)
		ret = req.err;
	else if (ret < 0)
		ret = nlerr_to_errno(ret);
	else if (!req.replied)
		ret = -EBADMSG;

cleanup:
	nl_cb_put(cb);
	nlmsg_free(msg);
	nl_socket_free(sk);
	return ret;
}

static int status_parse_cb(struct nlmsghdr *nlh, void *arg)
{
	return irqw_status_parse(nlh, arg);
}

int irqw_get_status(struct irqw_status *st)
{
	struct irqw_status s = { 0 };
	int ret;

	ret = request(IRQWATCH_CMD_GET_STATUS, status_parse_cb, &s);
	if (ret) {
		irqw_status_free(&s);
		return ret;
	}
	*st = s;
	return 0;
}

const char *irqw_strerror(int err)
{
	switch (-err) {
	case EPROTONOSUPPORT:
		return "irqwatch module not loaded";
	case EPERM:
	case EACCES:
		return "permission denied (CAP_NET_ADMIN required)";
	case EBADMSG:
		return "malformed reply from the irqwatch module";
	default:
		return strerror(-err);
	}
}
