// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * irqwatch report --baseline: the "Compared with baseline" section, as
 * text and as the "baseline" member of the JSON report (lib/report/
 * compare.c says what is compared and how).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "compare.h"
#include "fmt.h"
#include "report_fmt.h"
#include "table.h"

/* Version of the "baseline" object of the JSON report. */
#define REPORT_BASELINE_VERSION	1

int report_has_baseline(const struct report_view *v)
{
	return v->cmp != NULL;
}

static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

/* A rate for people: three significant digits, "-" for none. */
static const char *rate_text(double rate, char *buf, size_t size)
{
	snprintf(buf, size, "%.3g", rate);
	return buf;
}

/* rate against base: "x2.5", "new", "gone", "=" */
static const char *ratio_text(double rate, double base, char *buf, size_t size)
{
	if (base <= 0)
		return rate > 0 ? "new" : "=";
	if (rate <= 0)
		return "gone";
	snprintf(buf, size, "x%.3g", rate / base);
	return buf;
}

static void span_line(FILE *f, const char *what, const struct irqw_report *r,
		      double hours)
{
	fprintf(f, "  %s: %" PRIu64 " file%s, %" PRIu64 " event%s, %zu host%s, "
		"%.3g host-hours\n", what, r->files, plural(r->files), r->events,
		plural(r->events), r->nr_hosts, plural(r->nr_hosts), hours);
}

static int types_text(FILE *f, const struct irqw_cmp *cmp)
{
	static const char *const head[] = { "TYPE", "CAUSE", "EVENTS", "PER HOUR",
					    "BASELINE", "PER HOUR", "CHANGE" };
	char tn[IRQW_TYPE_LEN], cn[IRQW_NAME_LEN], a[32], b[32], c[32];
	struct irqw_table t;
	size_t i;
	int ret = 0;

	irqw_table_init(&t, 7, head, "llrrrrr");
	for (i = 0; i < cmp->nr_tc && !ret; i++) {
		const struct irqw_cmp_tc *x = &cmp->tc[i];

		ret = irqw_table_cell(&t, "%s", irqw_event_type_name(x->type, tn)) ?:
		      irqw_table_cell(&t, "%s", x->cause ?
				      irqw_cause_name(x->cause, cn) : "-") ?:
		      irqw_table_cell(&t, "%" PRIu64, x->n) ?:
		      irqw_table_cell(&t, "%s", rate_text(x->rate, a, sizeof(a))) ?:
		      irqw_table_cell(&t, "%" PRIu64, x->base_n) ?:
		      irqw_table_cell(&t, "%s", rate_text(x->base_rate, b, sizeof(b))) ?:
		      irqw_table_cell(&t, "%s", ratio_text(x->rate, x->base_rate,
							   c, sizeof(c)));
	}
	if (!ret)
		ret = irqw_table_print(f, &t, "  ");
	irqw_table_free(&t);
	return ret;
}

static int culprits_text(FILE *f, const struct irqw_cmp *cmp)
{
	static const char *const head[] = { "CHANGE", "COUNT", "PER HOUR",
					    "BASELINE", "MAX", "BASELINE", "CULPRIT" };
	char a[32], b[32], m[IRQW_DURATION_LEN], n[IRQW_DURATION_LEN], key[512];
	struct irqw_table t;
	size_t i;
	int ret = 0;

	irqw_table_init(&t, 7, head, "lrrrrrl");
	for (i = 0; i < cmp->nr_c && !ret; i++) {
		const struct irqw_cmp_culprit *d = &cmp->c[i];
		const struct irqw_culprit *c = d->cur ? d->cur : d->base;

		if (d->change == IRQW_CHANGE_SAME)
			continue;
		irqw_clean_string(key, sizeof(key), c->key, true);
		ret = irqw_table_cell(&t, "%s", irqw_change_name(d->change)) ?:
		      irqw_table_cell(&t, "%" PRIu64, d->cur ? d->cur->count : 0) ?:
		      irqw_table_cell(&t, "%s", rate_text(d->rate, a, sizeof(a))) ?:
		      irqw_table_cell(&t, "%s", rate_text(d->base_rate, b, sizeof(b))) ?:
		      irqw_table_cell(&t, "%s", d->cur ? irqw_format_duration(
				      d->cur->pctl.max, m) : "-") ?:
		      irqw_table_cell(&t, "%s", d->base ? irqw_format_duration(
				      d->base->pctl.max, n) : "-") ?:
		      irqw_table_cell(&t, "%s", key);
	}
	if (!ret && t.nr_cells)
		ret = irqw_table_print(f, &t, "  ");
	irqw_table_free(&t);
	return ret;
}

