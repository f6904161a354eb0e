// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * irqwatch report --format html (cmd/report_html.c, cmd/report_svg.c,
 * lib/report/timeline.c): the page is well-formed (every element closed,
 * in order; attributes quoted), escapes what it takes from the input (a
 * hostile host, comm, frame and cache), has every section and no external
 * resource, draws the flame graph's frames in proportion to their
 * microseconds, the timeline's marks per host and CPU (and the slot's
 * count), the same bytes twice, and is compared with data/report/report.html
 * (IRQW_GOLDEN_UPDATE=1 rewrites it); the timeline stays bounded and keeps
 * the worst events; the log2 buckets; the command line.
 */

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <linux/irqwatch.h>

#include "cli.h"
#include "fmt.h"
#include "input.h"
#include "report.h"
#include "report_data.h"
#include "report_fmt.h"
#include "report_html.h"
#include "timeline.h"

#define MS	1000000ULL
#define ABS(x)	((x) < 0 ? -(x) : (x))

/* The page of the logs (file names, NULL-terminated, or text), as the command writes it. */
static char *render(const char *const *files, const char *text)
{
	const struct report_format *fmt = report_format_find("html");
	struct report_view v = { 0 };
	struct irqw_report r;
	void *st = NULL;
	char *out = NULL;
	size_t size = 0;
	FILE *m, *in;

	assert_non_null(fmt);
	m = open_memstream(&out, &size);
	assert_non_null(m);
	irqw_report_init(&r, NULL);
	assert_int_equal(fmt->start(m, &st), 0);
	r.sink = fmt->record;
	r.sink_ctx = st;
	for (; files && *files; files++)
		feed_file(&r, *files);
	if (text) {
		in = fmemopen((void *)text, strlen(text), "r");
		assert_non_null(in);
		assert_int_equal(irqw_input_read(&r, in, "hostile.jsonl"), 0);
		fclose(in);
	}
	irqw_report_sort(&r);
	v.r = &r;
	v.culprits = irqw_report_culprits(&r);
	assert_int_equal(fmt->write(m, &v, st), 0);
	fclose(m);
	fmt->free(st);
	free(v.culprits);
	irqw_report_free(&r);
	return out;
}

static const char *const both[] = { "db7.jsonl", "web1.jsonl", NULL };

static bool is_void(const char *name, size_t len)
{
	static const char *const v[] = { "meta", "br", "hr", "img", "input", "link" };
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strlen(v[i]) == len && !strncmp(v[i], name, len))
			return true;
	return false;
}

/*
 * Whether the page is well-formed: the doctype, then elements that are
 * each closed, in order (a void one or "/>" closes itself), attribute
 * values in double quotes without '<', text without a bare '<' or '>', and
 * '&' only as an entity. The contents of <style> are CSS.
 */
static void well_formed(const char *html)
{
	const char *stack[64], *p = html, *e, *name;
	size_t lens[64], depth = 0, len;
	int quotes;

	assert_true(!strncmp(p, "<!DOCTYPE html>\n", 16));
	p += 16;
	while (*p) {
		if (*p == '&') {
			len = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789#");
			assert_true(len > 0);
			assert_int_equal(p[1 + len], ';');
			p += len + 2;
			continue;
		}
		if (*p == '>')
			fail_msg("a bare '>' in text at %.40s", p);
		if (*p != '<') {
			p++;
			continue;
		}
		e = p + 1;
		if (*e == '/') {
			name = e + 1;
			len = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
			assert_true(depth > 0);
			depth--;
			if (lens[depth] != len || strncmp(stack[depth], name, len))
				fail_msg("</%.*s> closes <%.*s>", (int)len, name,
					 (int)lens[depth], stack[depth]);
			assert_int_equal(name[len], '>');
			p = name + len + 1;
			continue;
		}
		name = e;
		len = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (!len)
			fail_msg("not a tag at %.40s", p);
		/* to the tag's end: attribute values quoted, no '<' in them */
		for (e = name + len, quotes = 0; *e && (quotes % 2 || *e != '>'); e++) {
			assert_true(*e != '<');
			if (*e == '"')
				quotes++;
			if (*e == '\'' && !(quotes % 2))
				fail_msg("a ' outside an attribute value at %.40s", e);
		}
		assert_int_equal(*e, '>');
		if (e[-1] != '/' && !is_void(name, len)) {
			assert_true(depth < 64);
			stack[depth] = name;
			lens[depth++] = len;
		}
		p = e + 1;
		if (len == 5 && !strncmp(name, "style", 5)) {
			p = strstr(p, "</style>");
			assert_non_null(p);
		}
	}
	assert_int_equal(depth, 0);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (; (s = strstr(s, what)); s += strlen(what))
		n++;
	return n;
}

