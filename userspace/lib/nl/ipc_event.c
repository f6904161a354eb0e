// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The parser of one IRQWATCH_A_EVENT nest: its attributes, its task and
 * stack, and the in-window samples of irqoff and softirqoff events.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "ipc.h"
#include "ipc_int.h"

static const struct nla_policy event_policy[IRQWATCH_EV_MAX + 1] = {
	[IRQWATCH_EV_SEQ]		= U64_POLICY,
	[IRQWATCH_EV_TYPE]		= U32_POLICY,
	[IRQWATCH_EV_CPU]		= U32_POLICY,
	[IRQWATCH_EV_MONO_NS]		= U64_POLICY,
	[IRQWATCH_EV_REAL_NS]		= U64_POLICY,
	[IRQWATCH_EV_DURATION_NS]	= U64_POLICY,
	[IRQWATCH_EV_TASK]		= { .type = NLA_NESTED },
	[IRQWATCH_EV_STACK]		= { .type = NLA_NESTED },
	[IRQWATCH_EV_SYNTH_INDEX]	= U64_POLICY,
	[IRQWATCH_EV_CAUSE]		= U32_POLICY,
	[IRQWATCH_EV_CONTEXT]		= U32_POLICY,
	[IRQWATCH_EV_SAMPLES_OMITTED]	= U32_POLICY,
	[IRQWATCH_EV_SAMPLE]		= { .type = NLA_NESTED },
	[IRQWATCH_EV_PROBE]		= { .type = NLA_STRING,
					    .maxlen = IRQWATCH_SYMBOL_LEN_MAX },
	[IRQWATCH_EV_CACHE]		= { .type = NLA_STRING,
					    .maxlen = IRQWATCH_CACHE_LEN_MAX },
	[IRQWATCH_EV_PARENT]		= { .type = NLA_NESTED },
	[IRQWATCH_EV_RELATED_SEQ]	= U64_POLICY,
	[IRQWATCH_EV_IRQS_OFF]		= U32_POLICY,
	[IRQWATCH_EV_IRQOFF_NS]		= U64_POLICY,
	[IRQWATCH_EV_WITHIN]		= { .type = NLA_NESTED },
	[IRQWATCH_EV_DURATION_MAX_NS]	= U64_POLICY,
	[IRQWATCH_EV_PENDING]		= U32_POLICY,
	[IRQWATCH_EV_VECTOR]		= U32_POLICY,
	[IRQWATCH_EV_WAIT_NS]		= U64_POLICY,
	[IRQWATCH_EV_RUN_NS]		= U64_POLICY,
	[IRQWATCH_EV_SERVED_BY]		= U32_POLICY,
	[IRQWATCH_EV_RAISER]		= { .type = NLA_NESTED },
	[IRQWATCH_EV_WAIT_SOFTIRQ_NS]	= U64_POLICY,
	[IRQWATCH_EV_WAIT_HARDIRQ_NS]	= U64_POLICY,
	[IRQWATCH_EV_SUPPRESSED]	= U32_POLICY,
	[IRQWATCH_EV_PHASE]		= U32_POLICY,
	[IRQWATCH_EV_TRIGGER]		= U32_POLICY,
	[IRQWATCH_EV_INTERVALS]		= U32_POLICY,
	[IRQWATCH_EV_SHARE]		= U32_POLICY,
	[IRQWATCH_EV_RATE]		= U64_POLICY,
	[IRQWATCH_EV_KSOFTIRQD_SHARE]	= U32_POLICY,
	[IRQWATCH_EV_VEC]		= { .type = NLA_NESTED },
	[IRQWATCH_EV_NAPI]		= { .type = NLA_NESTED },
	[IRQWATCH_EV_IRQ]		= { .type = NLA_NESTED },
	[IRQWATCH_EV_IMBALANCE]		= { .type = NLA_NESTED },
};

/* The attributes every event has; the others are optional. */
static const int event_required[] = {
	IRQWATCH_EV_SEQ, IRQWATCH_EV_TYPE, IRQWATCH_EV_CPU,
	IRQWATCH_EV_MONO_NS, IRQWATCH_EV_REAL_NS,
};

