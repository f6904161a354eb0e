// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The event families and the fields of the event model as JSON members
 * (DESIGN.md section 3), both ways: put writes what record logs, get reads
 * it back. Each field is written only when the event has it, so the keys of
 * a line follow its family's field list in order.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <linux/irqwatch.h>

#include "family.h"
#include "fmt.h"
#include "human.h"
#include "jv.h"

#define UNUSED __attribute__((unused))

/*
 * Values written with json_object_new_(u)int64 are ints; a JSON int is.
 * json-c reads a negative one as 0 without an error: refused here.
 */
int irqw_json_get_u64(struct json_object *val, uint64_t *out)
{
	if (!val || !json_object_is_type(val, json_type_int) ||
	    json_object_get_int64(val) < 0)
		return -EBADMSG;
	errno = 0;
	*out = json_object_get_uint64(val);
	return errno ? -EBADMSG : 0;
}

/* The same for a value of either parser. */
static int get_u64(struct irqw_jv val, uint64_t *out)
{
	if (!irqw_jv_is(val, json_type_int) || irqw_jv_int64(val) < 0)
		return -EBADMSG;
	errno = 0;
	*out = irqw_jv_uint64(val);
	return errno ? -EBADMSG : 0;
}

static int get_u32(struct irqw_jv val, uint32_t *out)
{
	uint64_t v;

	if (get_u64(val, &v) || v > UINT32_MAX)
		return -EBADMSG;
	*out = (uint32_t)v;
	return 0;
}

static int get_str(struct irqw_jv val, const char **out)
{
	if (!irqw_jv_is(val, json_type_string))
		return -EBADMSG;
	*out = irqw_jv_string(val);
	return 0;
}

static int get_bool(struct irqw_jv val, bool *out)
{
	if (!irqw_jv_is(val, json_type_boolean))
		return -EBADMSG;
	*out = irqw_jv_bool(val);
	return 0;
}

#define member irqw_jv_member
#define P irqw_jv_present

/* The value of an enumeration whose names fn gives ("causeN" included). */
static int get_enum(struct irqw_jv val,
		    const char *(*fn)(uint32_t, char *), uint32_t *out)
{
	char buf[IRQW_NAME_LEN];
	const char *s;
	uint32_t v;

	if (get_str(val, &s))
		return -EBADMSG;
	for (v = 1; v < 256; v++)
		if (!strcmp(fn(v, buf), s)) {
			*out = v;
			return 0;
		}
	return -EBADMSG;
}

/* u64 members: one put and one get per field, from a table of offsets. */
struct u64_field {
	struct irqw_field f;
	unsigned int bit;	/* IRQW_EV_*: written if the event has it */
	bool nonzero;		/* and only when not 0 */
	size_t offset;		/* of the uint64_t or uint32_t in the event */
	bool is_u32;
};

#define U64_OF(f) ((const struct u64_field *)(f))

static int put_u64(struct json_object *obj, const struct irqw_field *f,
		   const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	const struct u64_field *u = U64_OF(f);
	const char *at = (const char *)ev + u->offset;
	uint64_t v = u->is_u32 ? *(const uint32_t *)at : *(const uint64_t *)at;

	if (!(ev->has & u->bit) || (u->nonzero && !v))
		return 0;
	return irqw_json_put_u64(obj, f->key, v);
}

#define U64_FIELD(name, key_, bit_, nonzero_, member_, get_)		\
	static int get_##name(struct irqw_jv, struct irqw_event *,	\
			      struct irqw_extra *);				\
	static const struct u64_field name = {				\
		.f = { .key = key_, .put = put_u64, .get = get_##name },	\
		.bit = bit_,							\
		.nonzero = nonzero_,						\
		.offset = offsetof(struct irqw_event, member_),		\
		.is_u32 = sizeof(((struct irqw_event *)0)->member_) == 4,	\
	};									\
	static int get_##name(struct irqw_jv val, struct irqw_event *ev,	\
			      struct irqw_extra *x UNUSED)			\
	{									\
		int ret = get_(val, &ev->member_);				\
		if (!ret)							\
			ev->has |= bit_;					\
		return ret;							\
	}

U64_FIELD(duration_field, "duration_ns", IRQW_EV_DURATION, false, duration_ns,
	  get_u64)
U64_FIELD(duration_max_field, "duration_max_ns", IRQW_EV_DURATION_MAX, false,
	  duration_max_ns, get_u64)
U64_FIELD(index_field, "index", IRQW_EV_SYNTH_INDEX, false, synth_index, get_u64)
U64_FIELD(irqoff_ns_field, "irqoff_ns", IRQW_EV_IRQOFF_NS, false, irqoff_ns,
	  get_u64)
U64_FIELD(related_field, "related_seq", IRQW_EV_RELATED_SEQ, false, related_seq,
	  get_u64)
U64_FIELD(omitted_field, "samples_omitted", IRQW_EV_SAMPLES_OMITTED, true,
	  samples_omitted, get_u32)
U64_FIELD(wait_field, "wait_ns", IRQW_EV_WAIT, false, wait_ns, get_u64)
U64_FIELD(run_field, "run_ns", IRQW_EV_RUN, false, run_ns, get_u64)
U64_FIELD(wait_softirq_field, "wait_softirq_ns", IRQW_EV_WAIT_SOFTIRQ, false,
	  wait_softirq_ns, get_u64)
U64_FIELD(wait_hardirq_field, "wait_hardirq_ns", IRQW_EV_WAIT_HARDIRQ, false,
	  wait_hardirq_ns, get_u64)
U64_FIELD(suppressed_field, "suppressed", IRQW_EV_SUPPRESSED, true,
	  suppressed, get_u32)
