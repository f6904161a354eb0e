// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A subscribed socket. libnl sets it up (connect, family and group lookup,
 * the SUBSCRIBE request); reading is done here with recvmsg(), peeking at
 * each datagram for its size as libnl's msg peek does, because libnl reports
 * an overflowed receive buffer (ENOBUFS) as a plain NLE_NOMEM, and a logger
 * must tell that apart from running out of memory: it means lost messages,
 * and the socket goes on working.
 */

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "ipc.h"
#include "ipc_int.h"

#define RECV_SIZE	(32 * 1024)	/* first receive buffer; grows as needed */
#define RECV_BATCH	64		/* datagrams per irqw_sub_receive() */
#define REPLY_TIMEOUT_MS 10000

struct datagram {
	void *data;
	size_t len;
};

struct irqw_sub {
	struct nl_sock *sk;
	int fd;
	int family;
	size_t rcvbuf;
	void *buf;
	size_t size;
	/* datagrams that came before the SUBSCRIBE reply, handled first */
	struct datagram *queue;
	size_t nr_queued, next_queued;
};

/*
 * Receives one datagram into sub->buf: its length, or a negative errno.
 * *kernel tells whether the kernel sent it.
 */
static ssize_t recv_datagram(struct irqw_sub *sub, int flags, bool *kernel)
{
	struct sockaddr_nl addr;
	struct iovec iov;
	struct msghdr mh = {
		.msg_name = &addr,
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	ssize_t n;
	void *buf;

	for (;;) {
		iov.iov_base = sub->buf;
		iov.iov_len = sub->size;
		mh.msg_namelen = sizeof(addr);
		n = recvmsg(sub->fd, &mh, flags | MSG_PEEK | MSG_TRUNC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if ((size_t)n <= sub->size)
			break;
		buf = realloc(sub->buf, (size_t)n);
		if (!buf)
			return -ENOMEM;
		sub->buf = buf;
		sub->size = (size_t)n;
	}
	mh.msg_namelen = sizeof(addr);
	do
		n = recvmsg(sub->fd, &mh, flags);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	*kernel = mh.msg_namelen == sizeof(addr) &&
		  addr.nl_family == AF_NETLINK && addr.nl_pid == 0 &&
		  !(mh.msg_flags & MSG_TRUNC);
	return n;
}

static int deliver(irqw_event_cb cb, void *arg, struct irqw_event_msg *m)
{
	int ret = cb(m, arg);

	irqw_event_msg_free(m);
	return ret;
}

static int handle_msg(struct irqw_sub *sub, struct nlmsghdr *nlh,
		      irqw_event_cb cb, void *arg)
{
	struct irqw_event_msg m = { 0 };
	int ret;

	if (nlh->nlmsg_type == sub->family) {
		ret = irqw_event_msg_parse(nlh, &m);
		if (ret == -ENOMEM)
			return ret;
		m.malformed = ret;
		return deliver(cb, arg, &m);
	}
	if (nlh->nlmsg_type == GENL_ID_CTRL &&
	    irqw_ctrl_delfamily_parse(nlh, IRQWATCH_GENL_NAME) > 0) {
		m.family_removed = true;
		return deliver(cb, arg, &m);
	}
	/* other families' news, NLMSG_NOOP, NLMSG_DONE: nothing for us */
	return 0;
}

static int handle_datagram(struct irqw_sub *sub, void *data, size_t len,
			   irqw_event_cb cb, void *arg)
{
	struct irqw_event_msg bad = { .malformed = true };
	struct nlmsghdr *nlh = data;
	int rem = (int)len, ret;

	for (; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
		ret = handle_msg(sub, nlh, cb, arg);
		if (ret)
			return ret;
	}
	return rem > 0 ? deliver(cb, arg, &bad) : 0;
}

static int queue_datagram(struct irqw_sub *sub, size_t len)
{
	struct datagram *q;

	q = realloc(sub->queue, (sub->nr_queued + 1) * sizeof(*q));
	if (!q)
		return -ENOMEM;
	sub->queue = q;
	q = &sub->queue[sub->nr_queued];
	q->data = malloc(len);
	if (!q->data)
		return -ENOMEM;
	memcpy(q->data, sub->buf, len);
	q->len = len;
	sub->nr_queued++;
	return 0;
}

/* 1: the datagram in sub->buf answers request seq (*ret is the outcome). */
static int is_reply(struct irqw_sub *sub, size_t len, uint32_t seq,
		    struct irqw_baseline *base, struct irqw_extack *ext, int *ret)
{
	struct nlmsghdr *nlh = sub->buf;

	if (!nlmsg_ok(nlh, (int)len) || nlh->nlmsg_seq != seq)
		return 0;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		*ret = irqw_extack_parse(nlh, ext);
		/* no ACK was asked for; one instead of the reply is broken */
		if (!*ret)
			*ret = -EBADMSG;
		return 1;
	}
	if (nlh->nlmsg_type != sub->family)
		return 0;
	*ret = irqw_subscribe_reply_parse(nlh, base);
	return 1;
}

static int wait_reply(struct irqw_sub *sub, uint32_t seq,
		      struct irqw_baseline *base, struct irqw_extack *ext)
{
	struct pollfd pfd = { .fd = sub->fd, .events = POLLIN };
	bool kernel;
	ssize_t n;
	int ret;

	for (;;) {
		ret = poll(&pfd, 1, REPLY_TIMEOUT_MS);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0)
			return -errno;
		if (!ret)
			return -ETIMEDOUT;
		n = recv_datagram(sub, MSG_DONTWAIT, &kernel);
		if (n == -EAGAIN)
			continue;
		if (n < 0)
			return (int)n;
		if (!kernel)
			continue;
		if (is_reply(sub, (size_t)n, seq, base, ext, &ret))
			return ret;
		ret = queue_datagram(sub, (size_t)n);
		if (ret)
			return ret;
	}
}