static const struct nla_policy task_policy[IRQWATCH_TASK_MAX + 1] = {
	[IRQWATCH_TASK_PID]	= U32_POLICY,
	[IRQWATCH_TASK_TGID]	= U32_POLICY,
	[IRQWATCH_TASK_COMM]	= { .type = NLA_STRING, .maxlen = IRQW_COMM_MAX },
	[IRQWATCH_TASK_UID]	= U32_POLICY,
	[IRQWATCH_TASK_CGROUP_ID] = U64_POLICY,
};

static const int task_required[] = {
	IRQWATCH_TASK_PID, IRQWATCH_TASK_TGID, IRQWATCH_TASK_COMM,
};

static const struct nla_policy frame_policy[IRQWATCH_FRAME_MAX + 1] = {
	[IRQWATCH_FRAME]	= { .type = NLA_STRING, .maxlen = IRQW_FRAME_MAX },
};

/* A sample has all of these; its stack (IRQWATCH_SAMPLE_STACK) is optional. */
static const struct nla_policy sample_policy[IRQWATCH_SAMPLE_MAX + 1] = {
	[IRQWATCH_SAMPLE_OFFSET_NS]	= U64_POLICY,
	[IRQWATCH_SAMPLE_IRQS_DISABLED]	= U8_POLICY,
	[IRQWATCH_SAMPLE_TASK]		= { .type = NLA_NESTED },
	[IRQWATCH_SAMPLE_DELAY_NS]	= U64_POLICY,
};

static const struct nla_policy within_policy[IRQWATCH_PROBE_MAX + 1] = {
	[IRQWATCH_PROBE_SYMBOL]	= { .type = NLA_STRING,
				    .maxlen = IRQWATCH_SYMBOL_LEN_MAX },
	[IRQWATCH_PROBE_KIND]	= U32_POLICY,
};

/* A storm's vector: all of these. */
static const struct nla_policy vec_policy[IRQWATCH_VEC_MAX + 1] = {
	[IRQWATCH_VEC_ID]	= U32_POLICY,
	[IRQWATCH_VEC_COUNT]	= U64_POLICY,
	[IRQWATCH_VEC_NS]	= U64_POLICY,
	[IRQWATCH_VEC_SHARE]	= U32_POLICY,
};

static const struct nla_policy napi_policy[IRQWATCH_NAPI_MAX + 1] = {
	[IRQWATCH_NAPI_DEV]	= { .type = NLA_STRING, .maxlen = IRQW_COMM_MAX },
	[IRQWATCH_NAPI_POLLS]	= U64_POLICY,
	[IRQWATCH_NAPI_PACKETS]	= U64_POLICY,
	[IRQWATCH_NAPI_EXHAUSTED] = U64_POLICY,
};

/* An interrupt line has these; its name and cpulists are optional. */
static const struct nla_policy irq_policy[IRQWATCH_IRQ_MAX + 1] = {
	[IRQWATCH_IRQ_NUM]	= U32_POLICY,
	[IRQWATCH_IRQ_COUNT]	= U64_POLICY,
	[IRQWATCH_IRQ_NS]	= U64_POLICY,
	[IRQWATCH_IRQ_RATE]	= U64_POLICY,
	[IRQWATCH_IRQ_SHARE]	= U32_POLICY,
};

static const struct nla_policy irq_parse_policy[IRQWATCH_IRQ_MAX + 1] = {
	[IRQWATCH_IRQ_NUM]	= U32_POLICY,
	[IRQWATCH_IRQ_NAME]	= { .type = NLA_STRING,
				    .maxlen = IRQW_IRQ_NAME_MAX },
	[IRQWATCH_IRQ_COUNT]	= U64_POLICY,
	[IRQWATCH_IRQ_NS]	= U64_POLICY,
	[IRQWATCH_IRQ_RATE]	= U64_POLICY,
	[IRQWATCH_IRQ_SHARE]	= U32_POLICY,
	[IRQWATCH_IRQ_AFFINITY]	= { .type = NLA_STRING,
				    .maxlen = IRQW_CPULIST_MAX },
	[IRQWATCH_IRQ_EFFECTIVE] = { .type = NLA_STRING,
				     .maxlen = IRQW_CPULIST_MAX },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static bool has_each(struct nlattr **tb, const int *types, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!tb[types[i]])
			return false;
	return true;
}

