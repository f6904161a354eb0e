// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The HTML report's charts, inline SVG that needs no script: the timeline
 * (a row per host and CPU, the worst event of each of its slots as a mark
 * coloured by type and cause, a legend, a time axis with labelled ticks),
 * the duration histograms (log2 buckets, one chart per type) and the flame
 * graph of the folded stacks (root at the bottom, widths in proportion to
 * the microseconds). Every mark, bar and frame has a <title>: the browser
 * shows it as a tooltip. Coordinates are written with two decimals, so the
 * same input gives the same bytes.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fmt.h"
#include "report_fmt.h"
#include "report_html.h"

#define NSEC_PER_SEC	1000000000ULL
#define FONT_W		6.6	/* px per character of the 11 px font, about */

/* The timeline's geometry */
#define TL_PLOT_W	(SVG_WIDTH - SVG_LABEL_W - 20)
#define TL_ROW_H	22
#define TL_MARK_H	14
#define TL_LEGEND_H	20
#define TL_AXIS_H	44
#define TL_TICKS_MAX	8

/* The histogram's */
#define HI_BAR_H	90	/* the tallest bar */
#define HI_TOP		32	/* the tallest bar's top, below the chart's title */
#define HI_CHART_H	(HI_TOP + HI_BAR_H + 26)
#define HI_LEFT		10

/* The flame graph's */
#define FG_TOP		4
#define FG_W		(SVG_WIDTH - 20)
#define FG_LEFT		10

static void svg_open(FILE *f, const char *cls, double h, const char *label)
{
	fprintf(f, "<svg class=\"%s\" width=\"%d\" height=\"%.0f\" viewBox=\"0 0 %d %.0f\" "
		   "role=\"img\" aria-label=\"%s\">\n",
		cls, SVG_WIDTH, h, SVG_WIDTH, h, label);
}

/* "HH:MM:SS", with .mmm or .uuuuuu for ticks closer than a second. */
static void tick_label(uint64_t t, uint64_t step, char *buf, size_t size)
{
	time_t s = (time_t)(t / NSEC_PER_SEC);
	uint64_t frac = t % NSEC_PER_SEC;
	struct tm tm;

	if (!gmtime_r(&s, &tm)) {
		snprintf(buf, size, "?");
		return;
	}
	if (step >= 86400 * NSEC_PER_SEC)
		strftime(buf, size, "%Y-%m-%d", &tm);
	else if (step >= NSEC_PER_SEC)
		strftime(buf, size, "%H:%M:%S", &tm);
	else if (step >= 1000000)
		snprintf(buf, size, "%02d:%02d:%02d.%03" PRIu64, tm.tm_hour,
			 tm.tm_min, tm.tm_sec, frac / 1000000);
	else
		snprintf(buf, size, "%02d:%02d:%02d.%06" PRIu64, tm.tm_hour,
			 tm.tm_min, tm.tm_sec, frac / 1000);
}

/* The first step of 1-2-5 (then seconds, minutes, hours, days) with few ticks. */
static uint64_t tick_step(uint64_t span)
{
	static const uint64_t big[] = {
		1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600,
		7200, 10800, 21600, 43200, 86400, 2 * 86400, 7 * 86400,
		30 * 86400, 90 * 86400, 365 * 86400,
	};
	uint64_t s;
	size_t i;

	for (s = 1000; s < NSEC_PER_SEC; s *= 10) {
		if (span / s <= TL_TICKS_MAX)
			return s;
		if (span / (2 * s) <= TL_TICKS_MAX)
			return 2 * s;
		if (span / (5 * s) <= TL_TICKS_MAX)
			return 5 * s;
	}
	for (i = 0; i < sizeof(big) / sizeof(big[0]); i++)
		if (span / (big[i] * NSEC_PER_SEC) <= TL_TICKS_MAX)
			return big[i] * NSEC_PER_SEC;
	return span / TL_TICKS_MAX + 1;
}

/*
 * The legend: a swatch per type and cause the report counted, to f (NULL:
 * only measured); its height.
 */
