// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the NLMSG_ERROR / extended ACK parser and of the error texts
 * (userspace/ipc.c), on hand-built messages and on two a kernel sent.
 */

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <netlink/netlink.h>

#include "ipc.h"

#define BUF_LEN		2048
#define FAMILY_ID	0x1d
#define KERNEL_MSG	"irqoff_threshold_us must be at least 2 x period_us"
#define EMPTY		-1	/* errmsg.msg_len of an attribute without payload */

/*
 * Linux 6.18's answers to a CTRL_CMD_GETFAMILY request whose
 * CTRL_ATTR_FAMILY_ID was a u8, from a socket with NETLINK_EXT_ACK set:
 * -ERANGE, "Attribute failed policy validation", offset 32, and an
 * NLMSGERR_ATTR_POLICY nest. The first echoes the request, whose last
 * attribute has type 1 like NLMSGERR_ATTR_MSG; the second, from a socket
 * with NETLINK_CAP_ACK too, is NLM_F_CAPPED.
 */
static const uint8_t kernel_uncapped[] = {
	0x90, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x02, 0x97, 0x02, 0x02, 0x6b,
	0xe0, 0x0b, 0xc0, 0x67, 0xde, 0xff, 0xff, 0xff, 0x28, 0x00, 0x00, 0x00,
	0x10, 0x00, 0x05, 0x00, 0x97, 0x02, 0x02, 0x6b, 0xe0, 0x0b, 0xc0, 0x67,
	0x03, 0x01, 0x00, 0x00, 0x0b, 0x00, 0x02, 0x00, 0x6e, 0x6c, 0x63, 0x74,
	0x72, 0x6c, 0x00, 0x00, 0x05, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x27, 0x00, 0x01, 0x00, 0x41, 0x74, 0x74, 0x72, 0x69, 0x62, 0x75, 0x74,
	0x65, 0x20, 0x66, 0x61, 0x69, 0x6c, 0x65, 0x64, 0x20, 0x70, 0x6f, 0x6c,
	0x69, 0x63, 0x79, 0x20, 0x76, 0x61, 0x6c, 0x69, 0x64, 0x61, 0x74, 0x69,
	0x6f, 0x6e, 0x00, 0x00, 0x08, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0x00,
	0x24, 0x00, 0x04, 0x80, 0x0c, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x05, 0x00, 0xff, 0xff, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00,
};

static const uint8_t kernel_capped[] = {
	0x78, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x03, 0x97, 0x02, 0x02, 0x6b,
	0xe0, 0x0b, 0x80, 0x8a, 0xde, 0xff, 0xff, 0xff, 0x28, 0x00, 0x00, 0x00,
	0x10, 0x00, 0x05, 0x00, 0x97, 0x02, 0x02, 0x6b, 0xe0, 0x0b, 0x80, 0x8a,
	0x27, 0x00, 0x01, 0x00, 0x41, 0x74, 0x74, 0x72, 0x69, 0x62, 0x75, 0x74,
	0x65, 0x20, 0x66, 0x61, 0x69, 0x6c, 0x65, 0x64, 0x20, 0x70, 0x6f, 0x6c,
	0x69, 0x63, 0x79, 0x20, 0x76, 0x61, 0x6c, 0x69, 0x64, 0x61, 0x74, 0x69,
	0x6f, 0x6e, 0x00, 0x00, 0x08, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0x00,
	0x24, 0x00, 0x04, 0x80, 0x0c, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x05, 0x00, 0xff, 0xff, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00,
};

/* An NLMSG_ERROR message to build. */
struct errmsg {
	int error;
	bool capped;		/* NLM_F_CAPPED: the request is not echoed */
	bool tlvs;		/* NLM_F_ACK_TLVS */
	bool decoy;		/* the echoed request ends in a type 1 attribute */
	const char *msg;	/* NLMSGERR_ATTR_MSG; NULL: none */
	int msg_len;		/* its payload length; 0: strlen + 1 */
	bool offs;		/* NLMSGERR_ATTR_OFFS */
	int offs_len;		/* its payload length, up to 8; 0: 4 */
	uint32_t offset;
};

static const struct errmsg einval = {
	.error = -EINVAL,
	.tlvs = true,
	.decoy = true,
	.msg = KERNEL_MSG,
	.offs = true,
	.offset = 36,
};