/* Whether the attributes in len bytes at head fill them exactly. */
bool irqw_attrs_whole(struct nlattr *head, int len)
{
	struct nlattr *attr;
	int rem;

	nla_for_each_attr(attr, head, len, rem)
		;
	return rem <= 0;
}

static bool nest_whole(struct nlattr *nest)
{
	return irqw_attrs_whole(nla_data(nest), nla_len(nest));
}

static int parse_task(struct nlattr *nest, struct irqw_task *task)
{
	struct nlattr *tb[IRQWATCH_TASK_MAX + 1];

	if (!nest_whole(nest) ||
	    nla_parse_nested(tb, IRQWATCH_TASK_MAX, nest, task_policy) < 0 ||
	    !has_each(tb, task_required, ARRAY_SIZE(task_required)))
		return -EBADMSG;
	task->pid = nla_get_u32(tb[IRQWATCH_TASK_PID]);
	task->tgid = nla_get_u32(tb[IRQWATCH_TASK_TGID]);
	task->comm = nla_get_string(tb[IRQWATCH_TASK_COMM]);
	irqw_opt_u32(tb[IRQWATCH_TASK_UID], &task->uid, &task->has_uid);
	irqw_opt_u64(tb[IRQWATCH_TASK_CGROUP_ID], &task->cgroup_id,
		     &task->has_cgroup_id);
	return 0;
}

/* A name: a string that is not empty; NULL if it is not one. */
static const char *name_of(struct nlattr *attr)
{
	const char *name = nla_get_string(attr);

	return *name ? name : NULL;
}

static int parse_within(struct nlattr *nest, struct irqw_event *ev)
{
	struct nlattr *tb[IRQWATCH_PROBE_MAX + 1];

	if (!nest_whole(nest) ||
	    nla_parse_nested(tb, IRQWATCH_PROBE_MAX, nest, within_policy) < 0 ||
	    !irqw_has_all(tb, within_policy, IRQWATCH_PROBE_MAX))
		return -EBADMSG;
	ev->within.symbol = name_of(tb[IRQWATCH_PROBE_SYMBOL]);
	ev->within.kind = nla_get_u32(tb[IRQWATCH_PROBE_KIND]);
	if (!ev->within.symbol || ev->within.kind == IRQWATCH_PROBE_KIND_UNSPEC)
		return -EBADMSG;
	ev->has |= IRQW_EV_WITHIN;
	return 0;
}

/* What stall events say about the call, and irqoff events' probe call. */
static int parse_stall(struct nlattr **tb, struct irqw_event *ev)
{
	if (tb[IRQWATCH_EV_PROBE]) {
		ev->probe = name_of(tb[IRQWATCH_EV_PROBE]);
		if (!ev->probe)
			return -EBADMSG;
	}
	if (tb[IRQWATCH_EV_CACHE]) {
		ev->cache = name_of(tb[IRQWATCH_EV_CACHE]);
		if (!ev->cache)
			return -EBADMSG;
	}
	if (tb[IRQWATCH_EV_RELATED_SEQ]) {
		ev->related_seq = nla_get_u64(tb[IRQWATCH_EV_RELATED_SEQ]);
		if (!ev->related_seq)
			return -EBADMSG;
		ev->has |= IRQW_EV_RELATED_SEQ;
	}
	if (tb[IRQWATCH_EV_IRQS_OFF]) {
		ev->irqs_off = nla_get_u32(tb[IRQWATCH_EV_IRQS_OFF]);
		ev->has |= IRQW_EV_IRQS_OFF;
	}
	if (tb[IRQWATCH_EV_IRQOFF_NS]) {
		ev->irqoff_ns = nla_get_u64(tb[IRQWATCH_EV_IRQOFF_NS]);
		ev->has |= IRQW_EV_IRQOFF_NS;
	}
	if (tb[IRQWATCH_EV_PARENT]) {
		if (parse_task(tb[IRQWATCH_EV_PARENT], &ev->parent))
			return -EBADMSG;
		ev->has |= IRQW_EV_PARENT;
	}
	return tb[IRQWATCH_EV_WITHIN] ? parse_within(tb[IRQWATCH_EV_WITHIN], ev) : 0;
}