int report_text_baseline(FILE *f, const struct report_view *v)
{
	const struct irqw_cmp *cmp = v->cmp;
	const struct irqw_report *b = v->base;
	char buf[512];
	size_t i;
	int ret;

	span_line(f, "this period", v->r, cmp->hours);
	span_line(f, "baseline", b, cmp->base_hours);
	fprintf(f, "  (per hour: of the hosts' spans, first to last record; "
		"--since and --until apply to this period only)\n\n");
	ret = types_text(f, cmp);
	if (ret)
		return ret;
	fprintf(f, "\n  culprits: %zu new, %zu grown, %zu gone, %zu shrunk, %zu "
		"unchanged (grown: %.0fx the rate or the longest window)\n",
		cmp->nr_change[IRQW_CHANGE_NEW], cmp->nr_change[IRQW_CHANGE_GROWN],
		cmp->nr_change[IRQW_CHANGE_GONE], cmp->nr_change[IRQW_CHANGE_SHRUNK],
		cmp->nr_change[IRQW_CHANGE_SAME], IRQW_CMP_FACTOR);
	ret = culprits_text(f, cmp);
	if (ret)
		return ret;
	if (b->bad + b->skipped) {
		fprintf(f, "\n  baseline: %" PRIu64 " line%s not analysed: %" PRIu64
			" malformed, %" PRIu64 " of a version, type or reason "
			"unknown\n", b->bad + b->skipped, plural(b->bad + b->skipped),
			b->bad, b->skipped);
		for (i = 0; i < b->nr_badv; i++)
			fprintf(f, "  %s:%" PRIu64 ": %s\n",
				(irqw_clean_string(buf, sizeof(buf), b->badv[i].file,
						   true), buf),
				b->badv[i].line, b->badv[i].why);
		if (b->bad + b->skipped > b->nr_badv)
			fprintf(f, "  ... and %" PRIu64 " more\n",
				b->bad + b->skipped - b->nr_badv);
	}
	return ferror(f) ? -EIO : 0;
}

/* A rate as a JSON number of six significant digits. */
static int put_rate(struct json_object *o, const char *key, double rate)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.6g", rate);
	return irqw_json_put(o, key, json_object_new_double_s(rate, buf));
}

static int types_json(struct json_object *o, const struct irqw_cmp *cmp)
{
	struct json_object *arr = json_object_new_array(), *it;
	char tn[IRQW_TYPE_LEN], cn[IRQW_NAME_LEN];
	size_t i;
	int ret;

	ret = irqw_json_put(o, "types", arr);
	for (i = 0; i < cmp->nr_tc && !ret; i++) {
		const struct irqw_cmp_tc *x = &cmp->tc[i];

		it = json_object_new_object();
		ret = irqw_json_append(arr, it) ?:
		      irqw_json_put_string(it, "type", irqw_event_type_name(x->type, tn)) ?:
		      (x->cause ? irqw_json_put_string(it, "cause",
						       irqw_cause_name(x->cause, cn)) : 0) ?:
		      irqw_json_put_u64(it, "events", x->n) ?:
		      put_rate(it, "per_hour", x->rate) ?:
		      irqw_json_put_u64(it, "base_events", x->base_n) ?:
		      put_rate(it, "base_per_hour", x->base_rate);
	}
	return ret;
}

