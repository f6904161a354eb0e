// SPDX-License-Identifier: GPL-2.0 OR MIT
/* irqwatch report --format text: the sections for people. */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <linux/irqwatch.h>

#include "account.h"
#include "fmt.h"
#include "report_fmt.h"
#include "table.h"

#define NSEC_PER_MIN	(60ULL * 1000000000ULL)

/* The width being written to (report_write_text()); 0: lines not cut. */
static unsigned int text_width;

/*
 * Prose: first, then text, wrapped at spaces to text_width, lines after the
 * first indented by indent spaces.
 */
static void wrap(FILE *f, const char *first, const char *text, size_t indent)
{
	size_t col = strlen(first), len;
	const char *p = text;

	fputs(first, f);
	while (*p) {
		len = strcspn(p, " ");
		if (text_width && col > indent && col + len > text_width) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		}
		fwrite(p, 1, len, f);
		col += len;
		p += len;
		if (*p == ' ') {
			p++;
			if (*p && !(text_width && col + 1 + strcspn(p, " ") > text_width)) {
				fputc(' ', f);
				col++;
			} else if (*p) {
				fprintf(f, "\n%*s", (int)indent, "");
				col = indent;
			}
		}
	}
	fputc('\n', f);
}

/* "s" for a count other than 1 */
static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

static const char *dur(uint64_t ns, char *buf)
{
	return irqw_format_duration(ns, buf);
}

/* To the second, for people: "2026-11-21T10:00:01Z" (the JSON has more). */
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

/* A string from a log, safe for a terminal. */
static const char *clean(const char *s, char *buf, size_t size)
{
	irqw_clean_string(buf, size, s ? s : "", true);
	return buf;
}

static int table_out(FILE *f, struct irqw_table *t, int ret)
{
	if (!ret)
		ret = irqw_table_print(f, t, "  ");
	irqw_table_free(t);
	return ret;
}

static void tally(FILE *f, const char *label, const struct irqw_tally *t)
{
	char buf[IRQW_COMM_MAX * 4];
	size_t i;

	if (!t->nr)
		return;
	fprintf(f, "  %s", label);
	for (i = 0; i < t->nr; i++)
		fprintf(f, "%s%s(%" PRIu64 ")", i ? ", " : " ",
			clean(t->item[i].name, buf, sizeof(buf)), t->item[i].n);
	if (t->other)
		fprintf(f, ", others(%" PRIu64 ")", t->other);
	putc('\n', f);
}

int report_text_summary(FILE *f, const struct report_view *v)
{
	static const char *const hh[] = { "HOST", "FROM", "TO", "EVENTS", "LOST" };
	static const char *const th[] = { "TYPE", "CAUSE", "EVENTS", "TOTAL" };
	static const char *const wh[] = { "DURATION", "TIME", "HOST", "CPU",
					  "SEQ", "CULPRIT" };
	const struct irqw_report *r = v->r;
	char a[IRQW_TIME_LEN], b[IRQW_TIME_LEN], d[IRQW_DURATION_LEN];
	char tn[IRQW_TYPE_LEN], cn[IRQW_NAME_LEN], note[256], name[256];
	struct irqw_table t;
	size_t i;
	int ret = 0;

	irqw_table_init(&t, 5, hh, "lllrr");
	for (i = 0; i < r->nr_hosts && !ret; i++) {
		const struct irqw_host *h = &r->hosts[i];

		ret = irqw_table_cell(&t, "%s", clean(h->name, name, sizeof(name))) ?:
		      irqw_table_cell(&t, "%s", when(h->first_ns, a)) ?:
		      irqw_table_cell(&t, "%s", when(h->last_ns, b)) ?:
		      irqw_table_cell(&t, "%" PRIu64, h->events) ?:
		      irqw_table_cell(&t, "%" PRIu64, h->lost);
	}
	ret = table_out(f, &t, ret);
	if (ret)
		return ret;
	fputc('\n', f);
	irqw_table_init(&t, 4, th, "llrr");
	for (i = 0; i < r->nr_tc && !ret; i++)
		ret = irqw_table_cell(&t, "%s", irqw_event_type_name(r->tc[i].type, tn)) ?:
		      irqw_table_cell(&t, "%s", r->tc[i].cause ?
				      irqw_cause_name(r->tc[i].cause, cn) : "-") ?:
		      irqw_table_cell(&t, "%" PRIu64, r->tc[i].n) ?:
		      irqw_table_cell(&t, "%s", dur(r->tc[i].total_ns, d));
	ret = table_out(f, &t, ret);
	if (ret)
		return ret;
	fprintf(f, "\n  lost: seq_gap %" PRIu64 ", ring_full %" PRIu64
		   ", write_error %" PRIu64 " in %" PRIu64 " lost record%s\n",
		r->lost[IRQW_LOST_SEQ_GAP], r->lost[IRQW_LOST_RING_FULL],
		r->lost[IRQW_LOST_WRITE_ERROR], r->lost_records,
		plural(r->lost_records));
	report_lost_note(r, note, sizeof(note));
	wrap(f, "  ", note, 2);
	if (!r->nr_worst)
		return 0;
	fprintf(f, "\n  worst windows:\n");
	irqw_table_init(&t, 6, wh, "rllrrl");
	for (i = 0; i < r->nr_worst && !ret; i++) {
		const struct irqw_worst *w = &r->worst[i];

		ret = irqw_table_cell(&t, "%s", dur(w->duration_ns, d)) ?:
		      irqw_table_cell(&t, "%s", when(w->real_ns, a)) ?:
		      irqw_table_cell(&t, "%s", clean(w->host, name, sizeof(name))) ?:
		      irqw_table_cell(&t, "%" PRIu32, w->cpu) ?:
		      irqw_table_cell(&t, "%" PRIu64, w->seq) ?:
		      irqw_table_cell(&t, "%s", clean(w->culprit, note, sizeof(note)));
	}
	return table_out(f, &t, ret);
}