static double legend(FILE *f, const struct irqw_report *r)
{
	char tn[IRQW_TYPE_LEN], cn[IRQW_NAME_LEN], text[96];
	double x = 4, y = 4;
	size_t i;

	for (i = 0; i < r->nr_tc; i++) {
		const struct irqw_type_cause *tc = &r->tc[i];
		double w;

		snprintf(text, sizeof(text), "%s%s%s (%" PRIu64 ")",
			 irqw_event_type_name(tc->type, tn), tc->cause ? " " : "",
			 tc->cause ? irqw_cause_name(tc->cause, cn) : "", tc->n);
		w = 22 + FONT_W * (double)strlen(text) + 14;
		if (x > 4 && x + w > SVG_WIDTH) {
			x = 4;
			y += TL_LEGEND_H;
		}
		if (f) {
			fprintf(f, "<g class=\"legend\"><rect x=\"%.2f\" y=\"%.2f\" "
				   "width=\"14\" height=\"14\" fill=\"%s\"/><text x=\"%.2f\" "
				   "y=\"%.2f\">%s</text></g>\n", x, y,
				report_html_colour(tc->type, tc->cause), x + 20, y + 11, text);
		}
		x += w;
	}
	return y + TL_LEGEND_H + 6;
}

static double tl_x(uint64_t t, uint64_t t0, uint64_t t1)
{
	if (t < t0)
		t = t0;
	if (t > t1)
		t = t1;
	return SVG_LABEL_W + (double)(t - t0) / (double)(t1 - t0) * TL_PLOT_W;
}

static void mark(FILE *f, const struct irqw_tl_row *row, const struct irqw_tl_mark *m,
		 uint64_t slot_ns, double y, uint64_t t0, uint64_t t1)
{
	char tn[IRQW_TYPE_LEN], cn[IRQW_NAME_LEN], d[IRQW_DURATION_LEN];
	char when[IRQW_TIME_LEN];
	uint64_t end = m->start_ns + m->duration_ns;
	double x, w;

	if (end < m->start_ns)
		end = UINT64_MAX;
	x = tl_x(m->start_ns, t0, t1);
	w = tl_x(end, t0, t1) - x;

	if (w < 2)
		w = 2;
	if (irqw_format_time(m->start_ns, when, sizeof(when)))
		strcpy(when, "?");
	fprintf(f, "<rect class=\"m\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
		   "height=\"%d\" fill=\"%s\"><title>%s", x, y, w, TL_MARK_H,
		report_html_colour(m->type, m->cause),
		irqw_event_type_name(m->type, tn));
	if (m->cause)
		fprintf(f, " %s", irqw_cause_name(m->cause, cn));
	fprintf(f, ": %s\n", irqw_format_duration(m->duration_ns, d));
	report_html_esc(f, row->host);
	fprintf(f, " cpu%" PRIu32 " at %s", row->cpu, when);
	if (*m->comm) {
		fputs("\ntask ", f);
		report_html_esc(f, m->comm);
	}
	if (*m->frame) {
		fputs("\nculprit ", f);
		report_html_esc(f, m->frame);
	}
	if (m->n > 1)
		fprintf(f, "\n%" PRIu64 " events started in this %s; the longest is shown",
			m->n, irqw_format_duration(slot_ns, d));
	fputs("</title></rect>\n", f);
}