/* SO_RCVBUFFORCE needs CAP_NET_ADMIN; SO_RCVBUF is capped by rmem_max. */
static void set_rcvbuf(struct irqw_sub *sub, size_t bytes)
{
	int val = (int)bytes;
	socklen_t len = sizeof(val);

	if (setsockopt(sub->fd, SOL_SOCKET, SO_RCVBUFFORCE, &val, sizeof(val)))
		setsockopt(sub->fd, SOL_SOCKET, SO_RCVBUF, &val, sizeof(val));
	/* the kernel doubles what it is given, for its bookkeeping */
	if (!getsockopt(sub->fd, SOL_SOCKET, SO_RCVBUF, &val, &len) && val > 0)
		sub->rcvbuf = (size_t)val / 2;
}

int irqw_subscribe(size_t rcvbuf, struct irqw_sub **subp,
		   struct irqw_baseline *base, struct irqw_extack *ext)
{
	struct irqw_baseline b = { 0 };
	struct nl_msg *msg = NULL;
	struct irqw_sub *sub;
	int grp, ret;

	if (ext)
		memset(ext, 0, sizeof(*ext));
	if (!rcvbuf || rcvbuf > IRQW_RCVBUF_MAX)
		return -EINVAL;
	sub = calloc(1, sizeof(*sub));
	if (!sub)
		return -ENOMEM;
	sub->size = RECV_SIZE;
	sub->buf = malloc(sub->size);
	if (!sub->buf) {
		ret = -ENOMEM;
		goto cleanup;
	}
	ret = irqw_connect(&sub->sk, &sub->family);
	if (ret)
		goto cleanup;
	sub->fd = nl_socket_get_fd(sub->sk);
	set_rcvbuf(sub, rcvbuf);

	/* looked up before joining, so that no notification gets in the way */
	grp = genl_ctrl_resolve_grp(sub->sk, "nlctrl", "notify");
	if (grp < 0) {
		ret = irqw_nlerr_to_errno(grp);
		goto cleanup;
	}
	ret = nl_socket_add_membership(sub->sk, grp);
	if (ret < 0) {
		ret = irqw_nlerr_to_errno(ret);
		goto cleanup;
	}
	/* the reply or an error answers the request; no ACK after it */
	nl_socket_disable_auto_ack(sub->sk);
	msg = irqw_request_new(sub->family, IRQWATCH_CMD_SUBSCRIBE);
	if (!msg) {
		ret = -ENOMEM;
		goto cleanup;
	}
	ret = nl_send_auto(sub->sk, msg);
	if (ret < 0) {
		ret = irqw_nlerr_to_errno(ret);
		goto cleanup;
	}
	ret = wait_reply(sub, nlmsg_hdr(msg)->nlmsg_seq, &b, ext);
	if (ret)
		goto cleanup;
	nlmsg_free(msg);
	*base = b;
	*subp = sub;
	return 0;

cleanup:
	nlmsg_free(msg);
	irqw_sub_close(sub);
	return ret;
}

size_t irqw_sub_rcvbuf(const struct irqw_sub *sub)
{
	return sub->rcvbuf;
}

int irqw_sub_fd(const struct irqw_sub *sub)
{
	return sub->fd;
}

int irqw_sub_receive(struct irqw_sub *sub, irqw_event_cb cb, void *arg)
{
	struct datagram *q;
	bool kernel;
	ssize_t n;
	int i, ret;

	while (sub->next_queued < sub->nr_queued) {
		q = &sub->queue[sub->next_queued++];
		ret = handle_datagram(sub, q->data, q->len, cb, arg);
		free(q->data);
		q->data = NULL;
		if (ret)
			return ret;
	}
	for (i = 0; i < RECV_BATCH; i++) {
		n = recv_datagram(sub, MSG_DONTWAIT, &kernel);
		if (n == -EAGAIN || n == -EWOULDBLOCK)
			return 0;
		if (n < 0)
			return (int)n;
		if (!kernel)
			continue;
		ret = handle_datagram(sub, sub->buf, (size_t)n, cb, arg);
		if (ret)
			return ret;
	}
	return 0;
}

void irqw_sub_close(struct irqw_sub *sub)
{
	size_t i;

	if (!sub)
		return;
	for (i = sub->next_queued; i < sub->nr_queued; i++)
		free(sub->queue[i].data);
	free(sub->queue);
	free(sub->buf);
	nl_socket_free(sub->sk);
	free(sub);
}
