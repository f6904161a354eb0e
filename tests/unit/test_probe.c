// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of "irqwatch probe": its arguments (userspace/probe_args.c),
 * its requests and the parser of the module's replies
 * (userspace/ipc_probe.c), its error texts and output (userspace/probe.c).
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "ipc.h"
#include "probe.h"
#include "cli.h"

#define FAMILY_ID	0x1d
#define NONE		-1
#define ARGS(...)	((char *const[]){ "probe", __VA_ARGS__, NULL })
#define NARGS(...)	(int)(sizeof((char *const[]){ "probe", __VA_ARGS__ }) / \
			      sizeof(char *))

static void expect_args(int argc, char *const argv[], enum probe_op op,
			const char *symbol, uint32_t threshold_us, bool json)
{
	struct probe_args a;
	char err[256] = "";
	bool usage;

	if (probe_args_parse(argc, argv, &a, &usage, err, sizeof(err)))
		fail_msg("refused: %s", err);
	assert_int_equal(a.op, op);
	if (symbol)
		assert_string_equal(a.symbol, symbol);
	else
		assert_null(a.symbol);
	assert_int_equal(a.threshold_us, threshold_us);
	assert_int_equal(a.json, json);
}

#define OK(op, sym, us, json, ...) \
	expect_args(NARGS(__VA_ARGS__), ARGS(__VA_ARGS__), op, sym, us, json)

static void expect_refused(int argc, char *const argv[], bool want_usage,
			   const char *want)
{
	struct probe_args a = { .symbol = "untouched" };
	char err[256] = "";
	bool usage;

	assert_int_equal(probe_args_parse(argc, argv, &a, &usage, err,
					  sizeof(err)), -EINVAL);
	assert_string_equal(err, want);
	assert_int_equal(usage, want_usage);
	assert_string_equal(a.symbol, "untouched");
}

#define BAD(usage, want, ...) \
	expect_refused(NARGS(__VA_ARGS__), ARGS(__VA_ARGS__), usage, want)

static void test_args(void **state)
{
	struct probe_args a;
	char err[64];
	bool usage;

	OK(PROBE_ADD, "kmem_cache_free", 0, false, "add", "kmem_cache_free");
	OK(PROBE_ADD, "f", 2000, false, "add", "f", "--threshold", "2ms");
	OK(PROBE_ADD, "f.isra.0", 500, false, "add", "--threshold=500us",
	   "f.isra.0");
	OK(PROBE_ADD, "f", 1500, false, "add", "f", "--threshold", "1500");
	OK(PROBE_ADD, "f", 10000000, false, "add", "f", "--threshold", "10s");
	OK(PROBE_DEL, "F_1", 0, false, "del", "F_1");
	OK(PROBE_LIST, NULL, 0, false, "list");
	OK(PROBE_LIST, NULL, 0, true, "list", "--json");
	OK(PROBE_LIST, NULL, 0, true, "-j", "list");
	OK(PROBE_LIST, NULL, 0, true, "list", "-p");
	/* -j with add prints the probe as JSON */
	OK(PROBE_ADD, "f", 0, true, "add", "f", "--json");
	assert_int_equal(probe_args_parse(3, ARGS("add", "--help"), &a, &usage,
					  err, sizeof(err)), 0);
	assert_int_equal(a.op, PROBE_HELP);
	assert_int_equal(probe_args_parse(2, ARGS("-h"), &a, &usage, err,
					  sizeof(err)), 0);
	assert_int_equal(a.op, PROBE_HELP);
}