static int culprit(FILE *f, size_t i, const struct irqw_culprit *c)
{
	char d1[IRQW_DURATION_LEN], d2[IRQW_DURATION_LEN], d3[IRQW_DURATION_LEN];
	char d4[IRQW_DURATION_LEN], a[IRQW_TIME_LEN], b[IRQW_TIME_LEN];
	char buf[IRQW_FRAME_MAX * 2], *hint;
	size_t k;

	fprintf(f, "#%zu %s\n", i + 1, clean(c->key, buf, sizeof(buf)));
	fprintf(f, "  count %" PRIu64 "  total %s  p50 %s  p99 %s  max %s\n",
		c->count, dur(c->total_ns, d1), dur(irqw_pctl_get(&c->pctl, 50), d2),
		dur(irqw_pctl_get(&c->pctl, 99), d3), dur(c->pctl.max, d4));
	if (irqw_cpulist_format(c->cpus, buf, sizeof(buf)))
		strcpy(buf, "?");
	fprintf(f, "  cpus %s\n", buf);
	tally(f, "hosts", &c->hosts);
	tally(f, "tasks", &c->tasks);
	tally(f, "parents", &c->parents);
	fprintf(f, "  first %s  last %s\n", when(c->first_ns, a), when(c->last_ns, b));
	if (c->within)
		fprintf(f, "  within %s\n", clean(c->within, buf, sizeof(buf)));
	if (c->probe)
		fprintf(f, "  probe %s\n", clean(c->probe, buf, sizeof(buf)));
	hint = report_hint(c);
	if (hint)
		wrap(f, "  hint: ", clean(hint, buf, sizeof(buf)), 8);
	free(hint);
	if (c->nr_example)
		fprintf(f, "  stack (%s):\n", dur(c->example_ns, d1));
	for (k = 0; k < c->nr_example; k++)
		fprintf(f, "    %s\n", clean(c->example[k], buf, sizeof(buf)));
	return 0;
}

int report_text_culprits(FILE *f, const struct report_view *v)
{
	size_t i;

	if (!v->r->nr_culprits)
		fprintf(f, "  no events\n");
	for (i = 0; i < v->r->nr_culprits; i++) {
		if (i)
			fputc('\n', f);
		culprit(f, i, v->culprits[i]);
	}
	return ferror(f) ? -EIO : 0;
}

