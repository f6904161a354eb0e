// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * irqwatch report --format html: the page and its tables. One file that
 * needs nothing else: CSS inline, no script, charts as inline SVG
 * (report_svg.c), and a Content-Security-Policy of default-src 'none' so
 * that a browser loads nothing, not even by mistake. Sections: summary
 * (span per host, events per type and cause, lost events, worst windows),
 * timeline, durations, culprits (the example stack in a <details>), hints,
 * flame graph, then the text report's other sections (per CPU, stalls,
 * softirq, input not analysed) as preformatted text. Everything taken from
 * the input is escaped (report_html_esc()). The same input gives the same
 * bytes: no time of writing, no address, no random order.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <linux/irqwatch.h>

#include "account.h"
#include "fingerprint.h"
#include "fmt.h"
#include "report_fmt.h"
#include "report_html.h"

static const char css[] =
	"body{font:14px/1.4 sans-serif;margin:1em 2em;color:#222;background:#fff}"
	"h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:1px solid #ccc;"
	"margin-top:1.6em}h3{font-size:1.05em}"
	"table{border-collapse:collapse;margin:.5em 0}"
	"th,td{border:1px solid #ddd;padding:2px 6px;text-align:left;"
	"vertical-align:top}th{background:#f0f0f0}td.n{text-align:right;"
	"white-space:nowrap}td.t{white-space:nowrap}"
	"code,pre{font:12px monospace}pre{background:#f8f8f8;padding:.5em;"
	"overflow-x:auto}details pre{margin:.2em 0}"
	".sw{display:inline-block;width:.9em;height:.9em;margin-right:.3em;"
	"vertical-align:middle}nav a{margin-right:1em}"
	"svg{display:block;margin:.5em 0;font:11px sans-serif;max-width:100%;"
	"height:auto}"
	"svg .lane{fill:#f4f4f4}svg line{stroke:#555}"
	"svg .f rect{stroke:#fff;stroke-width:.5}svg .hl{font-size:9px}"
	"svg .ht{font-weight:bold}.none{color:#777}"
	"table.cul{width:100%}table.cul td{overflow-wrap:anywhere}"
	"table.cul td:nth-child(2){min-width:20em}"
	"table.cul td:nth-child(9),table.cul td:nth-child(10){min-width:8em}"
	"table.cul td:nth-child(n+11){overflow-wrap:normal;min-width:6em}";

unsigned int report_html_bucket(uint64_t ns)
{
	uint64_t us = ns / 1000;
	unsigned int b = 0;

	while (us && b < IRQWATCH_HIST_BUCKETS - 1) {
		us >>= 1;
		b++;
	}
	return b;
}

void report_html_esc_text(FILE *f, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(*s, f);
		}
}

void report_html_esc(FILE *f, const char *s)
{
	char buf[4096];

	irqw_clean_string(buf, sizeof(buf), s ? s : "", true);
	report_html_esc_text(f, buf);
}

const char *report_html_colour(uint32_t type, uint32_t cause)
{
	switch (type) {
	case IRQWATCH_EVENT_IRQOFF:
		switch (cause) {
		case IRQWATCH_CAUSE_IRQS_DISABLED:
			return "#d62728";
		case IRQWATCH_CAUSE_VCPU_STALL:
			return "#7f7f7f";
		case IRQWATCH_CAUSE_IDLE_EXIT:
			return "#9ecae1";
		case IRQWATCH_CAUSE_UNCONFIRMED:
			return "#ff7f0e";
		default:	/* none: the type's own colour */
			return cause ? "#e377c2" : "#d62728";
		}
	case IRQWATCH_EVENT_SOFTIRQOFF:
		return "#9467bd";
	case IRQWATCH_EVENT_SOFTIRQ_LATENCY:
		return "#8c564b";
	case IRQWATCH_EVENT_SOFTIRQ_STORM:
		return "#bcbd22";
	case IRQWATCH_EVENT_HARDIRQ_STORM:
		return "#17becf";
	case IRQWATCH_EVENT_STALL:
		return "#2ca02c";
	default:
		return "#1f77b4";
	}
}

int report_html_start(FILE *f __attribute__((unused)), void **state)
{
	*state = calloc(1, sizeof(struct html_state));
	return *state ? 0 : -ENOMEM;
}

