// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * irqwatch report --format perfetto: Chrome trace-event JSON (the JSON
 * Object Format), which ui.perfetto.dev and chrome://tracing open offline.
 * One process per host (pid 1, 2, ... in the order the hosts come), one
 * thread per CPU and event type (tid (cpu + 1) * 100 + type, named
 * "cpu3 irqoff"), and tid 1 of each host for its lost records; metadata
 * events name and order them. Each event is a complete event ("ph":"X")
 * at its record's "time" (its start, wall clock: hosts line up, which
 * CLOCK_MONOTONIC would not), ts and dur in microseconds, with its seq,
 * cause, task, stacks and the rest in args; a lost record is an instant
 * event ("ph":"i") with its reason and count.
 *
 * The events are written as the records are read, in their order (the
 * format does not ask for time order): memory is bounded by the hosts and
 * the tracks, not by the events.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <linux/irqwatch.h>

#include "fingerprint.h"
#include "family.h"
#include "fmt.h"
#include "report_fmt.h"

#define TID_LOST	1
#define TID_PER_CPU	100	/* tid (cpu + 1) * 100 + type */
#define TRACK_LOST	0xff	/* the lost track's "type" in a track key */

struct perfetto {
	FILE *f;
	char **hosts;		/* pid = index + 1 */
	size_t nr_hosts;
	uint64_t *tracks;	/* named: (pid << 40 | cpu << 8 | type), sorted */
	size_t nr_tracks, cap_tracks;
	uint64_t events, lost;
	bool any;		/* an event written: the next needs a comma */
};

/*
 * Writes obj (consumed) as the next element of traceEvents. A write error
 * is not returned here (it would end the input as a bad line): the
 * stream's error flag says it at the end.
 */
static int emit(struct perfetto *p, struct json_object *obj)
{
	const char *text;
	int ret = 0;

	if (!obj)
		return -ENOMEM;
	text = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		ret = -ENOMEM;
	else
		fprintf(p->f, "%s%s", p->any ? ",\n" : "\n", text);
	p->any = true;
	json_object_put(obj);
	return ret;
}

/* A metadata event: name with args {key: the string or the number}. */
static int meta(struct perfetto *p, const char *name, uint32_t pid, uint32_t tid,
		const char *key, const char *s, uint64_t n)
{
	struct json_object *o = json_object_new_object(), *args;
	int ret;

	if (!o)
		return -ENOMEM;
	args = json_object_new_object();
	ret = irqw_json_put_string(o, "name", name) ?:
	      irqw_json_put_string(o, "ph", "M") ?:
	      irqw_json_put_u64(o, "pid", pid) ?:
	      (tid ? irqw_json_put_u64(o, "tid", tid) : 0) ?:
	      irqw_json_put(o, "args", args) ?:
	      (s ? irqw_json_put_string(args, key, s) : irqw_json_put_u64(args, key, n));
	if (ret) {
		json_object_put(o);
		return ret;
	}
	return emit(p, o);
}

/* The pid of the host; a new one is named. 0: -ENOMEM. */
static uint32_t pid_of(struct perfetto *p, const char *host)
{
	char **n;
	size_t i;

	for (i = 0; i < p->nr_hosts; i++)
		if (!strcmp(p->hosts[i], host))
			return (uint32_t)i + 1;
	n = realloc(p->hosts, (p->nr_hosts + 1) * sizeof(*n));
	if (!n)
		return 0;
	p->hosts = n;
	n[p->nr_hosts] = strdup(host);
	if (!n[p->nr_hosts])
		return 0;
	i = ++p->nr_hosts;
	if (meta(p, "process_name", (uint32_t)i, 0, "name", host, 0) ||
	    meta(p, "process_sort_index", (uint32_t)i, 0, "sort_index", NULL, i))
		return 0;
	return (uint32_t)i;
}

