// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * IRQWATCH_CMD_GET_STATS: a dump (the global counters, then one message per
 * CPU) and IRQWATCH_CMD_GET_READERS, or, from a module without the dump,
 * the one reply of GET_STATS.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "ipc.h"
#include "ipc_int.h"

/*
 * Every attribute a policy here lists is mandatory but for the drain's cost,
 * the irqoff counters and the readers (ipc_readers.c), which earlier builds
 * of the module lack; unknown ones are ignored.
 */
static const struct nla_policy stats_reply_policy[IRQWATCH_A_MAX + 1] = {
	[IRQWATCH_A_STATS]	= { .type = NLA_NESTED },
};

static const struct nla_policy stats_policy[IRQWATCH_STATS_MAX + 1] = {
	[IRQWATCH_STATS_NEXT_SEQ]	= U64_POLICY,
	[IRQWATCH_STATS_RING_DROPS]	= U64_POLICY,
	[IRQWATCH_STATS_RING_SIZE]	= U32_POLICY,
	[IRQWATCH_STATS_LISTENERS]	= U32_POLICY,
	[IRQWATCH_STATS_UNHEARD]	= U64_POLICY,
};

static const struct nla_policy drain_policy[IRQWATCH_STATS_MAX + 1] = {
	[IRQWATCH_STATS_DRAINED]	= U64_POLICY,
	[IRQWATCH_STATS_DRAIN_NS]	= U64_POLICY,
	[IRQWATCH_STATS_READERS_OVERFLOW] = U64_POLICY,
};

static const struct nla_policy listener_policy[IRQWATCH_LISTENER_MAX + 1] = {
	[IRQWATCH_LISTENER_PORTID]	= U32_POLICY,
	[IRQWATCH_LISTENER_EVENTS]	= U64_POLICY,
	[IRQWATCH_LISTENER_DROPS]	= U64_POLICY,
	[IRQWATCH_LISTENER_SEND_ERRORS]	= U64_POLICY,
};

static const struct nla_policy cpustat_policy[IRQWATCH_CPUSTAT_MAX + 1] = {
	[IRQWATCH_CPUSTAT_ID]		= U32_POLICY,
	[IRQWATCH_CPUSTAT_EVENTS]	= U64_POLICY,
	[IRQWATCH_CPUSTAT_RING_HWM]	= U32_POLICY,
	[IRQWATCH_CPUSTAT_HANDLER_NS]	= U64_POLICY,
	[IRQWATCH_CPUSTAT_HANDLER_CALLS] = U64_POLICY,
};

static const struct nla_policy drops_policy[IRQWATCH_DROPS_MAX + 1] = {
	[IRQWATCH_DROPS_TYPE]	= U32_POLICY,
	[IRQWATCH_DROPS_COUNT]	= U64_POLICY,
};

/* The irqoff counters: all of them or none (earlier builds of the module). */
static const struct nla_policy irqoff_policy[IRQWATCH_CPUSTAT_MAX + 1] = {
	[IRQWATCH_CPUSTAT_IRQOFF_TICKS]		= U64_POLICY,
	[IRQWATCH_CPUSTAT_IRQOFF_TICK_NS]	= U64_POLICY,
	[IRQWATCH_CPUSTAT_IRQOFF_NMIS_SENT]	= U64_POLICY,
	[IRQWATCH_CPUSTAT_IRQOFF_SAMPLES]	= U64_POLICY,
	[IRQWATCH_CPUSTAT_IRQOFF_NMI_NS]	= U64_POLICY,
	[IRQWATCH_CPUSTAT_IRQOFF_WINDOWS]	= U64_POLICY,
	[IRQWATCH_CPUSTAT_IRQOFF_MAX_LATE_NS]	= U64_POLICY,
	[IRQWATCH_CPUSTAT_IRQOFF_HIST]		= { .type = NLA_NESTED },
};

/* The softirqoff counters: both or none (modules before the softirq detector). */
static const struct nla_policy softirqoff_policy[IRQWATCH_CPUSTAT_MAX + 1] = {
	[IRQWATCH_CPUSTAT_SOFTIRQOFF_TICKS]	= U64_POLICY,
	[IRQWATCH_CPUSTAT_SOFTIRQOFF_WINDOWS]	= U64_POLICY,
};