int report_html_record(void *state, const struct irqw_record *rec)
{
	struct html_state *h = state;
	const struct irqw_event *ev = &rec->ev;
	char tn[IRQW_TYPE_LEN], key[IRQW_FP_KEY_MAX], *first;
	struct irqw_tl_event e = {
		.host = rec->host, .cpu = ev->cpu, .type = ev->type,
		.cause = (ev->has & IRQW_EV_CAUSE) ? ev->cause : 0,
		.start_ns = rec->real_ns, .duration_ns = ev->duration_ns,
		.comm = (ev->has & IRQW_EV_TASK) ? ev->task.comm : NULL,
	};
	const char *const *frames;
	const char *type;
	size_t nr;
	int ret;

	if (rec->kind != IRQW_RECORD_EVENT)
		return 0;
	type = irqw_event_type_name(ev->type, tn);
	ret = irqw_folded_add(&h->folded, ev, type);
	if (ret)
		return ret;
	/* the culprit's first function, as Perfetto names its slices */
	irqw_fingerprint(ev, type, key, &frames, &nr);
	first = strchr(key, ';') ? strchr(key, ';') + 1 : key;
	first[strcspn(first, ";")] = '\0';
	e.frame = strcmp(first, "?") ? first : NULL;	/* "?": no stack */
	h->hist[ev->type < __IRQWATCH_EVENT_MAX ? ev->type : HTML_TYPES - 1]
		[report_html_bucket(ev->duration_ns)]++;
	return irqw_tl_add(&h->tl, &e);
}

void report_html_free(void *state)
{
	struct html_state *h = state;

	if (!h)
		return;
	irqw_folded_free(&h->folded);
	irqw_tl_free(&h->tl);
	free(h);
}

/* To the second: "2026-11-21T10:00:01Z". */
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

static void tally(FILE *f, const struct irqw_tally *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++) {
		fputs(i ? ", " : "", f);
		report_html_esc(f, t->item[i].name);
		fprintf(f, " (%" PRIu64 ")", t->item[i].n);
	}
	if (t->other)
		fprintf(f, ", others (%" PRIu64 ")", t->other);
}

/* A table's head; cls: its class, or NULL. */
static void th(FILE *f, const char *cls, const char *const *names, size_t n)
{
	size_t i;

	fprintf(f, "<table%s%s%s><thead><tr>", cls ? " class=\"" : "", cls ?: "",
		cls ? "\"" : "");
	for (i = 0; i < n; i++)
		fprintf(f, "<th>%s</th>", names[i]);
	fputs("</tr></thead><tbody>\n", f);
}

static void summary(FILE *f, const struct report_view *v)
{
	static const char *const hh[] = { "host", "from", "to", "span", "events", "lost" };
	static const char *const tch[] = { "type", "cause", "events", "total" };
	static const char *const wh[] = { "duration", "time", "host", "CPU", "seq",
					  "culprit" };
	const struct irqw_report *r = v->r;
	char a[IRQW_TIME_LEN], b[IRQW_TIME_LEN], d[IRQW_DURATION_LEN];
	char tn[IRQW_TYPE_LEN], cn[IRQW_NAME_LEN], note[256];
	size_t i;

	fprintf(f, "<section id=\"summary\">\n<h2>Summary</h2>\n<p>%" PRIu64
		   " files, %" PRIu64 " lines, %" PRIu64 " records, %" PRIu64
		   " left out by the filters.</p>\n<h3>Span per host</h3>\n",
		r->files, r->lines, r->records, r->filtered);
	th(f, NULL, hh, 6);
	for (i = 0; i < r->nr_hosts; i++) {
		const struct irqw_host *h = &r->hosts[i];

		fputs("<tr><td>", f);
		report_html_esc(f, h->name);
		fprintf(f, "</td><td class=\"t\">%s</td><td class=\"t\">%s</td><td class=\"n\">%s</td>"
			   "<td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64
			   "</td></tr>\n", when(h->first_ns, a), when(h->last_ns, b),
			irqw_format_duration(h->last_ns - h->first_ns, d), h->events,
			h->lost);
	}
	fputs("</tbody></table>\n<h3>Events per type and cause</h3>\n", f);
	th(f, NULL, tch, 4);
	for (i = 0; i < r->nr_tc; i++)
		fprintf(f, "<tr><td><span class=\"sw\" style=\"background:%s\"></span>%s"
			   "</td><td>%s</td><td class=\"n\">%" PRIu64 "</td>"
			   "<td class=\"n\">%s</td></tr>\n",
			report_html_colour(r->tc[i].type, r->tc[i].cause),
			irqw_event_type_name(r->tc[i].type, tn),
			r->tc[i].cause ? irqw_cause_name(r->tc[i].cause, cn) : "-",
			r->tc[i].n, irqw_format_duration(r->tc[i].total_ns, d));
	report_lost_note(r, note, sizeof(note));
	fprintf(f, "</tbody></table>\n<h3>Lost events</h3>\n<p>seq_gap %" PRIu64
		   ", ring_full %" PRIu64 ", write_error %" PRIu64 " in %" PRIu64
		   " lost record%s: %s.</p>\n",
		r->lost[IRQW_LOST_SEQ_GAP], r->lost[IRQW_LOST_RING_FULL],
		r->lost[IRQW_LOST_WRITE_ERROR], r->lost_records,
		r->lost_records == 1 ? "" : "s", note);
	if (r->nr_worst) {
		fputs("<h3>Worst windows</h3>\n", f);
		th(f, NULL, wh, 6);
	}
	for (i = 0; i < r->nr_worst; i++) {
		const struct irqw_worst *w = &r->worst[i];

		fprintf(f, "<tr><td class=\"n\">%s</td><td class=\"t\">%s</td><td>",
			irqw_format_duration(w->duration_ns, d), when(w->real_ns, a));
		report_html_esc(f, w->host);
		fprintf(f, "</td><td class=\"n\">%" PRIu32 "</td><td class=\"n\">%"
			   PRIu64 "</td><td><code>", w->cpu, w->seq);
		report_html_esc(f, w->culprit);
		fputs("</code></td></tr>\n", f);
	}
	fprintf(f, "%s</section>\n", r->nr_worst ? "</tbody></table>\n" : "");
}