static void test_html_well_formed(void **state)
{
	char *out = render(both, NULL);

	well_formed(out);
	/* each section, and nothing from outside */
	assert_non_null(strstr(out, "<section id=\"summary\">"));
	assert_non_null(strstr(out, "<section id=\"timeline\">"));
	assert_non_null(strstr(out, "<section id=\"histogram\">"));
	assert_non_null(strstr(out, "<section id=\"culprits\">"));
	assert_non_null(strstr(out, "<section id=\"hints\">"));
	assert_non_null(strstr(out, "<section id=\"flame\">"));
	assert_non_null(strstr(out, "<section id=\"stalls\">"));
	assert_non_null(strstr(out, "<section id=\"input\">"));
	assert_int_equal(count(out, "<svg "), 3);
	assert_int_equal(count(out, "</svg>"), 3);
	assert_non_null(strstr(out, "default-src 'none'"));
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "http:"));
	assert_null(strstr(out, "https:"));
	assert_null(strstr(out, "url("));
	/* summary: hosts with their span, lost events by reason, worst windows */
	assert_non_null(strstr(out, "<td>db7</td><td class=\"t\">2026-11-21T10:00:01Z</td>"
				    "<td class=\"t\">2026-11-21T10:01:20Z</td>"
				    "<td class=\"n\">78.99 s</td>"));
	assert_non_null(strstr(out, "seq_gap 5, ring_full 2, write_error 0 in 2 lost records"));
	assert_int_equal(count(out, "<tr><td class=\"n\">812.0 ms</td>"), 1);
	/* culprits: four, the example stack in a <details>, three hints */
	assert_int_equal(count(out, "<tr id=\"culprit-"), 4);
	assert_int_equal(count(out, "<details><summary>stack ("), 4);
	assert_int_equal(count(out, "<li id=\"hint-"), 3);
	assert_non_null(strstr(out, "cache dentry has 3400 partial slabs"));
	/* histogram: a chart per type, the buckets as status names them */
	assert_int_equal(count(out, "<g class=\"hist\""), 3);
	assert_non_null(strstr(out, "<title>irqoff 64-128ms: 2 events</title>"));
	assert_non_null(strstr(out, "<title>stall 512ms-1s: 1 event</title>"));
	/* the legend names every type and cause counted */
	assert_int_equal(count(out, "<g class=\"legend\">"), 4);
	assert_non_null(strstr(out, "irqoff irqs_disabled (4)"));
	free(out);
}

static void test_html_golden(void **state)
{
	char *out = render(both, NULL), *want;
	FILE *m;

	if (getenv("IRQW_GOLDEN_UPDATE")) {
		m = fopen(DATA "report.html", "w");
		assert_non_null(m);
		fputs(out, m);
		fclose(m);
	}
	want = slurp(DATA "report.html");
	assert_string_equal(out, want);
	free(want);
	/* the same bytes every time */
	want = render(both, NULL);
	assert_string_equal(out, want);
	free(want);
	free(out);
}

