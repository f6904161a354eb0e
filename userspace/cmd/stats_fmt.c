// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "stats_fmt.h"
#include "table.h"

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