U64_FIELD(intervals_field, "intervals", IRQW_EV_INTERVALS, false, intervals,
	  get_u32)
U64_FIELD(rate_field, "rate", IRQW_EV_RATE, false, rate, get_u64)

/*
 * A share: ppm as the exact fraction irqw_format_fraction() writes
 * (0.634512); read back from any JSON number, rounded to the ppm.
 */
static int get_ppm(struct irqw_jv val, uint32_t *out)
{
	double d;

	if (!P(val) || (!irqw_jv_is(val, json_type_double) &&
			!irqw_jv_is(val, json_type_int)))
		return -EBADMSG;
	d = irqw_jv_double(val) * IRQWATCH_PPM + 0.5;
	if (!(d >= 0 && d < (double)UINT32_MAX + 1))
		return -EBADMSG;
	*out = (uint32_t)d;
	return 0;
}

struct ppm_field {
	struct irqw_field f;
	unsigned int bit;	/* IRQW_EV_* */
	size_t offset;		/* of the uint32_t in the event */
};

static int put_ppm(struct json_object *obj, const struct irqw_field *f,
		   const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	const struct ppm_field *p = (const struct ppm_field *)f;

	if (!(ev->has & p->bit))
		return 0;
	return irqw_json_put_ppm(obj, f->key,
				 *(const uint32_t *)((const char *)ev + p->offset));
}

#define PPM_FIELD(name, key_, bit_, member_)				\
	static int get_##name(struct irqw_jv, struct irqw_event *,	\
			      struct irqw_extra *);				\
	static const struct ppm_field name = {				\
		.f = { .key = key_, .put = put_ppm, .get = get_##name },	\
		.bit = bit_,							\
		.offset = offsetof(struct irqw_event, member_),		\
	};									\
	static int get_##name(struct irqw_jv val, struct irqw_event *ev,	\
			      struct irqw_extra *x UNUSED)			\
	{									\
		int ret = get_ppm(val, &ev->member_);				\
		if (!ret)							\
			ev->has |= bit_;					\
		return ret;							\
	}

PPM_FIELD(share_field, "share", IRQW_EV_SHARE, share)
PPM_FIELD(ksoftirqd_share_field, "ksoftirqd_share", IRQW_EV_KSOFTIRQD_SHARE,
	  ksoftirqd_share)

/* cause, context: enumerations, by the names fmt.c gives them */
struct enum_field {
	struct irqw_field f;
	unsigned int bit;	/* IRQW_EV_* */
	size_t offset;		/* of the uint32_t in the event */
	const char *(*name)(uint32_t value, char *buf);
};

#define ENUM_OF(f) ((const struct enum_field *)(f))

static int put_enum(struct json_object *obj, const struct irqw_field *f,
		    const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	const struct enum_field *e = ENUM_OF(f);
	char buf[IRQW_NAME_LEN];

	if (!(ev->has & e->bit))
		return 0;
	return irqw_json_put(obj, f->key, json_object_new_string(e->name(
		*(const uint32_t *)((const char *)ev + e->offset), buf)));
}

#define ENUM_FIELD(name_, key_, bit_, member_, names)			\
	static int get_##name_(struct irqw_jv, struct irqw_event *,	\
			       struct irqw_extra *);				\
	static const struct enum_field name_ = {			\
		.f = { .key = key_, .put = put_enum, .get = get_##name_ },	\
		.bit = bit_,							\
		.offset = offsetof(struct irqw_event, member_),		\
		.name = names,							\
	};									\
	static int get_##name_(struct irqw_jv val, struct irqw_event *ev,	\
			       struct irqw_extra *x UNUSED)			\
	{									\
		ev->has |= bit_;						\
		return get_enum(val, names, &ev->member_);			\
	}

ENUM_FIELD(cause_field, "cause", IRQW_EV_CAUSE, cause, irqw_cause_name)
ENUM_FIELD(context_field, "context", IRQW_EV_CONTEXT, context, irqw_context_name)
ENUM_FIELD(served_by_field, "served_by", IRQW_EV_SERVED_BY, served_by,
	   irqw_served_by_name)
ENUM_FIELD(phase_field, "phase", IRQW_EV_PHASE, phase, irqw_phase_name)
ENUM_FIELD(trigger_field, "trigger", IRQW_EV_TRIGGER, trigger,
	   irqw_trigger_name)

/* A softirq vector by name, "bit N" for one this tool cannot name. */
static int get_vec(struct irqw_jv val, uint32_t *out)
{
	char buf[IRQW_NAME_LEN];
	const char *name;
	unsigned int v;
	int n = 0;

	if (get_str(val, &name))
		return -EBADMSG;
	for (v = 0; v < __IRQWATCH_SOFTIRQ_MAX; v++)
		if (!strcmp(irqw_softirq_name(v, buf), name)) {
			*out = v;
			return 0;
		}
	if (sscanf(name, "bit %u%n", &v, &n) != 1 || name[n] ||
	    v < __IRQWATCH_SOFTIRQ_MAX || strcmp(irqw_softirq_name(v, buf), name))
		return -EBADMSG;
	*out = v;
	return 0;
}

/* vector: the softirq vector of a softirq_latency event */
static int put_vector(struct json_object *obj, const struct irqw_field *f,
		      const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	char buf[IRQW_NAME_LEN];

	if (!(ev->has & IRQW_EV_VECTOR))
		return 0;
	return irqw_json_put(obj, f->key, json_object_new_string(
		irqw_softirq_name(ev->vector, buf)));
}

static int get_vector(struct irqw_jv val, struct irqw_event *ev,
		      struct irqw_extra *x UNUSED)
{
	ev->has |= IRQW_EV_VECTOR;
	return get_vec(val, &ev->vector);
}

