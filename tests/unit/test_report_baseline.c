// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * irqwatch report --baseline: culprits new, grown, gone, shrunk and
 * unchanged; rates per hour of the hosts' spans (periods of different
 * lengths, several hosts, a host with one record); events per type and
 * cause; the baseline's bad lines counted apart with file:line; the text
 * and JSON sections, --since on this period only, formats refused.
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
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "cli.h"
#include "compare.h"
#include "input.h"
#include "report_data.h"
#include "report_fmt.h"

#define T0	1795255200ULL	/* 2026-11-21T10:00:00Z */
#define HOUR	3600ULL

/* Appends an irqoff event of culprit fn (three frames) to the log in m. */
static void event(FILE *m, const char *host, uint64_t at_s, const char *fn,
		  uint64_t ms)
{
	static uint64_t seq;
	time_t t = (time_t)(T0 + at_s);
	struct tm tm;
	char when[32];

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S.000000Z", &tm);
	fprintf(m, "{\"v\":1,\"seq\":%llu,\"type\":\"irqoff\",\"host\":\"%s\","
		"\"time\":\"%s\",\"mono_ns\":1,\"cpu\":0,\"duration_ns\":%llu,"
		"\"cause\":\"irqs_disabled\",\"stack\":[\"%s+0x1/0x2\","
		"\"%s_caller+0x1/0x2\",\"%s_entry+0x1/0x2\"]}\n",
		(unsigned long long)++seq, host, when,
		(unsigned long long)ms * 1000000ULL, fn, fn, fn);
}

/* count events of fn on host, from at_s, step_s apart */
static void events(FILE *m, const char *host, uint64_t at_s, uint64_t step_s,
		   unsigned int count, const char *fn, uint64_t ms)
{
	unsigned int i;

	for (i = 0; i < count; i++)
		event(m, host, at_s + i * step_s, fn, ms);
}

struct log {
	char *text;
	size_t len;
	FILE *m;
};

static FILE *log_open(struct log *l)
{
	memset(l, 0, sizeof(*l));
	l->m = open_memstream(&l->text, &l->len);
	assert_non_null(l->m);
	return l->m;
}

/* The log into a fresh report r. */
static void log_read(struct log *l, struct irqw_report *r)
{
	FILE *f;

	fclose(l->m);
	irqw_report_init(r, NULL);
	f = fmemopen(l->text, l->len, "r");
	assert_non_null(f);
	assert_int_equal(irqw_input_read(r, f, "log"), 0);
	fclose(f);
	free(l->text);
	irqw_report_sort(r);
}

static const char *fp(const char *fn)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "irqoff;%s;%s_caller;%s_entry", fn, fn, fn);
	return buf;
}

static const struct irqw_cmp_culprit *find(const struct irqw_cmp *c,
					   const char *fn)
{
	const char *key = fp(fn);
	size_t i;

	for (i = 0; i < c->nr_c; i++)
		if (!strcmp((c->c[i].cur ? c->c[i].cur : c->c[i].base)->key, key))
			return &c->c[i];
	fail_msg("no culprit %s", key);
	return NULL;
}