/* Names the track (pid, tid) the first time it is used. 0 or -ENOMEM. */
static int track(struct perfetto *p, uint32_t pid, uint32_t tid, uint32_t cpu,
		 uint32_t type)
{
	uint64_t key = (uint64_t)pid << 40 | (uint64_t)cpu << 8 | type, *n;
	size_t lo = 0, hi = p->nr_tracks, mid;
	char name[64], tn[IRQW_TYPE_LEN];

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (p->tracks[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->nr_tracks && p->tracks[lo] == key)
		return 0;
	if (p->nr_tracks == p->cap_tracks) {
		n = realloc(p->tracks, (p->cap_tracks ? 2 * p->cap_tracks : 64) *
				       sizeof(*n));
		if (!n)
			return -ENOMEM;
		p->tracks = n;
		p->cap_tracks = p->cap_tracks ? 2 * p->cap_tracks : 64;
	}
	memmove(&p->tracks[lo + 1], &p->tracks[lo],
		(p->nr_tracks - lo) * sizeof(*n));
	p->tracks[lo] = key;
	p->nr_tracks++;
	if (type == TRACK_LOST)
		snprintf(name, sizeof(name), "lost events");
	else
		snprintf(name, sizeof(name), "cpu%" PRIu32 " %s", cpu,
			 irqw_event_type_name(type, tn));
	return meta(p, "thread_name", pid, tid, "name", name, 0) ?:
	       meta(p, "thread_sort_index", pid, tid, "sort_index", NULL, tid);
}

int report_perfetto_start(FILE *f, void **state)
{
	struct perfetto *p = calloc(1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	p->f = f;
	*state = p;
	fputs("{\"traceEvents\":[", f);
	return 0;
}

static int put_task(struct json_object *args, const char *key,
		    const struct irqw_task *t)
{
	struct json_object *o = json_object_new_object();

	return irqw_json_put(args, key, o) ?:
	       irqw_json_put_u64(o, "pid", t->pid) ?:
	       irqw_json_put_string(o, "comm", t->comm ? t->comm : "");
}

static int put_frames(struct json_object *args, const char *key,
		      const char *const *frames, size_t n)
{
	struct json_object *arr = json_object_new_array();
	size_t i;
	int ret;

	ret = irqw_json_put(args, key, arr);
	for (i = 0; i < n && !ret; i++)
		ret = irqw_json_append_string(arr, frames[i]);
	return ret;
}

/* What the event says besides its time: type-specific members too. */
static int put_args(struct json_object *args, const struct irqw_record *rec,
		    const char *culprit)
{
	const struct irqw_event *ev = &rec->ev;
	char buf[IRQW_TIME_LEN > IRQW_NAME_LEN ? IRQW_TIME_LEN : IRQW_NAME_LEN];
	struct json_object *arr;
	uint32_t v;
	int ret;

	ret = irqw_json_put_u64(args, "seq", ev->seq) ?:
	      irqw_json_put_u64(args, "cpu", ev->cpu) ?:
	      irqw_json_put_u64(args, "duration_ns", ev->duration_ns) ?:
	      (irqw_format_time(rec->real_ns, buf, sizeof(buf)) ? 0 :
	       irqw_json_put_string(args, "time", buf)) ?:
	      irqw_json_put_string(args, "culprit", culprit);
	if (!ret && (ev->has & IRQW_EV_CAUSE))
		ret = irqw_json_put_string(args, "cause", irqw_cause_name(ev->cause, buf));
	if (!ret && (ev->has & IRQW_EV_CONTEXT))
		ret = irqw_json_put_string(args, "context",
					   irqw_context_name(ev->context, buf));
	if (!ret && (ev->has & IRQW_EV_TASK))
		ret = put_task(args, "task", &ev->task);
	if (!ret && (ev->has & IRQW_EV_PARENT))
		ret = put_task(args, "parent", &ev->parent);
	if (!ret && (ev->has & IRQW_EV_WITHIN) && ev->within.symbol)
		ret = irqw_json_put_string(args, "within", ev->within.symbol);
	if (!ret && ev->probe)
		ret = irqw_json_put_string(args, "probe", ev->probe);
	if (!ret && ev->cache)
		ret = irqw_json_put_string(args, "cache", ev->cache);
	if (!ret && (ev->has & IRQW_EV_IRQOFF_NS))
		ret = irqw_json_put_u64(args, "irqoff_ns", ev->irqoff_ns);
	if (!ret && (ev->has & IRQW_EV_RELATED_SEQ))
		ret = irqw_json_put_u64(args, "related_seq", ev->related_seq);
	if (!ret && (ev->has & IRQW_EV_DURATION_MAX))
		ret = irqw_json_put_u64(args, "duration_max_ns", ev->duration_max_ns);
	if (!ret && (ev->has & IRQW_EV_PENDING)) {
		arr = json_object_new_array();
		ret = irqw_json_put(args, "pending", arr);
		for (v = 0; v < 32 && !ret; v++)
			if (ev->pending >> v & 1)
				ret = irqw_json_append_string(arr,
							      irqw_softirq_name(v, buf));
	}
	/* the newer types' own members, as in their JSON lines */
	if (ev->type == IRQWATCH_EVENT_SOFTIRQ_LATENCY || irqw_report_is_storm(ev->type)) {
		const struct irqw_field *const *f = irqw_family_of(ev->type)->fields;

		for (; *f && !ret; f++)
			if (strcmp((*f)->key, "duration_ns"))
				ret = (*f)->put(args, *f, ev, NULL);
	}
	if (!ret && ev->nr_frames)
		ret = put_frames(args, "stack", ev->frames, ev->nr_frames);
	if (!ret && ev->nr_samples && ev->samples[0].nr_frames)
		ret = put_frames(args, "sample_stack", ev->samples[0].frames,
				 ev->samples[0].nr_frames);
	return ret;
}

/* "812000.000": microseconds of ns, exactly. */
static struct json_object *us(uint64_t ns)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64 ".%03" PRIu64, ns / 1000, ns % 1000);
	return json_object_new_double_s((double)ns / 1e3, buf);
}

