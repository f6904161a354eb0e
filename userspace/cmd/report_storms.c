// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * irqwatch report: the "Storms / softirq latency" section, text and JSON:
 * softirq_latency events per vector, and each storm and imbalance (per
 * type, CPU and line) with its starts, ends, longest duration and peaks.
 */

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <json-c/json.h>

#include <linux/irqwatch.h>

#include "fmt.h"
#include "report_fmt.h"
#include "table.h"

int report_has_storms(const struct report_view *v)
{
	return v->r->nr_storms || v->r->nr_latency || v->r->storms_other ||
	       v->r->latency_other;
}

/* To the second, for people: "2026-11-21T10:00:01Z". */
static const char *when(uint64_t real_ns, char *buf)
{
	char *dot;

	if (irqw_format_time(real_ns, buf, IRQW_TIME_LEN))
		strcpy(buf, "?");
	dot = strchr(buf, '.');
	if (dot)
		strcpy(dot, "Z");
	return buf;
}

static int latency_text(FILE *f, const struct irqw_report *r)
{
	static const char *const head[] = {
		"VECTOR", "RUNS", "SUPPRESSED", "BY KSOFTIRQD", "MAX WAIT", "MAX RUN",
	};
	char name[IRQW_NAME_LEN], w[IRQW_DURATION_LEN], u[IRQW_DURATION_LEN];
	const struct irqw_latency_sum *l;
	struct irqw_table t;
	size_t i;
	int ret = 0;

	fputs("  softirq runs over softirq_threshold (softirq_latency):\n", f);
	irqw_table_init(&t, 6, head, "lrrrrr");
	for (i = 0; i < r->nr_latency && !ret; i++) {
		l = &r->latency[i];
		ret = irqw_table_cell(&t, "%s", irqw_softirq_name(l->vec, name)) ?:
		      irqw_table_cell(&t, "%" PRIu64, l->runs) ?:
		      irqw_table_cell(&t, "%" PRIu64, l->suppressed) ?:
		      irqw_table_cell(&t, "%" PRIu64, l->by_ksoftirqd) ?:
		      irqw_table_cell(&t, "%s", irqw_format_duration(l->wait_max_ns, w)) ?:
		      irqw_table_cell(&t, "%s", irqw_format_duration(l->run_max_ns, u));
	}
	if (!ret)
		ret = irqw_table_print(f, &t, "    ");
	irqw_table_free(&t);
	if (!ret && r->latency_other)
		fprintf(f, "    (%" PRIu64 " more in other vectors)\n",
			r->latency_other);
	return ret;
}

static int storms_text(FILE *f, const struct irqw_report *r)
{
	static const char *const head[] = {
		"KIND", "CPU", "WHAT", "STARTS", "ENDS", "LONGEST", "PEAK", "RATE",
		"FIRST", "LAST",
	};
	char type[IRQW_TYPE_LEN], d[IRQW_DURATION_LEN], pct[IRQW_PCT_LEN];
	char first[IRQW_TIME_LEN], last[IRQW_TIME_LEN], what[sizeof(r->storms->what)];
	const struct irqw_storm_sum *s;
	struct irqw_table t;
	size_t i;
	int ret = 0;

	fputs("  storms and imbalance (PEAK: share of the CPU, or load):\n", f);
	irqw_table_init(&t, 10, head, "lrlrrrrrll");
	for (i = 0; i < r->nr_storms && !ret; i++) {
		s = &r->storms[i];
		irqw_clean_string(what, sizeof(what), s->what, true);
		ret = irqw_table_cell(&t, "%s", irqw_event_type_name(s->type, type)) ?:
		      irqw_table_cell(&t, "%" PRIu32, s->cpu) ?:
		      irqw_table_cell(&t, "%s", *what ? what : "-") ?:
		      irqw_table_cell(&t, "%" PRIu64, s->starts) ?:
		      irqw_table_cell(&t, "%" PRIu64, s->ends) ?:
		      irqw_table_cell(&t, "%s", s->ends ?
				      irqw_format_duration(s->longest_ns, d) : "-") ?:
		      irqw_table_cell(&t, "%s", irqw_format_pct(s->peak_share, pct)) ?:
		      (s->peak_rate ? irqw_table_cell(&t, "%" PRIu64 "/s", s->peak_rate) :
				      irqw_table_cell(&t, "-")) ?:
		      irqw_table_cell(&t, "%s", when(s->first_ns, first)) ?:
		      irqw_table_cell(&t, "%s", when(s->last_ns, last));
	}
	if (!ret)
		ret = irqw_table_print(f, &t, "    ");
	irqw_table_free(&t);
	if (!ret && r->storms_other)
		fprintf(f, "    (%" PRIu64 " more events of other storms)\n",
			r->storms_other);
	return ret;
}