static const struct irqw_field vector_field = {
	"vector", put_vector, get_vector,
};

/*
 * pending: the softirq vectors of a softirqoff window, by name in bit order;
 * a bit this tool cannot name is "bit N", so that none is lost
 */
static int put_pending(struct json_object *obj, const struct irqw_field *f,
		       const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	struct json_object *arr;
	char buf[IRQW_NAME_LEN];
	uint32_t bit;

	if (!(ev->has & IRQW_EV_PENDING))
		return 0;
	arr = json_object_new_array();
	if (irqw_json_put(obj, f->key, arr))
		return -ENOMEM;
	for (bit = 0; bit < 32; bit++)
		if (ev->pending & 1U << bit &&
		    irqw_json_append(arr, json_object_new_string(
				irqw_softirq_name(bit, buf))))
			return -ENOMEM;
	return 0;
}

static int get_pending(struct irqw_jv val, struct irqw_event *ev,
		       struct irqw_extra *x UNUSED)
{
	char buf[IRQW_NAME_LEN];
	const char *name;
	uint32_t bit;
	size_t i, n;

	if (!irqw_jv_is(val, json_type_array))
		return -EBADMSG;
	n = irqw_jv_len(val);
	ev->pending = 0;
	for (i = 0; i < n; i++) {
		if (get_str(irqw_jv_idx(val, i), &name))
			return -EBADMSG;
		for (bit = 0; bit < 32; bit++)
			if (!strcmp(irqw_softirq_name(bit, buf), name))
				break;
		if (bit == 32)
			return -EBADMSG;
		ev->pending |= 1U << bit;
	}
	ev->has |= IRQW_EV_PENDING;
	return 0;
}

static const struct irqw_field pending_field = {
	"pending", put_pending, get_pending,
};

/* probe, cache: names of stall events, NULL when not said */
struct name_field {
	struct irqw_field f;
	size_t offset;		/* of the const char * in the event */
};

#define NAME_AT(f, ev) \
	((const char **)((const char *)(ev) + ((const struct name_field *)(f))->offset))

static int put_name(struct json_object *obj, const struct irqw_field *f,
		    const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	const char *name = *NAME_AT(f, ev);

	return name ? irqw_json_put_string(obj, f->key, name) : 0;
}

static int get_probe(struct irqw_jv val, struct irqw_event *ev,
		     struct irqw_extra *x UNUSED)
{
	return get_str(val, &ev->probe);
}

static int get_cache(struct irqw_jv val, struct irqw_event *ev,
		     struct irqw_extra *x UNUSED)
{
	return get_str(val, &ev->cache);
}

static const struct name_field probe_field = {
	{ "probe", put_name, get_probe }, offsetof(struct irqw_event, probe),
};
static const struct name_field cache_field = {
	{ "cache", put_name, get_cache }, offsetof(struct irqw_event, cache),
};

/* slab: what the host read about the cache */
static int put_slab(struct json_object *obj, const struct irqw_field *f,
		    const struct irqw_event *ev, const struct irqw_extra *x)
{
	struct json_object *slab;

	if (!ev->cache || !x || !x->has_slab)
		return 0;
	slab = json_object_new_object();
	if (irqw_json_put(obj, f->key, slab) ||
	    irqw_json_put_u64(slab, "total_objects", x->slab_objects) ||
	    irqw_json_put_u64(slab, "partial", x->slab_partial))
		return -ENOMEM;
	return 0;
}

static int get_slab(struct irqw_jv val, struct irqw_event *ev UNUSED,
		    struct irqw_extra *x)
{
	struct irqw_jv o, p;

	o = member(val, "total_objects");
	p = member(val, "partial");
	if (!P(o) || !P(p) || get_u64(o, &x->slab_objects) ||
	    get_u64(p, &x->slab_partial))
		return -EBADMSG;
	x->has_slab = true;
	return 0;
}

static const struct irqw_field slab_field = { "slab", put_slab, get_slab };

/* irqs_off: interrupts off at the call's entry and exit */
static int put_irqs_off(struct json_object *obj, const struct irqw_field *f,
			const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	struct json_object *o;

	if (!(ev->has & IRQW_EV_IRQS_OFF))
		return 0;
	o = json_object_new_object();
	if (irqw_json_put(obj, f->key, o) ||
	    irqw_json_put(o, "entry", json_object_new_boolean(
			ev->irqs_off & IRQWATCH_IRQS_OFF_ENTRY)) ||
	    irqw_json_put(o, "exit", json_object_new_boolean(
			ev->irqs_off & IRQWATCH_IRQS_OFF_EXIT)))
		return -ENOMEM;
	return 0;
}

static int get_irqs_off(struct irqw_jv val, struct irqw_event *ev,
			struct irqw_extra *x UNUSED)
{
	struct irqw_jv e = member(val, "entry"), x_ = member(val, "exit");
	bool entry, exit_;

	if (!P(e) || !P(x_) || get_bool(e, &entry) || get_bool(x_, &exit_))
		return -EBADMSG;
	ev->irqs_off = (entry ? IRQWATCH_IRQS_OFF_ENTRY : 0) |
		       (exit_ ? IRQWATCH_IRQS_OFF_EXIT : 0);
	ev->has |= IRQW_EV_IRQS_OFF;
	return 0;
}

static const struct irqw_field irqs_off_field = {
	"irqs_off", put_irqs_off, get_irqs_off,
};

/* within: the stall probe call an irqoff window ended in */
static int put_within(struct json_object *obj, const struct irqw_field *f,
		      const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	struct json_object *within;
	char buf[IRQW_NAME_LEN];

	if (!(ev->has & IRQW_EV_WITHIN))
		return 0;
	within = json_object_new_object();
	if (irqw_json_put(obj, f->key, within) ||
	    irqw_json_put_string(within, "probe", ev->within.symbol) ||
	    irqw_json_put(within, "kind", json_object_new_string(
			irqw_probe_kind_name(ev->within.kind, buf))))
		return -ENOMEM;
	return 0;
}

