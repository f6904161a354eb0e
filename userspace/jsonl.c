// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "fmt.h"
#include "jsonl.h"

/* Adds val as obj[key]; val is consumed and may be a failed allocation. */
static int put(struct json_object *obj, const char *key, struct json_object *val)
{
	if (val && !json_object_object_add(obj, key, val))
		return 0;
	json_object_put(val);
	return -ENOMEM;
}

static int put_u64(struct json_object *obj, const char *key, uint64_t val)
{
	return put(obj, key, json_object_new_uint64(val));
}

/* A string as valid UTF-8: kernel strings are bytes. */
static int put_string(struct json_object *obj, const char *key, const char *s)
{
	char buf[IRQW_FRAME_MAX];

	irqw_clean_string(buf, sizeof(buf), s, false);
	return put(obj, key, json_object_new_string(buf));
}

static int append_string(struct json_object *arr, const char *s)
{
	char buf[IRQW_FRAME_MAX];
	struct json_object *val;

	irqw_clean_string(buf, sizeof(buf), s, false);
	val = json_object_new_string(buf);
	if (val && !json_object_array_add(arr, val))
		return 0;
	json_object_put(val);
	return -ENOMEM;
}

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
	if (put(obj, "v", json_object_new_int(IRQW_JSON_VERSION)) ||
	    (seq && put_u64(obj, "seq", *seq)) ||
	    put(obj, "type", json_object_new_string(type)) ||
	    put_string(obj, "host", host) ||
	    put(obj, "time", json_object_new_string(time)) ||
	    put_u64(obj, "mono_ns", mono_ns))
		return -ENOMEM;
	return 0;
}

static int put_task(struct json_object *obj, const struct irqw_task *t)
{
	struct json_object *task = json_object_new_object();

	if (put(obj, "task", task) ||
	    put(task, "pid", json_object_new_int64(t->pid)) ||
	    put(task, "tgid", json_object_new_int64(t->tgid)) ||
	    put_string(task, "comm", t->comm))
		return -ENOMEM;
	return 0;
}

static int put_stack(struct json_object *obj, const char *const *frames,
		     size_t n)
{
	struct json_object *stack = json_object_new_array();
	size_t i;

	if (put(obj, "stack", stack))
		return -ENOMEM;
	for (i = 0; i < n; i++)
		if (append_string(stack, frames[i]))
			return -ENOMEM;
	return 0;
}

static int put_samples(struct json_object *obj, const struct irqw_event *ev)
{
	struct json_object *arr = json_object_new_array(), *s;
	const struct irqw_sample *sample;
	size_t i;

	if (put(obj, "samples", arr))
		return -ENOMEM;
	for (i = 0; i < ev->nr_samples; i++) {
		sample = &ev->samples[i];
		s = json_object_new_object();
		if (!s || json_object_array_add(arr, s)) {
			json_object_put(s);
			return -ENOMEM;
		}
		if (put_u64(s, "offset_ns", sample->offset_ns) ||
		    put(s, "irqs_disabled",
			json_object_new_boolean(sample->irqs_disabled)) ||
		    put_u64(s, "delay_ns", sample->delay_ns) ||
		    put_task(s, &sample->task) ||
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
	     put(obj, "cause", json_object_new_string(
			irqw_cause_name(ev->cause, buf)))) ||
	    (ev->has & IRQW_EV_CONTEXT &&
	     put(obj, "context", json_object_new_string(
			irqw_context_name(ev->context, buf)))))
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

int irqw_json_event(const struct irqw_event *ev, const char *host, char **line)
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
	if (put(obj, "cpu", json_object_new_int64(ev->cpu)) ||
	    (ev->has & IRQW_EV_DURATION &&
	     put_u64(obj, "duration_ns", ev->duration_ns)) ||
	    (ev->has & IRQW_EV_SYNTH_INDEX &&
	     put_u64(obj, "index", ev->synth_index)) ||
	    put_cause(obj, ev) ||
	    (ev->has & IRQW_EV_TASK && put_task(obj, &ev->task)) ||
	    (ev->nr_frames && put_stack(obj, ev->frames, ev->nr_frames)) ||
	    (ev->nr_samples && put_samples(obj, ev)) ||
	    (ev->samples_omitted &&
	     put_u64(obj, "samples_omitted", ev->samples_omitted)))
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
	if (put_u64(obj, "count", lost->count) ||
	    put(obj, "reason", json_object_new_string(
			irqw_lost_reason_name(lost->reason))))
		goto cleanup;
	if (lost->reason == IRQW_LOST_SEQ_GAP &&
	    (put_u64(obj, "first_seq", lost->first_seq) ||
	     put_u64(obj, "last_seq", lost->last_seq)))
		goto cleanup;
	return to_line(obj, line);

cleanup:
	json_object_put(obj);
	return ret;
}
