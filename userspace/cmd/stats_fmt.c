// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <linux/irqwatch.h>

#include "fmt.h"
#include "stats_fmt.h"
#include "table.h"

/* prefix and a string from the kernel, cleaned for a terminal */
static void print_clean(FILE *f, const char *prefix, const char *s)
{
	char buf[IRQW_FRAME_MAX];

	irqw_clean_string(buf, sizeof(buf), s, true);
	fprintf(f, "%s%s", prefix, buf);
}

static uint64_t per(uint64_t total, uint64_t n)
{
	return n ? total / n : 0;
}

void irqw_irqoff_text(FILE *f, const struct irqw_cpu_stats *c)
{
	const struct irqw_irqoff_stats *s = &c->irqoff;
	char late[IRQW_DURATION_LEN];
	bool any = false;
	size_t i;

	if (!c->has_irqoff)
		return;
	fprintf(f, "cpu%" PRIu32 " irqoff ticks %" PRIu64 " %" PRIu64
		" ns/tick nmis_sent %" PRIu64 " samples %" PRIu64 " %" PRIu64
		" ns/nmi windows %" PRIu64 " max_late %s%s\n", c->id, s->ticks,
		per(s->tick_ns, s->ticks), s->nmis_sent, s->samples,
		per(s->nmi_ns, s->samples), s->windows,
		irqw_format_duration(s->max_late_ns, late), s->pmu ? " pmu" : "");
	fprintf(f, "cpu%" PRIu32 " lateness", c->id);
	for (i = 0; i < IRQW_HIST_BUCKETS; i++) {
		if (!s->hist[i])
			continue;
		fprintf(f, " %s:%" PRIu64, irqw_hist_bucket_name(i), s->hist[i]);
		any = true;
	}
	fputs(any ? "\n" : " none\n", f);
}

int irqw_irqoff_json(struct json_object *cpu, const struct irqw_cpu_stats *c)
{
	const struct irqw_irqoff_stats *s = &c->irqoff;
	struct json_object *obj, *hist;
	size_t i;

	if (!c->has_irqoff)
		return 0;
	obj = json_object_new_object();
	hist = json_object_new_array();
	if (irqw_json_put(cpu, "irqoff", obj)) {
		json_object_put(hist);
		return -ENOMEM;
	}
	if (irqw_json_put_u64(obj, "ticks", s->ticks) ||
	    irqw_json_put_ns(obj, "tick_ns", s->tick_ns) ||
	    irqw_json_put_u64(obj, "nmis_sent", s->nmis_sent) ||
	    irqw_json_put_u64(obj, "samples", s->samples) ||
	    irqw_json_put_ns(obj, "nmi_ns", s->nmi_ns) ||
	    irqw_json_put_u64(obj, "windows", s->windows) ||
	    irqw_json_put_ns(obj, "max_late_ns", s->max_late_ns) ||
	    irqw_json_put(obj, "pmu", json_object_new_boolean(s->pmu)) ||
	    irqw_json_put(obj, "hist", hist))
		return -ENOMEM;
	for (i = 0; i < IRQW_HIST_BUCKETS; i++)
		if (irqw_json_append(hist, json_object_new_uint64(s->hist[i])))
			return -ENOMEM;
	return 0;
}

void irqw_softirqoff_text(FILE *f, const struct irqw_cpu_stats *c)
{
	if (!c->has_softirqoff)
		return;
	fprintf(f, "cpu%" PRIu32 " softirqoff ticks %" PRIu64 " windows %" PRIu64
		"\n", c->id, c->softirqoff.ticks, c->softirqoff.windows);
}

int irqw_softirqoff_json(struct json_object *cpu, const struct irqw_cpu_stats *c)
{
	struct json_object *obj;

	if (!c->has_softirqoff)
		return 0;
	obj = json_object_new_object();
	if (irqw_json_put(cpu, "softirqoff", obj) ||
	    irqw_json_put_u64(obj, "ticks", c->softirqoff.ticks) ||
	    irqw_json_put_u64(obj, "windows", c->softirqoff.windows))
		return -ENOMEM;
	return 0;
}