static int get_within(struct irqw_jv val, struct irqw_event *ev,
		      struct irqw_extra *x UNUSED)
{
	struct irqw_jv p = member(val, "probe"), k = member(val, "kind");

	if (!P(p) || !P(k) || get_str(p, &ev->within.symbol) ||
	    get_enum(k, irqw_probe_kind_name, &ev->within.kind))
		return -EBADMSG;
	ev->has |= IRQW_EV_WITHIN;
	return 0;
}

static const struct irqw_field within_field = {
	"within", put_within, get_within,
};

/* vectors: a softirq storm's breakdown per vector */
static int put_vecs(struct json_object *obj, const struct irqw_field *f,
		    const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	struct json_object *arr, *o;
	char buf[IRQW_NAME_LEN];
	size_t i;

	if (!ev->nr_vecs)
		return 0;
	arr = json_object_new_array();
	if (irqw_json_put(obj, f->key, arr))
		return -ENOMEM;
	for (i = 0; i < ev->nr_vecs; i++) {
		o = json_object_new_object();
		if (irqw_json_append(arr, o) ||
		    irqw_json_put(o, "vector", json_object_new_string(
				irqw_softirq_name(ev->vecs[i].vec, buf))) ||
		    irqw_json_put_u64(o, "count", ev->vecs[i].count) ||
		    irqw_json_put_u64(o, "ns", ev->vecs[i].ns) ||
		    irqw_json_put_ppm(o, "share", ev->vecs[i].share))
			return -ENOMEM;
	}
	return 0;
}

/*
 * A JSON array of at most max objects into a new array *arr of elements
 * of size bytes, each read by get; *nr counts those read, so that a
 * failure frees the array.
 */
static int get_array(struct irqw_jv val, size_t max, size_t size,
		     void *arr, size_t *nr,
		     int (*get)(struct irqw_jv, void *))
{
	size_t i, len;
	char *p;
	int ret;

	if (!irqw_jv_is(val, json_type_array))
		return -EBADMSG;
	len = irqw_jv_len(val);
	if (len > max)
		return -EBADMSG;
	if (!len)
		return 0;
	p = calloc(len, size);
	if (!p)
		return -ENOMEM;
	memcpy(arr, &p, sizeof(p));
	for (i = 0; i < len; i++) {
		struct irqw_jv o = irqw_jv_idx(val, i);

		if (!irqw_jv_is(o, json_type_object))
			return -EBADMSG;
		ret = get(o, p + size * (*nr)++);
		if (ret)
			return ret;
	}
	return 0;
}

static int get_vec_obj(struct irqw_jv o, void *arg)
{
	struct irqw_vec *v = arg;
	struct irqw_jv vec = member(o, "vector"), count = member(o, "count");
	struct irqw_jv ns = member(o, "ns"), share = member(o, "share");

	if (!P(vec) || !P(count) || !P(ns) || !P(share) || get_vec(vec, &v->vec) ||
	    get_u64(count, &v->count) || get_u64(ns, &v->ns) ||
	    get_ppm(share, &v->share))
		return -EBADMSG;
	return 0;
}

static int get_vecs(struct irqw_jv val, struct irqw_event *ev,
		    struct irqw_extra *x UNUSED)
{
	return get_array(val, IRQW_VECS_MAX, sizeof(*ev->vecs), &ev->vecs,
			 &ev->nr_vecs, get_vec_obj);
}

static const struct irqw_field vecs_field = { "vectors", put_vecs, get_vecs };

/* napi: a softirq storm's NAPI contexts */
static int put_napis(struct json_object *obj, const struct irqw_field *f,
		     const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	const struct irqw_napi *n;
	struct json_object *arr, *o;
	size_t i;

	if (!ev->nr_napis)
		return 0;
	arr = json_object_new_array();
	if (irqw_json_put(obj, f->key, arr))
		return -ENOMEM;
	for (i = 0; i < ev->nr_napis; i++) {
		n = &ev->napis[i];
		o = json_object_new_object();
		if (irqw_json_append(arr, o) ||
		    irqw_json_put_string(o, "dev", n->dev) ||
		    irqw_json_put_u64(o, "polls", n->polls) ||
		    irqw_json_put_u64(o, "packets", n->packets) ||
		    irqw_json_put_u64(o, "exhausted", n->exhausted))
			return -ENOMEM;
	}
	return 0;
}

static int get_napi_obj(struct irqw_jv o, void *arg)
{
	struct irqw_napi *n = arg;
	struct irqw_jv dev = member(o, "dev"), polls = member(o, "polls");
	struct irqw_jv packets = member(o, "packets");
	struct irqw_jv exhausted = member(o, "exhausted");

	if (!P(dev) || !P(polls) || !P(packets) || !P(exhausted) || get_str(dev, &n->dev) ||
	    get_u64(polls, &n->polls) || get_u64(packets, &n->packets) ||
	    get_u64(exhausted, &n->exhausted))
		return -EBADMSG;
	return 0;
}

static int get_napis(struct irqw_jv val, struct irqw_event *ev,
		     struct irqw_extra *x UNUSED)
{
	return get_array(val, IRQW_NAPIS_MAX, sizeof(*ev->napis), &ev->napis,
			 &ev->nr_napis, get_napi_obj);
}

static const struct irqw_field napis_field = { "napi", put_napis, get_napis };