static size_t put(uint8_t *buf, size_t len, const void *data, size_t size)
{
	assert_true(len + NLMSG_ALIGN(size) <= BUF_LEN);
	memcpy(buf + len, data, size);
	memset(buf + len + size, 0, NLMSG_ALIGN(size) - size);
	return len + NLMSG_ALIGN(size);
}

static size_t put_attr(uint8_t *buf, size_t len, uint16_t type,
		       const void *data, size_t size)
{
	struct nlattr nla = {
		.nla_len = (uint16_t)(NLA_HDRLEN + size),
		.nla_type = type,
	};

	assert_true(len + NLA_HDRLEN + NLA_ALIGN(size) <= BUF_LEN);
	memcpy(buf + len, &nla, sizeof(nla));
	memcpy(buf + len + NLA_HDRLEN, data, size);
	memset(buf + len + NLA_HDRLEN + size, 0, NLA_ALIGN(size) - size);
	return len + NLA_HDRLEN + NLA_ALIGN(size);
}

/*
 * Writes m to buf as the kernel's netlink_ack() would; returns its length.
 * The request it answers is a genl header and, with decoy, an attribute of
 * type NLMSGERR_ATTR_MSG whose length (unpadded) makes the request's
 * length a multiple of 4 plus 2.
 */
static size_t build(const struct errmsg *m, uint8_t *buf)
{
	static const char decoy[] = "decoy";
	struct nlmsghdr nlh = {
		.nlmsg_type = NLMSG_ERROR,
		.nlmsg_flags = (m->capped ? NLM_F_CAPPED : 0) |
			       (m->tlvs ? NLM_F_ACK_TLVS : 0),
		.nlmsg_seq = 7,
	};
	uint8_t req[GENL_HDRLEN + NLA_HDRLEN + NLA_ALIGN(sizeof(decoy))] = { 1, 1 };
	struct nlmsgerr e = { .error = m->error };
	size_t len, req_len = GENL_HDRLEN, msg_len;
	uint8_t offs[8] = { 0 };

	if (m->decoy)
		req_len = put_attr(req, GENL_HDRLEN, NLMSGERR_ATTR_MSG, decoy,
				   sizeof(decoy)) - 2;
	e.msg.nlmsg_len = (uint32_t)(NLMSG_HDRLEN + req_len);
	e.msg.nlmsg_type = FAMILY_ID;
	e.msg.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	e.msg.nlmsg_seq = 7;

	len = put(buf, NLMSG_HDRLEN, &e, sizeof(e));
	if (!m->capped)
		len = put(buf, len, req, req_len);
	if (m->msg) {
		msg_len = m->msg_len == EMPTY ? 0 :
			  m->msg_len ? (size_t)m->msg_len : strlen(m->msg) + 1;
		len = put_attr(buf, len, NLMSGERR_ATTR_MSG, m->msg, msg_len);
	}
	memcpy(offs, &m->offset, sizeof(m->offset));
	if (m->offs)
		len = put_attr(buf, len, NLMSGERR_ATTR_OFFS, offs,
			       m->offs_len ? (size_t)m->offs_len :
					     sizeof(m->offset));
	nlh.nlmsg_len = (uint32_t)len;
	memcpy(buf, &nlh, sizeof(nlh));
	return len;
}

static void fill(struct irqw_extack *ext)
{
	memset(ext->msg, 'x', sizeof(ext->msg));
	ext->has_offset = true;
	ext->offset = 99;
}

static void assert_cleared(const struct irqw_extack *ext)
{
	static const struct irqw_extack cleared;

	assert_memory_equal(ext, &cleared, sizeof(*ext));
}

/* Parses a copy of buf that is exactly len bytes long, for valgrind. */
static int parse_exact(const void *buf, size_t len, struct irqw_extack *ext)
{
	struct nlmsghdr *copy = malloc(len);
	int ret;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	copy->nlmsg_len = (uint32_t)len;
	ret = irqw_extack_parse(copy, ext);
	free(copy);
	return ret;
}

/* Builds m and parses it: returns the error, *ext as parsed. */
static int parse(const struct errmsg *m, struct irqw_extack *ext)
{
	uint8_t buf[BUF_LEN];

	fill(ext);
	return parse_exact(buf, build(m, buf), ext);
}