/* " wait <1us:80 1-2us:10": the buckets that are not empty, or " wait none" */
static void hist_text(FILE *f, const char *label, const uint64_t *hist)
{
	bool any = false;
	size_t i;

	fprintf(f, " %s", label);
	for (i = 0; i < IRQW_HIST_BUCKETS; i++) {
		if (!hist[i])
			continue;
		fprintf(f, " %s:%" PRIu64, irqw_hist_bucket_name(i), hist[i]);
		any = true;
	}
	if (!any)
		fputs(" none", f);
}

void irqw_softirq_text(FILE *f, const struct irqw_cpu_stats *c)
{
	const struct irqw_softirq_stats *s = &c->softirq;
	char a[IRQW_DURATION_LEN], b[IRQW_DURATION_LEN], d[IRQW_DURATION_LEN];
	char name[IRQW_NAME_LEN];
	const struct irqw_vec_stats *v;
	size_t i;

	if (!c->has_softirq)
		return;
	fprintf(f, "cpu%" PRIu32 " softirq %s ksoftirqd %s hardirq %s hardirqs %"
		PRIu64 " untracked %" PRIu64 " latency_events %" PRIu64
		" suppressed %" PRIu64 "\n", c->id,
		irqw_format_duration(s->softirq_ns, a),
		irqw_format_duration(s->ksoftirqd_ns, b),
		irqw_format_duration(s->hardirq_ns, d), s->hardirqs,
		s->irqs_untracked, s->latency_events, s->latency_suppressed);
	if (s->has_tp_cost && s->tp_timed)
		fprintf(f, "cpu%" PRIu32 " probes calls %" PRIu64 " %.1f ns/call"
			" (%" PRIu64 " timed)\n", c->id, s->tp_calls,
			(double)s->tp_timed_ns / (double)s->tp_timed, s->tp_timed);
	for (i = 0; i < s->nr_vecs; i++) {
		v = &s->vecs[i];
		if (!v->count && !v->raises)
			continue;
		fprintf(f, "cpu%" PRIu32 " %s runs %" PRIu64 " time %s raises %"
			PRIu64, c->id, irqw_softirq_name(v->vec, name), v->count,
			irqw_format_duration(v->ns, a), v->raises);
		hist_text(f, "wait", v->wait_hist);
		hist_text(f, "run", v->run_hist);
		putc('\n', f);
	}
}

static int hist_json(struct json_object *obj, const char *key,
		     const uint64_t *hist)
{
	struct json_object *arr = json_object_new_array();
	size_t i;

	if (irqw_json_put(obj, key, arr))
		return -ENOMEM;
	for (i = 0; i < IRQW_HIST_BUCKETS; i++)
		if (irqw_json_append(arr, json_object_new_uint64(hist[i])))
			return -ENOMEM;
	return 0;
}

int irqw_softirq_json(struct json_object *cpu, const struct irqw_cpu_stats *c)
{
	const struct irqw_softirq_stats *s = &c->softirq;
	struct json_object *obj, *vecs, *o;
	const struct irqw_vec_stats *v;
	char name[IRQW_NAME_LEN];
	size_t i;

	if (!c->has_softirq)
		return 0;
	obj = json_object_new_object();
	vecs = json_object_new_array();
	if (irqw_json_put(cpu, "softirq", obj)) {
		json_object_put(vecs);
		return -ENOMEM;
	}
	if (irqw_json_put_ns(obj, "softirq_ns", s->softirq_ns) ||
	    irqw_json_put_ns(obj, "ksoftirqd_ns", s->ksoftirqd_ns) ||
	    irqw_json_put_ns(obj, "hardirq_ns", s->hardirq_ns) ||
	    irqw_json_put_u64(obj, "hardirqs", s->hardirqs) ||
	    irqw_json_put_u64(obj, "irqs_untracked", s->irqs_untracked) ||
	    irqw_json_put_u64(obj, "latency_events", s->latency_events) ||
	    irqw_json_put_u64(obj, "latency_suppressed", s->latency_suppressed) ||
	    irqw_json_put(obj, "vectors", vecs))
		return -ENOMEM;
	if (s->has_tp_cost &&
	    (irqw_json_put_u64(obj, "tp_calls", s->tp_calls) ||
	     irqw_json_put_u64(obj, "tp_timed", s->tp_timed) ||
	     irqw_json_put_ns(obj, "tp_timed_ns", s->tp_timed_ns)))
		return -ENOMEM;
	for (i = 0; i < s->nr_vecs; i++) {
		v = &s->vecs[i];
		o = json_object_new_object();
		if (irqw_json_append(vecs, o) ||
		    irqw_json_put(o, "vector", json_object_new_string(
				irqw_softirq_name(v->vec, name))) ||
		    irqw_json_put_u64(o, "count", v->count) ||
		    irqw_json_put_ns(o, "ns", v->ns) ||
		    irqw_json_put_u64(o, "raises", v->raises) ||
		    hist_json(o, "wait_hist", v->wait_hist) ||
		    hist_json(o, "run_hist", v->run_hist))
			return -ENOMEM;
	}
	return 0;
}