/* irq (hardirq storms: the line), irqs (imbalance: the hot CPU's busiest) */
static int put_irq_obj(struct json_object *o, const struct irqw_irq *q)
{
	if (irqw_json_put_u64(o, "irq", q->irq) ||
	    (q->name && irqw_json_put_string(o, "name", q->name)) ||
	    irqw_json_put_u64(o, "count", q->count) ||
	    irqw_json_put_u64(o, "ns", q->ns) ||
	    irqw_json_put_u64(o, "rate", q->rate) ||
	    irqw_json_put_ppm(o, "share", q->share) ||
	    (q->affinity && irqw_json_put_string(o, "affinity", q->affinity)) ||
	    (q->effective &&
	     irqw_json_put_string(o, "effective_affinity", q->effective)))
		return -ENOMEM;
	return 0;
}

static int get_irq_obj(struct irqw_jv o, void *arg)
{
	struct irqw_irq *q = arg;
	struct irqw_jv irq = member(o, "irq"), count = member(o, "count");
	struct irqw_jv ns = member(o, "ns"), rate = member(o, "rate");
	struct irqw_jv share = member(o, "share"), m;

	if (!P(irq) || !P(count) || !P(ns) || !P(rate) || !P(share) || get_u32(irq, &q->irq) ||
	    get_u64(count, &q->count) || get_u64(ns, &q->ns) ||
	    get_u64(rate, &q->rate) || get_ppm(share, &q->share))
		return -EBADMSG;
	if (P(m = member(o, "name")) && get_str(m, &q->name))
		return -EBADMSG;
	if (P(m = member(o, "affinity")) && get_str(m, &q->affinity))
		return -EBADMSG;
	if (P(m = member(o, "effective_affinity")) && get_str(m, &q->effective))
		return -EBADMSG;
	return 0;
}

static int put_irq(struct json_object *obj, const struct irqw_field *f,
		   const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	struct json_object *o;

	if (!ev->nr_irqs)
		return 0;
	o = json_object_new_object();
	if (irqw_json_put(obj, f->key, o))
		return -ENOMEM;
	return put_irq_obj(o, &ev->irqs[0]);
}

static int get_irq(struct irqw_jv val, struct irqw_event *ev,
		   struct irqw_extra *x UNUSED)
{
	if (!irqw_jv_is(val, json_type_object))
		return -EBADMSG;
	ev->irqs = calloc(1, sizeof(*ev->irqs));
	if (!ev->irqs)
		return -ENOMEM;
	ev->nr_irqs = 1;
	return get_irq_obj(val, ev->irqs);
}

static const struct irqw_field irq_field = { "irq", put_irq, get_irq };

static int put_irqs(struct json_object *obj, const struct irqw_field *f,
		    const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	struct json_object *arr, *o;
	size_t i;

	if (!ev->nr_irqs)
		return 0;
	arr = json_object_new_array();
	if (irqw_json_put(obj, f->key, arr))
		return -ENOMEM;
	for (i = 0; i < ev->nr_irqs; i++) {
		o = json_object_new_object();
		if (irqw_json_append(arr, o) || put_irq_obj(o, &ev->irqs[i]))
			return -ENOMEM;
	}
	return 0;
}

static int get_irqs(struct irqw_jv val, struct irqw_event *ev,
		    struct irqw_extra *x UNUSED)
{
	return get_array(val, IRQW_IRQS_MAX, sizeof(*ev->irqs), &ev->irqs,
			 &ev->nr_irqs, get_irq_obj);
}

static const struct irqw_field irqs_field = { "irqs", put_irqs, get_irqs };

/*
 * The imbalance check of an irq_imbalance event (IRQWATCH_EV_IMBALANCE):
 * its members stand at the event's top level, each a field of its own
 * that reads back into ev->imb; the nest's mean, stddev and median are
 * always written, the hot CPU's figures when the module sent them.
 */
struct imb_field {
	struct irqw_field f;
	size_t offset;		/* of the uint32_t in struct irqw_imbalance */
	size_t has;		/* of its bool (never the first member); 0: always there */
	bool ppm;		/* a share, else a count or CPU */
};

#define IMB_OF(f) ((const struct imb_field *)(f))

static int put_imb(struct json_object *obj, const struct irqw_field *f,
		   const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	const struct imb_field *m = IMB_OF(f);
	const char *imb = (const char *)&ev->imb;
	uint32_t v;

	if (!(ev->has & IRQW_EV_IMBALANCE) ||
	    (m->has && !*(const bool *)(imb + m->has)))
		return 0;
	memcpy(&v, imb + m->offset, sizeof(v));
	return m->ppm ? irqw_json_put_ppm(obj, f->key, v) :
			irqw_json_put_u64(obj, f->key, v);
}

static int get_imb(struct irqw_jv val, struct irqw_event *ev,
		   const struct irqw_field *f)
{
	const struct imb_field *m = IMB_OF(f);
	char *imb = (char *)&ev->imb;
	uint32_t v;

	if (m->ppm ? get_ppm(val, &v) : get_u32(val, &v))
		return -EBADMSG;
	memcpy(imb + m->offset, &v, sizeof(v));
	if (m->has)
		*(bool *)(imb + m->has) = true;
	ev->has |= IRQW_EV_IMBALANCE;
	return 0;
}

#define IMB_FIELD(name, key_, member_, has_, ppm_)			\
	static int get_##name(struct irqw_jv, struct irqw_event *,	\
			      struct irqw_extra *);				\
	static const struct imb_field name = {				\
		.f = { .key = key_, .put = put_imb, .get = get_##name },	\
		.offset = offsetof(struct irqw_imbalance, member_),		\
		.has = has_,							\
		.ppm = ppm_,							\
	};									\
	static int get_##name(struct irqw_jv val, struct irqw_event *ev,	\
			      struct irqw_extra *x UNUSED)			\
	{									\
		return get_imb(val, ev, &name.f);				\
	}