/* " (2 h 8 min)" for a width of two hours or more, else "" (into buf). */
static const char *hours(uint64_t minutes, char *buf)
{
	*buf = '\0';
	if (minutes >= 120)
		snprintf(buf, IRQW_DURATION_LEN, " (%" PRIu64 " h %" PRIu64 " min)",
			 minutes / 60, minutes % 60);
	return buf;
}

int report_text_cpus(FILE *f, const struct report_view *v)
{
	static const char *const ch[] = { "CPU", "EVENTS", "TOTAL", "MAX" };
	static const char *const mh[] = { "MINUTE", "EVENTS", "PER CPU" };
	static const char *const wh[] = { "FROM", "EVENTS", "PER CPU" };
	const struct irqw_report *r = v->r;
	uint64_t width = 1ULL << r->minute_shift;	/* minutes */
	char d1[IRQW_DURATION_LEN], d2[IRQW_DURATION_LEN], a[IRQW_TIME_LEN];
	struct irqw_table t;
	char *line = NULL;
	size_t i, j, len;
	uint64_t n;
	FILE *m;
	int ret = 0;

	irqw_table_init(&t, 4, ch, "rrrr");
	for (i = 0; i < r->nr_cpus && !ret; i++)
		ret = irqw_table_cell(&t, "%" PRIu32, r->cpus[i].cpu) ?:
		      irqw_table_cell(&t, "%" PRIu64, r->cpus[i].events) ?:
		      irqw_table_cell(&t, "%s", dur(r->cpus[i].total_ns, d1)) ?:
		      irqw_table_cell(&t, "%s", dur(r->cpus[i].max_ns, d2));
	ret = table_out(f, &t, ret);
	if (ret || !r->nr_minutes)
		return ret;
	if (width == 1)
		fprintf(f, "\n  events per minute (minutes without events left out):\n");
	else
		fprintf(f, "\n  events per %" PRIu64 " minutes%s (more than %d minutes"
			   " with events; periods without events left out):\n",
			width, hours(width, d1), IRQW_MINUTE_BUCKETS);
	irqw_table_init(&t, 3, width == 1 ? mh : wh, "lrl");
	for (i = 0; i < r->nr_minutes && !ret; i = j) {
		m = open_memstream(&line, &len);
		if (!m) {
			ret = -ENOMEM;
			break;
		}
		for (n = 0, j = i; j < r->nr_minutes &&
		     r->minutes[j].minute == r->minutes[i].minute; j++) {
			n += r->minutes[j].n;
			fprintf(m, "%s%" PRIu32 ":%" PRIu64, j > i ? " " : "",
				r->minutes[j].cpu, r->minutes[j].n);
		}
		if (fclose(m)) {
			ret = -ENOMEM;
			break;
		}
		when(r->minutes[i].minute * NSEC_PER_MIN, a);
		a[16] = '\0';	/* "2026-11-21T10:00" */
		ret = irqw_table_cell(&t, "%sZ", a) ?:
		      irqw_table_cell(&t, "%" PRIu64, n) ?:
		      irqw_table_cell(&t, "%s", line);
		free(line);
		line = NULL;
	}
	return table_out(f, &t, ret);
}

int report_text_stalls(FILE *f, const struct report_view *v)
{
	static const char *const sh[] = { "PROBE", "CACHE", "READER", "CALLS",
					  "TOTAL", "MAX", "IRQOFF", "LINKED" };
	const struct irqw_report *r = v->r;
	char d1[IRQW_DURATION_LEN], d2[IRQW_DURATION_LEN], d3[IRQW_DURATION_LEN];
	char p[256], c[256], rd[256], seqs[128];
	struct irqw_table t;
	size_t i, k, len;
	int ret = 0;

	irqw_table_init(&t, 8, sh, "lllrrrrl");
	for (i = 0; i < r->nr_stalls && !ret; i++) {
		const struct irqw_stall_key *s = &r->stalls[i];

		len = (size_t)snprintf(seqs, sizeof(seqs), "%" PRIu64, s->linked);
		for (k = 0; k < s->linked && k < IRQW_LINKED_MAX; k++)
			len += (size_t)snprintf(seqs + len, sizeof(seqs) - len,
						"%sseq %" PRIu64, k ? "," : " (",
						s->linked_seq[k]);
		if (s->linked)
			snprintf(seqs + len, sizeof(seqs) - len, "%s)",
				 s->linked > IRQW_LINKED_MAX ? ",..." : "");
		ret = irqw_table_cell(&t, "%s", clean(s->probe, p, sizeof(p))) ?:
		      irqw_table_cell(&t, "%s", *s->cache ?
				      clean(s->cache, c, sizeof(c)) : "-") ?:
		      irqw_table_cell(&t, "%s", *s->reader ?
				      clean(s->reader, rd, sizeof(rd)) : "-") ?:
		      irqw_table_cell(&t, "%" PRIu64, s->calls) ?:
		      irqw_table_cell(&t, "%s", dur(s->total_ns, d1)) ?:
		      irqw_table_cell(&t, "%s", dur(s->max_ns, d2)) ?:
		      irqw_table_cell(&t, "%s", dur(s->irqoff_ns, d3)) ?:
		      irqw_table_cell(&t, "%s", seqs);
	}
	return table_out(f, &t, ret);
}