int report_svg_timeline(FILE *f, const struct irqw_report *r,
			const struct irqw_timeline *tl)
{
	struct irqw_tl_row **rows;
	uint64_t t0, t1, pad, step, t;
	double top, h, y, x;
	char label[64];
	size_t i, k;

	if (!tl->nr_rows) {
		fputs("<p class=\"none\">no events</p>\n", f);
		return 0;
	}
	rows = irqw_tl_sorted(tl);
	if (!rows)
		return -ENOMEM;
	t0 = tl->min_ns;
	t1 = tl->max_ns;
	pad = (t1 - t0) / 50 ?: 1000000;
	t0 = t0 > pad ? t0 - pad : 0;
	t1 = t1 < UINT64_MAX - pad ? t1 + pad : UINT64_MAX;
	/* the legend's height first: the SVG's height depends on it */
	top = legend(NULL, r);
	h = top + (double)tl->nr_rows * TL_ROW_H + TL_AXIS_H;
	svg_open(f, "timeline", h, "events per CPU over time");
	legend(f, r);
	for (i = 0; i < tl->nr_rows; i++) {
		const struct irqw_tl_row *row = rows[i];

		y = top + (double)i * TL_ROW_H;
		fputs("<g class=\"row\" data-host=\"", f);
		report_html_esc(f, row->host);
		fprintf(f, "\" data-cpu=\"%" PRIu32 "\">\n", row->cpu);
		fprintf(f, "<rect class=\"lane\" x=\"%d\" y=\"%.2f\" width=\"%d\" "
			   "height=\"%d\"/>\n", SVG_LABEL_W, y, TL_PLOT_W, TL_ROW_H - 2);
		fprintf(f, "<text class=\"rl\" x=\"4\" y=\"%.2f\">", y + 15);
		report_html_esc(f, row->host);
		fprintf(f, " cpu%" PRIu32 "</text>\n", row->cpu);
		for (k = 0; k < IRQW_TL_SLOTS; k++)
			if (row->slots[k].n)
				mark(f, row, &row->slots[k], tl->slot_ns, y + 3, t0, t1);
		fputs("</g>\n", f);
	}
	/* the axis: ticks at multiples of the step, labelled in UTC */
	y = top + (double)tl->nr_rows * TL_ROW_H;
	fprintf(f, "<g class=\"axis\"><line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\"/>\n",
		SVG_LABEL_W, y, SVG_LABEL_W + TL_PLOT_W, y);
	step = tick_step(t1 - t0);
	/* the first multiple of step from t0 on; none past t1 or past 2^64 */
	for (t = t0 / step * step + (t0 % step ? step : 0); t >= t0 && t <= t1;
	     t += step) {
		x = tl_x(t, t0, t1);
		tick_label(t, step, label, sizeof(label));
		fprintf(f, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>"
			   "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">%s</text>\n",
			x, y, x, y + 5, x, y + 17, label);
		if (t > UINT64_MAX - step)
			break;
	}
	if (irqw_format_time(tl->min_ns, label, sizeof(label)))
		strcpy(label, "?");
	fprintf(f, "<text x=\"%d\" y=\"%.2f\">UTC; the first event at %s; ", SVG_LABEL_W, y + 36,
		label);
	fprintf(f, "each mark the longest event of its %s slot</text></g>\n</svg>\n",
		irqw_format_duration(tl->slot_ns, label));
	free(rows);
	return ferror(f) ? -EIO : 0;
}

/* A bucket's name, as status has it ("<1us", ">=1s" escaped). */
static const char *bucket(unsigned int b, char *buf, size_t size)
{
	const char *name = irqw_hist_bucket_name(b);

	if (name[0] == '<')
		snprintf(buf, size, "&lt;%s", name + 1);
	else if (name[0] == '>')
		snprintf(buf, size, "&gt;%s", name + 1);
	else
		snprintf(buf, size, "%s", name);
	return buf;
}