/* Whether the module has the storm detector's part of the stats. */
static bool has_storms(const struct irqw_stats *st)
{
	return st->nr_tracepoints || st->has_storms_active || st->has_imbalance;
}

static void imbalance_text(FILE *f, const struct irqw_imbalance *imb)
{
	char pct[IRQW_PCT_LEN], idle[IRQW_PCT_LEN];
	size_t i;

	fputs("imbalance", f);
	if (imb->has_hot_cpu)
		fprintf(f, " hot cpu %" PRIu32, imb->hot_cpu);
	else
		fputs(" none", f);
	if (imb->has_load)
		fprintf(f, " load %s", irqw_format_pct(imb->load, pct));
	fprintf(f, " mean %s", irqw_format_pct(imb->mean, pct));
	fprintf(f, " stddev %s", irqw_format_pct(imb->stddev, pct));
	fprintf(f, " median %s", irqw_format_pct(imb->median, pct));
	if (imb->has_over)
		fprintf(f, " over %" PRIu32, imb->over);
	putc('\n', f);
	if (!imb->nr_cpus)
		return;
	fputs("imbalance cpus", f);
	for (i = 0; i < imb->nr_cpus; i++)
		fprintf(f, " %" PRIu32 ":%s/idle %s", imb->cpus[i].cpu,
			irqw_format_pct(imb->cpus[i].load, pct),
			irqw_format_pct(imb->cpus[i].idle, idle));
	putc('\n', f);
}

int irqw_storms_text(FILE *f, const struct irqw_stats *st, uint64_t now_ns)
{
	char name[IRQW_NAME_LEN], type[IRQW_TYPE_LEN], pct[IRQW_PCT_LEN];
	char since[IRQW_DURATION_LEN];
	const struct irqw_tracepoint *tp;
	const struct irqw_storm *s;
	const char *impact;
	size_t i;

	if (!has_storms(st))
		return 0;
	for (i = 0; i < st->nr_tracepoints; i++) {
		tp = &st->tracepoints[i];
		print_clean(f, "tracepoint ", tp->name);
		fprintf(f, " %s", irqw_tp_state_name(tp->state, name));
		impact = irqw_tp_impact(tp->name);
		if (tp->state == IRQWATCH_TP_STATE_MISSING ||
		    tp->state == IRQWATCH_TP_STATE_FAILED)
			fprintf(f, ": %s", impact ? impact :
				"what needs it is not measured");
		putc('\n', f);
	}
	if (st->has_storms_active || st->nr_storms) {
		fputs("storms ", f);
		if (st->storms_active || st->nr_storms)
			fprintf(f, "%" PRIu32 " active\n",
				st->has_storms_active ? st->storms_active :
				(uint32_t)st->nr_storms);
		else
			fputs("none\n", f);
	}
	for (i = 0; i < st->nr_storms; i++) {
		s = &st->storms[i];
		fprintf(f, "  %s cpu %" PRIu32, irqw_event_type_name(s->type, type),
			s->cpu);
		if (s->has_irq)
			fprintf(f, " irq %" PRIu32, s->irq);
		fprintf(f, " for %s share %s", irqw_format_duration(
				now_ns > s->since_ns ? now_ns - s->since_ns : 0,
				since), irqw_format_pct(s->share, pct));
		if (s->has_rate)
			fprintf(f, " rate %" PRIu64 "/s", s->rate);
		putc('\n', f);
	}
	if (st->has_storms_active && st->storms_active > st->nr_storms)
		fprintf(f, "  (%" PRIu64 " more)\n",
			(uint64_t)st->storms_active - st->nr_storms);
	if (st->has_imbalance)
		imbalance_text(f, &st->imbalance);
	return ferror(f) ? -EIO : 0;
}

