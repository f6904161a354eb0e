// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The IRQWATCH_A_READER nests of IRQWATCH_CMD_GET_STATS: the slab readers. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "ipc.h"
#include "ipc_int.h"

/* All mandatory but the cache, which the module may not know. */
static const struct nla_policy reader_policy[IRQWATCH_READER_MAX + 1] = {
	[IRQWATCH_READER_PROBE]		= { .type = NLA_STRING,
					    .maxlen = IRQWATCH_SYMBOL_LEN_MAX },
	[IRQWATCH_READER_TGID]		= U32_POLICY,
	[IRQWATCH_READER_COMM]		= { .type = NLA_STRING,
					    .maxlen = IRQW_COMM_MAX },
	[IRQWATCH_READER_CALLS]		= U64_POLICY,
	[IRQWATCH_READER_TOTAL_NS]	= U64_POLICY,
	[IRQWATCH_READER_MAX_NS]	= U64_POLICY,
	[IRQWATCH_READER_LAST_NS]	= U64_POLICY,
};

/* Optional: the cache, and what older modules do not send. */
static const struct nla_policy cache_policy[IRQWATCH_READER_MAX + 1] = {
	[IRQWATCH_READER_CACHE]		= { .type = NLA_STRING,
					    .maxlen = IRQWATCH_CACHE_LEN_MAX },
	[IRQWATCH_READER_SUPPRESSED]	= U64_POLICY,
};

static int parse_reader(struct nlattr *nest, struct irqw_reader *r)
{
	struct nlattr *tb[IRQWATCH_READER_MAX + 1], *cb[IRQWATCH_READER_MAX + 1];

	if (!irqw_attrs_whole(nla_data(nest), nla_len(nest)) ||
	    nla_parse_nested(tb, IRQWATCH_READER_MAX, nest, reader_policy) < 0 ||
	    !irqw_has_all(tb, reader_policy, IRQWATCH_READER_MAX) ||
	    nla_parse_nested(cb, IRQWATCH_READER_MAX, nest, cache_policy) < 0 ||
	    !*nla_get_string(tb[IRQWATCH_READER_PROBE]) ||
	    (cb[IRQWATCH_READER_CACHE] &&
	     !*nla_get_string(cb[IRQWATCH_READER_CACHE])))
		return -EBADMSG;
	r->tgid = nla_get_u32(tb[IRQWATCH_READER_TGID]);
	r->calls = nla_get_u64(tb[IRQWATCH_READER_CALLS]);
	r->total_ns = nla_get_u64(tb[IRQWATCH_READER_TOTAL_NS]);
	r->max_ns = nla_get_u64(tb[IRQWATCH_READER_MAX_NS]);
	r->last_ns = nla_get_u64(tb[IRQWATCH_READER_LAST_NS]);
	if (cb[IRQWATCH_READER_SUPPRESSED])
		r->suppressed = nla_get_u64(cb[IRQWATCH_READER_SUPPRESSED]);
	r->probe = strdup(nla_get_string(tb[IRQWATCH_READER_PROBE]));
	r->comm = strdup(nla_get_string(tb[IRQWATCH_READER_COMM]));
	if (cb[IRQWATCH_READER_CACHE])
		r->cache = strdup(nla_get_string(cb[IRQWATCH_READER_CACHE]));
	if (!r->probe || !r->comm || (cb[IRQWATCH_READER_CACHE] && !r->cache))
		return -ENOMEM;
	return 0;
}

int irqw_readers_parse(struct nlattr *head, int len, struct irqw_stats *st)
{
	struct nlattr *attr;
	size_t n;
	int rem, ret;

	ret = irqw_count_attrs(head, len, IRQWATCH_A_READER, &n);
	if (ret)
		return ret;
	st->readers = irqw_alloc_array(n, sizeof(*st->readers));
	if (!st->readers)
		return -ENOMEM;
	nla_for_each_attr(attr, head, len, rem) {
		if (nla_type(attr) != IRQWATCH_A_READER)
			continue;
		/* counted first, so that a failure frees what it set */
		ret = parse_reader(attr, &st->readers[st->nr_readers++]);
		if (ret)
			return ret;
	}
	return 0;
}

void irqw_readers_free(struct irqw_stats *st)
{
	size_t i;

	for (i = 0; i < st->nr_readers; i++) {
		free(st->readers[i].probe);
		free(st->readers[i].cache);
		free(st->readers[i].comm);
	}
	free(st->readers);
	st->readers = NULL;
	st->nr_readers = 0;
}
