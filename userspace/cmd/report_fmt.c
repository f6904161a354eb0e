// SPDX-License-Identifier: GPL-2.0 OR MIT
/* irqwatch report: the section table, and what both formats say alike. */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <linux/irqwatch.h>

#include "hints.h"
#include "report_fmt.h"

static int has_stalls(const struct report_view *v)
{
	return v->r->nr_stalls > 0;
}

static int has_softirq(const struct report_view *v)
{
	return v->r->soft_n > 0;
}

static int has_bad(const struct report_view *v)
{
	return v->r->bad + v->r->skipped > 0;
}

/*
 * In order; storms and a baseline's differences come here as entries of
 * their own.
 */
const struct report_section report_sections[] = {
	{ "summary", "Summary", NULL, report_text_summary, report_json_summary },
	{ "baseline", "Compared with baseline", report_has_baseline,
	  report_text_baseline, report_json_baseline },
	{ "culprits", "Culprits", NULL, report_text_culprits,
	  report_json_culprits },
	{ "cpus", "Per CPU", NULL, report_text_cpus, report_json_cpus },
	{ "stalls", "Stalls", has_stalls, report_text_stalls,
	  report_json_stalls },
	{ "softirq", "Softirq (bottom halves off)", has_softirq,
	  report_text_softirq, report_json_softirq },
	{ "storms", "Storms / softirq latency", report_has_storms,
	  report_text_storms, report_json_storms },
	{ "input", "Input not analysed", has_bad, report_text_input,
	  report_json_input },
};

const size_t report_nr_sections =
	sizeof(report_sections) / sizeof(report_sections[0]);

static int write_text(FILE *f, const struct report_view *v,
		      void *state __attribute__((unused)))
{
	return report_write_text(f, v, v->width);
}

static int write_json(FILE *f, const struct report_view *v,
		      void *state __attribute__((unused)))
{
	return report_write_json(f, v, v->pretty);
}

const struct report_format report_formats[] = {
	{ .name = "text", .write = write_text },
	{ .name = "json", .write = write_json },
	{ .name = "folded", .start = report_folded_start,
	  .record = report_folded_record, .write = report_folded_write,
	  .free = report_folded_free },
	{ .name = "perfetto", .streams = true, .start = report_perfetto_start,
	  .record = report_perfetto_record, .write = report_perfetto_write,
	  .free = report_perfetto_free },
	{ .name = "html", .start = report_html_start,
	  .record = report_html_record, .write = report_html_write,
	  .free = report_html_free },
};

const size_t report_nr_formats =
	sizeof(report_formats) / sizeof(report_formats[0]);

const struct report_format *report_format_find(const char *name)
{
	size_t i;

	for (i = 0; i < report_nr_formats; i++)
		if (!strcmp(report_formats[i].name, name))
			return &report_formats[i];
	return NULL;
}

void report_format_names(char *buf, size_t size)
{
	size_t i, len = 0;

	*buf = '\0';
	for (i = 0; i < report_nr_formats && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					!i ? "" : i + 1 < report_nr_formats ? ", " : " or ",
					report_formats[i].name);
}

size_t report_fp_frames(const char *key, char *buf, size_t size,
			const char **names, size_t max)
{
	const char *p = strchr(key, ';');
	size_t n = 0;
	char *s;

	snprintf(buf, size, "%s", p ? p + 1 : "");
	for (s = buf; *s && n < max; n++) {
		names[n] = s;
		s = strchr(s, ';');
		if (!s)
			return n + 1;
		*s++ = '\0';
	}
	return n;
}

char *report_hint(const struct irqw_culprit *c)
{
	struct irqw_hint_ctx ctx = {
		.cache = c->cache, .reader = c->reader, .parent = c->parent,
		.has_slab = c->has_slab, .partial = c->partial,
		.objects = c->objects,
	};
	const char *names[8];
	char buf[512];
	size_t n;
	int h;

	n = report_fp_frames(c->key, buf, sizeof(buf), names, 6);
	names[n++] = c->within;
	names[n++] = c->probe;
	h = irqw_hint_find(names, n);
	return h < 0 ? NULL : irqw_hint_text(h, &ctx);
}

void report_lost_note(const struct irqw_report *r, char *buf, size_t size)
{
	uint64_t lost = r->lost[0] + r->lost[1] + r->lost[2];

	if (!lost) {
		snprintf(buf, size, "no events lost: the figures are complete");
		return;
	}
	snprintf(buf, size,
		 "%" PRIu64 " events lost (%.1f%% of %" PRIu64 "): counts and "
		 "totals are lower bounds, and a lost window may have been the "
		 "longest; the percentiles are of the events kept",
		 lost, 100.0 * (double)lost / (double)(lost + r->events),
		 lost + r->events);
}