static void test_args_refused(void **state)
{
	char long_symbol[IRQWATCH_SYMBOL_LEN_MAX + 1], want[256];

	memset(long_symbol, 's', sizeof(long_symbol) - 1);
	long_symbol[sizeof(long_symbol) - 1] = '\0';

	expect_refused(1, (char *const[]){ "probe", NULL }, true,
		       "probe needs an action: add, del or list");
	BAD(true, "unknown probe action 'remove' (valid: add, del, list)",
	    "remove", "f");
	BAD(true, "probe add needs a SYMBOL", "add");
	BAD(true, "probe add needs a SYMBOL", "add", "--threshold", "2ms");
	BAD(true, "probe del needs a SYMBOL", "del");
	BAD(true, "probe del: unexpected argument 'g'", "del", "f", "g");
	BAD(true, "probe list: unexpected argument 'f'", "list", "f");
	BAD(true, "probe: unknown option '-x'", "add", "-x");
	BAD(true, "probe del: --threshold is for add", "del", "f",
	    "--threshold", "2ms");
	BAD(true, "--threshold needs a value", "add", "f", "--threshold");
	BAD(true, "--threshold given more than once", "add", "f",
	    "--threshold", "2ms", "--threshold=3ms");
	BAD(true, "probe: unknown option '--thresholds'", "add", "f",
	    "--thresholds", "3");

	/* bad values: the reason alone */
	BAD(false, "threshold must be from 1 to 10000000 us (whole microseconds), not '0'",
	    "add", "f", "--threshold", "0");
	BAD(false, "threshold must be from 1 to 10000000 us (whole microseconds), not '11s'",
	    "add", "f", "--threshold", "11s");
	BAD(false, "threshold must be from 1 to 10000000 us (whole microseconds), not '1.5us'",
	    "add", "f", "--threshold", "1.5us");
	BAD(false, "invalid threshold 'soon': expected a duration such as 500us, 2ms or 1s",
	    "add", "f", "--threshold", "soon");
	BAD(false, "invalid symbol 'a;b': expected a kernel function name such as get_slabinfo",
	    "add", "a;b");
	BAD(false, "invalid symbol '': expected a kernel function name such as get_slabinfo",
	    "del", "");
	BAD(false, "invalid symbol 'x/y': expected a kernel function name such as get_slabinfo",
	    "del", "x/y");
	snprintf(want, sizeof(want), "symbol too long (at most %d characters)",
		 IRQWATCH_SYMBOL_LEN_MAX - 1);
	BAD(false, want, "add", long_symbol);
	long_symbol[IRQWATCH_SYMBOL_LEN_MAX - 1] = '\0';
	OK(PROBE_DEL, long_symbol, 0, false, "del", long_symbol);
}

/* The request's nest as the kernel's policy reads it. */
static void test_request(void **state)
{
	struct nlattr *tb[IRQWATCH_A_MAX + 1], *pb[IRQWATCH_PROBE_MAX + 1];
	char long_symbol[IRQWATCH_SYMBOL_LEN_MAX + 1];
	struct nl_msg *msg;
	int i;

	for (i = 0; i < 2; i++) {
		msg = nlmsg_alloc();
		assert_non_null(msg);
		assert_non_null(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ,
					    FAMILY_ID, 0, 0,
					    IRQWATCH_CMD_PROBE_ADD, 1));
		assert_int_equal(irqw_probe_put(msg, "get_slabinfo",
						i ? 2000 : 0), 0);
		assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb,
					       IRQWATCH_A_MAX, NULL), 0);
		assert_non_null(tb[IRQWATCH_A_PROBE]);
		assert_true(tb[IRQWATCH_A_PROBE]->nla_type & NLA_F_NESTED);
		assert_int_equal(nla_parse_nested(pb, IRQWATCH_PROBE_MAX,
						  tb[IRQWATCH_A_PROBE], NULL), 0);
		assert_string_equal(nla_get_string(pb[IRQWATCH_PROBE_SYMBOL]),
				    "get_slabinfo");
		assert_int_equal(nla_len(pb[IRQWATCH_PROBE_SYMBOL]),
				 sizeof("get_slabinfo"));
		if (i)
			assert_int_equal(nla_get_u32(pb[IRQWATCH_PROBE_THRESHOLD_US]),
					 2000);
		else
			assert_null(pb[IRQWATCH_PROBE_THRESHOLD_US]);
		nlmsg_free(msg);
	}

	memset(long_symbol, 's', sizeof(long_symbol) - 1);
	long_symbol[sizeof(long_symbol) - 1] = '\0';
	msg = nlmsg_alloc();
	assert_non_null(msg);
	assert_int_equal(irqw_probe_put(msg, "", 0), -EINVAL);
	assert_int_equal(irqw_probe_put(msg, long_symbol, 0), -EINVAL);
	nlmsg_free(msg);
	/* refused before anything is sent, module or not */
	assert_int_equal(irqw_probe_add("", 0, NULL, NULL), -EINVAL);
	assert_int_equal(irqw_probe_del(long_symbol, NULL), -EINVAL);

	/* too small a message */
	msg = nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN + 8);
	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, FAMILY_ID,
				    0, 0, IRQWATCH_CMD_PROBE_DEL, 1));
	assert_int_equal(irqw_probe_put(msg, "get_slabinfo", 0), -EMSGSIZE);
	nlmsg_free(msg);
}