static int event(struct perfetto *p, const struct irqw_record *rec, uint32_t pid)
{
	const struct irqw_event *ev = &rec->ev;
	uint32_t type = ev->type < TID_PER_CPU ? ev->type : TID_PER_CPU - 1;
	uint32_t tid = (ev->cpu + 1) * TID_PER_CPU + type;
	char key[IRQW_FP_KEY_MAX], buf[IRQW_TYPE_LEN], name[IRQW_FP_KEY_MAX];
	const char *const *frames;
	const char *tn;
	struct json_object *o, *args;
	size_t nr;
	int ret;

	ret = track(p, pid, tid, ev->cpu, type);
	if (ret)
		return ret;
	tn = irqw_event_type_name(ev->type, buf);
	irqw_fingerprint(ev, tn, key, &frames, &nr);
	/* the slice's name: the culprit's first function (same colour) */
	snprintf(name, sizeof(name), "%s", strchr(key, ';') ? strchr(key, ';') + 1 : key);
	name[strcspn(name, ";")] = '\0';
	if (!strcmp(name, "?"))
		snprintf(name, sizeof(name), "%s", tn);
	o = json_object_new_object();
	if (!o)
		return -ENOMEM;
	args = json_object_new_object();
	ret = irqw_json_put_string(o, "name", name) ?:
	      irqw_json_put_string(o, "cat", tn) ?:
	      irqw_json_put_string(o, "ph", "X") ?:
	      irqw_json_put_u64(o, "ts", rec->real_ns / 1000) ?:
	      irqw_json_put(o, "dur", us(ev->duration_ns)) ?:
	      irqw_json_put_u64(o, "pid", pid) ?:
	      irqw_json_put_u64(o, "tid", tid) ?:
	      irqw_json_put(o, "args", args) ?:
	      put_args(args, rec, key);
	if (ret) {
		json_object_put(o);
		return ret;
	}
	p->events++;
	return emit(p, o);
}

static int lost(struct perfetto *p, const struct irqw_record *rec, uint32_t pid)
{
	const struct irqw_lost *l = &rec->lost;
	struct json_object *o, *args;
	int ret;

	ret = track(p, pid, TID_LOST, 0, TRACK_LOST);
	if (ret)
		return ret;
	o = json_object_new_object();
	if (!o)
		return -ENOMEM;
	args = json_object_new_object();
	ret = irqw_json_put_string(o, "name", "lost") ?:
	      irqw_json_put_string(o, "cat", "lost") ?:
	      irqw_json_put_string(o, "ph", "i") ?:
	      irqw_json_put_string(o, "s", "t") ?:
	      irqw_json_put_u64(o, "ts", rec->real_ns / 1000) ?:
	      irqw_json_put_u64(o, "pid", pid) ?:
	      irqw_json_put_u64(o, "tid", TID_LOST) ?:
	      irqw_json_put(o, "args", args) ?:
	      irqw_json_put_string(args, "reason", irqw_lost_reason_name(l->reason)) ?:
	      irqw_json_put_u64(args, "count", l->count);
	if (!ret && l->first_seq)
		ret = irqw_json_put_u64(args, "first_seq", l->first_seq) ?:
		      irqw_json_put_u64(args, "last_seq", l->last_seq);
	if (ret) {
		json_object_put(o);
		return ret;
	}
	p->lost++;
	return emit(p, o);
}

int report_perfetto_record(void *state, const struct irqw_record *rec)
{
	struct perfetto *p = state;
	uint32_t pid = pid_of(p, rec->host);

	if (!pid)
		return -ENOMEM;
	return rec->kind == IRQW_RECORD_LOST ? lost(p, rec, pid) :
					       event(p, rec, pid);
}

int report_perfetto_write(FILE *f, const struct report_view *v, void *state)
{
	struct perfetto *p = state;
	struct json_object *o = json_object_new_object();
	const char *text = NULL;
	int ret;

	if (!o)
		return -ENOMEM;
	ret = irqw_json_put_string(o, "source", "irqwatch report") ?:
	      irqw_json_put_string(o, "time", "ts: each record's time (its start, "
				   "UTC wall clock) in microseconds since the epoch; "
				   "dur: its duration_ns in microseconds") ?:
	      irqw_json_put_u64(o, "events", p->events) ?:
	      irqw_json_put_u64(o, "lost_records", p->lost) ?:
	      irqw_json_put_u64(o, "lines_not_analysed", v->r->bad + v->r->skipped);
	if (!ret)
		text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
						      JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!ret && !text)
		ret = -ENOMEM;
	if (!ret && fprintf(f, "\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":%s}\n",
			    text) < 0)
		ret = -EIO;
	json_object_put(o);
	return ret ?: (ferror(f) ? -EIO : 0);
}

void report_perfetto_free(void *state)
{
	struct perfetto *p = state;
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nr_hosts; i++)
		free(p->hosts[i]);
	free(p->hosts);
	free(p->tracks);
	free(p);
}
