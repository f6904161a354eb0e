/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The sections of irqwatch report, in order, each with its text and its
 * JSON form (report_text.c, report_json.c): a new section (storms, a
 * baseline's differences) is one entry of report_sections[] and its two
 * functions; a new format walks the same table. The formats are the
 * entries of report_formats[]: text and json write the sections; folded
 * (report_folded.c), perfetto (report_perfetto.c) and html
 * (report_html.c) take what they need of each record as it is read.
 */
#ifndef IRQW_REPORT_FMT_H
#define IRQW_REPORT_FMT_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"

/* Schema version of the JSON report ("schema"). */
#define IRQW_REPORT_SCHEMA	1

/* What the formatters read: the report, sorted, and its culprits in order. */
struct report_view {
	struct irqw_report *r;
	struct irqw_culprit **culprits;	/* r->nr_culprits */
	unsigned int width;	/* text: lines cut to it; 0: not cut */
	bool pretty;		/* json: indented */
	/* --baseline: its report and the comparison; NULL: none */
	const struct irqw_report *base;
	const struct irqw_cmp *cmp;
};

/* A --format: what it keeps while the records are read, and what it writes. */
struct report_format {
	const char *name;
	/*
	 * Writes while the records are read (to f of start()): the output is
	 * opened before the input.
	 */
	bool streams;
	/* Its state, before any record; NULL: none. 0 or a negative errno. */
	int (*start)(FILE *f, void **state);
	/* Each record the filters let through (irqw_report.sink); NULL: none. */
	int (*record)(void *state, const struct irqw_record *rec);
	/* The output, after the last record. 0 or a negative errno. */
	int (*write)(FILE *f, const struct report_view *v, void *state);
	void (*free)(void *state);
};

extern const struct report_format report_formats[];
extern const size_t report_nr_formats;

/* The format of that name; NULL: none. */
const struct report_format *report_format_find(const char *name);

/* The formats' names as "text, json, folded, perfetto or html", into buf. */
void report_format_names(char *buf, size_t size);

struct json_object;

struct report_section {
	const char *key;	/* its member in the JSON report */
	const char *title;	/* its heading in the text */
	/* whether it has anything to say; NULL: always */
	int (*present)(const struct report_view *v);
	int (*text)(FILE *f, const struct report_view *v);
	/* its JSON value into *out; 0 or -ENOMEM */
	int (*json)(const struct report_view *v, struct json_object **out);
};

extern const struct report_section report_sections[];
extern const size_t report_nr_sections;

/* The text sections (report_text.c). */
int report_text_summary(FILE *f, const struct report_view *v);
int report_text_culprits(FILE *f, const struct report_view *v);
int report_text_cpus(FILE *f, const struct report_view *v);
int report_text_stalls(FILE *f, const struct report_view *v);
int report_text_softirq(FILE *f, const struct report_view *v);
int report_text_input(FILE *f, const struct report_view *v);
/* The storms and softirq latency section (report_storms.c). */
int report_has_storms(const struct report_view *v);
int report_text_storms(FILE *f, const struct report_view *v);
int report_json_storms(const struct report_view *v, struct json_object **out);

/* The JSON sections (report_json.c). */
int report_json_summary(const struct report_view *v, struct json_object **out);
int report_json_culprits(const struct report_view *v, struct json_object **out);
int report_json_cpus(const struct report_view *v, struct json_object **out);
int report_json_stalls(const struct report_view *v, struct json_object **out);
int report_json_softirq(const struct report_view *v, struct json_object **out);
int report_json_input(const struct report_view *v, struct json_object **out);

/*
 * The whole report to f: text with lines cut to width columns (0: not
 * cut), or JSON (on one line, or indented with pretty). 0 or a negative
 * errno.
 */
int report_write_text(FILE *f, const struct report_view *v, unsigned int width);
int report_write_json(FILE *f, const struct report_view *v, bool pretty);

/*
 * Folded stacks (report_folded.c): the records' stacks into state, then
 * written as "TYPE;outermost;...;innermost US" lines.
 */
int report_folded_start(FILE *f, void **state);
int report_folded_record(void *state, const struct irqw_record *rec);
int report_folded_write(FILE *f, const struct report_view *v, void *state);
void report_folded_free(void *state);

/*
 * The Perfetto timeline (report_perfetto.c), Chrome trace-event JSON:
 * start() writes its head, each record its events as it comes, write() the
 * tail.
 */
int report_perfetto_start(FILE *f, void **state);
int report_perfetto_record(void *state, const struct irqw_record *rec);
int report_perfetto_write(FILE *f, const struct report_view *v, void *state);
void report_perfetto_free(void *state);

/*
 * The HTML page (report_html.c, report_svg.c): the records' stacks, a
 * bounded timeline and duration histograms into state, then the page.
 */
int report_html_start(FILE *f, void **state);
int report_html_record(void *state, const struct irqw_record *rec);
int report_html_write(FILE *f, const struct report_view *v, void *state);
void report_html_free(void *state);
/* The comparison with a baseline (report_baseline.c). */
struct irqw_cmp;
int report_has_baseline(const struct report_view *v);
int report_text_baseline(FILE *f, const struct report_view *v);
int report_json_baseline(const struct report_view *v, struct json_object **out);

/* The culprit's hint (hints.def) with its context; NULL: none or -ENOMEM. */
char *report_hint(const struct irqw_culprit *c);

/* The fingerprint's frames: "irqoff;a;b" -> 2, names[] = "a", "b" in buf. */
size_t report_fp_frames(const char *key, char *buf, size_t size,
			const char **names, size_t max);

/* "What the gaps mean": a sentence on the lost events, into buf. */
void report_lost_note(const struct irqw_report *r, char *buf, size_t size);

#endif /* IRQW_REPORT_FMT_H */