#define HOSTILE_EV(seq, time, cpu) \
	"{\"v\":1,\"seq\":" #seq ",\"type\":\"irqoff\",\"host\":\"h<b>&\\\"'\"," \
	"\"time\":\"" time "\",\"mono_ns\":1,\"cpu\":" #cpu ",\"duration_ns\":50000000," \
	"\"cause\":\"irqs_disabled\",\"context\":\"task\"," \
	"\"task\":{\"pid\":1,\"tgid\":1,\"comm\":\"<script>&\\\"'\"}," \
	"\"stack\":[\"<img src=x onerror=alert(1)>+0x1/0x2\",\"f&g;\\\"'+0x1/0x2\"]}\n"

static void test_html_escape(void **state)
{
	const char *text =
		HOSTILE_EV(1, "2026-11-21T10:00:00.000000Z", 0)
		HOSTILE_EV(2, "2026-11-21T10:00:01.000000Z", 1)
		"{\"v\":1,\"seq\":3,\"type\":\"stall\",\"host\":\"x\",\"time\":"
		"\"2026-11-21T10:00:02.000000Z\",\"mono_ns\":2,\"cpu\":0,\"duration_ns\":"
		"20000000,\"probe\":\"get_slabinfo\",\"cache\":\"</pre><b>\","
		"\"slab\":{\"total_objects\":1,\"partial\":1},\"task\":{\"pid\":2,"
		"\"tgid\":2,\"comm\":\"a\\u0001b\\u001b[31m\",\"parent\":{\"pid\":1,"
		"\"comm\":\"</title>\"}},\"stack\":[\"get_slabinfo+0x1/0x2\"]}\n";
	char *out = render(NULL, text);

	well_formed(out);
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "<img"));
	assert_null(strstr(out, "<b>"));
	assert_null(strstr(out, "</pre><b>"));
	assert_int_equal(count(out, "</title>"), count(out, "<title>"));
	/* every place that shows them has them escaped */
	assert_true(count(out, "&lt;script&gt;&amp;&quot;&#39;") >= 3);
	assert_true(count(out, "h&lt;b&gt;&amp;&quot;&#39;") >= 4);
	assert_non_null(strstr(out, "data-host=\"h&lt;b&gt;&amp;&quot;&#39;\""));
	assert_non_null(strstr(out, "&lt;img src=x onerror=alert(1)&gt;+0x1/0x2"));
	assert_non_null(strstr(out, "&lt;/pre&gt;&lt;b&gt;"));
	/* control characters never reach the page */
	assert_null(strchr(out, '\x01'));
	assert_null(strchr(out, '\x1b'));
	free(out);
}

/* No event, only a lost record: the sections say so, still well-formed. */
static void test_html_no_events(void **state)
{
	char *out = render(NULL, "{\"v\":1,\"type\":\"lost\",\"host\":\"h\",\"time\":"
				 "\"2026-11-21T10:00:40.000000Z\",\"mono_ns\":1,\"count\":2,"
				 "\"reason\":\"ring_full\"}\n");

	well_formed(out);
	assert_int_equal(count(out, "<svg "), 0);
	assert_int_equal(count(out, "<p class=\"none\">no events</p>"), 3);
	assert_int_equal(count(out, "<p class=\"none\">no stacks</p>"), 1);
	assert_non_null(strstr(out, "<p class=\"none\">no known culprit</p>"));
	assert_non_null(strstr(out, "ring_full 2"));
	free(out);
}

/*
 * Extremes: a duration of 2^64 - 1 ns (its end past 2^64), an event at the
 * epoch: the page is written (no tick loop past 2^64), well-formed, with
 * at most 9 ticks and every mark inside the plot.
 */