_Static_assert(offsetof(struct irqw_imbalance, has_hot_cpu) > 0,
	       "0 is no has flag in struct imb_field");

IMB_FIELD(hot_cpu_field, "hot_cpu", hot_cpu,
	  offsetof(struct irqw_imbalance, has_hot_cpu), false)
IMB_FIELD(load_field, "load", load, offsetof(struct irqw_imbalance, has_load),
	  true)
IMB_FIELD(mean_field, "mean", mean, 0, true)
IMB_FIELD(stddev_field, "stddev", stddev, 0, true)
IMB_FIELD(median_field, "median", median, 0, true)
IMB_FIELD(over_field, "over", over, offsetof(struct irqw_imbalance, has_over),
	  false)

/* cpus: every watched CPU's load and idle time at the check */
static int put_loads(struct json_object *obj, const struct irqw_field *f,
		     const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	if (!(ev->has & IRQW_EV_IMBALANCE))
		return 0;
	return irqw_json_put_loads(obj, f->key, &ev->imb);
}

static int get_load_obj(struct irqw_jv o, void *arg)
{
	struct irqw_cpuload *c = arg;
	struct irqw_jv cpu = member(o, "cpu"), load = member(o, "load");
	struct irqw_jv idle = member(o, "idle");

	if (!P(cpu) || !P(load) || !P(idle) || get_u32(cpu, &c->cpu) ||
	    get_ppm(load, &c->load) || get_ppm(idle, &c->idle))
		return -EBADMSG;
	return 0;
}

static int get_loads(struct irqw_jv val, struct irqw_event *ev,
		     struct irqw_extra *x UNUSED)
{
	ev->has |= IRQW_EV_IMBALANCE;
	return get_array(val, IRQW_LOADS_MAX, sizeof(*ev->imb.cpus),
			 &ev->imb.cpus, &ev->imb.nr_cpus, get_load_obj);
}

static const struct irqw_field loads_field = { "cpus", put_loads, get_loads };

/* raiser: the task running when a softirq_latency event's vector was raised */
static int put_raiser(struct json_object *obj, const struct irqw_field *f,
		      const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	struct json_object *o;

	if (!(ev->has & IRQW_EV_RAISER))
		return 0;
	o = json_object_new_object();
	if (irqw_json_put(obj, f->key, o) ||
	    irqw_json_put_u64(o, "pid", ev->raiser.pid) ||
	    irqw_json_put_u64(o, "tgid", ev->raiser.tgid) ||
	    irqw_json_put_string(o, "comm", ev->raiser.comm))
		return -ENOMEM;
	return 0;
}

static int get_raiser(struct irqw_jv val, struct irqw_event *ev,
		      struct irqw_extra *x UNUSED)
{
	struct irqw_jv pid = member(val, "pid"), tgid = member(val, "tgid");
	struct irqw_jv comm = member(val, "comm");

	if (!P(pid) || !P(tgid) || !P(comm) || get_u32(pid, &ev->raiser.pid) ||
	    get_u32(tgid, &ev->raiser.tgid) || get_str(comm, &ev->raiser.comm))
		return -EBADMSG;
	ev->has |= IRQW_EV_RAISER;
	return 0;
}

static const struct irqw_field raiser_field = { "raiser", put_raiser, get_raiser };

/* task: the event's task, with the caller's parent and its cgroup path */
static int put_task_obj(struct json_object *obj, const struct irqw_task *t,
			const struct irqw_task *parent, const char *cgroup)
{
	struct json_object *task = json_object_new_object(), *p;

	if (irqw_json_put(obj, "task", task) ||
	    irqw_json_put(task, "pid", json_object_new_int64(t->pid)) ||
	    irqw_json_put(task, "tgid", json_object_new_int64(t->tgid)) ||
	    irqw_json_put_string(task, "comm", t->comm) ||
	    (t->has_uid && irqw_json_put_u64(task, "uid", t->uid)) ||
	    (t->has_cgroup_id && irqw_json_put_u64(task, "cgroup_id", t->cgroup_id)) ||
	    (t->has_cgroup_id && cgroup && irqw_json_put_string(task, "cgroup", cgroup)))
		return -ENOMEM;
	if (!parent)
		return 0;
	p = json_object_new_object();
	if (irqw_json_put(task, "parent", p) ||
	    irqw_json_put(p, "pid", json_object_new_int64(parent->pid)) ||
	    irqw_json_put_string(p, "comm", parent->comm))
		return -ENOMEM;
	return 0;
}

/* The members of a task; the log has no tgid, uid or cgroup of a parent. */
static int get_task_obj(struct irqw_jv val, struct irqw_task *t,
			struct irqw_task *parent, bool *has_parent,
			const char **cgroup)
{
	struct irqw_jv pid = member(val, "pid"), tgid = member(val, "tgid");
	struct irqw_jv comm = member(val, "comm"), m;

	if (!P(pid) || !P(tgid) || !P(comm) || get_u32(pid, &t->pid) ||
	    get_u32(tgid, &t->tgid) || get_str(comm, &t->comm))
		return -EBADMSG;
	if (P(m = member(val, "uid"))) {
		if (get_u32(m, &t->uid))
			return -EBADMSG;
		t->has_uid = true;
	}
	if (P(m = member(val, "cgroup_id"))) {
		if (get_u64(m, &t->cgroup_id))
			return -EBADMSG;
		t->has_cgroup_id = true;
	}
	if (cgroup && P(m = member(val, "cgroup")) && get_str(m, cgroup))
		return -EBADMSG;
	if (!parent || !P(m = member(val, "parent")))
		return 0;
	pid = member(m, "pid");
	comm = member(m, "comm");
	if (!P(pid) || !P(comm) || get_u32(pid, &parent->pid) ||
	    get_str(comm, &parent->comm))
		return -EBADMSG;
	*has_parent = true;
	return 0;
}