enum level { TOP, PROBE, LEVELS };

struct variant {
	int skip[LEVELS];
	int bad[LEVELS];
	const void *bad_data;
	int bad_len;
	uint8_t cmd;
	unsigned int nr_probes;
};

static const struct variant good = {
	.skip = { NONE, NONE },
	.bad = { NONE, NONE },
	.cmd = IRQWATCH_CMD_PROBE_LIST,
	.nr_probes = 3,
};

static bool special(struct nl_msg *msg, const struct variant *v,
		    enum level level, int type)
{
	if (type == v->bad[level])
		assert_int_equal(nla_put(msg, type, v->bad_len, v->bad_data), 0);
	return type == v->skip[level] || type == v->bad[level];
}

static void put_u32(struct nl_msg *msg, const struct variant *v, int type,
		    uint32_t val)
{
	if (!special(msg, v, PROBE, type))
		assert_int_equal(nla_put_u32(msg, type, val), 0);
}

static void put_u64(struct nl_msg *msg, const struct variant *v, int type,
		    uint64_t val)
{
	if (!special(msg, v, PROBE, type))
		assert_int_equal(nla_put_u64(msg, type, val), 0);
}

/*
 * Probe 0: get_slabinfo, slab, active, global, 12 calls, 3 stalls, 2436 ms
 * in all, max 812 ms; 1: validate_slab_cache, slab, missing with ENOENT;
 * 2: my_func, user, disabled over budget, 2 ms, 1000 calls, 4000000 ns,
 * missed 5, 2 in flight, 1 abandoned.
 */