static void test_kernel_messages(void **state)
{
	struct irqw_extack ext;

	fill(&ext);
	assert_int_equal(parse_exact(kernel_uncapped, sizeof(kernel_uncapped),
				     &ext), -ERANGE);
	assert_string_equal(ext.msg, "Attribute failed policy validation");
	assert_true(ext.has_offset);
	assert_int_equal(ext.offset, 32);

	fill(&ext);
	assert_int_equal(parse_exact(kernel_capped, sizeof(kernel_capped), &ext),
			 -ERANGE);
	assert_string_equal(ext.msg, "Attribute failed policy validation");
	assert_true(ext.has_offset);
	assert_int_equal(ext.offset, 32);
}

static void test_uncapped(void **state)
{
	struct irqw_extack ext;

	assert_int_equal(parse(&einval, &ext), -EINVAL);
	assert_string_equal(ext.msg, KERNEL_MSG);
	assert_true(ext.has_offset);
	assert_int_equal(ext.offset, 36);
}

static void test_capped(void **state)
{
	struct errmsg m = einval;
	struct irqw_extack ext;

	m.capped = true;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_string_equal(ext.msg, KERNEL_MSG);
	assert_true(ext.has_offset);
	assert_int_equal(ext.offset, 36);

	/* an echo without attributes, its end already aligned */
	m.capped = false;
	m.decoy = false;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_string_equal(ext.msg, KERNEL_MSG);
}

static void test_without_message(void **state)
{
	struct errmsg m = einval;
	struct irqw_extack ext;

	m.msg = NULL;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_string_equal(ext.msg, "");
	assert_true(ext.has_offset);
	assert_int_equal(ext.offset, 36);

	m.capped = true;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_string_equal(ext.msg, "");
	assert_true(ext.has_offset);

	/* NLM_F_ACK_TLVS but no attribute at all */
	m.offs = false;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_cleared(&ext);
	m.capped = false;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_cleared(&ext);

	/* the message but no offset */
	m = einval;
	m.offs = false;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_string_equal(ext.msg, KERNEL_MSG);
	assert_false(ext.has_offset);
}

/* Without NLM_F_ACK_TLVS whatever follows is not looked at. */
static void test_without_tlvs_flag(void **state)
{
	struct errmsg m = einval;
	struct irqw_extack ext;

	m.tlvs = false;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_cleared(&ext);
	m.capped = true;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_cleared(&ext);
	m.msg = NULL;
	m.offs = false;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_cleared(&ext);
	/* a plain error: just the struct nlmsgerr */
	m.capped = false;
	m.decoy = false;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_cleared(&ext);
}

static void test_ack(void **state)
{
	struct errmsg m = einval;
	struct irqw_extack ext;

	/* an ACK with a warning */
	m.error = 0;
	m.capped = true;
	m.msg = "a warning";
	m.offs = false;
	assert_int_equal(parse(&m, &ext), 0);
	assert_string_equal(ext.msg, "a warning");
	m.tlvs = false;
	m.msg = NULL;
	assert_int_equal(parse(&m, &ext), 0);
	assert_cleared(&ext);
}

static void test_no_extack_wanted(void **state)
{
	uint8_t buf[BUF_LEN];
	size_t len = build(&einval, buf);

	assert_int_equal(parse_exact(buf, len, NULL), -EINVAL);
	assert_int_equal(parse_exact(buf, NLMSG_HDRLEN + 3, NULL), -EBADMSG);
}

static void test_message_forms(void **state)
{
	char long_msg[IRQW_EXTACK_MSG_LEN + 100];
	struct errmsg m = einval;
	struct irqw_extack ext;

	/* no NUL inside the attribute */
	m.msg_len = (int)strlen(KERNEL_MSG);
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_string_equal(ext.msg, KERNEL_MSG);
	assert_int_equal(ext.offset, 36);

	m.msg = "ab\0cd";
	m.msg_len = 6;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_string_equal(ext.msg, "ab");

	m.msg = "";
	m.msg_len = 0;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_string_equal(ext.msg, "");
	m.msg = "x";
	m.msg_len = EMPTY;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_string_equal(ext.msg, "");
	assert_int_equal(ext.offset, 36);

	/* one line, printable */
	m.msg = "bad\nvalue\tfor\x1b[31m period\x7f\n";
	m.msg_len = 0;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_string_equal(ext.msg, "bad value for [31m period  ");

	/* cut to fit */
	memset(long_msg, 'm', sizeof(long_msg) - 1);
	long_msg[sizeof(long_msg) - 1] = '\0';
	m.msg = long_msg;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_int_equal(strlen(ext.msg), IRQW_EXTACK_MSG_LEN - 1);
	assert_int_equal(ext.offset, 36);
}