int irqw_storms_json(struct json_object *root, const struct irqw_stats *st)
{
	char name[IRQW_NAME_LEN], type[IRQW_TYPE_LEN];
	const struct irqw_imbalance *imb = &st->imbalance;
	struct json_object *arr, *o;
	size_t i;

	if (!has_storms(st))
		return 0;
	arr = json_object_new_array();
	if (irqw_json_put(root, "tracepoints", arr))
		return -ENOMEM;
	for (i = 0; i < st->nr_tracepoints; i++) {
		o = json_object_new_object();
		if (irqw_json_append(arr, o) ||
		    irqw_json_put_string(o, "name", st->tracepoints[i].name) ||
		    irqw_json_put(o, "state", json_object_new_string(
			irqw_tp_state_name(st->tracepoints[i].state, name))))
			return -ENOMEM;
	}
	if (st->has_storms_active &&
	    irqw_json_put_u64(root, "storms_active", st->storms_active))
		return -ENOMEM;
	arr = json_object_new_array();
	if (irqw_json_put(root, "storms", arr))
		return -ENOMEM;
	for (i = 0; i < st->nr_storms; i++) {
		const struct irqw_storm *s = &st->storms[i];

		o = json_object_new_object();
		if (irqw_json_append(arr, o) ||
		    irqw_json_put(o, "type", json_object_new_string(
				irqw_event_type_name(s->type, type))) ||
		    irqw_json_put_u64(o, "cpu", s->cpu) ||
		    (s->has_irq && irqw_json_put_u64(o, "irq", s->irq)) ||
		    irqw_json_put_ns(o, "since_ns", s->since_ns) ||
		    irqw_json_put_ppm(o, "share", s->share) ||
		    (s->has_rate && irqw_json_put_u64(o, "rate", s->rate)))
			return -ENOMEM;
	}
	if (!st->has_imbalance)
		return 0;
	o = json_object_new_object();
	if (irqw_json_put(root, "imbalance", o) ||
	    (imb->has_hot_cpu && irqw_json_put_u64(o, "hot_cpu", imb->hot_cpu)) ||
	    (imb->has_load && irqw_json_put_ppm(o, "load", imb->load)) ||
	    irqw_json_put_ppm(o, "mean", imb->mean) ||
	    irqw_json_put_ppm(o, "stddev", imb->stddev) ||
	    irqw_json_put_ppm(o, "median", imb->median) ||
	    (imb->has_over && irqw_json_put_u64(o, "over", imb->over)) ||
	    irqw_json_put_loads(o, "cpus", imb))
		return -ENOMEM;
	return 0;
}

/* Most time first; as the module ordered them (most recent) on a tie. */
static int by_total(const void *a, const void *b)
{
	const struct irqw_reader *const *x = a, *const *y = b;

	if ((*x)->total_ns != (*y)->total_ns)
		return (*x)->total_ns < (*y)->total_ns ? 1 : -1;
	return *x < *y ? -1 : *x > *y;
}