static void test_html_extremes(void **state)
{
	char *out = render(NULL,
		"{\"v\":1,\"seq\":1,\"type\":\"irqoff\",\"host\":\"h\",\"time\":"
		"\"2026-11-21T10:00:00.000000Z\",\"mono_ns\":1,\"cpu\":0,\"duration_ns\":"
		"18446744073709551615,\"cause\":\"irqs_disabled\"}\n"
		"{\"v\":1,\"seq\":2,\"type\":\"irqoff\",\"host\":\"h\",\"time\":"
		"\"1970-01-01T00:00:00.000000Z\",\"mono_ns\":1,\"cpu\":1,\"duration_ns\":"
		"1000}\n");
	double x, y, w;
	size_t ticks;
	char *p;

	well_formed(out);
	p = strstr(out, "<g class=\"axis\">");
	assert_non_null(p);
	for (ticks = 0; (p = strstr(p, "text-anchor=\"middle\"")) &&
	     p < strstr(out, "</g>\n</svg>"); p++)
		ticks++;
	assert_true(ticks >= 2 && ticks <= 9);
	for (p = out; (p = strstr(p, "<rect class=\"m\" ")); p++) {
		assert_int_equal(sscanf(p, "<rect class=\"m\" x=\"%lf\" y=\"%lf\" "
					"width=\"%lf\"", &x, &y, &w), 3);
		assert_true(x >= SVG_LABEL_W && w >= 2 && x + w <= SVG_WIDTH - 20 + 2);
	}
	free(out);
}

/* Every frame's width is its microseconds' share of the chart's width. */
static void test_html_flame_widths(void **state)
{
	char *out = render(both, NULL), *p;
	double x, y, w, root_w = 0;
	unsigned long long us, total = 0;
	int frames = 0, n;

	p = strstr(out, "<svg class=\"flame\"");
	assert_non_null(p);
	for (; (p = strstr(p, "<g class=\"f\" data-us=\"")); p++) {
		assert_int_equal(sscanf(p, "<g class=\"f\" data-us=\"%llu\">%n", &us, &n), 1);
		if (!total)
			total = us;	/* the first frame is the root, "all" */
		p = strstr(p, "<rect ");
		assert_non_null(p);
		assert_int_equal(sscanf(p, "<rect x=\"%lf\" y=\"%lf\" width=\"%lf\"",
					&x, &y, &w), 3);
		if (!root_w)
			root_w = w;
		assert_true(ABS(w - (double)us * root_w / (double)total) < 0.006);
		frames++;
	}
	/* the folded stacks' microseconds: 31000 + 1212000 + 220000 + 50000 + 812000 */
	assert_int_equal(total, 2325000);
	assert_true(ABS(root_w - (SVG_WIDTH - 20)) < 0.006);
	/*
	 * the tree of report.folded: all, 3 types, irqoff's 3 + 4 + 3 frames
	 * (no prefix shared), softirqoff's 2, stall's 3
	 */
	assert_int_equal(frames, 1 + 3 + 3 + 4 + 3 + 2 + 3);
	assert_non_null(strstr(out, "<title>count_partial: 1212000 \xc2\xb5s, 52.13%</title>"));
	assert_non_null(strstr(out, "<title>all: 2325000 \xc2\xb5s, 100.00%</title>"));
	free(out);
}

/* Marks of a row: the rects of class m between its <g> and </g>. */
static size_t row_marks(const char *out, const char *host, int cpu)
{
	char head[128];
	const char *p, *end;
	size_t n = 0;

	snprintf(head, sizeof(head), "<g class=\"row\" data-host=\"%s\" data-cpu=\"%d\">",
		 host, cpu);
	p = strstr(out, head);
	if (!p)
		return 0;
	end = strstr(p, "</g>");
	assert_non_null(end);
	while ((p = strstr(p, "<rect class=\"m\"")) && p < end) {
		n++;
		p++;
	}
	return n;
}

