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
#define REQUEST_SIZE	8192	/* room for any request, cpulist included */
#define ERRNO_MAX	4095	/* errors are -1..-ERRNO_MAX, as in the kernel */
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
	[IRQWATCH_CFG_RING_KB]			= U32_POLICY,
};

static const struct nla_policy config_reply_policy[IRQWATCH_A_MAX + 1] = {
	[IRQWATCH_A_CONFIG]	= { .type = NLA_NESTED },
};

static const struct nla_policy cpu_policy[IRQWATCH_CPU_MAX + 1] = {
	[IRQWATCH_CPU_ID]		= U32_POLICY,
	[IRQWATCH_CPU_ONLINE]		= U8_POLICY,
	[IRQWATCH_CPU_MONITORED]	= U8_POLICY,
};

struct request_ctx {
	int (*parse)(struct nlmsghdr *nlh, void *arg);
	void *arg;
	struct irqw_extack *ext;	/* NULL: not wanted */
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
	    !has_all(tb, config_reply_policy, IRQWATCH_A_MAX))
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
	irqw_config_free(&st->config);
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

/* The kernel's extack message, cut to fit and made one printable line. */
static void copy_message(const struct nlattr *attr, struct irqw_extack *ext)
{
	const char *data = nla_data(attr);
	size_t len, i;

	len = strnlen(data, (size_t)nla_len(attr));
	if (len >= sizeof(ext->msg))
		len = sizeof(ext->msg) - 1;
	for (i = 0; i < len; i++)
		ext->msg[i] = (unsigned char)data[i] < 0x20 || data[i] == 0x7f ?
			      ' ' : data[i];
	ext->msg[len] = '\0';
}

/*
 * The attributes follow the struct nlmsgerr and, unless NLM_F_CAPPED says the
 * kernel left it out, the payload of the request it echoes.
 */
static void parse_extack(const struct nlmsghdr *nlh, struct irqw_extack *ext)
{
	const struct nlmsgerr *e = nlmsg_data(nlh);
	size_t len = nlh->nlmsg_len - NLMSG_HDRLEN, off = sizeof(*e);
	struct nlattr *attr;
	int rem;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < (size_t)NLMSG_HDRLEN ||
		    e->msg.nlmsg_len - NLMSG_HDRLEN > len - off)
			return;
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	off = NLMSG_ALIGN(off);
	if (off >= len)
		return;
	nla_for_each_attr(attr, (struct nlattr *)((char *)e + off),
			  (int)(len - off), rem) {
		switch (nla_type(attr)) {
		case NLMSGERR_ATTR_MSG:
			copy_message(attr, ext);
			break;
		case NLMSGERR_ATTR_OFFS:
			if (nla_len(attr) != sizeof(uint32_t))
				break;
			ext->offset = nla_get_u32(attr);
			ext->has_offset = true;
			break;
		}
	}
}

int irqw_extack_parse(const struct nlmsghdr *nlh, struct irqw_extack *ext)
{
	const struct nlmsgerr *e;

	if (ext)
		memset(ext, 0, sizeof(*ext));
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e) ||
	    nlh->nlmsg_type != NLMSG_ERROR)
		return -EBADMSG;
	e = nlmsg_data(nlh);
	if (e->error > 0 || e->error < -ERRNO_MAX)
		return -EBADMSG;
	if (ext)
		parse_extack(nlh, ext);
	return e->error;
}

static int error_cb(struct sockaddr_nl *nla __attribute__((unused)),
		    struct nlmsgerr *nlerr, void *arg)
{
	/* libnl hands over the payload of a whole message it received */
	const struct nlmsghdr *nlh =
		(const struct nlmsghdr *)((char *)nlerr - NLMSG_HDRLEN);
	struct request_ctx *req = arg;

	req->err = irqw_extack_parse(nlh, req->ext);
	/* libnl calls this for errors only; an ACK here is a broken message */
	if (!req->err)
		req->err = -EBADMSG;
	req->done = true;
	return NL_STOP;
}

/*
 * Sends command cmd, with the attributes of chg if it is not NULL, and hands
 * the reply to parse. The kernel's own errno is kept (libnl would fold EPERM
 * and EACCES together), and its extack goes to ext if that is not NULL.
 */
static int request(uint8_t cmd, const struct irqw_config_change *chg,
		   int (*parse)(struct nlmsghdr *, void *), void *arg,
		   struct irqw_extack *ext)
{
	struct request_ctx req = { .parse = parse, .arg = arg, .ext = ext };
	int one = 1;
	struct nl_msg *msg = NULL;
	struct nl_cb *cb = NULL;
	struct nl_sock *sk;
	int family, ret;

	if (ext)
		memset(ext, 0, sizeof(*ext));
	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	ret = genl_connect(sk);
	if (ret < 0) {
		ret = nlerr_to_errno(ret);
		goto cleanup;
	}
	nl_socket_enable_msg_peek(sk);
	/* libnl 3.7 has no call for it; without it errors just lack the text */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));

	family = genl_ctrl_resolve(sk, IRQWATCH_GENL_NAME);
	if (family < 0) {
		ret = family == -NLE_OBJ_NOTFOUND ? -EPROTONOSUPPORT :
						    nlerr_to_errno(family);
		goto cleanup;
	}

	msg = nlmsg_alloc_size(REQUEST_SIZE);
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!msg || !cb || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family,
					0, 0, cmd, IRQWATCH_GENL_VERSION)) {
		ret = -ENOMEM;
		goto cleanup;
	}
	if (chg) {
		ret = irqw_config_change_put(msg, chg);
		if (ret)
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

	ret = request(IRQWATCH_CMD_GET_STATUS, NULL, status_parse_cb, &s, NULL);
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

static int config_request(uint8_t cmd, const struct irqw_config_change *chg,
			  struct irqw_config *cfg, struct irqw_extack *ext)
{
	struct irqw_config c = { 0 };
	int ret;

	ret = request(cmd, chg, config_parse_cb, &c, ext);
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

const char *irqw_strerror(int err)
{
	switch (-err) {
	case EPROTONOSUPPORT:
		return "irqwatch module not loaded";
	case EPERM:
	case EACCES:
		return "permission denied (CAP_NET_ADMIN required)";
	case EOPNOTSUPP:
		return "not supported by the loaded irqwatch module";
	case EBADMSG:
		return "malformed reply from the irqwatch module";
	default:
		return strerror(-err);
	}
}

const char *irqw_strerror_ext(int err, const struct irqw_extack *ext)
{
	switch (-err) {
	case EPROTONOSUPPORT:
	case EPERM:
	case EACCES:
		return irqw_strerror(err);
	default:
		return ext && ext->msg[0] ? ext->msg : irqw_strerror(err);
	}
}