static void test_changes(void **state)
{
	struct irqw_report cur, base;
	struct irqw_cmp c;
	struct log lc, lb;

	/* both one hour on one host */
	events(log_open(&lb), "db7", 0, HOUR / 4, 5, "same", 10);
	events(lb.m, "db7", 0, 1, 2, "gone", 10);
	events(log_open(&lc), "db7", 0, HOUR / 4, 5, "same", 12);
	events(lc.m, "db7", 60, 1, 3, "fresh", 10);
	log_read(&lb, &base);
	log_read(&lc, &cur);
	assert_int_equal(irqw_compare(&cur, &base, &c), 0);
	assert_true(c.hours == 1.0 && c.base_hours == 1.0);
	assert_int_equal(c.nr_c, 3);
	/* new first, then gone, then unchanged */
	assert_int_equal(c.c[0].change, IRQW_CHANGE_NEW);
	assert_null(c.c[0].base);
	assert_string_equal(c.c[0].cur->key, fp("fresh"));
	assert_true(c.c[0].rate == 3.0 && c.c[0].base_rate == 0);
	assert_int_equal(c.c[1].change, IRQW_CHANGE_GONE);
	assert_null(c.c[1].cur);
	assert_true(c.c[1].rate == 0 && c.c[1].base_rate == 2.0);
	assert_int_equal(find(&c, "same")->change, IRQW_CHANGE_SAME);
	assert_int_equal(c.nr_change[IRQW_CHANGE_NEW], 1);
	assert_int_equal(c.nr_change[IRQW_CHANGE_GONE], 1);
	assert_int_equal(c.nr_change[IRQW_CHANGE_SAME], 1);
	assert_string_equal(irqw_change_name(IRQW_CHANGE_SHRUNK), "shrunk");
	/* per type and cause */
	assert_int_equal(c.nr_tc, 1);
	assert_int_equal(c.tc[0].n, 8);
	assert_int_equal(c.tc[0].base_n, 7);
	assert_true(c.tc[0].rate == 8.0 && c.tc[0].base_rate == 7.0);
	irqw_cmp_free(&c);
	irqw_report_free(&cur);
	irqw_report_free(&base);
}

/*
 * Rates, not counts: fewer events in a shorter period can be more per
 * hour (grown), more in a longer one fewer (shrunk); a longest window twice
 * as long is grown at the same rate.
 */
static void test_rates(void **state)
{
	struct irqw_report cur, base;
	struct irqw_cmp c;
	struct log lc, lb;

	/* baseline: 10 h; this period: 1 h */
	events(log_open(&lb), "db7", 0, HOUR, 11, "busier", 10);	/* 1.1/h */
	events(lb.m, "db7", 0, HOUR, 11, "quieter", 10);
	events(lb.m, "db7", 0, HOUR, 11, "longer", 10);
	events(lb.m, "db7", 0, HOUR, 11, "steady", 10);
	events(log_open(&lc), "db7", 0, 60, 4, "busier", 10);	/* 4/h */
	events(lc.m, "db7", HOUR, 1, 1, "quieter", 10);		/* 1/h */
	events(lc.m, "db7", 0, HOUR / 2, 1, "longer", 25);		/* 1/h, 25 ms */
	events(lc.m, "db7", 0, 1, 1, "steady", 19);			/* 1/h */
	events(lc.m, "db7", 0, 1, 1, "steady", 19);			/* 2/h */
	log_read(&lb, &base);
	log_read(&lc, &cur);
	assert_int_equal(irqw_compare(&cur, &base, &c), 0);
	assert_true(c.base_hours == 10.0);
	assert_true(c.hours == 1.0);
	assert_int_equal(find(&c, "busier")->change, IRQW_CHANGE_GROWN);
	assert_true(find(&c, "busier")->base_rate == 1.1);
	assert_int_equal(find(&c, "longer")->change, IRQW_CHANGE_GROWN);
	/* 2/h against 1.1/h, 19 ms against 10 ms: neither doubled */
	assert_int_equal(find(&c, "steady")->change, IRQW_CHANGE_SAME);
	irqw_cmp_free(&c);
	irqw_report_free(&cur);

	/* this period: 20 h, the same 11 events: half the rate */
	events(log_open(&lc), "db7", 0, 2 * HOUR, 11, "busier", 10);
	log_read(&lc, &cur);
	assert_int_equal(irqw_compare(&cur, &base, &c), 0);
	assert_true(c.hours == 20.0);
	assert_int_equal(find(&c, "busier")->change, IRQW_CHANGE_SHRUNK);
	assert_int_equal(c.c[0].change, IRQW_CHANGE_GONE);
	irqw_cmp_free(&c);
	irqw_report_free(&cur);
	irqw_report_free(&base);
}

