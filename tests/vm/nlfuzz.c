// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: sends random and mutated requests to the irqwatch generic netlink
 * family (VM tests only) and counts the answers.
 *   nlfuzz [--count N] [--seed S] [--safe] [--userns] [--allow-ok CMDS]
 *          [--symbol NAME]
 *
 * Each message is built from one of: a well-formed request of a random
 * command (0..15, or any byte), a random attribute tree (nested up to three
 * levels, random types, lengths and flag bits), then 0..4 mutations (byte
 * flips and stores, attribute length fields rewritten, truncation,
 * garbage appended, nests inserted). The netlink header always addresses
 * the irqwatch family with NLM_F_REQUEST, and a datagram never holds a
 * second complete header: a short nlmsg_len would make the kernel parse the
 * rest as a further message, to any family.
 *
 * --safe (for root): nothing that could change state is sent. Before
 * sending, the message is parsed as the kernel would parse it (the last
 * attribute of a type wins, as in nla_parse()); a SET_CONFIG is sent only
 * if its configuration nest carries a well-formed IRQWATCH_CFG_RING_KB,
 * which the module always refuses, and a PROBE_ADD only if its symbol is
 * empty or has a character no kernel symbol has ('-' here), so no kretprobe
 * is ever put on a random function. Other messages are skipped (counted).
 * PROBE_DEL can only name a probe that does not exist or a preset one,
 * which cannot be deleted; SUBSCRIBE and UNSUBSCRIBE only affect this
 * socket. Without --safe, SET_CONFIG and PROBE_ADD also go out well-formed
 * (PROBE_ADD of --symbol), which a caller without the privilege must see
 * refused.
 *
 * --userns: first enters a new user namespace, as root there (uid_map), so
 * that capabilities held there count for nothing in the initial one.
 * --allow-ok CMDS: a comma list of command numbers that may succeed; a
 * success (a reply, or an ACK with error 0) to any other command makes the
 * exit status 1. Prints one summary line.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/irqwatch.h>

#define BUF_SIZE	4096
#define RECV_SIZE	(256 * 1024)

static uint64_t rng;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

struct msgbuf {
	uint8_t b[BUF_SIZE];
	size_t len;
};

/* Appends an attribute; returns its offset, or -1 if it does not fit. */
static long put_attr(struct msgbuf *m, uint16_t type, const void *data,
		     size_t len)
{
	size_t off = m->len, total = NLA_ALIGN(NLA_HDRLEN + len);
	struct nlattr nla;

	if (off + total > BUF_SIZE)
		return -1;
	nla.nla_len = (uint16_t)(NLA_HDRLEN + len);
	nla.nla_type = type;
	memcpy(m->b + off, &nla, sizeof(nla));
	if (len)
		memcpy(m->b + off + NLA_HDRLEN, data, len);
	memset(m->b + off + NLA_HDRLEN + len, 0, total - NLA_HDRLEN - len);
	m->len += total;
	return (long)off;
}

static long nest_start(struct msgbuf *m, uint16_t type)
{
	return put_attr(m, type | (below(4) ? NLA_F_NESTED : 0), NULL, 0);
}

static void nest_end(struct msgbuf *m, long off)
{
	struct nlattr nla;

	if (off < 0)
		return;
	memcpy(&nla, m->b + off, sizeof(nla));
	nla.nla_len = (uint16_t)(m->len - (size_t)off);
	memcpy(m->b + off, &nla, sizeof(nla));
}

static void put_u32(struct msgbuf *m, uint16_t type, uint32_t v)
{
	put_attr(m, type, &v, sizeof(v));
}

/* A random payload: an integer of any size, a string, or bytes. */
static void put_random(struct msgbuf *m, uint16_t type)
{
	static const char *const strs[] = {
		"0", "0-1", "1", "0,1", "", "irqoff", "-1", "0-4095", "abc",
		"get_slabinfo", "-nlfuzz", "x\xff", "99999999999",
	};
	uint8_t bytes[64];
	uint64_t v = ((uint64_t)rnd() << 32) | rnd();
	const char *s;
	size_t n, i;

	switch (below(5)) {
	case 0:
		put_attr(m, type, &v, 1u << below(4));	/* 1, 2, 4, 8 */
		break;
	case 1:
		s = strs[below(sizeof(strs) / sizeof(strs[0]))];
		put_attr(m, type, s, strlen(s) + below(2));	/* NUL or not */
		break;
	case 2:
		n = below(sizeof(bytes));
		for (i = 0; i < n; i++)
			bytes[i] = (uint8_t)rnd();
		put_attr(m, type, bytes, n);
		break;
	case 3:
		put_attr(m, type, NULL, 0);
		break;
	default:
		put_u32(m, type, below(2) ? below(20000) : rnd());
		break;
	}
}