/*
 * What softirqoff events add: the longest the window can have been, which
 * is never less than the shortest (DURATION_NS), and the softirq vectors
 * that waited; bits of vectors this tool does not know are kept.
 */
static int parse_softirqoff(struct nlattr **tb, struct irqw_event *ev)
{
	if (tb[IRQWATCH_EV_DURATION_MAX_NS]) {
		ev->duration_max_ns = nla_get_u64(tb[IRQWATCH_EV_DURATION_MAX_NS]);
		if (ev->has & IRQW_EV_DURATION &&
		    ev->duration_max_ns < ev->duration_ns)
			return -EBADMSG;
		ev->has |= IRQW_EV_DURATION_MAX;
	}
	if (tb[IRQWATCH_EV_PENDING]) {
		ev->pending = nla_get_u32(tb[IRQWATCH_EV_PENDING]);
		ev->has |= IRQW_EV_PENDING;
	}
	return 0;
}

/*
 * IRQWATCH_FRAME is repeated, which nla_parse() cannot keep: count, then
 * copy. *frames is NULL for a stack without frames.
 */
static int parse_stack(struct nlattr *nest, const char ***frames, size_t *nr)
{
	struct nlattr *attr;
	size_t n = 0;
	int rem;

	if (!nest_whole(nest) ||
	    nla_validate(nla_data(nest), nla_len(nest), IRQWATCH_FRAME_MAX,
			 frame_policy) < 0)
		return -EBADMSG;
	nla_for_each_nested(attr, nest, rem)
		if (nla_type(attr) == IRQWATCH_FRAME)
			n++;
	if (n > IRQW_FRAMES_MAX)
		return -EBADMSG;
	if (!n)
		return 0;
	*frames = calloc(n, sizeof(**frames));
	if (!*frames)
		return -ENOMEM;
	nla_for_each_nested(attr, nest, rem)
		if (nla_type(attr) == IRQWATCH_FRAME)
			(*frames)[(*nr)++] = nla_get_string(attr);
	return 0;
}

static int parse_sample(struct nlattr *nest, struct irqw_sample *s)
{
	struct nlattr *tb[IRQWATCH_SAMPLE_MAX + 1];
	uint8_t disabled;
	int ret;

	if (!nest_whole(nest) ||
	    nla_parse_nested(tb, IRQWATCH_SAMPLE_MAX, nest, sample_policy) < 0 ||
	    !irqw_has_all(tb, sample_policy, IRQWATCH_SAMPLE_MAX))
		return -EBADMSG;
	disabled = nla_get_u8(tb[IRQWATCH_SAMPLE_IRQS_DISABLED]);
	if (disabled > 1)
		return -EBADMSG;
	s->irqs_disabled = disabled;
	s->offset_ns = nla_get_u64(tb[IRQWATCH_SAMPLE_OFFSET_NS]);
	s->delay_ns = nla_get_u64(tb[IRQWATCH_SAMPLE_DELAY_NS]);
	ret = parse_task(tb[IRQWATCH_SAMPLE_TASK], &s->task);
	if (!ret && tb[IRQWATCH_SAMPLE_STACK])
		ret = parse_stack(tb[IRQWATCH_SAMPLE_STACK], &s->frames,
				  &s->nr_frames);
	return ret;
}

/* The repeated IRQWATCH_EV_SAMPLE nests of an event, in order. */
static int parse_samples(struct nlattr *nest, struct irqw_event *ev)
{
	struct nlattr *attr;
	size_t n = 0;
	int rem, ret;

	nla_for_each_nested(attr, nest, rem)
		if (nla_type(attr) == IRQWATCH_EV_SAMPLE)
			n++;
	if (!n)
		return 0;
	if (n > IRQW_SAMPLES_MAX)
		return -EBADMSG;
	ev->samples = calloc(n, sizeof(*ev->samples));
	if (!ev->samples)
		return -ENOMEM;
	nla_for_each_nested(attr, nest, rem) {
		if (nla_type(attr) != IRQWATCH_EV_SAMPLE)
			continue;
		/* counted first, so that a failure frees what it set */
		ret = parse_sample(attr, &ev->samples[ev->nr_samples++]);
		if (ret)
			return ret;
	}
	return 0;
}

