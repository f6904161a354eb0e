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
	{ "culprits", "Culprits", NULL, report_text_culprits,
	  report_json_culprits },
	{ "cpus", "Per CPU", NULL, report_text_cpus, report_json_cpus },
	{ "stalls", "Stalls", has_stalls, report_text_stalls,
	  report_json_stalls },
	{ "softirq", "Softirq (bottom halves off)", has_softirq,
	  report_text_softirq, report_json_softirq },
	{ "input", "Input not analysed", has_bad, report_text_input,
	  report_json_input },
};

const size_t report_nr_sections =
	sizeof(report_sections) / sizeof(report_sections[0]);

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
