/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * irqwatch report --format html: one self-contained page (no script, no
 * external resource; a Content-Security-Policy forbids any), its sections
 * in HTML tables (report_html.c) and its charts in inline SVG
 * (report_svg.c): the timeline per host and CPU, the duration histograms,
 * the flame graph. What the format keeps while the records are read is
 * bounded by the distinct stacks, the hosts and CPUs, not by the events:
 * the folded stacks (folded.h), a bounded timeline (timeline.h) and a log2
 * histogram per event type.
 */
#ifndef IRQW_REPORT_HTML_H
#define IRQW_REPORT_HTML_H

#include <stdint.h>
#include <stdio.h>

#include <linux/irqwatch.h>

#include "folded.h"
#include "report.h"
#include "timeline.h"

/* Histogram rows: one per known type, the last for types this tool does not know. */
#define HTML_TYPES	(__IRQWATCH_EVENT_MAX + 1)

struct html_state {
	struct irqw_folded folded;
	struct irqw_timeline tl;
	/* log2 buckets of the durations, as status's lateness histogram */
	uint64_t hist[HTML_TYPES][IRQWATCH_HIST_BUCKETS];
};

/* The bucket of a duration: <1 us, [2^(k-1), 2^k) us, >= 2^20 us. */
unsigned int report_html_bucket(uint64_t ns);

/*
 * A string from the input, for HTML text or an attribute value: made valid
 * UTF-8 without control characters (cut at 4 KiB), & < > " ' as entities.
 */
void report_html_esc(FILE *f, const char *s);

/* Text already clean (a text section's), newlines kept, escaped whole. */
void report_html_esc_text(FILE *f, const char *s);

/*
 * The colour ("#rrggbb") of events of type and cause; cause 0: the type's
 * own (irqoff: that of irqs_disabled).
 */
const char *report_html_colour(uint32_t type, uint32_t cause);

/* The charts, each one <svg> element. 0 or a negative errno. */
int report_svg_timeline(FILE *f, const struct irqw_report *r,
			const struct irqw_timeline *tl);
int report_svg_histogram(FILE *f, const uint64_t hist[][IRQWATCH_HIST_BUCKETS]);
int report_svg_flame(FILE *f, const struct irqw_folded *folded);

/* Geometry, for the tests. */
#define SVG_WIDTH	1200	/* every chart's width */
#define SVG_LABEL_W	150	/* the timeline's row labels */
#define SVG_FLAME_FRAME_H	17	/* a flame graph frame's height */
#define SVG_FLAME_MIN_W	0.1	/* frames narrower (px) are not drawn */

#endif /* IRQW_REPORT_HTML_H */
