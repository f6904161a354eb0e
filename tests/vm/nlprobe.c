// SPDX-License-Identifier: GPL-2.0
/*
 * nlprobe: sends one deliberately malformed request to the irqwatch family
 * and prints the kernel's answer as "errno=N msg=TEXT" (VM tests only).
 *   nlprobe CASE        (nlprobe --list shows the cases)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct answer {
	int err;
	char msg[256];
};

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct answer *a = arg;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);

	(void)nla;
	a->err = e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)e + off),
		      (int)(nlh->nlmsg_len - NLMSG_HDRLEN - off), NULL) == 0 &&
	    tb[NLMSGERR_ATTR_MSG])
		snprintf(a->msg, sizeof(a->msg), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	(void)msg;
	((struct answer *)arg)->err = 0;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

/* Fills @msg for case @name; returns -1 for an unknown case. */
static int build(struct nl_msg *msg, int family, const char *name)
{
	struct nlattr *nest;
	int cmd = IRQWATCH_CMD_SET_CONFIG;

	if (!strcmp(name, "unknown_cmd"))
		cmd = 200;
	else if (!strcmp(name, "status_with_attr"))
		cmd = IRQWATCH_CMD_GET_STATUS;
	else if (!strcmp(name, "subscribe"))
		cmd = IRQWATCH_CMD_SUBSCRIBE;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, NLM_F_ACK,
			 cmd, IRQWATCH_GENL_VERSION))
		return -1;
	if (!strcmp(name, "unknown_cmd") || !strcmp(name, "missing_config") ||
	    !strcmp(name, "subscribe"))
		return 0;
	if (!strcmp(name, "status_with_attr"))
		return nla_put_u32(msg, IRQWATCH_A_VERSION, 1);
	if (!strcmp(name, "config_not_nested"))
		return nla_put_u32(msg, IRQWATCH_A_CONFIG, 1000);
	nest = nla_nest_start(msg, IRQWATCH_A_CONFIG | NLA_F_NESTED);
	if (!strcmp(name, "period_u64"))
		nla_put_u64(msg, IRQWATCH_CFG_PERIOD_US, 2000);
	else if (!strcmp(name, "period_range"))
		nla_put_u32(msg, IRQWATCH_CFG_PERIOD_US, 5);
	else if (!strcmp(name, "detectors_mask"))
		nla_put_u32(msg, IRQWATCH_CFG_DETECTORS, 1u << 20);
	else if (!strcmp(name, "cpus_unterminated"))
		nla_put(msg, IRQWATCH_CFG_CPUS, 1, "0");
	else if (!strcmp(name, "ring_kb"))
		nla_put_u32(msg, IRQWATCH_CFG_RING_KB, 128);
	else if (!strcmp(name, "unknown_attr"))
		nla_put_u32(msg, IRQWATCH_CFG_MAX + 5, 1);
	else if (strcmp(name, "empty_config"))
		return -1;
	/* plain nla_nest_end() would drop an empty nest */
	nla_nest_end_keep_empty(msg, nest);
	return 0;
}

static const char *const cases[] = {
	"unknown_cmd", "status_with_attr", "config_not_nested", "missing_config",
	"empty_config", "period_u64", "period_range", "detectors_mask",
	"cpus_unterminated", "ring_kb", "unknown_attr", "subscribe",
};

int main(int argc, char *argv[])
{
	struct answer a = { .err = 1 };
	struct nl_sock *sk;
	struct nl_msg *msg;
	int family, one = 1, i, repeat;

	if (argc != 2) {
		fprintf(stderr, "usage: nlprobe CASE|--list\n");
		return 2;
	}
	if (!strcmp(argv[1], "--list")) {
		for (i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++)
			puts(cases[i]);
		return 0;
	}
	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk))
		return 2;
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	family = genl_ctrl_resolve(sk, IRQWATCH_GENL_NAME);
	if (family < 0) {
		fprintf(stderr, "nlprobe: family not found\n");
		return 2;
	}
	nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, on_error, &a);
	nl_socket_modify_cb(sk, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &a);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &a);
	/* "subscribe" is sent twice on one socket: the second must fail */
	repeat = !strcmp(argv[1], "subscribe") ? 2 : 1;
	for (i = 0; i < repeat; i++) {
		msg = nlmsg_alloc();
		if (!msg || build(msg, family, argv[1])) {
			fprintf(stderr, "nlprobe: unknown case %s\n", argv[1]);
			return 2;
		}
		a.err = 1;
		a.msg[0] = '\0';
		if (nl_send_auto(sk, msg) < 0)
			return 2;
		nlmsg_free(msg);
		nl_recvmsgs_default(sk);
		/* a subscribe's reply comes before its ack */
		if (a.err == 1)
			nl_recvmsgs_default(sk);
	}
	printf("errno=%d msg=%s\n", -a.err, a.msg);
	nl_socket_free(sk);
	return 0;
}