int report_svg_histogram(FILE *f, const uint64_t hist[][IRQWATCH_HIST_BUCKETS])
{
	unsigned int t, b, lo = IRQWATCH_HIST_BUCKETS, hi = 0, nt = 0;
	char tn[IRQW_TYPE_LEN], bn[32];
	uint64_t max, n;
	double sw, y0, bh, x;

	for (t = 0; t < HTML_TYPES; t++) {
		for (b = 0, n = 0; b < IRQWATCH_HIST_BUCKETS; b++) {
			if (!hist[t][b])
				continue;
			lo = b < lo ? b : lo;
			hi = b > hi ? b : hi;
			n++;
		}
		nt += n ? 1 : 0;
	}
	if (!nt) {
		fputs("<p class=\"none\">no events</p>\n", f);
		return 0;
	}
	sw = (double)(SVG_WIDTH - 2 * HI_LEFT) / (hi - lo + 1);
	if (sw > 80)
		sw = 80;
	svg_open(f, "histogram", (double)nt * HI_CHART_H, "event durations, log2 buckets");
	y0 = 0;
	for (t = 0; t < HTML_TYPES; t++) {
		const char *name = t < __IRQWATCH_EVENT_MAX ?
				   irqw_event_type_name(t, tn) : "other types";

		for (b = 0, max = 0, n = 0; b < IRQWATCH_HIST_BUCKETS; b++) {
			max = hist[t][b] > max ? hist[t][b] : max;
			n += hist[t][b];
		}
		if (!n)
			continue;
		fprintf(f, "<g class=\"hist\" data-type=\"%s\">\n"
			   "<text class=\"ht\" x=\"%d\" y=\"%.2f\">%s: %" PRIu64
			   " event%s by duration</text>\n", name, HI_LEFT, y0 + 14,
			name, n, n == 1 ? "" : "s");
		for (b = lo; b <= hi; b++) {
			x = HI_LEFT + (b - lo) * sw;
			bh = (double)hist[t][b] / (double)max * HI_BAR_H;
			if (hist[t][b]) {
				fprintf(f, "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" "
					   "width=\"%.2f\" height=\"%.2f\" fill=\"%s\">"
					   "<title>%s %s: %" PRIu64 " event%s</title></rect>\n"
					   "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">%"
					   PRIu64 "</text>\n",
					x + 2, y0 + HI_TOP + HI_BAR_H - bh, sw - 4, bh,
					report_html_colour(t, 0), name,
					bucket(b, bn, sizeof(bn)), hist[t][b],
					hist[t][b] == 1 ? "" : "s", x + sw / 2,
					y0 + HI_TOP - 3 + HI_BAR_H - bh, hist[t][b]);
			}
			fprintf(f, "<text class=\"hl\" x=\"%.2f\" y=\"%.2f\" "
				   "text-anchor=\"middle\">%s</text>\n", x + sw / 2,
				y0 + HI_TOP + HI_BAR_H + 14, bucket(b, bn, sizeof(bn)));
		}
		fprintf(f, "<line x1=\"%d\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n</g>\n",
			HI_LEFT, y0 + HI_TOP + HI_BAR_H, HI_LEFT + (hi - lo + 1) * sw,
			y0 + HI_TOP + HI_BAR_H);
		y0 += HI_CHART_H;
	}
	fputs("</svg>\n", f);
	return ferror(f) ? -EIO : 0;
}

/* The flame graph's tree: a frame, its microseconds, its callees. */
struct fnode {
	char *name;
	uint64_t us;
	uint32_t type;		/* the type of a type frame (depth 1) */
	struct fnode *child, *last, *next;
};

static void fnode_free(struct fnode *n)
{
	struct fnode *c, *next;

	for (c = n->child; c; c = next) {
		next = c->next;
		fnode_free(c);
	}
	free(n->name);
	free(n);
}

/* The child of n named name[0..len), added if new; NULL: -ENOMEM. */
static struct fnode *child(struct fnode *n, const char *name, size_t len)
{
	struct fnode *c;

	for (c = n->child; c; c = c->next)
		if (strlen(c->name) == len && !memcmp(c->name, name, len))
			return c;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->name = strndup(name, len);
	if (!c->name) {
		free(c);
		return NULL;
	}
	if (n->last)
		n->last->next = c;
	else
		n->child = c;
	n->last = c;
	return c;
}

static uint32_t type_of(const char *name)
{
	char tn[IRQW_TYPE_LEN];
	uint32_t t;

	for (t = 1; t < __IRQWATCH_EVENT_MAX; t++)
		if (!strcmp(name, irqw_event_type_name(t, tn)))
			return t;
	return 0;
}