static int charts(FILE *f, const struct report_view *v, struct html_state *h)
{
	int ret;

	fputs("<section id=\"timeline\">\n<h2>Timeline</h2>\n<p>A row per host and "
	      "CPU; each mark is an event from its start for its duration (at least "
	      "2 px), coloured by type and cause. The time range is cut into "
	      "slots and each slot shows its longest event (the tooltip says how "
	      "many started there), so the page stays small for any log.</p>\n", f);
	ret = report_svg_timeline(f, v->r, &h->tl);
	if (ret)
		return ret;
	fputs("</section>\n<section id=\"histogram\">\n<h2>Durations</h2>\n<p>Events "
	      "per log2 bucket of their duration, per type.</p>\n", f);
	ret = report_svg_histogram(f, (const uint64_t (*)[IRQWATCH_HIST_BUCKETS])h->hist);
	fputs("</section>\n", f);
	return ret;
}

static void culprit(FILE *f, size_t i, const struct irqw_culprit *c, bool hint)
{
	char d[5][IRQW_DURATION_LEN], a[IRQW_TIME_LEN], b[IRQW_TIME_LEN];
	char cpus[256];
	size_t k;

	if (irqw_cpulist_format(c->cpus, cpus, sizeof(cpus)))
		strcpy(cpus, "?");
	fprintf(f, "<tr id=\"culprit-%zu\"><td class=\"n\">%zu</td><td><code>", i + 1,
		i + 1);
	report_html_esc(f, c->key);
	fputs("</code>", f);
	if (c->within) {
		fputs("<br>within <code>", f);
		report_html_esc(f, c->within);
		fputs("</code>", f);
	}
	if (c->probe) {
		fputs("<br>probe <code>", f);
		report_html_esc(f, c->probe);
		fputs("</code>", f);
	}
	if (hint)
		fprintf(f, "<br><a href=\"#hint-%zu\">hint</a>", i + 1);
	if (c->nr_example) {
		fprintf(f, "<details><summary>stack (%s)</summary><pre>",
			irqw_format_duration(c->example_ns, d[0]));
		for (k = 0; k < c->nr_example; k++) {
			report_html_esc(f, c->example[k]);
			fputc('\n', f);
		}
		fputs("</pre></details>", f);
	}
	fprintf(f, "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%s</td>"
		   "<td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s"
		   "</td><td>%s</td><td>", c->count,
		irqw_format_duration(c->total_ns, d[1]),
		irqw_format_duration(irqw_pctl_get(&c->pctl, 50), d[2]),
		irqw_format_duration(irqw_pctl_get(&c->pctl, 99), d[3]),
		irqw_format_duration(c->pctl.max, d[4]), cpus);
	tally(f, &c->hosts);
	fputs("</td><td>", f);
	tally(f, &c->tasks);
	if (c->parents.nr) {
		fputs("; parents ", f);
		tally(f, &c->parents);
	}
	/* a blank for the T, where a narrow column may wrap */
	when(c->first_ns, a);
	when(c->last_ns, b);
	if (a[0] != '?' && a[10] == 'T')
		a[10] = ' ';
	if (b[0] != '?' && b[10] == 'T')
		b[10] = ' ';
	fprintf(f, "</td><td>%s</td><td>%s</td></tr>\n", a, b);
}