static struct nl_msg *build(const struct variant *v)
{
	static const struct {
		const char *symbol;
		uint32_t threshold_us, kind, state, error;
		uint64_t calls, stalls, total_ns, max_ns;
		uint32_t missed;
	} probes[] = {
		{ "get_slabinfo", 0, IRQWATCH_PROBE_KIND_SLAB,
		  IRQWATCH_PROBE_STATE_ACTIVE, 0, 12, 3, 2436000000, 812000000, 0 },
		{ "validate_slab_cache", 0, IRQWATCH_PROBE_KIND_SLAB,
		  IRQWATCH_PROBE_STATE_MISSING, ENOENT, 0, 0, 0, 0, 0 },
		{ "my_func", 2000, IRQWATCH_PROBE_KIND_USER,
		  IRQWATCH_PROBE_STATE_DISABLED, 0, 1000, 0, 4000000, 9000, 5 },
	};
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;
	unsigned int i;

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, FAMILY_ID, 0,
				    0, v->cmd, 1));
	for (i = 0; i < v->nr_probes; i++) {
		if (special(msg, v, TOP, IRQWATCH_A_PROBE))
			continue;
		nest = nla_nest_start(msg, IRQWATCH_A_PROBE | NLA_F_NESTED);
		assert_non_null(nest);
		if (!special(msg, v, PROBE, IRQWATCH_PROBE_SYMBOL))
			assert_int_equal(nla_put_string(msg, IRQWATCH_PROBE_SYMBOL,
							probes[i % 3].symbol), 0);
		put_u32(msg, v, IRQWATCH_PROBE_THRESHOLD_US,
			probes[i % 3].threshold_us);
		put_u32(msg, v, IRQWATCH_PROBE_KIND, probes[i % 3].kind);
		put_u32(msg, v, IRQWATCH_PROBE_STATE, probes[i % 3].state);
		if (probes[i % 3].error)
			put_u32(msg, v, IRQWATCH_PROBE_ERROR, probes[i % 3].error);
		put_u64(msg, v, IRQWATCH_PROBE_CALLS, probes[i % 3].calls);
		put_u64(msg, v, IRQWATCH_PROBE_STALLS, probes[i % 3].stalls);
		put_u64(msg, v, IRQWATCH_PROBE_TOTAL_NS, probes[i % 3].total_ns);
		put_u64(msg, v, IRQWATCH_PROBE_MAX_NS, probes[i % 3].max_ns);
		put_u32(msg, v, IRQWATCH_PROBE_MISSED, probes[i % 3].missed);
		if (i % 3 == 2) {
			assert_int_equal(nla_put_string(msg, IRQWATCH_PROBE_REASON,
					 "budget: 20001 calls/s on CPU 1"), 0);
			assert_int_equal(nla_put_u64(msg, IRQWATCH_PROBE_MISSED_TOTAL,
						     5), 0);
			assert_int_equal(nla_put_u32(msg, IRQWATCH_PROBE_INFLIGHT, 2), 0);
			assert_int_equal(nla_put_u64(msg, IRQWATCH_PROBE_ABANDONED, 1), 0);
		}
		/* from a newer module */
		assert_int_equal(nla_put_u32(msg, IRQWATCH_PROBE_MAX + 1, 7), 0);
		nla_nest_end(msg, nest);
	}
	assert_int_equal(nla_put_u32(msg, IRQWATCH_A_MAX + 1, 7), 0);
	return msg;
}

static void parse(const struct variant *v, struct irqw_probes *l)
{
	struct nl_msg *msg = build(v);

	assert_int_equal(irqw_probes_parse(nlmsg_hdr(msg), v->cmd, l), 0);
	nlmsg_free(msg);
}

static void expect_bad(const struct variant *v)
{
	static const struct irqw_probes untouched = { .nr = 4242 };
	struct irqw_probes l = untouched;
	struct nl_msg *msg = build(v);

	assert_int_equal(irqw_probes_parse(nlmsg_hdr(msg), v->cmd, &l), -EBADMSG);
	assert_memory_equal(&l, &untouched, sizeof(l));
	nlmsg_free(msg);
}