/* The tracepoints' counters: all of them or none (modules before them). */
static const struct nla_policy softirq_policy[IRQWATCH_CPUSTAT_MAX + 1] = {
	[IRQWATCH_CPUSTAT_SOFTIRQ_NS]		= U64_POLICY,
	[IRQWATCH_CPUSTAT_KSOFTIRQD_NS]		= U64_POLICY,
	[IRQWATCH_CPUSTAT_HARDIRQ_NS]		= U64_POLICY,
	[IRQWATCH_CPUSTAT_HARDIRQS]		= U64_POLICY,
	[IRQWATCH_CPUSTAT_IRQS_UNTRACKED]	= U64_POLICY,
	[IRQWATCH_CPUSTAT_LATENCY_EVENTS]	= U64_POLICY,
	[IRQWATCH_CPUSTAT_LATENCY_SUPPRESSED]	= U64_POLICY,
};

/* The probes' own cost: all three or none. */
static const struct nla_policy tp_cost_policy[IRQWATCH_CPUSTAT_MAX + 1] = {
	[IRQWATCH_CPUSTAT_TP_CALLS]		= U64_POLICY,
	[IRQWATCH_CPUSTAT_TP_TIMED]		= U64_POLICY,
	[IRQWATCH_CPUSTAT_TP_TIMED_NS]		= U64_POLICY,
};

static const struct nla_policy vec_stats_policy[IRQWATCH_VEC_MAX + 1] = {
	[IRQWATCH_VEC_ID]		= U32_POLICY,
	[IRQWATCH_VEC_COUNT]		= U64_POLICY,
	[IRQWATCH_VEC_NS]		= U64_POLICY,
	[IRQWATCH_VEC_RAISES]		= U64_POLICY,
	[IRQWATCH_VEC_WAIT_HIST]	= { .type = NLA_NESTED },
	[IRQWATCH_VEC_RUN_HIST]		= { .type = NLA_NESTED },
};

static const struct nla_policy tp_policy[IRQWATCH_TP_MAX + 1] = {
	[IRQWATCH_TP_NAME]	= { .type = NLA_STRING, .maxlen = 128 },
	[IRQWATCH_TP_STATE]	= U32_POLICY,
};

/* A storm has these; its line and rate only if it is a hardirq storm. */
static const struct nla_policy storm_policy[IRQWATCH_STORM_MAX + 1] = {
	[IRQWATCH_STORM_TYPE]		= U32_POLICY,
	[IRQWATCH_STORM_CPU]		= U32_POLICY,
	[IRQWATCH_STORM_SINCE_NS]	= U64_POLICY,
	[IRQWATCH_STORM_SHARE]		= U32_POLICY,
};

static const struct nla_policy storm_parse_policy[IRQWATCH_STORM_MAX + 1] = {
	[IRQWATCH_STORM_TYPE]		= U32_POLICY,
	[IRQWATCH_STORM_CPU]		= U32_POLICY,
	[IRQWATCH_STORM_IRQ]		= U32_POLICY,
	[IRQWATCH_STORM_SINCE_NS]	= U64_POLICY,
	[IRQWATCH_STORM_SHARE]		= U32_POLICY,
	[IRQWATCH_STORM_RATE]		= U64_POLICY,
};

/* The storm detector's parts of IRQWATCH_A_STATS: each optional. */
static const struct nla_policy storms_policy[IRQWATCH_STATS_MAX + 1] = {
	[IRQWATCH_STATS_TRACEPOINT]	= { .type = NLA_NESTED },
	[IRQWATCH_STATS_STORM]		= { .type = NLA_NESTED },
	[IRQWATCH_STATS_STORMS_ACTIVE]	= U32_POLICY,
	[IRQWATCH_STATS_IMBALANCE]	= { .type = NLA_NESTED },
};

static const struct nla_policy hist_policy[IRQWATCH_HIST_MAX + 1] = {
	[IRQWATCH_HIST_BUCKET]	= U64_POLICY,
};

_Static_assert(IRQW_HIST_BUCKETS == IRQWATCH_HIST_BUCKETS,
	       "ipc.h and the UAPI header agree on the histogram");