static int parse_vec(struct nlattr *nest, struct irqw_vec *v)
{
	struct nlattr *tb[IRQWATCH_VEC_MAX + 1];

	if (!nest_whole(nest) ||
	    nla_parse_nested(tb, IRQWATCH_VEC_MAX, nest, vec_policy) < 0 ||
	    !irqw_has_all(tb, vec_policy, IRQWATCH_VEC_MAX))
		return -EBADMSG;
	v->vec = nla_get_u32(tb[IRQWATCH_VEC_ID]);
	v->count = nla_get_u64(tb[IRQWATCH_VEC_COUNT]);
	v->ns = nla_get_u64(tb[IRQWATCH_VEC_NS]);
	v->share = nla_get_u32(tb[IRQWATCH_VEC_SHARE]);
	return 0;
}

static int parse_napi(struct nlattr *nest, struct irqw_napi *n)
{
	struct nlattr *tb[IRQWATCH_NAPI_MAX + 1];

	if (!nest_whole(nest) ||
	    nla_parse_nested(tb, IRQWATCH_NAPI_MAX, nest, napi_policy) < 0 ||
	    !irqw_has_all(tb, napi_policy, IRQWATCH_NAPI_MAX))
		return -EBADMSG;
	n->dev = name_of(tb[IRQWATCH_NAPI_DEV]);
	n->polls = nla_get_u64(tb[IRQWATCH_NAPI_POLLS]);
	n->packets = nla_get_u64(tb[IRQWATCH_NAPI_PACKETS]);
	n->exhausted = nla_get_u64(tb[IRQWATCH_NAPI_EXHAUSTED]);
	return n->dev ? 0 : -EBADMSG;
}

/* An optional string: NULL when absent, and when empty (nothing said). */
static const char *opt_name(struct nlattr *attr)
{
	return attr ? name_of(attr) : NULL;
}

static int parse_irq(struct nlattr *nest, struct irqw_irq *q)
{
	struct nlattr *tb[IRQWATCH_IRQ_MAX + 1];

	if (!nest_whole(nest) ||
	    nla_parse_nested(tb, IRQWATCH_IRQ_MAX, nest, irq_parse_policy) < 0 ||
	    !irqw_has_all(tb, irq_policy, IRQWATCH_IRQ_MAX))
		return -EBADMSG;
	q->irq = nla_get_u32(tb[IRQWATCH_IRQ_NUM]);
	q->count = nla_get_u64(tb[IRQWATCH_IRQ_COUNT]);
	q->ns = nla_get_u64(tb[IRQWATCH_IRQ_NS]);
	q->rate = nla_get_u64(tb[IRQWATCH_IRQ_RATE]);
	q->share = nla_get_u32(tb[IRQWATCH_IRQ_SHARE]);
	q->name = opt_name(tb[IRQWATCH_IRQ_NAME]);
	q->affinity = opt_name(tb[IRQWATCH_IRQ_AFFINITY]);
	q->effective = opt_name(tb[IRQWATCH_IRQ_EFFECTIVE]);
	return 0;
}

/*
 * The repeated nests of attribute type among the event's attributes, each
 * parsed by parse into an element of size bytes of a new array *arr (NULL
 * for none), at most max of them; *nr counts those parsed, so that a
 * failure frees the array.
 */