static void test_reply(void **state)
{
	struct variant v = good;
	struct irqw_probes l;

	parse(&good, &l);
	assert_int_equal(l.nr, 3);
	assert_string_equal(l.probes[0].symbol, "get_slabinfo");
	assert_int_equal(l.probes[0].kind, IRQWATCH_PROBE_KIND_SLAB);
	assert_int_equal(l.probes[0].state, IRQWATCH_PROBE_STATE_ACTIVE);
	assert_int_equal(l.probes[0].error, 0);
	assert_int_equal(l.probes[0].calls, 12);
	assert_int_equal(l.probes[0].stalls, 3);
	assert_int_equal(l.probes[0].total_ns, 2436000000);
	assert_int_equal(l.probes[0].max_ns, 812000000);
	assert_int_equal(l.probes[1].state, IRQWATCH_PROBE_STATE_MISSING);
	assert_int_equal(l.probes[1].error, ENOENT);
	assert_int_equal(l.probes[2].threshold_us, 2000);
	assert_int_equal(l.probes[2].kind, IRQWATCH_PROBE_KIND_USER);
	assert_int_equal(l.probes[2].missed, 5);
	assert_int_equal(l.probes[2].state, IRQWATCH_PROBE_STATE_DISABLED);
	assert_string_equal(l.probes[2].reason, "budget: 20001 calls/s on CPU 1");
	assert_int_equal(l.probes[2].inflight, 2);
	assert_int_equal(l.probes[2].abandoned, 1);
	assert_null(l.probes[0].reason);
	irqw_probes_free(&l);
	assert_null(l.probes);
	irqw_probes_free(&l);

	/* none at all */
	v.nr_probes = 0;
	parse(&v, &l);
	assert_int_equal(l.nr, 0);
	irqw_probes_free(&l);

	/* PROBE_ADD: exactly one */
	v.cmd = IRQWATCH_CMD_PROBE_ADD;
	v.nr_probes = 1;
	parse(&v, &l);
	assert_int_equal(l.nr, 1);
	irqw_probes_free(&l);
	v.nr_probes = 0;
	expect_bad(&v);
	v.nr_probes = 2;
	expect_bad(&v);

	/* the reply of another command */
	v = good;
	v.cmd = IRQWATCH_CMD_GET_STATS;
	expect_bad(&v);
}

static void test_reply_bad(void **state)
{
	static const uint8_t zeros[12];
	struct variant v;
	int type;

	for (type = IRQWATCH_PROBE_SYMBOL; type <= IRQWATCH_PROBE_MISSED; type++) {
		if (type == IRQWATCH_PROBE_ERROR)
			continue;
		v = good;
		v.skip[PROBE] = type;
		expect_bad(&v);
	}
	for (type = IRQWATCH_PROBE_THRESHOLD_US; type <= IRQWATCH_PROBE_MISSED;
	     type++) {
		v = good;
		v.bad[PROBE] = type;
		v.bad_data = zeros;
		v.bad_len = type >= IRQWATCH_PROBE_CALLS &&
			    type <= IRQWATCH_PROBE_MAX_NS ? 4 : 8;
		expect_bad(&v);
	}
	/* kind and state 0 are none */
	v = good;
	v.bad_data = zeros;
	v.bad_len = 4;
	v.bad[PROBE] = IRQWATCH_PROBE_KIND;
	expect_bad(&v);
	v.bad[PROBE] = IRQWATCH_PROBE_STATE;
	expect_bad(&v);
	/* names */
	v.bad[PROBE] = IRQWATCH_PROBE_SYMBOL;
	v.bad_data = "";
	v.bad_len = 1;
	expect_bad(&v);
	v.bad_data = "get_slabinfo";
	v.bad_len = 12;
	expect_bad(&v);
	v = good;
	v.bad[TOP] = IRQWATCH_A_PROBE;
	v.bad_data = zeros;
	v.bad_len = 4;
	expect_bad(&v);
}

static void test_reply_mutations(void **state)
{
	struct nl_msg *msg = build(&good);
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	size_t len = nlh->nlmsg_len, hdrlen = NLMSG_HDRLEN + GENL_HDRLEN;
	unsigned int i, n, parsed = 0, rejected = 0;
	unsigned char *bytes = malloc(len);
	struct irqw_probes l;

	assert_non_null(bytes);
	srand(7);
	for (i = 0; i < 20000; i++) {
		memcpy(bytes, nlh, len);
		for (n = 1 + (unsigned int)rand() % 3; n; n--)
			bytes[hdrlen + (size_t)rand() % (len - hdrlen)] =
				(unsigned char)rand();
		if (irqw_probes_parse((struct nlmsghdr *)bytes,
				      IRQWATCH_CMD_PROBE_LIST, &l)) {
			rejected++;
			continue;
		}
		irqw_probes_free(&l);
		parsed++;
	}
	assert_true(parsed > 0 && rejected > 0);
	free(bytes);
	nlmsg_free(msg);
}