static int reader_row(struct irqw_table *t, const struct irqw_reader *r,
		      uint64_t now_ns)
{
	char probe[IRQW_FRAME_MAX], cache[IRQW_FRAME_MAX], comm[IRQW_COMM_MAX];
	char total[IRQW_DURATION_LEN], max[IRQW_DURATION_LEN];
	char last[IRQW_DURATION_LEN];

	irqw_clean_string(probe, sizeof(probe), r->probe, true);
	irqw_clean_string(cache, sizeof(cache), r->cache ? r->cache : "-", true);
	irqw_clean_string(comm, sizeof(comm), r->comm, true);
	if (irqw_table_cell(t, "%s", probe) || irqw_table_cell(t, "%s", cache) ||
	    irqw_table_cell(t, "%" PRIu32, r->tgid) ||
	    irqw_table_cell(t, "%s", comm) ||
	    irqw_table_cell(t, "%" PRIu64, r->calls) ||
	    irqw_table_cell(t, "%s", irqw_format_duration(r->total_ns, total)) ||
	    irqw_table_cell(t, "%s", irqw_format_duration(r->max_ns, max)) ||
	    irqw_table_cell(t, "%s ago", irqw_format_duration(
			now_ns > r->last_ns ? now_ns - r->last_ns : 0, last)))
		return -ENOMEM;
	return 0;
}

int irqw_readers_text(FILE *f, const struct irqw_stats *st, uint64_t now_ns)
{
	static const char *const head[] = {
		"PROBE", "CACHE", "TGID", "COMM", "CALLS", "TOTAL", "MAX", "LAST",
	};
	const struct irqw_reader **sorted;
	struct irqw_table t;
	size_t i, shown;
	int ret = 0;

	/* a module that keeps no readers says nothing of them */
	if (!st->has_readers_overflow && !st->nr_readers)
		return 0;
	fputs("slab readers ", f);
	if (st->nr_readers)
		fprintf(f, "%zu", st->nr_readers);
	else
		fputs("none", f);
	if (st->readers_overflow)
		fprintf(f, " (%" PRIu64 " calls not summed: the table was full)",
			st->readers_overflow);
	putc('\n', f);
	if (!st->nr_readers)
		return ferror(f) ? -EIO : 0;

	sorted = calloc(st->nr_readers, sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;
	for (i = 0; i < st->nr_readers; i++)
		sorted[i] = &st->readers[i];
	qsort(sorted, st->nr_readers, sizeof(*sorted), by_total);
	shown = st->nr_readers < IRQW_READERS_SHOWN ? st->nr_readers :
						      IRQW_READERS_SHOWN;
	irqw_table_init(&t, 8, head, "llrlrrrr");
	for (i = 0; i < shown && !ret; i++)
		ret = reader_row(&t, sorted[i], now_ns);
	if (!ret)
		ret = irqw_table_print(f, &t, "  ");
	if (!ret && shown < st->nr_readers)
		fprintf(f, "  (%zu more)\n", st->nr_readers - shown);
	irqw_table_free(&t);
	free(sorted);
	return ret ? ret : ferror(f) ? -EIO : 0;
}

int irqw_readers_json(struct json_object *root, const struct irqw_stats *st)
{
	struct json_object *arr, *obj;
	const struct irqw_reader *r;
	size_t i;

	if (!st->has_readers_overflow && !st->nr_readers)
		return 0;
	arr = json_object_new_array();
	if (irqw_json_put(root, "readers", arr))
		return -ENOMEM;
	for (i = 0; i < st->nr_readers; i++) {
		r = &st->readers[i];
		obj = json_object_new_object();
		if (irqw_json_append(arr, obj) ||
		    irqw_json_put_string(obj, "probe", r->probe) ||
		    (r->cache && irqw_json_put_string(obj, "cache", r->cache)) ||
		    irqw_json_put_u64(obj, "tgid", r->tgid) ||
		    irqw_json_put_string(obj, "comm", r->comm) ||
		    irqw_json_put_u64(obj, "calls", r->calls) ||
		    irqw_json_put_ns(obj, "total_ns", r->total_ns) ||
		    irqw_json_put_ns(obj, "max_ns", r->max_ns) ||
		    irqw_json_put_ns(obj, "last_ns", r->last_ns) ||
		    /* only when some were: older modules do not count them */
		    (r->suppressed &&
		     irqw_json_put_u64(obj, "suppressed", r->suppressed)))
			return -ENOMEM;
	}
	if (st->has_readers_overflow &&
	    irqw_json_put_u64(root, "readers_overflow", st->readers_overflow))
		return -ENOMEM;
	return 0;
}
