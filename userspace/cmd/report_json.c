// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * irqwatch report --format json: the sections as one object. Every ns value
 * is written as "key_ns" (a number) and "key_ns_str" (its decimal string,
 * exact beyond 2^53), as the other --json outputs do.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "account.h"
#include "cli.h"
#include "fingerprint.h"
#include "fmt.h"
#include "report_fmt.h"

#define NSEC_PER_MIN	(60ULL * 1000000000ULL)

static int put_time(struct json_object *o, const char *key, uint64_t real_ns)
{
	char buf[IRQW_TIME_LEN];

	if (irqw_format_time(real_ns, buf, sizeof(buf)))
		return irqw_json_put_null(o, key);
	return irqw_json_put_string(o, key, buf);
}

static int put_tally(struct json_object *o, const char *key,
		     const struct irqw_tally *t)
{
	struct json_object *arr = json_object_new_array(), *it;
	size_t i;
	int ret;

	ret = irqw_json_put(o, key, arr);
	for (i = 0; i < t->nr && !ret; i++) {
		it = json_object_new_object();
		ret = irqw_json_append(arr, it) ?:
		      irqw_json_put_string(it, "name", t->item[i].name) ?:
		      irqw_json_put_u64(it, "count", t->item[i].n);
	}
	if (!ret && t->other) {
		it = json_object_new_object();
		ret = irqw_json_append(arr, it) ?:
		      irqw_json_put_null(it, "name") ?:
		      irqw_json_put_u64(it, "count", t->other);
	}
	return ret;
}

/* *out = a new object (or array) or -ENOMEM. */
static int new_value(struct json_object **out, bool array)
{
	*out = array ? json_object_new_array() : json_object_new_object();
	return *out ? 0 : -ENOMEM;
}

int report_json_summary(const struct report_view *v, struct json_object **out)
{
	const struct irqw_report *r = v->r;
	struct json_object *s, *arr, *o;
	char tn[IRQW_TYPE_LEN], cn[IRQW_NAME_LEN], note[256];
	size_t i;
	int ret;

	ret = new_value(out, false);
	if (ret)
		return ret;
	s = *out;
	arr = json_object_new_array();
	ret = irqw_json_put(s, "hosts", arr);
	for (i = 0; i < r->nr_hosts && !ret; i++) {
		o = json_object_new_object();
		ret = irqw_json_append(arr, o) ?:
		      irqw_json_put_string(o, "host", r->hosts[i].name) ?:
		      put_time(o, "first", r->hosts[i].first_ns) ?:
		      put_time(o, "last", r->hosts[i].last_ns) ?:
		      irqw_json_put_u64(o, "events", r->hosts[i].events) ?:
		      irqw_json_put_u64(o, "lost", r->hosts[i].lost);
	}
	arr = ret ? NULL : json_object_new_array();
	ret = ret ?: irqw_json_put(s, "types", arr);
	for (i = 0; i < r->nr_tc && !ret; i++) {
		o = json_object_new_object();
		ret = irqw_json_append(arr, o) ?:
		      irqw_json_put_string(o, "type", irqw_event_type_name(r->tc[i].type, tn)) ?:
		      (r->tc[i].cause ? irqw_json_put_string(o, "cause",
				irqw_cause_name(r->tc[i].cause, cn)) : 0) ?:
		      irqw_json_put_u64(o, "events", r->tc[i].n) ?:
		      irqw_json_put_ns(o, "total_ns", r->tc[i].total_ns);
	}
	o = ret ? NULL : json_object_new_object();
	report_lost_note(r, note, sizeof(note));
	ret = ret ?: irqw_json_put(s, "lost", o) ?:
	      irqw_json_put_u64(o, "seq_gap", r->lost[IRQW_LOST_SEQ_GAP]) ?:
	      irqw_json_put_u64(o, "ring_full", r->lost[IRQW_LOST_RING_FULL]) ?:
	      irqw_json_put_u64(o, "write_error", r->lost[IRQW_LOST_WRITE_ERROR]) ?:
	      irqw_json_put_u64(o, "records", r->lost_records) ?:
	      irqw_json_put_string(o, "note", note);
	arr = ret ? NULL : json_object_new_array();
	ret = ret ?: irqw_json_put(s, "worst", arr);
	for (i = 0; i < r->nr_worst && !ret; i++) {
		const struct irqw_worst *w = &r->worst[i];

		o = json_object_new_object();
		ret = irqw_json_append(arr, o) ?:
		      irqw_json_put_ns(o, "duration_ns", w->duration_ns) ?:
		      put_time(o, "time", w->real_ns) ?:
		      irqw_json_put_string(o, "host", w->host) ?:
		      irqw_json_put_u64(o, "cpu", w->cpu) ?:
		      irqw_json_put_u64(o, "seq", w->seq) ?:
		      irqw_json_put_string(o, "type", irqw_event_type_name(w->type, tn)) ?:
		      irqw_json_put_string(o, "culprit", w->culprit);
	}
	return ret;
}