static void test_html_timeline(void **state)
{
	char *out = render(both, NULL);

	/* a row per host and CPU with events, in order */
	assert_int_equal(count(out, "<g class=\"row\""), 5);
	assert_true(strstr(out, "data-host=\"db7\" data-cpu=\"0\"") <
		    strstr(out, "data-host=\"db7\" data-cpu=\"3\""));
	assert_true(strstr(out, "data-host=\"db7\" data-cpu=\"3\"") <
		    strstr(out, "data-host=\"web1\" data-cpu=\"1\""));
	assert_int_equal(row_marks(out, "db7", 0), 1);
	assert_int_equal(row_marks(out, "db7", 1), 1);
	/* the window and its stall start 1 us apart: one slot, the window shown */
	assert_int_equal(row_marks(out, "db7", 3), 2);
	assert_non_null(strstr(out, "<title>irqoff irqs_disabled: 812.0 ms\ndb7 cpu3 at "
				    "2026-11-21T10:00:01.000002Z\ntask cat\nculprit "
				    "count_partial\n2 events started in this"));
	assert_int_equal(row_marks(out, "web1", 1), 1);
	assert_int_equal(row_marks(out, "web1", 2), 1);
	assert_int_equal(row_marks(out, "web1", 0), 0);
	/* softirqoff coloured as its legend says */
	assert_non_null(strstr(out, "fill=\"#9467bd\"><title>softirqoff bh_disabled: 50.0 ms"));
	/* the axis: labelled ticks, 15 s apart over these two minutes */
	assert_non_null(strstr(out, ">10:00:15</text>"));
	assert_non_null(strstr(out, ">10:01:45</text>"));
	free(out);
}

static void add(struct irqw_timeline *tl, const char *host, uint32_t cpu,
		uint64_t start, uint64_t dur)
{
	struct irqw_tl_event e = {
		.host = host, .cpu = cpu, .type = IRQWATCH_EVENT_IRQOFF,
		.cause = IRQWATCH_CAUSE_IRQS_DISABLED, .start_ns = start,
		.duration_ns = dur, .comm = "c", .frame = "f",
	};

	assert_int_equal(irqw_tl_add(tl, &e), 0);
}

/* 100,000 events over a day, back and forth in time: 4 rows, the worst kept. */
static void test_timeline_bounded(void **state)
{
	const uint64_t day = 86400ULL * 1000 * MS, t0 = 1795255200ULL * 1000 * MS;
	struct irqw_timeline tl = { 0 };
	struct irqw_tl_row **rows;
	uint64_t n = 0, start;
	size_t i, k, used;
	bool seen = false;

	for (i = 0; i < 100000; i++) {
		/* the first half forwards, the second backwards from the start */
		start = i < 50000 ? t0 + i * (day / 50000) : t0 - (i - 50000) * (day / 50000);
		add(&tl, i % 2 ? "b" : "a", (uint32_t)(i % 4 / 2), start,
		    i == 77777 ? 900 * MS : 10 * MS + i % 1000);
	}
	assert_int_equal(tl.nr_rows, 4);
	assert_int_equal(tl.events, 100000);
	/* the range covers both days in 256 slots */
	assert_true(tl.slot_ns * IRQW_TL_SLOTS >= 2 * day - day / 50000);
	assert_true(tl.slot_ns * IRQW_TL_SLOTS < 8 * day);
	assert_true(tl.base_ns <= tl.min_ns);
	rows = irqw_tl_sorted(&tl);
	assert_non_null(rows);
	assert_string_equal(rows[0]->host, "a");
	assert_int_equal(rows[0]->cpu, 0);
	assert_string_equal(rows[3]->host, "b");
	assert_int_equal(rows[3]->cpu, 1);
	for (i = 0; i < 4; i++) {
		for (k = 0, used = 0; k < IRQW_TL_SLOTS; k++) {
			const struct irqw_tl_mark *m = &rows[i]->slots[k];

			if (!m->n)
				continue;
			used++;
			n += m->n;
			/* in its slot */
			assert_true(m->start_ns >= tl.base_ns + k * tl.slot_ns);
			assert_true(m->start_ns < tl.base_ns + (k + 1) * tl.slot_ns);
			if (m->duration_ns == 900 * MS)
				seen = true;
		}
		assert_true(used > IRQW_TL_SLOTS / 3);
	}
	/* every event counted in a slot, the longest one shown */
	assert_int_equal(n, 100000);
	assert_true(seen);
	free(rows);
	irqw_tl_free(&tl);
}