static int parse_repeated(struct nlattr *nest, int type, size_t max,
			  size_t size, void *arr, size_t *nr,
			  int (*parse)(struct nlattr *, void *))
{
	struct nlattr *attr;
	size_t n = 0;
	char *p;
	int rem, ret;

	nla_for_each_nested(attr, nest, rem)
		if (nla_type(attr) == type)
			n++;
	if (!n)
		return 0;
	if (n > max)
		return -EBADMSG;
	p = calloc(n, size);
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

static int vec_cb(struct nlattr *nest, void *v)
{
	return parse_vec(nest, v);
}

static int napi_cb(struct nlattr *nest, void *n)
{
	return parse_napi(nest, n);
}

static int irq_cb(struct nlattr *nest, void *q)
{
	return parse_irq(nest, q);
}

static const struct nla_policy cpuload_policy[IRQWATCH_CPULOAD_MAX + 1] = {
	[IRQWATCH_CPULOAD_CPU]	= U32_POLICY,
	[IRQWATCH_CPULOAD_LOAD]	= U32_POLICY,
	[IRQWATCH_CPULOAD_IDLE]	= U32_POLICY,
};

static int cpuload_cb(struct nlattr *nest, void *arg)
{
	struct nlattr *tb[IRQWATCH_CPULOAD_MAX + 1];
	struct irqw_cpuload *c = arg;

	if (!nest_whole(nest) ||
	    nla_parse_nested(tb, IRQWATCH_CPULOAD_MAX, nest, cpuload_policy) < 0 ||
	    !irqw_has_all(tb, cpuload_policy, IRQWATCH_CPULOAD_MAX))
		return -EBADMSG;
	c->cpu = nla_get_u32(tb[IRQWATCH_CPULOAD_CPU]);
	c->load = nla_get_u32(tb[IRQWATCH_CPULOAD_LOAD]);
	c->idle = nla_get_u32(tb[IRQWATCH_CPULOAD_IDLE]);
	return 0;
}

/* The mean, stddev and median are mandatory; the hot CPU's figures not. */
static const struct nla_policy imb_policy[IRQWATCH_IMB_MAX + 1] = {
	[IRQWATCH_IMB_MEAN]	= U32_POLICY,
	[IRQWATCH_IMB_STDDEV]	= U32_POLICY,
	[IRQWATCH_IMB_MEDIAN]	= U32_POLICY,
};

static const struct nla_policy imb_parse_policy[IRQWATCH_IMB_MAX + 1] = {
	[IRQWATCH_IMB_HOT_CPU]	= U32_POLICY,
	[IRQWATCH_IMB_LOAD]	= U32_POLICY,
	[IRQWATCH_IMB_MEAN]	= U32_POLICY,
	[IRQWATCH_IMB_STDDEV]	= U32_POLICY,
	[IRQWATCH_IMB_MEDIAN]	= U32_POLICY,
	[IRQWATCH_IMB_OVER]	= U32_POLICY,
	[IRQWATCH_IMB_CPU]	= { .type = NLA_NESTED },
};

int irqw_imbalance_parse(struct nlattr *nest, struct irqw_imbalance *imb)
{
	struct nlattr *tb[IRQWATCH_IMB_MAX + 1];

	if (!nest_whole(nest) ||
	    nla_parse_nested(tb, IRQWATCH_IMB_MAX, nest, imb_parse_policy) < 0 ||
	    !irqw_has_all(tb, imb_policy, IRQWATCH_IMB_MAX))
		return -EBADMSG;
	imb->mean = nla_get_u32(tb[IRQWATCH_IMB_MEAN]);
	imb->stddev = nla_get_u32(tb[IRQWATCH_IMB_STDDEV]);
	imb->median = nla_get_u32(tb[IRQWATCH_IMB_MEDIAN]);
	irqw_opt_u32(tb[IRQWATCH_IMB_HOT_CPU], &imb->hot_cpu, &imb->has_hot_cpu);
	irqw_opt_u32(tb[IRQWATCH_IMB_LOAD], &imb->load, &imb->has_load);
	irqw_opt_u32(tb[IRQWATCH_IMB_OVER], &imb->over, &imb->has_over);
	return parse_repeated(nest, IRQWATCH_IMB_CPU, IRQW_LOADS_MAX,
			      sizeof(*imb->cpus), &imb->cpus, &imb->nr_cpus,
			      cpuload_cb);
}

/* A u32 enumeration: 0 is no value; values above the known ones are kept. */
static int get_enum(struct nlattr *attr, uint32_t *out, unsigned int bit,
		    struct irqw_event *ev)
{
	if (!attr)
		return 0;
	*out = nla_get_u32(attr);
	if (!*out)
		return -EBADMSG;
	ev->has |= bit;
	return 0;
}

/* A number the event has or not. */
#define GET_NUM(tb, type, get, member, bit) do {		\
		if ((tb)[type]) {				\
			ev->member = get((tb)[type]);		\
			ev->has |= (bit);			\
		}						\
	} while (0)