static void test_offset_forms(void **state)
{
	struct errmsg m = einval;
	struct irqw_extack ext;

	m.offs_len = 2;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_false(ext.has_offset);
	assert_int_equal(ext.offset, 0);
	assert_string_equal(ext.msg, KERNEL_MSG);
	m.offs_len = 8;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_false(ext.has_offset);
	m.offs_len = 0;
	m.offset = UINT32_MAX;
	assert_int_equal(parse(&m, &ext), -EINVAL);
	assert_true(ext.has_offset);
	assert_int_equal(ext.offset, UINT32_MAX);
}

static void test_not_an_error_message(void **state)
{
	uint8_t buf[BUF_LEN];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *e = (struct nlmsgerr *)(buf + NLMSG_HDRLEN);
	struct irqw_extack ext;
	size_t len = build(&einval, buf);
	static const int bad_errors[] = { 1, EINVAL, -4096, -100000, INT_MIN };
	size_t i;

	nlh->nlmsg_type = NLMSG_DONE;
	fill(&ext);
	assert_int_equal(parse_exact(buf, len, &ext), -EBADMSG);
	assert_cleared(&ext);
	nlh->nlmsg_type = FAMILY_ID;
	fill(&ext);
	assert_int_equal(parse_exact(buf, len, &ext), -EBADMSG);
	assert_cleared(&ext);
	nlh->nlmsg_type = NLMSG_ERROR;

	for (i = 0; i < sizeof(bad_errors) / sizeof(bad_errors[0]); i++) {
		e->error = bad_errors[i];
		fill(&ext);
		assert_int_equal(parse_exact(buf, len, &ext), -EBADMSG);
		assert_cleared(&ext);
	}
	e->error = -4095;
	assert_int_equal(parse_exact(buf, len, &ext), -4095);
	assert_string_equal(ext.msg, KERNEL_MSG);
}

/* The echoed request's own length is not to be trusted either. */
static void test_bad_echo_length(void **state)
{
	static const uint32_t bad_lens[] = {
		0, 1, NLMSG_HDRLEN - 1, 0x7fffffff, 0xfffffff0, UINT32_MAX,
	};
	uint8_t buf[BUF_LEN];
	struct nlmsgerr *e = (struct nlmsgerr *)(buf + NLMSG_HDRLEN);
	struct irqw_extack ext;
	size_t len = build(&einval, buf), i;
	uint32_t real = e->msg.nlmsg_len, bytes;

	for (i = 0; i < sizeof(bad_lens) / sizeof(bad_lens[0]); i++) {
		e->msg.nlmsg_len = bad_lens[i];
		fill(&ext);
		assert_int_equal(parse_exact(buf, len, &ext), -EINVAL);
		assert_cleared(&ext);
	}
	/* one byte past the end of the message */
	bytes = (uint32_t)(len - NLMSG_HDRLEN - sizeof(*e));
	e->msg.nlmsg_len = NLMSG_HDRLEN + bytes + 1;
	assert_int_equal(parse_exact(buf, len, &ext), -EINVAL);
	assert_cleared(&ext);
	/* to the end exactly: no room for attributes */
	e->msg.nlmsg_len = NLMSG_HDRLEN + bytes;
	assert_int_equal(parse_exact(buf, len, &ext), -EINVAL);
	assert_cleared(&ext);
	/* a little short: garbage where the attributes should be, no crash */
	for (e->msg.nlmsg_len = NLMSG_HDRLEN; e->msg.nlmsg_len < real;
	     e->msg.nlmsg_len++)
		assert_int_equal(parse_exact(buf, len, &ext), -EINVAL);
}