int irqw_count_attrs(struct nlattr *head, int len, int type, size_t *n)
{
	struct nlattr *attr;
	int rem;

	*n = 0;
	nla_for_each_attr(attr, head, len, rem)
		if (nla_type(attr) == type)
			(*n)++;
	return rem > 0 ? -EBADMSG : 0;
}

void *irqw_alloc_array(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

static int parse_listener(struct nlattr *nest, struct irqw_listener_stats *l)
{
	struct nlattr *tb[IRQWATCH_LISTENER_MAX + 1];

	if (nla_parse_nested(tb, IRQWATCH_LISTENER_MAX, nest, listener_policy) < 0 ||
	    !irqw_has_all(tb, listener_policy, IRQWATCH_LISTENER_MAX))
		return -EBADMSG;
	l->portid = nla_get_u32(tb[IRQWATCH_LISTENER_PORTID]);
	l->events = nla_get_u64(tb[IRQWATCH_LISTENER_EVENTS]);
	l->drops = nla_get_u64(tb[IRQWATCH_LISTENER_DROPS]);
	l->send_errors = nla_get_u64(tb[IRQWATCH_LISTENER_SEND_ERRORS]);
	return 0;
}

static int parse_tracepoint(struct nlattr *nest, void *arg)
{
	struct nlattr *tb[IRQWATCH_TP_MAX + 1];
	struct irqw_tracepoint *tp = arg;

	if (nla_parse_nested(tb, IRQWATCH_TP_MAX, nest, tp_policy) < 0 ||
	    !irqw_has_all(tb, tp_policy, IRQWATCH_TP_MAX))
		return -EBADMSG;
	tp->state = nla_get_u32(tb[IRQWATCH_TP_STATE]);
	if (tp->state == IRQWATCH_TP_STATE_UNSPEC ||
	    !*nla_get_string(tb[IRQWATCH_TP_NAME]))
		return -EBADMSG;
	tp->name = strdup(nla_get_string(tb[IRQWATCH_TP_NAME]));
	return tp->name ? 0 : -ENOMEM;
}

static int parse_storm(struct nlattr *nest, void *arg)
{
	struct nlattr *tb[IRQWATCH_STORM_MAX + 1];
	struct irqw_storm *st = arg;

	if (nla_parse_nested(tb, IRQWATCH_STORM_MAX, nest, storm_parse_policy) < 0 ||
	    !irqw_has_all(tb, storm_policy, IRQWATCH_STORM_MAX))
		return -EBADMSG;
	st->type = nla_get_u32(tb[IRQWATCH_STORM_TYPE]);
	st->cpu = nla_get_u32(tb[IRQWATCH_STORM_CPU]);
	st->since_ns = nla_get_u64(tb[IRQWATCH_STORM_SINCE_NS]);
	st->share = nla_get_u32(tb[IRQWATCH_STORM_SHARE]);
	irqw_opt_u32(tb[IRQWATCH_STORM_IRQ], &st->irq, &st->has_irq);
	irqw_opt_u64(tb[IRQWATCH_STORM_RATE], &st->rate, &st->has_rate);
	return st->type == IRQWATCH_EVENT_UNSPEC ? -EBADMSG : 0;
}

/*
 * The repeated attributes of type in nest into a new array *arr of *nr
 * elements of size bytes, each parsed by parse; *nr counts those parsed,
 * so that a failure frees what they hold.
 */
static int parse_list(struct nlattr *nest, int type, size_t size, void *arr,
		      size_t *nr, int (*parse)(struct nlattr *, void *))
{
	struct nlattr *attr;
	size_t n;
	char *p;
	int rem, ret;

	ret = irqw_count_attrs(nla_data(nest), nla_len(nest), type, &n);
	if (ret)
		return ret;
	p = irqw_alloc_array(n, size);
	if (!p)
		return -ENOMEM;
	memcpy(arr, &p, sizeof(p));
	nla_for_each_nested(attr, nest, rem) {
		if (nla_type(attr) != type)
			continue;
		ret = parse(attr, p + size * (*nr)++);
		if (ret)
			return ret;
	}
	return 0;
}

/* The tracepoints, storms and imbalance check (storm detector's modules). */
static int parse_storms(struct nlattr *nest, struct irqw_stats *s)
{
	struct nlattr *tb[IRQWATCH_STATS_MAX + 1];
	int ret;

	if (nla_parse_nested(tb, IRQWATCH_STATS_MAX, nest, storms_policy) < 0)
		return -EBADMSG;
	irqw_opt_u32(tb[IRQWATCH_STATS_STORMS_ACTIVE], &s->storms_active,
		     &s->has_storms_active);
	ret = parse_list(nest, IRQWATCH_STATS_TRACEPOINT, sizeof(*s->tracepoints),
			 &s->tracepoints, &s->nr_tracepoints, parse_tracepoint);
	if (!ret)
		ret = parse_list(nest, IRQWATCH_STATS_STORM, sizeof(*s->storms),
				 &s->storms, &s->nr_storms, parse_storm);
	if (ret || !tb[IRQWATCH_STATS_IMBALANCE])
		return ret;
	s->has_imbalance = true;
	return irqw_imbalance_parse(tb[IRQWATCH_STATS_IMBALANCE], &s->imbalance);
}

static int parse_stats(struct nlattr *nest, struct irqw_stats *s)
{
	struct nlattr *tb[IRQWATCH_STATS_MAX + 1], *dr[IRQWATCH_STATS_MAX + 1];
	struct nlattr *attr;
	int rem, ret;

	if (nla_parse_nested(tb, IRQWATCH_STATS_MAX, nest, stats_policy) < 0 ||
	    !irqw_has_all(tb, stats_policy, IRQWATCH_STATS_MAX) ||
	    nla_parse_nested(dr, IRQWATCH_STATS_MAX, nest, drain_policy) < 0 ||
	    !dr[IRQWATCH_STATS_DRAINED] != !dr[IRQWATCH_STATS_DRAIN_NS])
		return -EBADMSG;
	if (dr[IRQWATCH_STATS_DRAINED]) {
		s->has_drain = true;
		s->drained = nla_get_u64(dr[IRQWATCH_STATS_DRAINED]);
		s->drain_ns = nla_get_u64(dr[IRQWATCH_STATS_DRAIN_NS]);
	}
	irqw_opt_u64(dr[IRQWATCH_STATS_READERS_OVERFLOW], &s->readers_overflow,
		     &s->has_readers_overflow);
	s->next_seq = nla_get_u64(tb[IRQWATCH_STATS_NEXT_SEQ]);
	s->ring_drops = nla_get_u64(tb[IRQWATCH_STATS_RING_DROPS]);
	s->ring_size = nla_get_u32(tb[IRQWATCH_STATS_RING_SIZE]);
	s->listeners = nla_get_u32(tb[IRQWATCH_STATS_LISTENERS]);
	s->unheard = nla_get_u64(tb[IRQWATCH_STATS_UNHEARD]);

	ret = irqw_count_attrs(nla_data(nest), nla_len(nest), IRQWATCH_STATS_LISTENER,
			  &s->nr_listeners);
	if (ret)
		return ret;
	s->listener = irqw_alloc_array(s->nr_listeners, sizeof(*s->listener));
	if (!s->listener)
		return -ENOMEM;
	s->nr_listeners = 0;
	nla_for_each_nested(attr, nest, rem) {
		if (nla_type(attr) != IRQWATCH_STATS_LISTENER)
			continue;
		ret = parse_listener(attr, &s->listener[s->nr_listeners++]);
		if (ret)
			return ret;
	}
	return parse_storms(nest, s);
}

static int parse_drops(struct nlattr *nest, struct irqw_type_drops *d)
{
	struct nlattr *tb[IRQWATCH_DROPS_MAX + 1];

	if (nla_parse_nested(tb, IRQWATCH_DROPS_MAX, nest, drops_policy) < 0 ||
	    !irqw_has_all(tb, drops_policy, IRQWATCH_DROPS_MAX))
		return -EBADMSG;
	d->type = nla_get_u32(tb[IRQWATCH_DROPS_TYPE]);
	d->count = nla_get_u64(tb[IRQWATCH_DROPS_COUNT]);
	return 0;
}

/* IRQWATCH_HIST_BUCKET, exactly IRQWATCH_HIST_BUCKETS of them, in order. */
static int parse_hist(struct nlattr *nest, uint64_t *hist)
{
	struct nlattr *attr;
	size_t n = 0;
	int rem;

	if (nla_validate(nla_data(nest), nla_len(nest), IRQWATCH_HIST_MAX,
			 hist_policy) < 0 ||
	    irqw_count_attrs(nla_data(nest), nla_len(nest), IRQWATCH_HIST_BUCKET,
			     &n) || n != IRQW_HIST_BUCKETS)
		return -EBADMSG;
	n = 0;
	nla_for_each_nested(attr, nest, rem)
		if (nla_type(attr) == IRQWATCH_HIST_BUCKET)
			hist[n++] = nla_get_u64(attr);
	return 0;
}

static int parse_irqoff(struct nlattr *nest, struct irqw_cpu_stats *c)
{
	struct nlattr *tb[IRQWATCH_CPUSTAT_MAX + 1];
	struct irqw_irqoff_stats *s = &c->irqoff;
	int type, n = 0;

	if (nla_parse_nested(tb, IRQWATCH_CPUSTAT_MAX, nest, irqoff_policy) < 0)
		return -EBADMSG;
	for (type = 0; type <= IRQWATCH_CPUSTAT_MAX; type++)
		n += irqoff_policy[type].type != NLA_UNSPEC && tb[type];
	if (!n)
		return 0;
	if (!irqw_has_all(tb, irqoff_policy, IRQWATCH_CPUSTAT_MAX) ||
	    parse_hist(tb[IRQWATCH_CPUSTAT_IRQOFF_HIST], s->hist))
		return -EBADMSG;
	s->ticks = nla_get_u64(tb[IRQWATCH_CPUSTAT_IRQOFF_TICKS]);
	s->tick_ns = nla_get_u64(tb[IRQWATCH_CPUSTAT_IRQOFF_TICK_NS]);
	s->nmis_sent = nla_get_u64(tb[IRQWATCH_CPUSTAT_IRQOFF_NMIS_SENT]);
	s->samples = nla_get_u64(tb[IRQWATCH_CPUSTAT_IRQOFF_SAMPLES]);
	s->nmi_ns = nla_get_u64(tb[IRQWATCH_CPUSTAT_IRQOFF_NMI_NS]);
	s->windows = nla_get_u64(tb[IRQWATCH_CPUSTAT_IRQOFF_WINDOWS]);
	s->max_late_ns = nla_get_u64(tb[IRQWATCH_CPUSTAT_IRQOFF_MAX_LATE_NS]);
	/* optional: modules before the PMU sampler do not send it */
	if (tb[IRQWATCH_CPUSTAT_IRQOFF_PMU]) {
		if (nla_len(tb[IRQWATCH_CPUSTAT_IRQOFF_PMU]) != 1)
			return -EBADMSG;
		s->pmu = nla_get_u8(tb[IRQWATCH_CPUSTAT_IRQOFF_PMU]);
	}
	c->has_irqoff = true;
	return 0;
}

static int parse_softirqoff(struct nlattr *nest, struct irqw_cpu_stats *c)
{
	struct nlattr *tb[IRQWATCH_CPUSTAT_MAX + 1];
	struct irqw_softirqoff_stats *s = &c->softirqoff;

	if (nla_parse_nested(tb, IRQWATCH_CPUSTAT_MAX, nest, softirqoff_policy) < 0 ||
	    !tb[IRQWATCH_CPUSTAT_SOFTIRQOFF_TICKS] !=
	    !tb[IRQWATCH_CPUSTAT_SOFTIRQOFF_WINDOWS])
		return -EBADMSG;
	if (!tb[IRQWATCH_CPUSTAT_SOFTIRQOFF_TICKS])
		return 0;
	s->ticks = nla_get_u64(tb[IRQWATCH_CPUSTAT_SOFTIRQOFF_TICKS]);
	s->windows = nla_get_u64(tb[IRQWATCH_CPUSTAT_SOFTIRQOFF_WINDOWS]);
	c->has_softirqoff = true;
	return 0;
}

static int parse_vec_stats(struct nlattr *nest, void *arg)
{
	struct nlattr *tb[IRQWATCH_VEC_MAX + 1];
	struct irqw_vec_stats *v = arg;

	if (nla_parse_nested(tb, IRQWATCH_VEC_MAX, nest, vec_stats_policy) < 0 ||
	    !irqw_has_all(tb, vec_stats_policy, IRQWATCH_VEC_MAX) ||
	    parse_hist(tb[IRQWATCH_VEC_WAIT_HIST], v->wait_hist) ||
	    parse_hist(tb[IRQWATCH_VEC_RUN_HIST], v->run_hist))
		return -EBADMSG;
	v->vec = nla_get_u32(tb[IRQWATCH_VEC_ID]);
	v->count = nla_get_u64(tb[IRQWATCH_VEC_COUNT]);
	v->ns = nla_get_u64(tb[IRQWATCH_VEC_NS]);
	v->raises = nla_get_u64(tb[IRQWATCH_VEC_RAISES]);
	return 0;
}

/* The tracepoints' counters and the vectors: all of them or none. */
static int parse_softirq(struct nlattr *nest, struct irqw_cpu_stats *c)
{
	struct nlattr *tb[IRQWATCH_CPUSTAT_MAX + 1];
	struct irqw_softirq_stats *s = &c->softirq;
	int type, n = 0;

	if (nla_parse_nested(tb, IRQWATCH_CPUSTAT_MAX, nest, softirq_policy) < 0)
		return -EBADMSG;
	for (type = 0; type <= IRQWATCH_CPUSTAT_MAX; type++)
		n += softirq_policy[type].type != NLA_UNSPEC && tb[type];
	if (!n) {
		/* vectors without the counters: not as the header says */
		if (irqw_count_attrs(nla_data(nest), nla_len(nest),
				     IRQWATCH_CPUSTAT_VEC, &s->nr_vecs) ||
		    s->nr_vecs)
			return -EBADMSG;
		return 0;
	}
	if (!irqw_has_all(tb, softirq_policy, IRQWATCH_CPUSTAT_MAX))
		return -EBADMSG;
	s->softirq_ns = nla_get_u64(tb[IRQWATCH_CPUSTAT_SOFTIRQ_NS]);
	s->ksoftirqd_ns = nla_get_u64(tb[IRQWATCH_CPUSTAT_KSOFTIRQD_NS]);
	s->hardirq_ns = nla_get_u64(tb[IRQWATCH_CPUSTAT_HARDIRQ_NS]);
	s->hardirqs = nla_get_u64(tb[IRQWATCH_CPUSTAT_HARDIRQS]);
	s->irqs_untracked = nla_get_u64(tb[IRQWATCH_CPUSTAT_IRQS_UNTRACKED]);
	s->latency_events = nla_get_u64(tb[IRQWATCH_CPUSTAT_LATENCY_EVENTS]);
	s->latency_suppressed =
		nla_get_u64(tb[IRQWATCH_CPUSTAT_LATENCY_SUPPRESSED]);
	if (nla_parse_nested(tb, IRQWATCH_CPUSTAT_MAX, nest, tp_cost_policy) < 0)
		return -EBADMSG;
	if (tb[IRQWATCH_CPUSTAT_TP_CALLS] || tb[IRQWATCH_CPUSTAT_TP_TIMED] ||
	    tb[IRQWATCH_CPUSTAT_TP_TIMED_NS]) {
		if (!irqw_has_all(tb, tp_cost_policy, IRQWATCH_CPUSTAT_MAX))
			return -EBADMSG;
		s->tp_calls = nla_get_u64(tb[IRQWATCH_CPUSTAT_TP_CALLS]);
		s->tp_timed = nla_get_u64(tb[IRQWATCH_CPUSTAT_TP_TIMED]);
		s->tp_timed_ns = nla_get_u64(tb[IRQWATCH_CPUSTAT_TP_TIMED_NS]);
		s->has_tp_cost = true;
	}
	c->has_softirq = true;
	return parse_list(nest, IRQWATCH_CPUSTAT_VEC, sizeof(*s->vecs), &s->vecs,
			  &s->nr_vecs, parse_vec_stats);
}

static int parse_cpu_stats(struct nlattr *nest, struct irqw_cpu_stats *c)
{
	struct nlattr *tb[IRQWATCH_CPUSTAT_MAX + 1], *attr;
	int rem, ret;

	if (nla_parse_nested(tb, IRQWATCH_CPUSTAT_MAX, nest, cpustat_policy) < 0 ||
	    !irqw_has_all(tb, cpustat_policy, IRQWATCH_CPUSTAT_MAX))
		return -EBADMSG;
	c->id = nla_get_u32(tb[IRQWATCH_CPUSTAT_ID]);
	c->events = nla_get_u64(tb[IRQWATCH_CPUSTAT_EVENTS]);
	c->ring_hwm = nla_get_u32(tb[IRQWATCH_CPUSTAT_RING_HWM]);
	c->handler_ns = nla_get_u64(tb[IRQWATCH_CPUSTAT_HANDLER_NS]);
	c->handler_calls = nla_get_u64(tb[IRQWATCH_CPUSTAT_HANDLER_CALLS]);
	ret = parse_irqoff(nest, c);
	if (!ret)
		ret = parse_softirqoff(nest, c);
	if (!ret)
		ret = parse_softirq(nest, c);
	if (ret)
		return ret;

	ret = irqw_count_attrs(nla_data(nest), nla_len(nest), IRQWATCH_CPUSTAT_DROPS,
			  &c->nr_drops);
	if (ret)
		return ret;
	c->drops = irqw_alloc_array(c->nr_drops, sizeof(*c->drops));
	if (!c->drops)
		return -ENOMEM;
	c->nr_drops = 0;
	nla_for_each_nested(attr, nest, rem) {
		if (nla_type(attr) != IRQWATCH_CPUSTAT_DROPS)
			continue;
		ret = parse_drops(attr, &c->drops[c->nr_drops++]);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * One message: with @whole, a GET_STATS reply, which must have
 * IRQWATCH_A_STATS; without, a part of a dump or a GET_READERS reply, which
 * may lack it (*has_stats tells). Fills a zeroed *s; free it on error.
 */
static int parse_part(struct nlmsghdr *nlh, bool whole, struct irqw_stats *s,
		      bool *has_stats)
{
	struct nlattr *tb[IRQWATCH_A_MAX + 1], *attr, *head;
	struct genlmsghdr *gnlh;
	int len, rem, ret;
	size_t n;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EBADMSG;
	gnlh = nlmsg_data(nlh);
	if ((gnlh->cmd != IRQWATCH_CMD_GET_STATS &&
	     (whole || gnlh->cmd != IRQWATCH_CMD_GET_READERS)) ||
	    genlmsg_parse(nlh, 0, tb, IRQWATCH_A_MAX, stats_reply_policy) < 0 ||
	    (whole && !irqw_has_all(tb, stats_reply_policy, IRQWATCH_A_MAX)))
		return -EBADMSG;
	head = genlmsg_attrdata(gnlh, 0);
	len = genlmsg_attrlen(gnlh, 0);
	ret = irqw_count_attrs(head, len, IRQWATCH_A_CPU_STATS, &n);
	if (ret)
		return ret;
	s->cpus = irqw_alloc_array(n, sizeof(*s->cpus));
	if (!s->cpus)
		return -ENOMEM;

	*has_stats = tb[IRQWATCH_A_STATS];
	if (*has_stats) {
		ret = parse_stats(tb[IRQWATCH_A_STATS], s);
		if (ret)
			return ret;
	}
	nla_for_each_attr(attr, head, len, rem) {
		if (nla_type(attr) != IRQWATCH_A_CPU_STATS)
			continue;
		ret = parse_cpu_stats(attr, &s->cpus[s->nr_cpus++]);
		if (ret)
			return ret;
	}
	return irqw_readers_parse(head, len, s);
}

int irqw_stats_parse(struct nlmsghdr *nlh, struct irqw_stats *st)
{
	struct irqw_stats s = { 0 };
	bool has_stats;
	int ret;

	ret = parse_part(nlh, true, &s, &has_stats);
	if (ret) {
		irqw_stats_free(&s);
		return ret;
	}
	*st = s;
	return 0;
}

/* Moves the CPUs and readers of @part to the end of those of @st. */
static int append(struct irqw_stats *st, struct irqw_stats *part)
{
	struct irqw_cpu_stats *cpus;
	struct irqw_reader *readers;

	if (part->nr_cpus) {
		cpus = realloc(st->cpus, (st->nr_cpus + part->nr_cpus) * sizeof(*cpus));
		if (!cpus)
			return -ENOMEM;
		memcpy(cpus + st->nr_cpus, part->cpus, part->nr_cpus * sizeof(*cpus));
		st->cpus = cpus;
		st->nr_cpus += part->nr_cpus;
		part->nr_cpus = 0;
	}
	if (part->nr_readers) {
		readers = realloc(st->readers,
				  (st->nr_readers + part->nr_readers) * sizeof(*readers));
		if (!readers)
			return -ENOMEM;
		memcpy(readers + st->nr_readers, part->readers,
		       part->nr_readers * sizeof(*readers));
		st->readers = readers;
		st->nr_readers += part->nr_readers;
		part->nr_readers = 0;
	}
	return 0;
}

int irqw_stats_merge(struct nlmsghdr *nlh, struct irqw_stats *st,
		     bool *has_stats)
{
	struct irqw_stats part = { 0 }, keep;
	bool part_stats;
	int ret;

	ret = parse_part(nlh, false, &part, &part_stats);
	if (!ret && part_stats) {
		if (*has_stats) {
			ret = -EBADMSG;	/* the global counters twice */
		} else {
			/* the counters and listeners of part; CPUs and readers of st */
			keep = *st;
			*st = part;
			st->nr_cpus = keep.nr_cpus;
			st->cpus = keep.cpus;
			st->nr_readers = keep.nr_readers;
			st->readers = keep.readers;
			part.listener = NULL;
			part.nr_listeners = 0;
			part.tracepoints = NULL;
			part.nr_tracepoints = 0;
			part.storms = NULL;
			part.nr_storms = 0;
			part.imbalance.cpus = NULL;
			part.imbalance.nr_cpus = 0;
			*has_stats = true;
		}
	}
	if (!ret)
		ret = append(st, &part);
	irqw_stats_free(&part);
	return ret;
}

void irqw_stats_free(struct irqw_stats *st)
{
	size_t i;

	for (i = 0; i < st->nr_cpus; i++) {
		free(st->cpus[i].drops);
		free(st->cpus[i].softirq.vecs);
	}
	free(st->cpus);
	free(st->listener);
	for (i = 0; i < st->nr_tracepoints; i++)
		free(st->tracepoints[i].name);
	free(st->tracepoints);
	free(st->storms);
	free(st->imbalance.cpus);
	irqw_readers_free(st);
	memset(st, 0, sizeof(*st));
}

static int stats_parse_cb(struct nlmsghdr *nlh, void *arg)
{
	return irqw_stats_parse(nlh, arg);
}

struct merge_ctx {
	struct irqw_stats st;
	bool has_stats;
};

static int stats_merge_cb(struct nlmsghdr *nlh, void *arg)
{
	struct merge_ctx *m = arg;

	return irqw_stats_merge(nlh, &m->st, &m->has_stats);
}

int irqw_get_stats(struct irqw_stats *st)
{
	struct merge_ctx m = { 0 };
	int ret;

	ret = irqw_dump(IRQWATCH_CMD_GET_STATS, stats_merge_cb, &m, NULL);
	if (ret == -EOPNOTSUPP) {
		/* a module without the dump: one reply with everything */
		ret = irqw_request(IRQWATCH_CMD_GET_STATS, NULL, NULL,
				   stats_parse_cb, &m.st, NULL);
		m.has_stats = true;
	} else if (!ret) {
		ret = irqw_request(IRQWATCH_CMD_GET_READERS, NULL, NULL,
				   stats_merge_cb, &m, NULL);
	}
	if (!ret && !m.has_stats)
		ret = -EBADMSG;
	if (ret) {
		irqw_stats_free(&m.st);
		return ret;
	}
	*st = m.st;
	return 0;
}