/* Adds a folded stack of us microseconds; its depth, or -ENOMEM. */
static int add_stack(struct fnode *root, const char *stack, uint64_t us)
{
	struct fnode *n = root;
	const char *p = stack;
	size_t len;
	int depth = 0;

	root->us += us;
	while (*p) {
		len = strcspn(p, ";");
		n = child(n, p, len);
		if (!n)
			return -ENOMEM;
		if (!depth)
			n->type = type_of(n->name);
		n->us += us;
		depth++;
		p += len;
		if (*p == ';')
			p++;
	}
	return depth;
}

/* A warm colour of the name, the same for the same name (as flamegraph.pl). */
static void warm(const char *name, char *buf, size_t size)
{
	uint64_t h = irqw_hash(name);

	snprintf(buf, size, "#%02x%02x%02x", 205 + (unsigned int)(h % 50),
		 (unsigned int)((h >> 8) % 200), (unsigned int)((h >> 16) % 55));
}

static void frame(FILE *f, const struct fnode *n, int depth, int max_depth,
		  double x, uint64_t total)
{
	double w = (double)n->us / (double)total * FG_W, cx = x;
	double y = FG_TOP + (double)(max_depth - depth) * SVG_FLAME_FRAME_H;
	char colour[8];
	const struct fnode *c;
	size_t chars;

	if (w < SVG_FLAME_MIN_W)
		return;
	if (!depth)
		snprintf(colour, sizeof(colour), "#c8c8c8");
	else if (depth == 1 && n->type)
		snprintf(colour, sizeof(colour), "%s", report_html_colour(n->type, 0));
	else
		warm(n->name, colour, sizeof(colour));
	fprintf(f, "<g class=\"f\" data-us=\"%" PRIu64 "\"><title>", n->us);
	report_html_esc(f, n->name);
	fprintf(f, ": %" PRIu64 " \xc2\xb5s, %.2f%%</title><rect x=\"%.2f\" y=\"%.2f\" "
		   "width=\"%.2f\" height=\"%d\" fill=\"%s\"/>",
		n->us, 100.0 * (double)n->us / (double)total, x, y, w,
		SVG_FLAME_FRAME_H - 1, colour);
	chars = w > 2 * FONT_W + 6 ? (size_t)((w - 6) / FONT_W) : 0;
	if (chars) {
		char name[IRQW_FRAME_MAX];

		snprintf(name, sizeof(name), "%s", n->name);
		if (strlen(name) > chars)
			strcpy(name + (chars > 2 ? chars - 2 : 0), "..");
		fprintf(f, "<text x=\"%.2f\" y=\"%.2f\">", x + 3, y + 12);
		report_html_esc(f, name);
		fputs("</text>", f);
	}
	fputs("</g>\n", f);
	for (c = n->child; c; c = c->next) {
		frame(f, c, depth + 1, max_depth, cx, total);
		cx += (double)c->us / (double)total * FG_W;
	}
}

int report_svg_flame(FILE *f, const struct irqw_folded *folded)
{
	struct irqw_fstack **s = irqw_folded_sorted(folded);
	struct fnode *root = calloc(1, sizeof(*root));
	int depth, max_depth = 0, ret = 0;
	uint64_t us;
	size_t i;

	if (root)
		root->name = strdup("all");
	if (!s || !root || !root->name) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; s[i]; i++) {
		us = irqw_folded_us(s[i]->ns);
		/* as the folded format: less than half a microsecond is not drawn */
		if (!us)
			continue;
		depth = add_stack(root, s[i]->stack, us);
		if (depth < 0) {
			ret = depth;
			goto out;
		}
		max_depth = depth > max_depth ? depth : max_depth;
	}
	if (!root->us) {
		fputs("<p class=\"none\">no stacks</p>\n", f);
		goto out;
	}
	svg_open(f, "flame", FG_TOP + (max_depth + 1) * SVG_FLAME_FRAME_H + 4.0,
		 "flame graph of the in-window stacks");
	frame(f, root, 0, max_depth, FG_LEFT, root->us);
	fputs("</svg>\n", f);
	ret = ferror(f) ? -EIO : 0;
out:
	if (root)
		fnode_free(root);
	free(s);
	return ret;
}