/* Every cut of a message: the attributes are whole or ignored. */
static void check_truncated(const struct errmsg *m)
{
	uint8_t buf[BUF_LEN];
	size_t full = build(m, buf), len;
	struct irqw_extack ext;
	int ret;

	for (len = NLMSG_HDRLEN; len <= full; len++) {
		fill(&ext);
		ret = parse_exact(buf, len, &ext);
		if (len < NLMSG_HDRLEN + sizeof(struct nlmsgerr)) {
			assert_int_equal(ret, -EBADMSG);
			assert_cleared(&ext);
			continue;
		}
		assert_int_equal(ret, m->error);
		if (ext.msg[0])
			assert_string_equal(ext.msg, m->msg);
		if (ext.has_offset)
			assert_int_equal(ext.offset, m->offset);
		if (len == full) {
			assert_string_equal(ext.msg, m->msg);
			assert_true(ext.has_offset);
		}
	}
}

static void test_truncated(void **state)
{
	struct errmsg m = einval;

	check_truncated(&m);
	m.capped = true;
	check_truncated(&m);
}

/* Random byte changes: any outcome but a crash, a leak or a bad string. */
static void test_mutations(void **state)
{
	const struct {
		const uint8_t *data;
		size_t len;
	} seeds[] = {
		{ kernel_uncapped, sizeof(kernel_uncapped) },
		{ kernel_capped, sizeof(kernel_capped) },
	};
	uint8_t bytes[sizeof(kernel_uncapped)];
	unsigned int i, n, s;
	struct irqw_extack ext;
	size_t len, j;
	int ret;

	srand(1);
	for (i = 0; i < 20000; i++) {
		s = i % 2;
		len = seeds[s].len;
		memcpy(bytes, seeds[s].data, len);
		for (n = 1 + (unsigned int)rand() % 4; n; n--)
			bytes[4 + (size_t)rand() % (len - 4)] =
				(uint8_t)rand();
		ret = parse_exact(bytes, len, &ext);
		assert_true(ret == -EBADMSG || (ret <= 0 && ret >= -4095));
		assert_true(strlen(ext.msg) < sizeof(ext.msg));
		for (j = 0; ext.msg[j]; j++)
			assert_true((unsigned char)ext.msg[j] >= 0x20 &&
				    ext.msg[j] != 0x7f);
	}
}

static void test_strerror_ext(void **state)
{
	const char *perm = "permission denied (CAP_PERFMON or CAP_SYS_ADMIN required)";
	struct irqw_extack ext = { .msg = KERNEL_MSG };
	struct irqw_extack none = { .msg = "" };

	assert_string_equal(irqw_strerror_ext(-EINVAL, &ext), KERNEL_MSG);
	assert_string_equal(irqw_strerror_ext(-ERANGE, &ext), KERNEL_MSG);
	assert_string_equal(irqw_strerror_ext(-EINVAL, &none),
			    strerror(EINVAL));
	assert_string_equal(irqw_strerror_ext(-EINVAL, NULL), strerror(EINVAL));
	assert_string_equal(irqw_strerror_ext(-EPERM, &ext), perm);
	assert_string_equal(irqw_strerror_ext(-EACCES, &ext), perm);
	assert_string_equal(irqw_strerror_ext(-EPERM, NULL), perm);
	assert_string_equal(irqw_strerror_ext(-EPROTONOSUPPORT, &ext),
			    "module not loaded (load it with: modprobe irqwatch)");
	assert_string_equal(irqw_strerror_ext(-EOPNOTSUPP, &none),
			    "not supported by the loaded irqwatch module");
	assert_string_equal(irqw_strerror(-EOPNOTSUPP),
			    "not supported by the loaded irqwatch module");
	assert_string_equal(irqw_strerror_ext(-EBADMSG, NULL),
			    "malformed reply from the irqwatch module");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_messages),
		cmocka_unit_test(test_uncapped),
		cmocka_unit_test(test_capped),
		cmocka_unit_test(test_without_message),
		cmocka_unit_test(test_without_tlvs_flag),
		cmocka_unit_test(test_ack),
		cmocka_unit_test(test_no_extack_wanted),
		cmocka_unit_test(test_message_forms),
		cmocka_unit_test(test_offset_forms),
		cmocka_unit_test(test_not_an_error_message),
		cmocka_unit_test(test_bad_echo_length),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_strerror_ext),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