static int put_task(struct json_object *obj, const struct irqw_field *f UNUSED,
		    const struct irqw_event *ev, const struct irqw_extra *x)
{
	if (!(ev->has & IRQW_EV_TASK))
		return 0;
	return put_task_obj(obj, &ev->task,
			    ev->has & IRQW_EV_PARENT ? &ev->parent : NULL,
			    x ? x->cgroup : NULL);
}

static int get_task(struct irqw_jv val, struct irqw_event *ev,
		    struct irqw_extra *x)
{
	bool has_parent = false;
	int ret;

	ret = get_task_obj(val, &ev->task, &ev->parent, &has_parent, &x->cgroup);
	if (ret)
		return ret;
	ev->has |= IRQW_EV_TASK | (has_parent ? IRQW_EV_PARENT : 0);
	return 0;
}

static const struct irqw_field task_field = { "task", put_task, get_task };

/* stack: frames, innermost first; an event without frames has no member */
static int put_frames(struct json_object *obj, const char *const *frames,
		      size_t n)
{
	struct json_object *stack = json_object_new_array();
	size_t i;

	if (irqw_json_put(obj, "stack", stack))
		return -ENOMEM;
	for (i = 0; i < n; i++)
		if (irqw_json_append_string(stack, frames[i]))
			return -ENOMEM;
	return 0;
}

static int get_frames(struct irqw_jv val, const char ***frames, size_t *n)
{
	size_t i;

	if (!irqw_jv_is(val, json_type_array))
		return -EBADMSG;
	*n = irqw_jv_len(val);
	if (*n > IRQW_FRAMES_MAX)
		return -EBADMSG;
	*frames = *n ? calloc(*n, sizeof(**frames)) : NULL;
	if (*n && !*frames) {
		*n = 0;
		return -ENOMEM;
	}
	for (i = 0; i < *n; i++)
		if (get_str(irqw_jv_idx(val, i), &(*frames)[i]))
			return -EBADMSG;
	return 0;
}

static int put_stack(struct json_object *obj, const struct irqw_field *f UNUSED,
		     const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	return ev->nr_frames ? put_frames(obj, ev->frames, ev->nr_frames) : 0;
}

static int get_stack(struct irqw_jv val, struct irqw_event *ev,
		     struct irqw_extra *x UNUSED)
{
	ev->has |= IRQW_EV_STACK;
	return get_frames(val, &ev->frames, &ev->nr_frames);
}

static const struct irqw_field stack_field = { "stack", put_stack, get_stack };

/* samples: the in-window samples of an irqoff or softirqoff window */
static int put_sample(struct json_object *arr, const struct irqw_sample *sample)
{
	struct json_object *s = json_object_new_object();

	if (irqw_json_append(arr, s) ||
	    irqw_json_put_u64(s, "offset_ns", sample->offset_ns) ||
	    irqw_json_put(s, "irqs_disabled",
			  json_object_new_boolean(sample->irqs_disabled)) ||
	    irqw_json_put_u64(s, "delay_ns", sample->delay_ns) ||
	    put_task_obj(s, &sample->task, NULL, NULL) ||
	    (sample->nr_frames && put_frames(s, sample->frames, sample->nr_frames)))
		return -ENOMEM;
	return 0;
}

static int put_samples(struct json_object *obj, const struct irqw_field *f,
		       const struct irqw_event *ev, const struct irqw_extra *x UNUSED)
{
	struct json_object *arr;
	size_t i;

	if (!ev->nr_samples)
		return 0;
	arr = json_object_new_array();
	if (irqw_json_put(obj, f->key, arr))
		return -ENOMEM;
	for (i = 0; i < ev->nr_samples; i++)
		if (put_sample(arr, &ev->samples[i]))
			return -ENOMEM;
	return 0;
}

static int get_sample(struct irqw_jv val, struct irqw_sample *s)
{
	struct irqw_jv off = member(val, "offset_ns"), task, stack;
	struct irqw_jv dis = member(val, "irqs_disabled");
	struct irqw_jv delay = member(val, "delay_ns");

	task = member(val, "task");
	if (!P(off) || !P(dis) || !P(delay) || !P(task) || get_u64(off, &s->offset_ns) ||
	    get_bool(dis, &s->irqs_disabled) || get_u64(delay, &s->delay_ns) ||
	    get_task_obj(task, &s->task, NULL, NULL, NULL))
		return -EBADMSG;
	stack = member(val, "stack");
	return P(stack) ? get_frames(stack, &s->frames, &s->nr_frames) : 0;
}

static int get_samples(struct irqw_jv val, struct irqw_event *ev,
		       struct irqw_extra *x UNUSED)
{
	size_t i, len;
	int ret;

	if (!irqw_jv_is(val, json_type_array))
		return -EBADMSG;
	len = irqw_jv_len(val);
	if (len > IRQW_SAMPLES_MAX)
		return -EBADMSG;
	if (!len)
		return 0;
	ev->samples = calloc(len, sizeof(*ev->samples));
	if (!ev->samples)
		return -ENOMEM;
	/* each counted before it is read, so that a failure frees it too */
	ret = 0;
	for (i = 0; !ret && i < len; i++)
		ret = get_sample(irqw_jv_idx(val, i),
				 &ev->samples[ev->nr_samples++]);
	return ret;
}

static const struct irqw_field samples_field = {
	"samples", put_samples, get_samples,
};

const struct irqw_field *const irqw_tail_fields[] = {
	&task_field, &stack_field, &samples_field, &omitted_field.f, NULL,
};