static uint16_t random_type(int max)
{
	uint16_t t = below(8) ? (uint16_t)below((uint32_t)max + 3) : (uint16_t)rnd();

	if (!below(8))
		t |= NLA_F_NESTED;
	if (!below(16))
		t |= NLA_F_NET_BYTEORDER;
	return t;
}

static void random_tree(struct msgbuf *m, int depth, int max)
{
	int i, n = (int)below(5);
	long nest;

	for (i = 0; i < n; i++) {
		if (depth < 3 && !below(3)) {
			nest = nest_start(m, random_type(max));
			random_tree(m, depth + 1, max);
			nest_end(m, nest);
		} else {
			put_random(m, random_type(max));
		}
	}
}

static void config_nest(struct msgbuf *m, bool safe)
{
	static const char *const cpus[] = { "0", "1", "0-1", "0,1", "5", "" };
	long nest = nest_start(m, IRQWATCH_A_CONFIG);
	int i, n = (int)below(4);
	const char *s;

	if (safe || !below(3))
		put_u32(m, IRQWATCH_CFG_RING_KB, below(2) ? 128 : rnd());
	for (i = 0; i < n; i++) {
		switch (below(7)) {
		case 0:
			put_u32(m, IRQWATCH_CFG_PERIOD_US, 100 + below(3000));
			break;
		case 1:
			put_u32(m, IRQWATCH_CFG_IRQOFF_THRESHOLD_US, below(100000));
			break;
		case 2:
			put_u32(m, IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US, below(100000));
			break;
		case 3:
			put_u32(m, IRQWATCH_CFG_STALL_THRESHOLD_US, below(100000));
			break;
		case 4:
			put_u32(m, IRQWATCH_CFG_DETECTORS, below(32));
			break;
		case 5:
			s = cpus[below(sizeof(cpus) / sizeof(cpus[0]))];
			put_attr(m, IRQWATCH_CFG_CPUS, s, strlen(s) + 1);
			break;
		default:
			put_random(m, random_type(IRQWATCH_CFG_MAX));
			break;
		}
	}
	nest_end(m, nest);
}

static void probe_nest(struct msgbuf *m, bool safe, const char *symbol)
{
	static const char *const bad[] = {
		"-nlfuzz", "-", "", "-get_slabinfo", "-a.b",
	};
	long nest = nest_start(m, IRQWATCH_A_PROBE);
	const char *s;

	if (!below(6)) {
		random_tree(m, 1, IRQWATCH_PROBE_MAX);
	} else {
		s = !safe && symbol && below(2) ? symbol :
		    bad[below(sizeof(bad) / sizeof(bad[0]))];
		put_attr(m, IRQWATCH_PROBE_SYMBOL, s, strlen(s) + 1);
		if (below(2))
			put_u32(m, IRQWATCH_PROBE_THRESHOLD_US, below(2) ? below(100000) : rnd());
	}
	nest_end(m, nest);
}