/* count, per_hour, total_ns, p99_ns, max_ns of c (0 if NULL), prefixed. */
static int put_side(struct json_object *o, const char *prefix,
		    const struct irqw_culprit *c, double rate)
{
	static const char *const keys[] = { "count", "per_hour", "total_ns",
					    "p99_ns", "max_ns" };
	char k[5][32];
	size_t i;

	for (i = 0; i < 5; i++)
		snprintf(k[i], sizeof(k[i]), "%s%s", prefix, keys[i]);
	return irqw_json_put_u64(o, k[0], c ? c->count : 0) ?:
	       put_rate(o, k[1], rate) ?:
	       irqw_json_put_ns(o, k[2], c ? c->total_ns : 0) ?:
	       irqw_json_put_ns(o, k[3], c ? irqw_pctl_get(&c->pctl, 99) : 0) ?:
	       irqw_json_put_ns(o, k[4], c ? c->pctl.max : 0);
}

static int culprits_json(struct json_object *o, const struct irqw_cmp *cmp)
{
	struct json_object *arr = json_object_new_array(), *it;
	size_t i;
	int ret;

	ret = irqw_json_put(o, "culprits", arr);
	for (i = 0; i < cmp->nr_c && !ret; i++) {
		const struct irqw_cmp_culprit *d = &cmp->c[i];

		it = json_object_new_object();
		ret = irqw_json_append(arr, it) ?:
		      irqw_json_put_string(it, "key", (d->cur ? d->cur : d->base)->key) ?:
		      irqw_json_put_string(it, "change", irqw_change_name(d->change)) ?:
		      put_side(it, "", d->cur, d->rate) ?:
		      put_side(it, "base_", d->base, d->base_rate);
	}
	return ret;
}

static int input_json(struct json_object *o, const struct irqw_report *b)
{
	struct json_object *in = json_object_new_object(), *arr, *it;
	size_t i;
	int ret;

	ret = irqw_json_put(o, "base_input", in);
	if (ret)
		return ret;
	arr = json_object_new_array();
	ret = irqw_json_put_u64(in, "files", b->files) ?:
	      irqw_json_put_u64(in, "lines", b->lines) ?:
	      irqw_json_put_u64(in, "records", b->records) ?:
	      irqw_json_put_u64(in, "filtered", b->filtered) ?:
	      irqw_json_put_u64(in, "malformed", b->bad) ?:
	      irqw_json_put_u64(in, "skipped", b->skipped) ?:
	      irqw_json_put(in, "lines_not_analysed", arr);
	for (i = 0; i < b->nr_badv && !ret; i++) {
		it = json_object_new_object();
		ret = irqw_json_append(arr, it) ?:
		      irqw_json_put_string(it, "file", b->badv[i].file) ?:
		      irqw_json_put_u64(it, "line", b->badv[i].line) ?:
		      irqw_json_put_string(it, "why", b->badv[i].why);
	}
	return ret;
}

int report_json_baseline(const struct report_view *v, struct json_object **out)
{
	const struct irqw_cmp *cmp = v->cmp;
	struct json_object *o = json_object_new_object(), *ch;
	size_t i;
	int ret;

	*out = o;
	if (!o)
		return -ENOMEM;
	ch = json_object_new_object();
	ret = irqw_json_put(o, "version", json_object_new_int(REPORT_BASELINE_VERSION)) ?:
	      put_rate(o, "host_hours", cmp->hours) ?:
	      put_rate(o, "base_host_hours", cmp->base_hours) ?:
	      put_rate(o, "factor", IRQW_CMP_FACTOR) ?:
	      irqw_json_put(o, "changes", ch);
	for (i = 0; i < IRQW_CHANGES && !ret; i++)
		ret = irqw_json_put_u64(ch, irqw_change_name(i), cmp->nr_change[i]);
	return ret ?: types_json(o, cmp) ?: culprits_json(o, cmp) ?:
	       input_json(o, v->base);
}