/* The families. A new event type: its fields in JSON order, and its text. */
static const struct irqw_field *const synthetic_fields[] = {
	&duration_field.f, &index_field.f, NULL,
};

static const struct irqw_field *const irqoff_fields[] = {
	&duration_field.f, &cause_field.f, &context_field.f, &within_field, NULL,
};

static const struct irqw_field *const softirqoff_fields[] = {
	&duration_field.f, &duration_max_field.f, &cause_field.f,
	&context_field.f, &pending_field, NULL,
};

static const struct irqw_field *const latency_fields[] = {
	&duration_field.f, &vector_field, &wait_field.f, &run_field.f,
	&served_by_field.f, &raiser_field, &wait_softirq_field.f,
	&wait_hardirq_field.f, &suppressed_field.f, NULL,
};

static const struct irqw_field *const softirq_storm_fields[] = {
	&duration_field.f, &phase_field.f, &trigger_field.f,
	&intervals_field.f, &share_field.f, &ksoftirqd_share_field.f,
	&vecs_field, &napis_field, NULL,
};

static const struct irqw_field *const hardirq_storm_fields[] = {
	&duration_field.f, &phase_field.f, &trigger_field.f,
	&intervals_field.f, &share_field.f, &rate_field.f, &irq_field, NULL,
};

static const struct irqw_field *const imbalance_fields[] = {
	&duration_field.f, &phase_field.f, &trigger_field.f,
	&intervals_field.f, &hot_cpu_field.f, &load_field.f, &mean_field.f,
	&stddev_field.f, &median_field.f, &over_field.f, &loads_field,
	&irqs_field, NULL,
};

static const struct irqw_field *const stall_fields[] = {
	&duration_field.f, &probe_field.f, &cache_field.f, &slab_field,
	&irqs_off_field, &irqoff_ns_field.f, &related_field.f, NULL,
};

/* every field, in the order of the JSON of every type */
static const struct irqw_field *const generic_fields[] = {
	&duration_field.f, &duration_max_field.f, &index_field.f,
	&cause_field.f, &context_field.f, &pending_field, &probe_field.f,
	&cache_field.f, &slab_field, &irqs_off_field, &irqoff_ns_field.f,
	&related_field.f, &within_field, &vector_field, &wait_field.f,
	&run_field.f, &served_by_field.f, &raiser_field, &wait_softirq_field.f,
	&wait_hardirq_field.f, &suppressed_field.f, &phase_field.f,
	&trigger_field.f, &intervals_field.f, &share_field.f, &rate_field.f,
	&ksoftirqd_share_field.f, &vecs_field, &napis_field, &hot_cpu_field.f,
	&load_field.f, &mean_field.f, &stddev_field.f, &median_field.f,
	&over_field.f, &loads_field, &irqs_field, NULL,
};

static const struct irqw_family families[] = {
	{ IRQWATCH_EVENT_SYNTHETIC, "synthetic", synthetic_fields,
	  irqw_human_window },
	{ IRQWATCH_EVENT_IRQOFF, "irqoff", irqoff_fields, irqw_human_window },
	{ IRQWATCH_EVENT_SOFTIRQOFF, "softirqoff", softirqoff_fields,
	  irqw_human_window },
	{ IRQWATCH_EVENT_STALL, "stall", stall_fields, irqw_human_stall },
	{ IRQWATCH_EVENT_SOFTIRQ_LATENCY, "softirq_latency", latency_fields,
	  irqw_human_latency },
	{ IRQWATCH_EVENT_SOFTIRQ_STORM, "softirq_storm", softirq_storm_fields,
	  irqw_human_storm },
	{ IRQWATCH_EVENT_HARDIRQ_STORM, "hardirq_storm", hardirq_storm_fields,
	  irqw_human_storm },
	{ IRQWATCH_EVENT_IRQ_IMBALANCE, "irq_imbalance", imbalance_fields,
	  irqw_human_imbalance },
};

static const struct irqw_family generic = {
	IRQWATCH_EVENT_UNSPEC, NULL, generic_fields, irqw_human_window,
};

const struct irqw_family *irqw_family_of(uint32_t type)
{
	size_t i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (families[i].type == type)
			return &families[i];
	return &generic;
}

const struct irqw_family *irqw_family_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (!strcmp(families[i].name, name))
			return &families[i];
	return NULL;
}

static int put_fields(const struct irqw_field *const *f,
		      struct json_object *obj, const struct irqw_event *ev,
		      const struct irqw_extra *x)
{
	int ret;

	for (; *f; f++) {
		ret = (*f)->put(obj, *f, ev, x);
		if (ret)
			return ret;
	}
	return 0;
}

int irqw_family_put(const struct irqw_family *fam, struct json_object *obj,
		    const struct irqw_event *ev, const struct irqw_extra *x)
{
	int ret = put_fields(fam->fields, obj, ev, x);

	return ret ? ret : put_fields(irqw_tail_fields, obj, ev, x);
}

static int get_fields(const struct irqw_field *const *f,
		      struct irqw_jv obj, struct irqw_event *ev,
		      struct irqw_extra *x)
{
	struct irqw_jv val;
	int ret;

	for (; *f; f++) {
		val = member(obj, (*f)->key);
		if (!P(val))
			continue;
		ret = (*f)->get(val, ev, x);
		if (ret)
			return ret;
	}
	return 0;
}

int irqw_family_get(const struct irqw_family *fam, struct irqw_jv obj,
		    struct irqw_event *ev, struct irqw_extra *x)
{
	int ret = get_fields(fam->fields, obj, ev, x);

	return ret ? ret : get_fields(irqw_tail_fields, obj, ev, x);
}