/*
 * What softirq_latency events add: the vector run, its wait and runtime,
 * who served it, who raised it and what ran while it waited.
 */
static int parse_latency(struct nlattr **tb, struct irqw_event *ev)
{
	GET_NUM(tb, IRQWATCH_EV_VECTOR, nla_get_u32, vector, IRQW_EV_VECTOR);
	GET_NUM(tb, IRQWATCH_EV_WAIT_NS, nla_get_u64, wait_ns, IRQW_EV_WAIT);
	GET_NUM(tb, IRQWATCH_EV_RUN_NS, nla_get_u64, run_ns, IRQW_EV_RUN);
	GET_NUM(tb, IRQWATCH_EV_WAIT_SOFTIRQ_NS, nla_get_u64, wait_softirq_ns,
		IRQW_EV_WAIT_SOFTIRQ);
	GET_NUM(tb, IRQWATCH_EV_WAIT_HARDIRQ_NS, nla_get_u64, wait_hardirq_ns,
		IRQW_EV_WAIT_HARDIRQ);
	GET_NUM(tb, IRQWATCH_EV_SUPPRESSED, nla_get_u32, suppressed,
		IRQW_EV_SUPPRESSED);
	if (get_enum(tb[IRQWATCH_EV_SERVED_BY], &ev->served_by,
		     IRQW_EV_SERVED_BY, ev))
		return -EBADMSG;
	if (tb[IRQWATCH_EV_RAISER]) {
		if (parse_task(tb[IRQWATCH_EV_RAISER], &ev->raiser))
			return -EBADMSG;
		ev->has |= IRQW_EV_RAISER;
	}
	return 0;
}

/*
 * What storm and imbalance events add: phase, trigger, figures, and the
 * repeated vectors, NAPI contexts and interrupt lines; a hardirq storm
 * names one line at most.
 */
static int parse_storm(struct nlattr *nest, struct nlattr **tb,
		       struct irqw_event *ev)
{
	int ret;

	if (get_enum(tb[IRQWATCH_EV_PHASE], &ev->phase, IRQW_EV_PHASE, ev) ||
	    get_enum(tb[IRQWATCH_EV_TRIGGER], &ev->trigger, IRQW_EV_TRIGGER, ev))
		return -EBADMSG;
	GET_NUM(tb, IRQWATCH_EV_INTERVALS, nla_get_u32, intervals,
		IRQW_EV_INTERVALS);
	GET_NUM(tb, IRQWATCH_EV_SHARE, nla_get_u32, share, IRQW_EV_SHARE);
	GET_NUM(tb, IRQWATCH_EV_RATE, nla_get_u64, rate, IRQW_EV_RATE);
	GET_NUM(tb, IRQWATCH_EV_KSOFTIRQD_SHARE, nla_get_u32, ksoftirqd_share,
		IRQW_EV_KSOFTIRQD_SHARE);
	ret = parse_repeated(nest, IRQWATCH_EV_VEC, IRQW_VECS_MAX,
			     sizeof(*ev->vecs), &ev->vecs, &ev->nr_vecs, vec_cb);
	if (!ret)
		ret = parse_repeated(nest, IRQWATCH_EV_NAPI, IRQW_NAPIS_MAX,
				     sizeof(*ev->napis), &ev->napis,
				     &ev->nr_napis, napi_cb);
	if (!ret)
		ret = parse_repeated(nest, IRQWATCH_EV_IRQ,
				     ev->type == IRQWATCH_EVENT_HARDIRQ_STORM ?
				     1 : IRQW_IRQS_MAX, sizeof(*ev->irqs),
				     &ev->irqs, &ev->nr_irqs, irq_cb);
	if (ret || !tb[IRQWATCH_EV_IMBALANCE])
		return ret;
	ev->has |= IRQW_EV_IMBALANCE;
	return irqw_imbalance_parse(tb[IRQWATCH_EV_IMBALANCE], &ev->imb);
}