/* Of equal events in a slot, the earliest; a longer one wins; counts add. */
static void test_timeline_worst(void **state)
{
	const uint64_t t = 1795255200ULL * 1000 * MS;
	struct irqw_timeline tl = { 0 };

	add(&tl, "h", 0, t + 300, 5 * MS);
	add(&tl, "h", 0, t + 200, 5 * MS);
	add(&tl, "h", 0, t + 400, 4 * MS);
	assert_int_equal(tl.slot_ns, IRQW_TL_SLOT0_NS);
	assert_int_equal(tl.rows[0].slots[0].n, 3);
	assert_int_equal(tl.rows[0].slots[0].start_ns, t + 200);
	add(&tl, "h", 0, t + 500, 6 * MS);
	assert_int_equal(tl.rows[0].slots[0].start_ns, t + 500);
	assert_int_equal(tl.rows[0].slots[0].n, 4);
	/* one earlier than the range: it doubles towards it, counts kept */
	add(&tl, "h", 0, t - 10 * MS, 1 * MS);
	assert_int_equal(tl.slot_ns, 2 * IRQW_TL_SLOT0_NS);
	assert_true(tl.base_ns <= t - 10 * MS);
	assert_int_equal(tl.min_ns, t - 10 * MS);
	assert_int_equal(tl.max_ns, t + 500 + 6 * MS);
	irqw_tl_free(&tl);
}

static void test_html_bucket(void **state)
{
	assert_int_equal(report_html_bucket(0), 0);
	assert_int_equal(report_html_bucket(999), 0);
	assert_int_equal(report_html_bucket(1000), 1);
	assert_int_equal(report_html_bucket(1999), 1);
	assert_int_equal(report_html_bucket(2000), 2);
	assert_int_equal(report_html_bucket(MS), 10);		/* 1000 us: 512us-1ms */
	assert_string_equal(irqw_hist_bucket_name(10), "512us-1ms");
	assert_int_equal(report_html_bucket(812 * MS), 20);	/* 512ms-1s */
	assert_int_equal(report_html_bucket(1048576ULL * 1000), 21);
	assert_int_equal(report_html_bucket(UINT64_MAX), 21);
}

static int run(int argc, char **argv)
{
	int out = dup(1), err = dup(2), null = open("/dev/null", 1), ret;

	dup2(null, 1);
	dup2(null, 2);
	ret = irqwatch_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1);
	dup2(err, 2);
	close(out);
	close(err);
	close(null);
	return ret;
}

#define RUN(...) run(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *), \
		     (char *[]){ __VA_ARGS__, NULL })

static void test_html_cli(void **state)
{
	char dir[] = "/tmp/irqw-html-XXXXXX", path[64], *got, *want;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/report.html", dir);
	assert_int_equal(RUN("irqwatch", "report", "--format", "html", "-o", path,
			     DATA "db7.jsonl", DATA "web1.jsonl"), IRQW_EXIT_SKIPPED);
	got = slurp(path);
	want = slurp(DATA "report.html");
	/* the same page but for the input section's file names */
	assert_true(!strncmp(got, want, (size_t)(strstr(want, "<section id=\"input\">") - want)));
	free(got);
	free(want);
	assert_int_equal(RUN("irqwatch", "report", "--format", "html", "-o", path,
			     DATA "db7.jsonl"), IRQW_EXIT_OK);
	got = slurp(path);
	well_formed(got);
	free(got);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_well_formed),
		cmocka_unit_test(test_html_golden),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_html_no_events),
		cmocka_unit_test(test_html_extremes),
		cmocka_unit_test(test_html_flame_widths),
		cmocka_unit_test(test_html_timeline),
		cmocka_unit_test(test_timeline_bounded),
		cmocka_unit_test(test_timeline_worst),
		cmocka_unit_test(test_html_bucket),
		cmocka_unit_test(test_html_cli),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