static void test_strerror(void **state)
{
	struct irqw_extack ext = { .msg = "symbol is on the kprobe blacklist" };
	struct irqw_extack none = { 0 };

	/* the module's own words first */
	assert_string_equal(probe_strerror(PROBE_ADD, -EINVAL, &ext), ext.msg);
	assert_string_equal(probe_strerror(PROBE_DEL, -EPERM, &ext), ext.msg);
	/* else what the errno means for the action */
	assert_string_equal(probe_strerror(PROBE_ADD, -ENOENT, &none),
			    "no such function, or one that cannot be probed "
			    "(inlined, or static and renamed)");
	assert_string_equal(probe_strerror(PROBE_DEL, -ENOENT, &none),
			    "no such user probe");
	assert_string_equal(probe_strerror(PROBE_ADD, -EINVAL, NULL),
			    "cannot be probed (in the kprobe blacklist, or not "
			    "at a function entry)");
	assert_string_equal(probe_strerror(PROBE_ADD, -EEXIST, &none),
			    "already probed");
	assert_string_equal(probe_strerror(PROBE_ADD, -ENOSPC, &none),
			    "too many user probes (at most 16)");
	/* without a message EPERM may be the capability check's */
	assert_string_equal(probe_strerror(PROBE_ADD, -EPERM, &none),
			    "permission denied (CAP_PERFMON or CAP_SYS_ADMIN required)");
	assert_string_equal(probe_strerror(PROBE_DEL, -EPERM, &none),
			    "permission denied (CAP_PERFMON or CAP_SYS_ADMIN required), or a "
			    "probe of the slab preset, which cannot be deleted");
	assert_string_equal(probe_strerror(PROBE_LIST, -EPROTONOSUPPORT, &ext),
			    "module not loaded (load it with: modprobe irqwatch)");
	assert_string_equal(probe_strerror(PROBE_LIST, -EOPNOTSUPP, &none),
			    "not supported by the loaded irqwatch module");
	assert_string_equal(probe_strerror(PROBE_LIST, -EBADMSG, &none),
			    "malformed reply from the irqwatch module");
}

static char *print(const struct irqw_probes *l, bool json)
{
	size_t size;
	char *out;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	assert_int_equal(probe_print(f, l, json), 0);
	assert_int_equal(fclose(f), 0);
	return out;
}