static int culprit(struct json_object *o, const struct irqw_culprit *c)
{
	struct json_object *arr;
	const char *names[IRQW_FP_FRAMES + 1];
	char buf[512], cpus[4096], tn[IRQW_TYPE_LEN], *hint;
	size_t i, n;
	int ret;

	n = report_fp_frames(c->key, buf, sizeof(buf), names, IRQW_FP_FRAMES + 1);
	arr = json_object_new_array();
	ret = irqw_json_put_string(o, "fingerprint", c->key) ?:
	      irqw_json_put_string(o, "type", irqw_event_type_name(c->type, tn)) ?:
	      irqw_json_put(o, "frames", arr);
	for (i = 0; i < n && !ret; i++)
		ret = irqw_json_append_string(arr, names[i]);
	if (irqw_cpulist_format(c->cpus, cpus, sizeof(cpus)))
		strcpy(cpus, "");
	hint = ret ? NULL : report_hint(c);
	ret = ret ?: irqw_json_put_u64(o, "count", c->count) ?:
	      irqw_json_put_ns(o, "total_ns", c->total_ns) ?:
	      irqw_json_put_ns(o, "p50_ns", irqw_pctl_get(&c->pctl, 50)) ?:
	      irqw_json_put_ns(o, "p99_ns", irqw_pctl_get(&c->pctl, 99)) ?:
	      irqw_json_put_ns(o, "max_ns", c->pctl.max) ?:
	      irqw_json_put_string(o, "cpus", cpus) ?:
	      put_tally(o, "hosts", &c->hosts) ?:
	      put_tally(o, "tasks", &c->tasks) ?:
	      put_tally(o, "parents", &c->parents) ?:
	      put_time(o, "first", c->first_ns) ?:
	      put_time(o, "last", c->last_ns) ?:
	      (c->within ? irqw_json_put_string(o, "within", c->within) : 0) ?:
	      (c->probe ? irqw_json_put_string(o, "probe", c->probe) : 0) ?:
	      (hint ? irqw_json_put_string(o, "hint", hint) : 0);
	free(hint);
	arr = ret ? NULL : json_object_new_array();
	ret = ret ?: irqw_json_put(o, "stack", arr) ?:
	      irqw_json_put_ns(o, "stack_duration_ns", c->example_ns);
	for (i = 0; i < c->nr_example && !ret; i++)
		ret = irqw_json_append_string(arr, c->example[i]);
	return ret;
}

int report_json_culprits(const struct report_view *v, struct json_object **out)
{
	struct json_object *o;
	size_t i;
	int ret;

	ret = new_value(out, true);
	for (i = 0; i < v->r->nr_culprits && !ret; i++) {
		o = json_object_new_object();
		ret = irqw_json_append(*out, o) ?: culprit(o, v->culprits[i]);
	}
	return ret;
}

/* Appends len bytes of s; -1 if out of memory. */
static int append(struct printbuf *pb, const char *s, size_t len)
{
	return printbuf_memappend(pb, s, (int)len) < 0 ? -1 : 0;
}

/* json-c's indentation of a level (none unless pretty). */
static int indent(struct printbuf *pb, int level, int flags)
{
	int ret = 0;

	if (!(flags & JSON_C_TO_STRING_PRETTY))
		return 0;
	while (level-- > 0 && !ret)
		ret = flags & JSON_C_TO_STRING_PRETTY_TAB ? append(pb, "\t", 1) :
			append(pb, "  ", 2);
	return ret;
}