int report_text_softirq(FILE *f, const struct report_view *v)
{
	const struct irqw_report *r = v->r;
	char d1[IRQW_DURATION_LEN], d2[IRQW_DURATION_LEN];

	fprintf(f, "  %" PRIu64 " bh-off window%s (cause bh_disabled), total at least %s,"
		   " longest at most %s\n", r->soft_n, plural(r->soft_n),
		dur(r->soft_total_ns, d1),
		dur(r->soft_max_ns, d2));
	tally(f, "pending", &r->soft_pending);
	fprintf(f, "  their culprits are the softirqoff entries of Culprits\n");
	return ferror(f) ? -EIO : 0;
}

int report_text_input(FILE *f, const struct report_view *v)
{
	const struct irqw_report *r = v->r;
	char buf[512];
	size_t i;

	fprintf(f, "  %" PRIu64 " line%s not analysed: %" PRIu64 " malformed, %"
		   PRIu64 " of a version, type or reason unknown\n",
		r->bad + r->skipped, plural(r->bad + r->skipped), r->bad, r->skipped);
	for (i = 0; i < r->nr_badv; i++)
		fprintf(f, "  %s:%" PRIu64 ": %s\n",
			clean(r->badv[i].file, buf, sizeof(buf)), r->badv[i].line,
			r->badv[i].why);
	if (r->bad + r->skipped > r->nr_badv)
		fprintf(f, "  ... and %" PRIu64 " more\n",
			r->bad + r->skipped - r->nr_badv);
	return ferror(f) ? -EIO : 0;
}

/* Writes text to f with every line cut to width columns (0: as is). */
static int cut_lines(FILE *f, const char *text, unsigned int width)
{
	const char *p = text, *nl;
	size_t len;

	while (*p) {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		if (width && len > width) {
			size_t cut = width - 1;

			/* not inside a UTF-8 sequence */
			while (cut && ((unsigned char)p[cut] & 0xc0) == 0x80)
				cut--;
			fwrite(p, 1, cut, f);
			fputc('>', f);
		} else {
			fwrite(p, 1, len, f);
		}
		fputc('\n', f);
		p += len + (nl ? 1 : 0);
	}
	return ferror(f) ? -EIO : 0;
}

int report_write_text(FILE *f, const struct report_view *v, unsigned int width)
{
	const struct irqw_report *r = v->r;
	char *text = NULL;
	size_t len, i;
	FILE *m;
	int ret = 0;

	m = open_memstream(&text, &len);
	if (!m)
		return -ENOMEM;
	text_width = width;
	fprintf(m, "irqwatch report: %" PRIu64 " file%s, %" PRIu64 " line%s, %"
		   PRIu64 " record%s, %" PRIu64 " left out by the filters\n",
		r->files, plural(r->files), r->lines, plural(r->lines), r->records,
		plural(r->records), r->filtered);
	for (i = 0; i < report_nr_sections && !ret; i++) {
		const struct report_section *s = &report_sections[i];

		if (s->present && !s->present(v))
			continue;
		fprintf(m, "\n%s\n", s->title);
		ret = s->text(m, v);
	}
	if (fclose(m))
		ret = ret ?: -ENOMEM;
	if (!ret)
		ret = cut_lines(f, text, width);
	free(text);
	return ret;
}
