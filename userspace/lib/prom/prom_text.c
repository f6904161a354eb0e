// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The metrics as Prometheus' text exposition format (version 0.0.4). */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prom_int.h"

#define NSEC_PER_SEC	UINT64_C(1000000000)

size_t irqw_prom_escape(char *dst, size_t size, const char *s)
{
	size_t len = 0, n;
	const char *esc;
	char one[2] = "";

	for (; *s; s++) {
		switch (*s) {
		case '\\':
			esc = "\\\\";
			break;
		case '"':
			esc = "\\\"";
			break;
		case '\n':
			esc = "\\n";
			break;
		default:
			one[0] = *s;
			esc = one;
		}
		n = strlen(esc);
		if (len + n >= size)
			break;
		memcpy(dst + len, esc, n);
		len += n;
	}
	if (size)
		dst[len] = '\0';
	return len;
}

/* The labels of s, names n0 and n1 (NULL: none), as {n0="v0",n1="v1"}. */
static void put_labels(FILE *f, const struct prom_series *s, const char *n0,
		       const char *n1, const char *le)
{
	char buf[2 * IRQW_PROM_LABEL_MAX];
	const char *sep = "{";

	if (n0 && *s->value[0]) {
		irqw_prom_escape(buf, sizeof(buf), s->value[0]);
		fprintf(f, "%s%s=\"%s\"", sep, n0, buf);
		sep = ",";
	}
	if (n1 && *s->value[1]) {
		irqw_prom_escape(buf, sizeof(buf), s->value[1]);
		fprintf(f, "%s%s=\"%s\"", sep, n1, buf);
		sep = ",";
	}
	if (le) {
		fprintf(f, "%sle=\"%s\"", sep, le);
		sep = ",";
	}
	if (*sep == ',')
		fputc('}', f);
}

static void head(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A table of counters (or gauges) by one or two labels; nothing if empty. */
static void put_table(FILE *f, const struct prom_table *t, const char *name,
		      const char *type, const char *help, const char *n0,
		      const char *n1)
{
	unsigned int i;

	if (!t->nr)
		return;
	head(f, name, type, help);
	for (i = 0; i < t->nr; i++) {
		fputs(name, f);
		put_labels(f, &t->s[i], n0, n1, NULL);
		fprintf(f, " %" PRIu64 "\n", t->s[i].n);
	}
}

/* ns as seconds with all nine decimals, trailing zeros cut: "0.05", "1". */
static const char *seconds(uint64_t ns, char *buf, size_t size)
{
	int len;

	len = snprintf(buf, size, "%" PRIu64 ".%09" PRIu64, ns / NSEC_PER_SEC,
		       ns % NSEC_PER_SEC);
	while (len > 0 && buf[len - 1] == '0')
		buf[--len] = '\0';
	if (len > 0 && buf[len - 1] == '.')
		buf[--len] = '\0';
	return buf;
}

static void put_hist(FILE *f, const struct prom_table *t, const char *type)
{
	char name[64], le[32], sum[32];
	const struct prom_series *s;
	const struct prom_hist *h;
	uint64_t cum;
	unsigned int i, b;
	bool any = false;

	snprintf(name, sizeof(name), "irqwatch_%s_duration_seconds", type);
	for (i = 0; i < t->nr; i++) {
		s = &t->s[i];
		if (!s->has_hist || strcmp(s->value[0], type))
			continue;
		if (!any) {
			fprintf(f, "# HELP %s Length of the %s%s received by "
				"this logger process since it started.\n"
				"# TYPE %s histogram\n", name,
				strcmp(type, "stall") ? type : "stalled calls",
				strcmp(type, "stall") ? " windows" : "", name);
			any = true;
		}
		h = &s->hist;
		for (b = 0, cum = 0; b <= IRQW_PROM_BUCKETS; b++) {
			if (b < IRQW_PROM_BUCKETS) {
				cum += h->buckets[b];
				seconds(irqw_prom_bucket_ns[b], le, sizeof(le));
			} else {
				cum = h->count;
				strcpy(le, "+Inf");
			}
			fprintf(f, "%s_bucket", name);
			put_labels(f, s, NULL, "cause", le);
			fprintf(f, " %" PRIu64 "\n", cum);
		}
		fprintf(f, "%s_sum", name);
		put_labels(f, s, NULL, "cause", NULL);
		fprintf(f, " %s\n%s_count", seconds(h->sum_ns, sum, sizeof(sum)),
			name);
		put_labels(f, s, NULL, "cause", NULL);
		fprintf(f, " %" PRIu64 "\n", h->count);
	}
}

static void put_last(FILE *f, const struct prom_table *t)
{
	unsigned int i;
	char buf[32];

	if (!t->nr)
		return;
	head(f, "irqwatch_last_event_timestamp_seconds", "gauge",
	     "Wall-clock time of the last event of the type received by this "
	     "logger process, seconds since the epoch.");
	for (i = 0; i < t->nr; i++) {
		fputs("irqwatch_last_event_timestamp_seconds", f);
		put_labels(f, &t->s[i], "type", NULL, NULL);
		fprintf(f, " %s\n", seconds(t->s[i].real_ns, buf, sizeof(buf)));
	}
}

int irqw_prom_text(const struct irqw_prom *p, char **text, size_t *len)
{
	char version[2 * IRQW_PROM_LABEL_MAX], kernel[2 * IRQW_PROM_LABEL_MAX];
	size_t i;
	FILE *f;

	*text = NULL;
	f = open_memstream(text, len);
	if (!f)
		return -ENOMEM;
	irqw_prom_escape(version, sizeof(version), p->version);
	irqw_prom_escape(kernel, sizeof(kernel), p->kernel);
	head(f, "irqwatch_build_info", "gauge",
	     "The irqwatch logger writing this file: its version and the "
	     "kernel it runs on.");
	fprintf(f, "irqwatch_build_info{version=\"%s\",kernel=\"%s\"} 1\n",
		version, kernel);
	put_table(f, &p->events, "irqwatch_events_total", "counter",
		  "Events received by this logger process since it started, by "
		  "type and, for irqoff and softirqoff, cause.", "type", "cause");
	put_table(f, &p->lost, "irqwatch_lost_events_total", "counter",
		  "Events lost (the count of the lost records), by reason.",
		  "reason", NULL);
	for (i = 0; prom_hist_types[i]; i++)
		put_hist(f, &p->events, prom_hist_types[i]);
	put_table(f, &p->probes, "irqwatch_stall_calls_total", "counter",
		  "Stall events (calls longer than the probe's threshold), by "
		  "probed function.", "probe", NULL);
	put_table(f, &p->storms, "irqwatch_storm_active", "gauge",
		  "Storms of the kind in progress: start records minus end "
		  "records.", "kind", NULL);
	put_last(f, &p->last);
	if (fclose(f)) {
		free(*text);
		*text = NULL;
		return -ENOMEM;
	}
	return 0;
}