/* One entry of per_minute as a tree of its own, written at level. */
static int minute_to_string(struct printbuf *pb, const struct irqw_minute *m,
			    int level, int flags)
{
	struct json_object *o = json_object_new_object();
	const char *text, *nl;
	int ret;

	ret = o ? 0 : -ENOMEM;
	ret = ret ?: put_time(o, "minute", m->minute * NSEC_PER_MIN) ?:
	      irqw_json_put_u64(o, "cpu", m->cpu) ?:
	      irqw_json_put_u64(o, "events", m->n);
	text = ret ? NULL : json_object_to_json_string_ext(o, flags);
	ret = text ? 0 : -1;
	/* its lines after the first indented as the tree would have them */
	while (!ret && (nl = strchr(text, '\n'))) {
		ret = append(pb, text, (size_t)(nl - text + 1)) ?:
		      indent(pb, level, flags);
		text = nl + 1;
	}
	ret = ret ?: append(pb, text, strlen(text));
	json_object_put(o);
	return ret;
}

/*
 * The per_minute array's serializer (json_object_set_serializer()): its
 * entries made from the report one at a time as the tree is written, not
 * held in it (a json-c object of three members takes over a kilobyte, and
 * there may be IRQW_MINUTE_BUCKETS entries per CPU), framed as json-c
 * frames an array (test_report_formats checks the two against each other).
 */
static int per_minute_to_string(struct json_object *jso, struct printbuf *pb,
				int level, int flags)
{
	const struct irqw_report *r = json_object_get_userdata(jso);
	bool pretty = flags & JSON_C_TO_STRING_PRETTY;
	bool spaced = (flags & JSON_C_TO_STRING_SPACED) && !pretty;
	size_t i;
	int ret;

	ret = append(pb, "[", 1) ?: (pretty ? append(pb, "\n", 1) : 0);
	for (i = 0; i < r->nr_minutes && !ret; i++)
		ret = (i ? append(pb, ",", 1) : 0) ?:
		      (i && pretty ? append(pb, "\n", 1) : 0) ?:
		      (spaced ? append(pb, " ", 1) : 0) ?:
		      indent(pb, level + 1, flags) ?:
		      minute_to_string(pb, &r->minutes[i], level + 1, flags);
	if (!ret && pretty)
		ret = (r->nr_minutes ? append(pb, "\n", 1) : 0) ?:
		      indent(pb, level, flags);
	return ret ?: (spaced ? append(pb, " ]", 2) : append(pb, "]", 1));
}

int report_json_cpus(const struct report_view *v, struct json_object **out)
{
	const struct irqw_report *r = v->r;
	struct json_object *arr, *o;
	size_t i;
	int ret;

	ret = new_value(out, false);
	arr = ret ? NULL : json_object_new_array();
	ret = ret ?: irqw_json_put(*out, "cpus", arr);
	for (i = 0; i < r->nr_cpus && !ret; i++) {
		o = json_object_new_object();
		ret = irqw_json_append(arr, o) ?:
		      irqw_json_put_u64(o, "cpu", r->cpus[i].cpu) ?:
		      irqw_json_put_u64(o, "events", r->cpus[i].events) ?:
		      irqw_json_put_ns(o, "total_ns", r->cpus[i].total_ns) ?:
		      irqw_json_put_ns(o, "max_ns", r->cpus[i].max_ns);
	}
	arr = ret ? NULL : json_object_new_array();
	if (arr)
		json_object_set_serializer(arr, per_minute_to_string, v->r, NULL);
	ret = ret ?: irqw_json_put(*out, "per_minute", arr);
	/* its buckets' width, where they are wider than a minute */
	if (!ret && r->minute_shift)
		ret = irqw_json_put_u64(*out, "per_minute_bucket_s",
					60ULL << r->minute_shift);
	return ret;
}