static int culprits(FILE *f, const struct report_view *v)
{
	static const char *const ch[] = { "#", "culprit", "count", "total", "p50",
					  "p99", "max", "CPUs", "hosts", "tasks",
					  "first", "last" };
	size_t i, nr = v->r->nr_culprits, hints = 0;
	char **hint = calloc(nr + 1, sizeof(*hint));

	if (!hint)
		return -ENOMEM;
	fputs("<section id=\"culprits\">\n<h2>Culprits</h2>\n<p>Events grouped by "
	      "fingerprint: the type and the first frames of the in-window sample "
	      "(else the end stack) with the plumbing removed; by total time.</p>\n",
	      f);
	for (i = 0; i < nr; i++)
		hint[i] = report_hint(v->culprits[i]);
	if (!nr) {
		fputs("<p class=\"none\">no events</p>\n", f);
	} else {
		th(f, "cul", ch, 12);
		for (i = 0; i < nr; i++)
			culprit(f, i, v->culprits[i], hint[i]);
		fputs("</tbody></table>\n", f);
	}
	fputs("</section>\n<section id=\"hints\">\n<h2>Hints</h2>\n", f);
	for (i = 0; i < nr; i++) {
		if (!hint[i])
			continue;
		fprintf(f, "%s<li id=\"hint-%zu\"><a href=\"#culprit-%zu\">#%zu</a> "
			   "<code>", hints++ ? "" : "<ul>\n", i + 1, i + 1, i + 1);
		report_html_esc(f, v->culprits[i]->key);
		fputs("</code>: ", f);
		report_html_esc(f, hint[i]);
		fputs("</li>\n", f);
	}
	fputs(hints ? "</ul>\n" : "<p class=\"none\">no known culprit</p>\n", f);
	fputs("</section>\n", f);
	for (i = 0; i < nr; i++)
		free(hint[i]);
	free(hint);
	return 0;
}

/* A section of the text report as preformatted text. */
static int text_section(FILE *f, const struct report_view *v,
			const struct report_section *s)
{
	char *text = NULL;
	size_t len;
	FILE *m;
	int ret;

	m = open_memstream(&text, &len);
	if (!m)
		return -ENOMEM;
	ret = s->text(m, v);
	if (fclose(m))
		ret = ret ?: -ENOMEM;
	if (!ret) {
		fprintf(f, "<section id=\"%s\">\n<h2>%s</h2>\n<pre>", s->key, s->title);
		report_html_esc_text(f, text);
		fputs("</pre>\n</section>\n", f);
	}
	free(text);
	return ret;
}

int report_html_write(FILE *f, const struct report_view *v, void *state)
{
	struct html_state *h = state;
	size_t i;
	int ret;

	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
		   "'none'; style-src 'unsafe-inline'\">\n<title>irqwatch report</title>\n"
		   "<style>%s</style>\n</head>\n<body>\n<h1>irqwatch report</h1>\n"
		   "<nav><a href=\"#summary\">Summary</a><a href=\"#timeline\">Timeline"
		   "</a><a href=\"#histogram\">Durations</a><a href=\"#culprits\">"
		   "Culprits</a><a href=\"#hints\">Hints</a><a href=\"#flame\">Flame "
		   "graph</a></nav>\n", css);
	summary(f, v);
	ret = charts(f, v, h) ?: culprits(f, v);
	if (ret)
		return ret;
	fprintf(f, "<section id=\"flame\">\n<h2>Flame graph</h2>\n<p>The in-window "
		   "stacks (the first sample's, else the end stack), plumbing removed, "
		   "root at the bottom, a frame's width its events' duration in "
		   "\xc2\xb5s: the data of <code>--format folded</code>. Frames "
		   "narrower than %.1f px are left out.</p>\n", SVG_FLAME_MIN_W);
	ret = report_svg_flame(f, &h->folded);
	if (ret)
		return ret;
	fputs("</section>\n", f);
	for (i = 0; i < report_nr_sections && !ret; i++) {
		const struct report_section *s = &report_sections[i];

		if (!strcmp(s->key, "summary") || !strcmp(s->key, "culprits") ||
		    (s->present && !s->present(v)))
			continue;
		ret = text_section(f, v, s);
	}
	if (ret)
		return ret;
	fputs("</body>\n</html>\n", f);
	return ferror(f) ? -EIO : 0;
}