static void test_print(void **state)
{
	char *out, want[2048], missing[128];
	struct irqw_probes l;
	int w;

	parse(&good, &l);
	out = print(&l, false);
	snprintf(missing, sizeof(missing), "missing (%s)", strerror(ENOENT));
	w = (int)strlen("disabled (budget: 20001 calls/s on CPU 1)");
	snprintf(want, sizeof(want),
		"SYMBOL               KIND  %-*s  THRESHOLD  CALLS  STALLS"
		"       AVG       MAX  INFLIGHT  MISSED\n"
		"get_slabinfo         slab  %-*s     global     12       3"
		"  203.0 ms  812.0 ms         0       0\n"
		"validate_slab_cache  slab  %-*s     global      0       0"
		"         -         -         0       0\n"
		"my_func              user  %-*s     2.0 ms   1000       0"
		"    4.0 us    9.0 us         2       5\n",
		w, "STATE", w, "active", w, missing, w,
		"disabled (budget: 20001 calls/s on CPU 1)");
	assert_string_equal(out, want);
	free(out);

	out = print(&l, true);
	snprintf(want, sizeof(want),
		"{\"schema\":1,\"probes\":[{\"symbol\":\"get_slabinfo\",\"kind\":\"slab\","
		"\"state\":\"active\",\"threshold_us\":0,\"calls\":12,\"stalls\":3,"
		"\"total_ns\":2436000000,\"total_ns_str\":\"2436000000\","
		"\"avg_ns\":203000000,\"avg_ns_str\":\"203000000\","
		"\"max_ns\":812000000,\"max_ns_str\":\"812000000\","
		"\"missed\":0,\"inflight\":0,\"abandoned\":0},"
		"{\"symbol\":\"validate_slab_cache\",\"kind\":\"slab\","
		"\"state\":\"missing\",\"error\":2,\"error_text\":\"%s\","
		"\"threshold_us\":0,\"calls\":0,\"stalls\":0,\"total_ns\":0,"
		"\"total_ns_str\":\"0\",\"avg_ns\":0,\"avg_ns_str\":\"0\","
		"\"max_ns\":0,\"max_ns_str\":\"0\",\"missed\":0,\"inflight\":0,"
		"\"abandoned\":0},"
		"{\"symbol\":\"my_func\",\"kind\":\"user\",\"state\":\"disabled\","
		"\"reason\":\"budget: 20001 calls/s on CPU 1\",\"threshold_us\":2000,\"calls\":1000,\"stalls\":0,"
		"\"total_ns\":4000000,\"total_ns_str\":\"4000000\","
		"\"avg_ns\":4000,\"avg_ns_str\":\"4000\","
		"\"max_ns\":9000,\"max_ns_str\":\"9000\","
		"\"missed\":5,\"inflight\":2,\"abandoned\":1}]}\n", strerror(ENOENT));
	assert_string_equal(out, want);
	free(out);
	irqw_probes_free(&l);

	/* nothing to list: the header alone, an empty array */
	out = print(&l, false);
	assert_string_equal(out, "SYMBOL  KIND  STATE  THRESHOLD  CALLS  STALLS"
				 "  AVG  MAX  INFLIGHT  MISSED\n");
	free(out);
	out = print(&l, true);
	assert_string_equal(out, "{\"schema\":1,\"probes\":[]}\n");
	free(out);
}

/* The exit status and what probe_main() wrote to stdout and stderr. */
static int run_main(int argc, char *const argv[], char *out, char *err,
		    size_t size)
{
	FILE *fo = tmpfile(), *fe = tmpfile();
	int status, saved_out = dup(1), saved_err = dup(2);
	size_t n;

	assert_non_null(fo);
	assert_non_null(fe);
	fflush(NULL);
	assert_true(dup2(fileno(fo), 1) >= 0 && dup2(fileno(fe), 2) >= 0);
	status = probe_main(argc, (char **)argv);
	fflush(NULL);
	assert_true(dup2(saved_out, 1) >= 0 && dup2(saved_err, 2) >= 0);
	close(saved_out);
	close(saved_err);
	rewind(fo);
	rewind(fe);
	n = fread(out, 1, size - 1, fo);
	out[n] = '\0';
	n = fread(err, 1, size - 1, fe);
	err[n] = '\0';
	fclose(fo);
	fclose(fe);
	return status;
}

static void test_main_errors(void **state)
{
	char out[2048], err[2048];

	/* a bad value: one line */
	assert_int_equal(run_main(3, ARGS("add", "a;b"), out, err, sizeof(err)), 2);
	assert_string_equal(out, "");
	assert_string_equal(err, "irqwatch: invalid symbol 'a;b': expected a "
				 "kernel function name such as get_slabinfo\n");
	/* a bad form: the usage follows */
	assert_int_equal(run_main(2, ARGS("remove"), out, err, sizeof(err)), 2);
	assert_string_equal(out, "");
	assert_non_null(strstr(err, "irqwatch: unknown probe action 'remove' "
				    "(valid: add, del, list)\nUsage: irqwatch "
				    "probe add SYMBOL [--threshold DURATION]"));
	assert_int_equal(run_main(2, ARGS("--help"), out, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_non_null(strstr(out, "Usage: irqwatch probe add SYMBOL"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_args_refused),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_reply),
		cmocka_unit_test(test_reply_bad),
		cmocka_unit_test(test_reply_mutations),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_main_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