int report_text_storms(FILE *f, const struct report_view *v)
{
	const struct irqw_report *r = v->r;
	int ret = 0;

	if (r->nr_latency || r->latency_other)
		ret = latency_text(f, r);
	if (!ret && (r->nr_storms || r->storms_other))
		ret = storms_text(f, r);
	return ret ?: ferror(f) ? -EIO : 0;
}

static int put_time(struct json_object *o, const char *key, uint64_t real_ns)
{
	char buf[IRQW_TIME_LEN];

	if (irqw_format_time(real_ns, buf, sizeof(buf)))
		return irqw_json_put_null(o, key);
	return irqw_json_put_string(o, key, buf);
}

int report_json_storms(const struct report_view *v, struct json_object **out)
{
	const struct irqw_report *r = v->r;
	char name[IRQW_NAME_LEN], type[IRQW_TYPE_LEN];
	struct json_object *lat, *storms, *o;
	size_t i;
	int ret = 0;

	*out = json_object_new_object();
	lat = json_object_new_array();
	storms = json_object_new_array();
	if (!*out || irqw_json_put(*out, "latency", lat)) {
		json_object_put(storms);
		return -ENOMEM;
	}
	if (irqw_json_put(*out, "storms", storms) ||
	    irqw_json_put_u64(*out, "latency_other", r->latency_other) ||
	    irqw_json_put_u64(*out, "storms_other", r->storms_other))
		return -ENOMEM;
	for (i = 0; i < r->nr_latency && !ret; i++) {
		const struct irqw_latency_sum *l = &r->latency[i];

		o = json_object_new_object();
		ret = irqw_json_append(lat, o) ?:
		      irqw_json_put(o, "vector", json_object_new_string(
				irqw_softirq_name(l->vec, name))) ?:
		      irqw_json_put_u64(o, "runs", l->runs) ?:
		      irqw_json_put_u64(o, "suppressed", l->suppressed) ?:
		      irqw_json_put_u64(o, "by_ksoftirqd", l->by_ksoftirqd) ?:
		      irqw_json_put_u64(o, "wait_max_ns", l->wait_max_ns) ?:
		      irqw_json_put_u64(o, "run_max_ns", l->run_max_ns);
	}
	for (i = 0; i < r->nr_storms && !ret; i++) {
		const struct irqw_storm_sum *s = &r->storms[i];

		o = json_object_new_object();
		ret = irqw_json_append(storms, o) ?:
		      irqw_json_put(o, "type", json_object_new_string(
				irqw_event_type_name(s->type, type))) ?:
		      irqw_json_put_u64(o, "cpu", s->cpu) ?:
		      (s->has_irq ? irqw_json_put_u64(o, "irq", s->irq) : 0) ?:
		      (s->what[0] ? irqw_json_put_string(o, "what", s->what) : 0) ?:
		      irqw_json_put_u64(o, "starts", s->starts) ?:
		      irqw_json_put_u64(o, "ends", s->ends) ?:
		      irqw_json_put_u64(o, "longest_ns", s->longest_ns) ?:
		      irqw_json_put_ppm(o, "peak_share", s->peak_share) ?:
		      (s->peak_rate ? irqw_json_put_u64(o, "peak_rate", s->peak_rate) : 0) ?:
		      put_time(o, "first", s->first_ns) ?:
		      put_time(o, "last", s->last_ns);
	}
	return ret;
}