int report_json_stalls(const struct report_view *v, struct json_object **out)
{
	const struct irqw_report *r = v->r;
	struct json_object *o, *seqs;
	size_t i, k;
	int ret;

	ret = new_value(out, true);
	for (i = 0; i < r->nr_stalls && !ret; i++) {
		const struct irqw_stall_key *s = &r->stalls[i];

		o = json_object_new_object();
		seqs = json_object_new_array();
		ret = irqw_json_append(*out, o) ?:
		      irqw_json_put_string(o, "probe", s->probe) ?:
		      (*s->cache ? irqw_json_put_string(o, "cache", s->cache) : 0) ?:
		      (*s->reader ? irqw_json_put_string(o, "reader", s->reader) : 0) ?:
		      irqw_json_put_u64(o, "calls", s->calls) ?:
		      irqw_json_put_ns(o, "total_ns", s->total_ns) ?:
		      irqw_json_put_ns(o, "max_ns", s->max_ns) ?:
		      irqw_json_put_ns(o, "irqoff_ns", s->irqoff_ns) ?:
		      irqw_json_put_u64(o, "linked_windows", s->linked) ?:
		      irqw_json_put(o, "linked_seqs", seqs);
		seqs = NULL;
		for (k = 0; k < s->linked && k < IRQW_LINKED_MAX && !ret; k++) {
			json_object_object_get_ex(o, "linked_seqs", &seqs);
			ret = irqw_json_append(seqs, json_object_new_uint64(s->linked_seq[k]));
		}
	}
	return ret;
}

int report_json_softirq(const struct report_view *v, struct json_object **out)
{
	const struct irqw_report *r = v->r;
	int ret;

	ret = new_value(out, false);
	return ret ?: irqw_json_put_u64(*out, "windows", r->soft_n) ?:
	       irqw_json_put_ns(*out, "total_ns", r->soft_total_ns) ?:
	       irqw_json_put_ns(*out, "duration_max_ns", r->soft_max_ns) ?:
	       put_tally(*out, "pending", &r->soft_pending);
}

int report_json_input(const struct report_view *v, struct json_object **out)
{
	const struct irqw_report *r = v->r;
	struct json_object *arr, *o;
	size_t i;
	int ret;

	ret = new_value(out, false);
	arr = ret ? NULL : json_object_new_array();
	ret = ret ?: irqw_json_put_u64(*out, "files", r->files) ?:
	      irqw_json_put_u64(*out, "lines", r->lines) ?:
	      irqw_json_put_u64(*out, "records", r->records) ?:
	      irqw_json_put_u64(*out, "filtered", r->filtered) ?:
	      irqw_json_put_u64(*out, "malformed", r->bad) ?:
	      irqw_json_put_u64(*out, "skipped", r->skipped) ?:
	      irqw_json_put(*out, "lines_not_analysed", arr);
	for (i = 0; i < r->nr_badv && !ret; i++) {
		o = json_object_new_object();
		ret = irqw_json_append(arr, o) ?:
		      irqw_json_put_string(o, "file", r->badv[i].file) ?:
		      irqw_json_put_u64(o, "line", r->badv[i].line) ?:
		      irqw_json_put_string(o, "why", r->badv[i].why);
	}
	return ret;
}

int report_write_json(FILE *f, const struct report_view *v, bool pretty)
{
	struct json_object *root, *val;
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE;
	const char *text;
	size_t i;
	int ret;

	root = json_object_new_object();
	if (!root)
		return -ENOMEM;
	ret = irqw_json_put(root, "schema", json_object_new_int(IRQW_REPORT_SCHEMA));
	for (i = 0; i < report_nr_sections && !ret; i++) {
		const struct report_section *s = &report_sections[i];

		/* the input section always, the others when present */
		if (s->present && !s->present(v) && strcmp(s->key, "input"))
			continue;
		val = NULL;
		ret = s->json(v, &val) ?: 0;
		ret = ret ? (json_object_put(val), ret) : irqw_json_put(root, s->key, val);
	}
	flags |= pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
			  JSON_C_TO_STRING_PLAIN;
	text = ret ? NULL : json_object_to_json_string_ext(root, flags);
	if (!ret && !text)
		ret = -ENOMEM;
	if (!ret && fprintf(f, "%s\n", text) < 0)
		ret = -EIO;
	json_object_put(root);
	return ret;
}