/* The span is the hosts' together; a host with one record counts a minute. */
static void test_span(void **state)
{
	struct irqw_report r;
	struct log l;

	events(log_open(&l), "db7", 0, HOUR, 2, "a", 10);
	events(l.m, "web1", 0, 2 * HOUR, 2, "a", 10);
	events(l.m, "web2", 5, 1, 1, "a", 10);
	log_read(&l, &r);
	assert_true(irqw_report_hours(&r) > 3.0166 && irqw_report_hours(&r) < 3.0167);
	assert_true(irqw_rate(5, irqw_report_hours(&r)) > 1.657);
	assert_true(irqw_rate(5, 0) == 0);
	irqw_report_free(&r);
	irqw_report_init(&r, NULL);
	assert_true(irqw_report_hours(&r) == 0);
	irqw_report_free(&r);
}

/*
 * The report of db7.jsonl against web1.jsonl, whole, against its golden
 * file (IRQW_GOLDEN_UPDATE=1 rewrites it).
 */
static void golden(bool json, const char *gold)
{
	struct report_view v = { .pretty = true };
	struct irqw_report r, base;
	char *out = NULL, *want;
	struct irqw_cmp cmp;
	size_t size = 0;
	FILE *m;

	irqw_report_init(&r, NULL);
	irqw_report_init(&base, NULL);
	feed_file(&r, "db7.jsonl");
	feed_file(&base, "web1.jsonl");
	irqw_report_sort(&r);
	irqw_report_sort(&base);
	assert_int_equal(irqw_compare(&r, &base, &cmp), 0);
	v.r = &r;
	v.base = &base;
	v.cmp = &cmp;
	v.culprits = irqw_report_culprits(&r);
	m = open_memstream(&out, &size);
	assert_int_equal(json ? report_write_json(m, &v, true) :
				report_write_text(m, &v, 0), 0);
	fclose(m);
	if (getenv("IRQW_GOLDEN_UPDATE")) {
		m = fopen(gold, "w");
		assert_non_null(m);
		fputs(out, m);
		fclose(m);
	} else {
		want = slurp(gold);
		assert_string_equal(out, want);
		free(want);
	}
	free(out);
	free(v.culprits);
	irqw_cmp_free(&cmp);
	irqw_report_free(&r);
	irqw_report_free(&base);
}

static void test_golden(void **state)
{
	golden(false, DATA "report-baseline.txt");
	golden(true, DATA "report-baseline.json");
}

static char out_path[] = "/tmp/irqwatch-baseline-XXXXXX";

