// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <linux/irqwatch.h>

#include "fmt.h"
#include "jsonl.h"

/* v, type, host, time, mono_ns: how every record starts (seq comes second). */
static int put_head(struct json_object *obj, const uint64_t *seq,
		    const char *type, const char *host, uint64_t mono_ns,
		    uint64_t real_ns)
{
	char time[IRQW_TIME_LEN];
	int ret;

	ret = irqw_format_time(real_ns, time, sizeof(time));
	if (ret)
		return ret;
	if (irqw_json_put(obj, "v", json_object_new_int(IRQW_JSON_VERSION)) ||
	    (seq && irqw_json_put_u64(obj, "seq", *seq)) ||
	    irqw_json_put(obj, "type", json_object_new_string(type)) ||
	    irqw_json_put_string(obj, "host", host) ||
	    irqw_json_put(obj, "time", json_object_new_string(time)) ||
	    irqw_json_put_u64(obj, "mono_ns", mono_ns))
		return -ENOMEM;
	return 0;
}

static int put_bool(struct json_object *obj, const char *key, bool val)
{
	return irqw_json_put(obj, key, json_object_new_boolean(val));
}

/* The event's own task also has the caller's parent, and its cgroup path. */
static int put_task(struct json_object *obj, const struct irqw_task *t,
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

static int put_stack(struct json_object *obj, const char *const *frames,
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

static int put_samples(struct json_object *obj, const struct irqw_event *ev)
{
	struct json_object *arr = json_object_new_array(), *s;
	const struct irqw_sample *sample;
	size_t i;

	if (irqw_json_put(obj, "samples", arr))
		return -ENOMEM;
	for (i = 0; i < ev->nr_samples; i++) {
		sample = &ev->samples[i];
		s = json_object_new_object();
		if (!s || json_object_array_add(arr, s)) {
			json_object_put(s);
			return -ENOMEM;
		}
		if (irqw_json_put_u64(s, "offset_ns", sample->offset_ns) ||
		    irqw_json_put(s, "irqs_disabled",
			json_object_new_boolean(sample->irqs_disabled)) ||
		    irqw_json_put_u64(s, "delay_ns", sample->delay_ns) ||
		    put_task(s, &sample->task, NULL, NULL) ||
		    (sample->nr_frames &&
		     put_stack(s, sample->frames, sample->nr_frames)))
			return -ENOMEM;
	}
	return 0;
}

/* cause, context: what irqoff events say about their window */
static int put_cause(struct json_object *obj, const struct irqw_event *ev)
{
	char buf[IRQW_NAME_LEN];

	if ((ev->has & IRQW_EV_CAUSE &&
	     irqw_json_put(obj, "cause", json_object_new_string(
			irqw_cause_name(ev->cause, buf)))) ||
	    (ev->has & IRQW_EV_CONTEXT &&
	     irqw_json_put(obj, "context", json_object_new_string(
			irqw_context_name(ev->context, buf)))))
		return -ENOMEM;
	return 0;
}

/* What stall events say about the call, and the host about its cache. */
static int put_stall(struct json_object *obj, const struct irqw_event *ev,
		     const struct irqw_extra *x)
{
	struct json_object *slab, *irqs_off;

	if ((ev->probe && irqw_json_put_string(obj, "probe", ev->probe)) ||
	    (ev->cache && irqw_json_put_string(obj, "cache", ev->cache)))
		return -ENOMEM;
	if (ev->cache && x && x->has_slab) {
		slab = json_object_new_object();
		if (irqw_json_put(obj, "slab", slab) ||
		    irqw_json_put_u64(slab, "total_objects", x->slab_objects) ||
		    irqw_json_put_u64(slab, "partial", x->slab_partial))
			return -ENOMEM;
	}
	if (ev->has & IRQW_EV_IRQS_OFF) {
		irqs_off = json_object_new_object();
		if (irqw_json_put(obj, "irqs_off", irqs_off) ||
		    put_bool(irqs_off, "entry",
			     ev->irqs_off & IRQWATCH_IRQS_OFF_ENTRY) ||
		    put_bool(irqs_off, "exit",
			     ev->irqs_off & IRQWATCH_IRQS_OFF_EXIT))
			return -ENOMEM;
	}
	if ((ev->has & IRQW_EV_IRQOFF_NS &&
	     irqw_json_put_u64(obj, "irqoff_ns", ev->irqoff_ns)) ||
	    (ev->has & IRQW_EV_RELATED_SEQ &&
	     irqw_json_put_u64(obj, "related_seq", ev->related_seq)))
		return -ENOMEM;
	return 0;
}

/* irqoff events: the probe call the window ended in */
static int put_within(struct json_object *obj, const struct irqw_event *ev)
{
	struct json_object *within = json_object_new_object();
	char buf[IRQW_NAME_LEN];

	if (irqw_json_put(obj, "within", within) ||
	    irqw_json_put_string(within, "probe", ev->within.symbol) ||
	    irqw_json_put(within, "kind", json_object_new_string(
			irqw_probe_kind_name(ev->within.kind, buf))))
		return -ENOMEM;
	return 0;
}

/* Consumes obj. */
static int to_line(struct json_object *obj, char **line)
{
	const char *text;

	text = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN |
						   JSON_C_TO_STRING_NOSLASHESCAPE);
	*line = text ? strdup(text) : NULL;
	json_object_put(obj);
	return *line ? 0 : -ENOMEM;
}

int irqw_json_event(const struct irqw_event *ev, const struct irqw_extra *x,
		    const char *host, char **line)
{
	char typebuf[IRQW_TYPE_LEN];
	struct json_object *obj;
	int ret;

	obj = json_object_new_object();
	if (!obj)
		return -ENOMEM;
	ret = put_head(obj, &ev->seq, irqw_event_type_name(ev->type, typebuf),
		       host, ev->mono_ns, ev->real_ns);
	if (ret)
		goto cleanup;
	ret = -ENOMEM;
	if (irqw_json_put(obj, "cpu", json_object_new_int64(ev->cpu)) ||
	    (ev->has & IRQW_EV_DURATION &&
	     irqw_json_put_u64(obj, "duration_ns", ev->duration_ns)) ||
	    (ev->has & IRQW_EV_SYNTH_INDEX &&
	     irqw_json_put_u64(obj, "index", ev->synth_index)) ||
	    put_cause(obj, ev) || put_stall(obj, ev, x) ||
	    (ev->has & IRQW_EV_WITHIN && put_within(obj, ev)) ||
	    (ev->has & IRQW_EV_TASK &&
	     put_task(obj, &ev->task, ev->has & IRQW_EV_PARENT ? &ev->parent : NULL,
		      x ? x->cgroup : NULL)) ||
	    (ev->nr_frames && put_stack(obj, ev->frames, ev->nr_frames)) ||
	    (ev->nr_samples && put_samples(obj, ev)) ||
	    (ev->samples_omitted &&
	     irqw_json_put_u64(obj, "samples_omitted", ev->samples_omitted)))
		goto cleanup;
	return to_line(obj, line);

cleanup:
	json_object_put(obj);
	return ret;
}

int irqw_json_lost(const struct irqw_lost *lost, const char *host,
		   uint64_t mono_ns, uint64_t real_ns, char **line)
{
	struct json_object *obj;
	int ret;

	obj = json_object_new_object();
	if (!obj)
		return -ENOMEM;
	ret = put_head(obj, NULL, "lost", host, mono_ns, real_ns);
	if (ret)
		goto cleanup;
	ret = -ENOMEM;
	if (irqw_json_put_u64(obj, "count", lost->count) ||
	    irqw_json_put(obj, "reason", json_object_new_string(
			irqw_lost_reason_name(lost->reason))))
		goto cleanup;
	if (lost->reason == IRQW_LOST_SEQ_GAP &&
	    (irqw_json_put_u64(obj, "first_seq", lost->first_seq) ||
	     irqw_json_put_u64(obj, "last_seq", lost->last_seq)))
		goto cleanup;
	return to_line(obj, line);

cleanup:
	json_object_put(obj);
	return ret;
}
