// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The netlink plumbing shared by every request: the socket, one request and
 * its reply, NLMSG_ERROR and extack parsing, and the error texts.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "ipc.h"
#include "ipc_int.h"

#define REQUEST_SIZE	8192	/* room for any request, cpulist included */
#define ERRNO_MAX	4095	/* errors are -1..-ERRNO_MAX, as in the kernel */


struct request_ctx {
	int (*parse)(struct nlmsghdr *nlh, void *arg);
	void *arg;
	struct irqw_extack *ext;	/* NULL: not wanted */
	int err;
	bool replied;
	bool done;
	bool dump;		/* any number of replies, then NLMSG_DONE */
};

int irqw_nlerr_to_errno(int nlerr)
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

bool irqw_has_all(struct nlattr **tb, const struct nla_policy *policy,
		  int maxtype)
{
	int type;

	for (type = 1; type <= maxtype; type++)
		if (policy[type].type != NLA_UNSPEC && !tb[type])
			return false;
	return true;
}


static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct request_ctx *req = arg;

	/* a second reply would overwrite (and leak) the first */
	if (req->replied && !req->dump)
		req->err = -EBADMSG;
	else
		req->err = req->parse ? req->parse(nlmsg_hdr(msg), req->arg) : 0;
	req->replied = true;
	return req->err ? NL_STOP : NL_OK;
}

static int finish_cb(struct nl_msg *msg __attribute__((unused)), void *arg)
{
	struct request_ctx *req = arg;

	req->done = true;
	return NL_STOP;
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

int irqw_connect(struct nl_sock **skp, int *family)
{
	struct nl_sock *sk;
	int one = 1;
	int ret;

	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	ret = genl_connect(sk);
	if (ret < 0) {
		ret = irqw_nlerr_to_errno(ret);
		goto cleanup;
	}
	nl_socket_enable_msg_peek(sk);
	/* libnl 3.7 has no call for it; without it errors just lack the text */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));

	*family = genl_ctrl_resolve(sk, IRQWATCH_GENL_NAME);
	if (*family < 0) {
		ret = *family == -NLE_OBJ_NOTFOUND ? -EPROTONOSUPPORT :
						     irqw_nlerr_to_errno(*family);
		goto cleanup;
	}
	*skp = sk;
	return 0;

cleanup:
	nl_socket_free(sk);
	return ret;
}

struct nl_msg *irqw_request_new(int family, uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc_size(REQUEST_SIZE);

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0,
				cmd, IRQWATCH_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int transact(uint8_t cmd, bool dump,
		    int (*put)(struct nl_msg *, const void *), const void *put_arg,
		    int (*parse)(struct nlmsghdr *, void *), void *arg,
		    struct irqw_extack *ext)
{
	struct request_ctx req = {
		.parse = parse, .arg = arg, .ext = ext, .dump = dump,
	};
	struct nl_msg *msg = NULL;
	struct nl_cb *cb = NULL;
	struct nl_sock *sk;
	int family, ret;

	if (ext)
		memset(ext, 0, sizeof(*ext));
	ret = irqw_connect(&sk, &family);
	if (ret)
		return ret;

	msg = irqw_request_new(family, cmd);
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!msg || !cb) {
		ret = -ENOMEM;
		goto cleanup;
	}
	if (put) {
		ret = put(msg, put_arg);
		if (ret)
			goto cleanup;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, &req);
	if (dump)
		nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_DUMP;
	nl_cb_err(cb, NL_CB_CUSTOM, error_cb, &req);

	ret = nl_send_auto(sk, msg);
	if (ret < 0) {
		ret = irqw_nlerr_to_errno(ret);
		goto cleanup;
	}
	ret = 0;
	while (!req.done && !req.err && !ret)
		ret = nl_recvmsgs(sk, cb);
	if (req.err)
		ret = req.err;
	else if (ret < 0)
		ret = irqw_nlerr_to_errno(ret);
	else if (!req.replied && parse)
		ret = -EBADMSG;

cleanup:
	nl_cb_put(cb);
	nlmsg_free(msg);
	nl_socket_free(sk);
	return ret;
}

int irqw_request(uint8_t cmd, int (*put)(struct nl_msg *, const void *),
		 const void *put_arg, int (*parse)(struct nlmsghdr *, void *),
		 void *arg, struct irqw_extack *ext)
{
	return transact(cmd, false, put, put_arg, parse, arg, ext);
}

int irqw_dump(uint8_t cmd, int (*parse)(struct nlmsghdr *, void *), void *arg,
	      struct irqw_extack *ext)
{
	return transact(cmd, true, NULL, NULL, parse, arg, ext);
}


const char *irqw_strerror(int err)
{
	switch (-err) {
	case EPROTONOSUPPORT:
		return IRQW_NOT_LOADED;
	case EPERM:
	case EACCES:
		return "permission denied (CAP_PERFMON or CAP_SYS_ADMIN required)";
	case EOPNOTSUPP:
		return "not supported by the loaded irqwatch module";
	case EBADMSG:
		return "malformed reply from the irqwatch module";
	default:
		return strerror(-err);
	}
}

const char *irqw_strerror_read(int err)
{
	if (err == -EPERM || err == -EACCES)
		return "permission denied (CAP_NET_ADMIN required)";
	return irqw_strerror(err);
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