static int setup(void **state)
{
	int fd;

	strcpy(out_path, "/tmp/irqwatch-baseline-XXXXXX");
	fd = mkstemp(out_path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	return unlink(out_path);
}

/* irqwatch_main() with stdout and stderr to /dev/null (the report: -o). */
static int run(char **argv)
{
	int out = dup(1), err = dup(2), null = open("/dev/null", 1), argc = 0, ret;

	while (argv[argc])
		argc++;
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

#define RUN(...) run((char *[]){ "irqwatch", "report", __VA_ARGS__, NULL })

static void test_text(void **state)
{
	char *text;

	/* the baseline's bad lines say whose they are; exit status 4 */
	assert_int_equal(RUN("-o", out_path, "--baseline", DATA "web1.jsonl",
			     DATA "db7.jsonl"), IRQW_EXIT_SKIPPED);
	text = slurp(out_path);
	assert_non_null(strstr(text, "\nCompared with baseline\n"
			       "  this period: 1 file, 5 events, 1 host, "));
	assert_non_null(strstr(text, "\n  baseline: 1 file, 2 events, 1 host, "));
	assert_non_null(strstr(text, "\n  culprits: 3 new, 1 grown, 0 gone, 0 shrunk, "
			       "0 unchanged (grown: 2x the rate or the longest window)\n"
			       "  CHANGE  COUNT  PER HOUR  BASELINE"));
	assert_non_null(strstr(text, "\n  baseline: 6 lines not analysed: 4 malformed, "
			       "2 of a version, type or reason unknown\n  " DATA
			       "web1.jsonl:3: unknown schema version v 2\n"));
	assert_non_null(strstr(text, DATA "web1.jsonl:9: torn line (no newline at the end)\n"));
	/* this period's input was all analysed: no section of its own */
	assert_null(strstr(text, "\nInput not analysed\n"));
	assert_true(strstr(text, "\nSummary\n") < strstr(text, "\nCompared with baseline\n"));
	assert_true(strstr(text, "\nCompared with baseline\n") < strstr(text, "\nCulprits\n"));
	free(text);
	/* without --baseline, no such section */
	assert_int_equal(RUN("-o", out_path, DATA "db7.jsonl"), IRQW_EXIT_OK);
	text = slurp(out_path);
	assert_null(strstr(text, "Compared with baseline"));
	free(text);
}

static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("no member %s", key);
	return v;
}

static void test_json(void **state)
{
	struct json_object *root, *b, *c;
	char *text;

	/* --since chooses this period only: db7's events are all before it */
	assert_int_equal(RUN("-j", "-o", out_path, "--since", "2026-11-22",
			     "--baseline", DATA "db7.jsonl", DATA "db7.jsonl"),
			 IRQW_EXIT_OK);
	text = slurp(out_path);
	root = json_tokener_parse(text);
	free(text);
	assert_non_null(root);
	b = member(root, "baseline");
	assert_int_equal(json_object_get_int(member(b, "version")), 1);
	c = member(b, "changes");
	assert_int_equal(json_object_get_int(member(c, "gone")), 4);
	assert_int_equal(json_object_get_int(member(c, "new")), 0);
	c = json_object_array_get_idx(member(b, "culprits"), 0);
	assert_string_equal(json_object_get_string(member(c, "change")), "gone");
	assert_int_equal(json_object_get_int(member(c, "count")), 0);
	assert_int_equal(json_object_get_int(member(c, "base_count")), 2);
	assert_string_equal(json_object_get_string(member(c, "base_max_ns_str")),
			    "812000000");
	c = member(b, "base_input");
	assert_int_equal(json_object_get_int(member(c, "records")), 6);
	assert_int_equal(json_object_array_length(member(c, "lines_not_analysed")), 0);
	assert_true(json_object_get_double(member(b, "host_hours")) == 0);
	json_object_put(root);
	/* --host applies to the baseline too */
	assert_int_equal(RUN("-j", "-o", out_path, "--host", "web1",
			     "--baseline", DATA "db7.jsonl", DATA "db7.jsonl"),
			 IRQW_EXIT_OK);
	text = slurp(out_path);
	root = json_tokener_parse(text);
	free(text);
	b = member(root, "baseline");
	assert_int_equal(json_object_array_length(member(b, "culprits")), 0);
	assert_int_equal(json_object_get_int(member(member(b, "base_input"),
						    "filtered")), 6);
	json_object_put(root);
}

static void test_refused(void **state)
{
	assert_int_equal(RUN("--format", "folded", "--baseline", DATA "db7.jsonl",
			     DATA "db7.jsonl"), IRQW_EXIT_USAGE);
	assert_int_equal(RUN("--format", "perfetto", "-o", out_path, "--baseline",
			     DATA "db7.jsonl", DATA "db7.jsonl"), IRQW_EXIT_USAGE);
	assert_int_equal(RUN("--baseline"), IRQW_EXIT_USAGE);
	/* a baseline that cannot be read is an error, as a file of the period */
	assert_int_equal(RUN("-o", out_path, "--baseline", DATA "no-such-file",
			     DATA "db7.jsonl"), IRQW_EXIT_ERROR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_span),
		cmocka_unit_test(test_golden),
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