static void mutate(struct msgbuf *m)
{
	size_t hdr = NLMSG_HDRLEN + GENL_HDRLEN, pos, i, n;
	struct nlattr nla;

	switch (below(6)) {
	case 0:	/* flip a bit in the payload */
		if (m->len > hdr)
			m->b[hdr + below((uint32_t)(m->len - hdr))] ^= (uint8_t)(1u << below(8));
		break;
	case 1:	/* store a random byte, genl header included */
		if (m->len > NLMSG_HDRLEN)
			m->b[NLMSG_HDRLEN + below((uint32_t)(m->len - NLMSG_HDRLEN))] = (uint8_t)rnd();
		break;
	case 2:	/* rewrite an attribute length field (at a 4-byte boundary) */
		if (m->len >= hdr + NLA_HDRLEN) {
			pos = hdr + 4 * below((uint32_t)(m->len - hdr) / 4);
			memcpy(&nla.nla_len, m->b + pos, 2);
			nla.nla_len = below(2) ? (uint16_t)rnd() :
				      (uint16_t)(nla.nla_len + below(9) - 4);
			memcpy(m->b + pos, &nla.nla_len, 2);
		}
		break;
	case 3:	/* truncate */
		if (m->len > NLMSG_HDRLEN)
			m->len = NLMSG_HDRLEN + below((uint32_t)(m->len - NLMSG_HDRLEN + 1));
		break;
	case 4:	/* append garbage */
		n = below(64);
		for (i = 0; i < n && m->len < BUF_SIZE; i++)
			m->b[m->len++] = (uint8_t)rnd();
		break;
	default:	/* append a nested tree of garbage */
		random_tree(m, 0, IRQWATCH_A_MAX);
		break;
	}
}

/* Walks the attributes as nla_for_each_attr(); the last one of @type wins. */
static const struct nlattr *last_attr(const uint8_t *p, size_t len, int type)
{
	const struct nlattr *found = NULL;
	struct nlattr nla;
	size_t off = 0;

	while (len - off >= NLA_HDRLEN) {
		memcpy(&nla, p + off, sizeof(nla));
		if (nla.nla_len < NLA_HDRLEN || nla.nla_len > len - off)
			break;
		if ((nla.nla_type & NLA_TYPE_MASK) == type)
			found = (const struct nlattr *)(p + off);
		off += NLA_ALIGN(nla.nla_len);
		if (off > len)
			break;
	}
	return found;
}