/* The enumerations: 0 is no value; values above the known ones are kept. */
static int parse_enums(struct nlattr **tb, struct irqw_event *ev)
{
	if (tb[IRQWATCH_EV_CAUSE]) {
		ev->cause = nla_get_u32(tb[IRQWATCH_EV_CAUSE]);
		if (ev->cause == IRQWATCH_CAUSE_UNSPEC)
			return -EBADMSG;
		ev->has |= IRQW_EV_CAUSE;
	}
	if (tb[IRQWATCH_EV_CONTEXT]) {
		ev->context = nla_get_u32(tb[IRQWATCH_EV_CONTEXT]);
		if (ev->context == IRQWATCH_CONTEXT_UNSPEC)
			return -EBADMSG;
		ev->has |= IRQW_EV_CONTEXT;
	}
	if (tb[IRQWATCH_EV_SAMPLES_OMITTED]) {
		ev->samples_omitted = nla_get_u32(tb[IRQWATCH_EV_SAMPLES_OMITTED]);
		ev->has |= IRQW_EV_SAMPLES_OMITTED;
	}
	return 0;
}

int irqw_event_parse(struct nlattr *nest, struct irqw_event *ev)
{
	struct nlattr *tb[IRQWATCH_EV_MAX + 1];
	int ret;

	memset(ev, 0, sizeof(*ev));
	if (!nest_whole(nest) ||
	    nla_parse_nested(tb, IRQWATCH_EV_MAX, nest, event_policy) < 0 ||
	    !has_each(tb, event_required, ARRAY_SIZE(event_required)))
		return -EBADMSG;
	ev->seq = nla_get_u64(tb[IRQWATCH_EV_SEQ]);
	ev->type = nla_get_u32(tb[IRQWATCH_EV_TYPE]);
	if (!ev->seq || ev->type == IRQWATCH_EVENT_UNSPEC) {
		ret = -EBADMSG;
		goto cleanup;
	}
	ev->cpu = nla_get_u32(tb[IRQWATCH_EV_CPU]);
	ev->mono_ns = nla_get_u64(tb[IRQWATCH_EV_MONO_NS]);
	ev->real_ns = nla_get_u64(tb[IRQWATCH_EV_REAL_NS]);
	if (tb[IRQWATCH_EV_DURATION_NS]) {
		ev->duration_ns = nla_get_u64(tb[IRQWATCH_EV_DURATION_NS]);
		ev->has |= IRQW_EV_DURATION;
	}
	if (tb[IRQWATCH_EV_SYNTH_INDEX]) {
		ev->synth_index = nla_get_u64(tb[IRQWATCH_EV_SYNTH_INDEX]);
		ev->has |= IRQW_EV_SYNTH_INDEX;
	}
	ret = parse_enums(tb, ev);
	if (!ret)
		ret = parse_stall(tb, ev);
	if (!ret)
		ret = parse_softirqoff(tb, ev);
	if (!ret)
		ret = parse_latency(tb, ev);
	if (!ret)
		ret = parse_storm(nest, tb, ev);
	if (!ret && tb[IRQWATCH_EV_TASK]) {
		ret = parse_task(tb[IRQWATCH_EV_TASK], &ev->task);
		/* pid 0 without a name: no task (storm and imbalance events) */
		if (!ret && !ev->task.pid && !ev->task.tgid && !*ev->task.comm)
			ev->task.comm = NULL;
		else
			ev->has |= IRQW_EV_TASK;
	}
	if (!ret && tb[IRQWATCH_EV_STACK]) {
		ret = parse_stack(tb[IRQWATCH_EV_STACK], &ev->frames,
				  &ev->nr_frames);
		ev->has |= IRQW_EV_STACK;
	}
	if (!ret && tb[IRQWATCH_EV_SAMPLE])
		ret = parse_samples(nest, ev);
	/* the strings point into the message until the event owns them */
	if (!ret)
		ret = irqw_event_own(ev);
	if (!ret)
		return 0;
cleanup:
	irqw_event_free(ev);
	return ret;
}