/* --safe: whether the kernel must refuse @m without changing anything. */
static bool harmless(const struct msgbuf *m, uint32_t nl_len)
{
	size_t hdr = NLMSG_HDRLEN + GENL_HDRLEN, len = nl_len < m->len ? nl_len : m->len;
	const struct nlattr *top, *a;
	uint16_t alen;
	uint8_t cmd;
	size_t i;

	if (len < hdr)
		return true;	/* the genl core refuses a short header */
	cmd = m->b[NLMSG_HDRLEN];
	if (cmd == IRQWATCH_CMD_SET_CONFIG) {
		top = last_attr(m->b + hdr, len - hdr, IRQWATCH_A_CONFIG);
		if (!top)
			return true;
		memcpy(&alen, &top->nla_len, 2);
		a = last_attr((const uint8_t *)top + NLA_HDRLEN, alen - NLA_HDRLEN,
			      IRQWATCH_CFG_RING_KB);
		if (!a)
			return false;
		memcpy(&alen, &a->nla_len, 2);
		return alen == NLA_HDRLEN + 4;	/* always refused at runtime */
	}
	if (cmd == IRQWATCH_CMD_PROBE_ADD) {
		top = last_attr(m->b + hdr, len - hdr, IRQWATCH_A_PROBE);
		if (!top)
			return true;
		memcpy(&alen, &top->nla_len, 2);
		a = last_attr((const uint8_t *)top + NLA_HDRLEN, alen - NLA_HDRLEN,
			      IRQWATCH_PROBE_SYMBOL);
		if (!a)
			return true;
		memcpy(&alen, &a->nla_len, 2);
		for (i = 0; i < (size_t)alen - NLA_HDRLEN; i++) {
			char c = ((const char *)a)[NLA_HDRLEN + i];

			if (!c)
				return i == 0;	/* "" is refused */
			if (c == '-')
				return true;
			if (!(c == '_' || c == '.' || (c >= '0' && c <= '9') ||
			      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
				return true;
		}
		return true;	/* not NUL-terminated: the policy refuses it */
	}
	return true;
}

/* Builds message @seq; false if --safe skips it. */
static bool build(struct msgbuf *m, uint16_t family, uint32_t seq, bool safe,
		  const char *symbol, uint8_t *cmdp)
{
	struct genlmsghdr g = { .version = IRQWATCH_GENL_VERSION };
	struct nlmsghdr nlh = { .nlmsg_type = family, .nlmsg_seq = seq };
	uint32_t flags = NLM_F_REQUEST, i, n;

	g.cmd = below(16) ? (uint8_t)below(16) : (uint8_t)rnd();
	if (!below(16))
		g.version = (uint8_t)rnd();
	if (below(2))
		flags |= NLM_F_ACK;
	if (!below(8))
		flags |= NLM_F_DUMP;
	if (!below(16))
		flags |= (uint16_t)rnd() & ~(NLM_F_DUMP | NLM_F_REQUEST);
	nlh.nlmsg_flags = (uint16_t)flags;
	m->len = NLMSG_HDRLEN;
	memcpy(m->b + m->len, &g, sizeof(g));
	m->len += GENL_HDRLEN;

	if (!below(4)) {
		random_tree(m, 0, IRQWATCH_A_MAX);
	} else if (g.cmd == IRQWATCH_CMD_SET_CONFIG) {
		config_nest(m, safe);
	} else if (g.cmd == IRQWATCH_CMD_PROBE_ADD || g.cmd == IRQWATCH_CMD_PROBE_DEL) {
		probe_nest(m, safe, symbol);
	} else if (!below(4)) {
		put_random(m, random_type(IRQWATCH_A_MAX));
	}
	n = below(3) ? below(5) : 0;
	for (i = 0; i < n; i++)
		mutate(m);

	/* the length field: mostly right, sometimes too long, never leaving a header */
	nlh.nlmsg_len = (uint32_t)m->len;
	if (!below(16))
		nlh.nlmsg_len = below(2) ? (uint32_t)m->len + 1 + below(64) : below((uint32_t)m->len);
	if (nlh.nlmsg_len >= NLMSG_HDRLEN &&
	    NLMSG_ALIGN(nlh.nlmsg_len) + NLMSG_HDRLEN <= m->len)
		nlh.nlmsg_len = (uint32_t)m->len;
	memcpy(m->b, &nlh, sizeof(nlh));
	*cmdp = m->b[NLMSG_HDRLEN];
	return !safe || harmless(m, nlh.nlmsg_len);
}

static int resolve(int fd)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char attrs[64];
	} req = { 0 };
	static uint8_t buf[8192];
	struct nlmsghdr *nlh;
	struct nlattr *a;
	long len;
	size_t off;

	req.n.nlmsg_type = GENL_ID_CTRL;
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.n.nlmsg_seq = 1;
	req.g.cmd = CTRL_CMD_GETFAMILY;
	req.g.version = 1;
	a = (struct nlattr *)req.attrs;
	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + sizeof(IRQWATCH_GENL_NAME);
	memcpy((char *)a + NLA_HDRLEN, IRQWATCH_GENL_NAME, sizeof(IRQWATCH_GENL_NAME));
	req.n.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + NLA_ALIGN(a->nla_len);
	if (send(fd, &req, req.n.nlmsg_len, 0) < 0)
		return -errno;
	len = recv(fd, buf, sizeof(buf), 0);
	if (len < (long)NLMSG_HDRLEN)
		return -EIO;
	nlh = (struct nlmsghdr *)buf;
	if (nlh->nlmsg_type == NLMSG_ERROR)
		return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
	off = NLMSG_HDRLEN + GENL_HDRLEN;
	while (off + NLA_HDRLEN <= nlh->nlmsg_len) {
		a = (struct nlattr *)(buf + off);
		if (a->nla_len < NLA_HDRLEN)
			break;
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)((char *)a + NLA_HDRLEN);
		off += NLA_ALIGN(a->nla_len);
	}
	return -ENOENT;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

static int enter_userns(void)
{
	char map[64];
	unsigned int uid = getuid(), gid = getgid();

	if (unshare(CLONE_NEWUSER))
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", uid);
	if (write_file("/proc/self/uid_map", map))
		return -1;
	write_file("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "0 %u 1", gid);
	return write_file("/proc/self/gid_map", map);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

struct counts {
	unsigned long sent, skipped, ok, eperm, einval, erange, eopnotsupp,
		      other, sendfail, forbidden;
};

/* Reads what the kernel queued for request @seq (processed in send()). */
static void drain(int fd, uint8_t *buf, uint32_t seq, uint8_t cmd,
		  const bool *allow, struct counts *c)
{
	struct nlmsghdr *nlh;
	size_t rem;
	long len;
	int err;

	for (;;) {
		len = recv(fd, buf, RECV_SIZE, MSG_DONTWAIT);
		if (len < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			c->other++;	/* ENOBUFS: events overran us */
			continue;
		}
		rem = (size_t)len;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, rem);
		     nlh = NLMSG_NEXT(nlh, rem)) {
			if (nlh->nlmsg_seq != seq)
				continue;	/* an event, or a late part */
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
				switch (-err) {
				case 0:
					break;
				case EPERM:
					c->eperm++;
					continue;
				case EINVAL:
					c->einval++;
					continue;
				case ERANGE:
					c->erange++;
					continue;
				case EOPNOTSUPP:
					c->eopnotsupp++;
					continue;
				default:
					c->other++;
					continue;
				}
			} else if (nlh->nlmsg_type == NLMSG_DONE) {
				continue;
			}
			c->ok++;
			if (!allow[cmd]) {
				c->forbidden++;
				fprintf(stderr, "nlfuzz: seq %u: command %u succeeded\n",
					seq, cmd);
			}
		}
	}
}

int main(int argc, char *argv[])
{
	unsigned long count = 100000, i;
	bool safe = false, userns = false, allow[256];
	const char *symbol = NULL;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct counts c = { 0 };
	static struct msgbuf m;
	uint64_t seed = 0, t0;
	int fd, family, a, rcvbuf = 4 << 20;
	uint8_t *buf, cmd;
	char *tok, *save;

	for (a = 0; a < 256; a++)
		allow[a] = true;
	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--count") && a + 1 < argc) {
			count = strtoul(argv[++a], NULL, 0);
		} else if (!strcmp(argv[a], "--seed") && a + 1 < argc) {
			seed = strtoull(argv[++a], NULL, 0);
		} else if (!strcmp(argv[a], "--safe")) {
			safe = true;
		} else if (!strcmp(argv[a], "--userns")) {
			userns = true;
		} else if (!strcmp(argv[a], "--symbol") && a + 1 < argc) {
			symbol = argv[++a];
		} else if (!strcmp(argv[a], "--allow-ok") && a + 1 < argc) {
			memset(allow, 0, sizeof(allow));
			for (tok = strtok_r(argv[++a], ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save))
				allow[strtoul(tok, NULL, 0) & 0xff] = true;
		} else {
			fprintf(stderr, "usage: nlfuzz [--count N] [--seed S] [--safe] "
				"[--userns] [--allow-ok CMDS] [--symbol NAME]\n");
			return 2;
		}
	}
	if (!seed)
		seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	rng = seed | 1;
	if (userns && enter_userns()) {
		perror("nlfuzz: user namespace");
		return 2;
	}
	buf = malloc(RECV_SIZE);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (!buf || fd < 0) {
		perror("nlfuzz: socket");
		return 2;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	family = resolve(fd);
	if (family < 0) {
		fprintf(stderr, "nlfuzz: family: %s\n", strerror(-family));
		return 2;
	}
	t0 = now_ms();
	for (i = 0; i < count; i++) {
		uint32_t seq = (uint32_t)i + 2;

		while (!build(&m, (uint16_t)family, seq, safe, symbol, &cmd))
			c.skipped++;
		if (sendto(fd, m.b, m.len, 0, (struct sockaddr *)&kernel,
			   sizeof(kernel)) < 0) {
			c.sendfail++;
			continue;
		}
		c.sent++;
		drain(fd, buf, seq, cmd, allow, &c);
	}
	printf("nlfuzz: seed=%llu%s%s sent=%lu skipped=%lu sendfail=%lu ok=%lu "
	       "eperm=%lu einval=%lu erange=%lu eopnotsupp=%lu other=%lu "
	       "forbidden=%lu ms=%llu\n",
	       (unsigned long long)seed, safe ? " safe" : "", userns ? " userns" : "",
	       c.sent, c.skipped, c.sendfail, c.ok, c.eperm, c.einval, c.erange,
	       c.eopnotsupp, c.other, c.forbidden,
	       (unsigned long long)(now_ms() - t0));
	close(fd);
	free(buf);
	return c.forbidden ? 1 : 0;
}
