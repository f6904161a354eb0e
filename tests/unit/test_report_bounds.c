// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * What irqwatch report keeps does not grow with its input: the events per
 * minute of logs that span months come in at most IRQW_MINUTE_BUCKETS
 * buckets whose width doubles to fit (the narrowest width that fits, with
 * exact counts, whatever the order of the records and the files), the text
 * and JSON reports say the width, the JSON report writes those buckets as
 * json-c would; a culprit's percentile histogram holds only the powers of
 * two its values span, as accurate as before.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "input.h"
#include "pctl.h"
#include "report.h"
#include "report_fmt.h"

#define MS		1000000ULL
#define CPUS		5
#define DAYS		90
#define START		1788220800ULL	/* 2026-09-01T00:00:00Z */
#define EVENTS		(DAYS * 48 + DAYS * 48 / 10)

/* One irqoff line at t seconds (and us microseconds) on cpu. */
static int line(char *buf, size_t size, unsigned int seq, uint64_t t,
		unsigned int us, unsigned int cpu)
{
	time_t s = (time_t)t;
	char when[32];
	struct tm tm;

	gmtime_r(&s, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	return snprintf(buf, size,
			"{\"v\":1,\"seq\":%u,\"type\":\"irqoff\",\"host\":\"h%u\","
			"\"time\":\"%s.%06uZ\",\"mono_ns\":1,\"cpu\":%u,"
			"\"duration_ns\":%llu,\"cause\":\"irqs_disabled\",\"stack\":"
			"[\"_raw_spin_unlock_irq+0x1/0x2\",\"spin_fn%u+0x1/0x2\"]}\n",
			seq, cpu % 2, when, us, cpu, (unsigned long long)(seq % 97 + 1) * MS,
			seq % 3);
}

/*
 * EVENTS lines over DAYS days: one every 30 minutes (a few seconds late),
 * every tenth with a second one on the next CPU 20 s later; their times
 * (seconds) in times[], their CPUs in cpus[].
 */
static char **months(uint64_t *times, unsigned int *cpus)
{
	char **v = calloc(EVENTS, sizeof(*v)), buf[512];
	unsigned int i, n = 0;

	assert_non_null(v);
	for (i = 0; i < DAYS * 48; i++) {
		times[n] = START + i * 1800ULL + i % 50;
		cpus[n] = i % CPUS;
		line(buf, sizeof(buf), n + 1, times[n], i % 1000, cpus[n]);
		v[n++] = strdup(buf);
		if (i % 10)
			continue;
		times[n] = times[n - 1] + 20;
		cpus[n] = (i + 1) % CPUS;
		line(buf, sizeof(buf), n + 1, times[n], 0, cpus[n]);
		v[n++] = strdup(buf);
	}
	assert_int_equal(n, EVENTS);
	return v;
}

static void free_lines(char **v)
{
	size_t i;

	for (i = 0; i < EVENTS; i++)
		free(v[i]);
	free(v);
}

/* Feeds lines[from .. to - 1] in the order of idx[] (NULL: as they are), as one file. */
static void feed(struct irqw_report *r, char *const *lines, const size_t *idx,
		 size_t from, size_t to)
{
	char *text = NULL;
	size_t size = 0, i;
	FILE *m = open_memstream(&text, &size), *f;

	assert_non_null(m);
	for (i = from; i < to; i++)
		fputs(lines[idx ? idx[i] : i], m);
	fclose(m);
	f = fmemopen(text, size, "r");
	assert_non_null(f);
	assert_int_equal(irqw_input_read(r, f, "months"), 0);
	fclose(f);
	free(text);
}

/* The buckets of 1 << s minutes that times[] (going up) fall in. */
static size_t distinct(const uint64_t *times, size_t n, unsigned int s)
{
	size_t i, d = 1;

	for (i = 1; i < n; i++)
		d += (times[i] / 60 >> s) != (times[i - 1] / 60 >> s);
	return d;
}

/* The narrowest shift at which times[] fall in few enough buckets. */
static unsigned int shift_of(const uint64_t *times, size_t n)
{
	unsigned int s = 0;

	while (distinct(times, n, s) > IRQW_MINUTE_BUCKETS)
		s++;
	return s;
}

/* A shuffle of 0 .. n - 1 (a fixed one). */
static size_t *shuffled(size_t n)
{
	size_t *idx = malloc(n * sizeof(*idx)), i, j, t;
	uint64_t x = 88172645463325252ULL;

	assert_non_null(idx);
	for (i = 0; i < n; i++)
		idx[i] = i;
	for (i = n - 1; i > 0; i--) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		j = (size_t)(x % (i + 1));
		t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
	}
	return idx;
}

/* Three months: the cap kept, the narrowest width, exact counts per CPU. */
static void test_months(void **state)
{
	uint64_t times[EVENTS], per_cpu[CPUS] = { 0 }, got[CPUS] = { 0 };
	unsigned int cpus[EVENTS], s;
	struct irqw_report r;
	char **lines;
	size_t i;

	lines = months(times, cpus);
	s = shift_of(times, EVENTS);
	assert_int_equal(s, 7);	/* 90 days: 2025 buckets of 64 min, 1013 of 128 */
	irqw_report_init(&r, NULL);
	feed(&r, lines, NULL, 0, EVENTS);
	assert_int_equal(r.events, EVENTS);
	assert_int_equal(r.minute_shift, s);
	assert_int_equal(r.nr_minute_buckets, distinct(times, EVENTS, s));
	assert_true(r.nr_minute_buckets <= IRQW_MINUTE_BUCKETS);
	for (i = 0; i < EVENTS; i++)
		per_cpu[cpus[i]]++;
	for (i = 0; i < r.nr_minutes; i++) {
		assert_int_equal(r.minutes[i].minute % (1ULL << s), 0);
		if (i)	/* sorted, no pair twice */
			assert_true(r.minutes[i - 1].minute < r.minutes[i].minute ||
				    (r.minutes[i - 1].minute == r.minutes[i].minute &&
				     r.minutes[i - 1].cpu < r.minutes[i].cpu));
		assert_true(r.minutes[i].cpu < CPUS);
		got[r.minutes[i].cpu] += r.minutes[i].n;
	}
	for (i = 0; i < CPUS; i++)
		assert_int_equal(got[i], per_cpu[i]);
	/* the first event's bucket starts at its minute rounded down */
	assert_int_equal(r.minutes[0].minute, START / 60 >> s << s);
	irqw_report_free(&r);
	free_lines(lines);
}

/* The cpus section of r as text and as JSON (one line); free() both. */
static void cpus_section(struct irqw_report *r, char **text, char **json)
{
	struct report_view v = { .r = r };
	struct json_object *o = NULL;
	size_t size = 0;
	FILE *m;

	irqw_report_sort(r);
	m = open_memstream(text, &size);
	assert_non_null(m);
	assert_int_equal(report_text_cpus(m, &v), 0);
	fclose(m);
	assert_int_equal(report_json_cpus(&v, &o), 0);
	*json = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}

/* Shuffled, or in three files: the same buckets and the same sections. */
static void test_order(void **state)
{
	uint64_t times[EVENTS];
	unsigned int cpus[EVENTS];
	struct irqw_report a, b, c;
	char *ta, *ja, *tb, *jb, *tc, *jc, **lines = months(times, cpus);
	size_t *idx = shuffled(EVENTS), i;

	irqw_report_init(&a, NULL);
	irqw_report_init(&b, NULL);
	irqw_report_init(&c, NULL);
	feed(&a, lines, NULL, 0, EVENTS);
	feed(&b, lines, idx, 0, EVENTS);
	/* three files, the last one first, each shuffled */
	feed(&c, lines, idx, 2 * EVENTS / 3, EVENTS);
	feed(&c, lines, idx, 0, EVENTS / 3);
	feed(&c, lines, idx, EVENTS / 3, 2 * EVENTS / 3);
	assert_int_equal(c.files, 3);
	assert_int_equal(b.minute_shift, a.minute_shift);
	assert_int_equal(c.minute_shift, a.minute_shift);
	assert_int_equal(b.nr_minutes, a.nr_minutes);
	assert_int_equal(c.nr_minutes, a.nr_minutes);
	assert_int_equal(b.nr_minute_buckets, a.nr_minute_buckets);
	assert_int_equal(c.nr_minute_buckets, a.nr_minute_buckets);
	for (i = 0; i < a.nr_minutes; i++) {
		assert_int_equal(b.minutes[i].minute, a.minutes[i].minute);
		assert_int_equal(b.minutes[i].cpu, a.minutes[i].cpu);
		assert_int_equal(b.minutes[i].n, a.minutes[i].n);
		assert_int_equal(c.minutes[i].minute, a.minutes[i].minute);
		assert_int_equal(c.minutes[i].cpu, a.minutes[i].cpu);
		assert_int_equal(c.minutes[i].n, a.minutes[i].n);
	}
	cpus_section(&a, &ta, &ja);
	cpus_section(&b, &tb, &jb);
	cpus_section(&c, &tc, &jc);
	assert_string_equal(tb, ta);
	assert_string_equal(tc, ta);
	assert_string_equal(jb, ja);
	assert_string_equal(jc, ja);
	free(ta);
	free(ja);
	free(tb);
	free(jb);
	free(tc);
	free(jc);
	irqw_report_free(&a);
	irqw_report_free(&b);
	irqw_report_free(&c);
	free(idx);
	free_lines(lines);
}

/* The width in the text's heading and column, and in the JSON. */
static void test_width_shown(void **state)
{
	struct json_object *o, *arr, *e, *w;
	uint64_t times[EVENTS], sum = 0;
	unsigned int cpus_of[EVENTS];
	char **lines = months(times, cpus_of), *text, *json, want[160];
	struct irqw_report r;
	size_t i;

	irqw_report_init(&r, NULL);
	feed(&r, lines, NULL, 0, EVENTS);
	assert_int_equal(r.minute_shift, 7);	/* 128 minutes */
	cpus_section(&r, &text, &json);
	snprintf(want, sizeof(want), "\n  events per 128 minutes (2 h 8 min) (more than %d "
		 "minutes with events; periods without events left out):\n  FROM ",
		 IRQW_MINUTE_BUCKETS);
	assert_non_null(strstr(text, want));
	assert_null(strstr(text, "MINUTE"));
	o = json_tokener_parse(json);	/* the "cpus" member */
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "per_minute_bucket_s", &w));
	assert_int_equal(json_object_get_int64(w), 128 * 60);
	assert_true(json_object_object_get_ex(o, "per_minute", &arr));
	assert_int_equal(json_object_array_length(arr), r.nr_minutes);
	for (i = 0; i < json_object_array_length(arr); i++) {
		e = json_object_array_get_idx(arr, i);
		assert_true(json_object_object_get_ex(e, "events", &w));
		sum += (uint64_t)json_object_get_int64(w);
	}
	assert_int_equal(sum, EVENTS);
	/* the first bucket: minute 29803648 = 128 * 232841, before START */
	e = json_object_array_get_idx(arr, 0);
	assert_true(json_object_object_get_ex(e, "minute", &w));
	assert_string_equal(json_object_get_string(w), "2026-08-31T23:28:00.000000Z");
	json_object_put(o);
	free(text);
	free(json);
	irqw_report_free(&r);
	free_lines(lines);
}

/* Within the cap: a minute wide, said as before, no width member. */
static void test_short_log(void **state)
{
	uint64_t times[EVENTS];
	unsigned int cpus[EVENTS];
	char **lines = months(times, cpus), *text, *json;
	struct irqw_report r;

	irqw_report_init(&r, NULL);
	/* the first 1000 events, 19 days, in fewer than 1440 minutes */
	feed(&r, lines, NULL, 0, 1000);
	assert_int_equal(r.minute_shift, 0);
	assert_int_equal(r.nr_minute_buckets, distinct(times, 1000, 0));
	cpus_section(&r, &text, &json);
	assert_non_null(strstr(text, "\n  events per minute (minutes without events left "
				     "out):\n  MINUTE "));
	assert_null(strstr(json, "per_minute_bucket_s"));
	free(text);
	free(json);
	irqw_report_free(&r);
	free_lines(lines);
}

/*
 * The whole JSON report, one line and indented, is what json-c writes of
 * the same tree: per_minute's own serializer frames it as json-c would, also
 * when empty.
 */
static void json_as_json_c(struct irqw_report *r)
{
	struct report_view v = { .r = r };
	static const int flags[] = {
		JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE,
		JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
		JSON_C_TO_STRING_NOSLASHESCAPE,
	};
	struct json_object *o;
	char *out, *want;
	size_t size, i;
	FILE *m;

	irqw_report_sort(r);
	v.culprits = irqw_report_culprits(r);
	for (i = 0; i < 2; i++) {
		out = NULL;
		size = 0;
		m = open_memstream(&out, &size);
		assert_non_null(m);
		assert_int_equal(report_write_json(m, &v, i == 1), 0);
		fclose(m);
		o = json_tokener_parse(out);
		assert_non_null(o);
		assert_true(asprintf(&want, "%s\n",
				     json_object_to_json_string_ext(o, flags[i])) > 0);
		assert_string_equal(out, want);
		json_object_put(o);
		free(want);
		free(out);
	}
	free(v.culprits);
}

static void test_json_framing(void **state)
{
	uint64_t times[EVENTS];
	unsigned int cpus[EVENTS];
	char **lines = months(times, cpus);
	struct irqw_report r;

	irqw_report_init(&r, NULL);
	json_as_json_c(&r);	/* no events: per_minute [] */
	feed(&r, lines, NULL, 0, 3);
	json_as_json_c(&r);
	irqw_report_free(&r);
	irqw_report_init(&r, NULL);
	feed(&r, lines, NULL, 0, EVENTS);
	json_as_json_c(&r);
	irqw_report_free(&r);
	free_lines(lines);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Percentiles of v[] (n values, added in that order) within 1/64 of exact. */
static void pctl_check(const uint64_t *v, size_t n, unsigned int max_counters)
{
	uint64_t *sorted = malloc(n * sizeof(*sorted)), want, got;
	struct irqw_pctl p = { 0 };
	unsigned int pct;
	size_t i;

	assert_non_null(sorted);
	for (i = 0; i < n; i++)
		assert_int_equal(irqw_pctl_add(&p, v[i]), 0);
	assert_null(p.exact);
	assert_true(p.hi - p.lo <= max_counters);
	memcpy(sorted, v, n * sizeof(*v));
	qsort(sorted, n, sizeof(*sorted), cmp_u64);
	for (pct = 1; pct < 100; pct++) {
		want = sorted[(n * pct + 99) / 100 - 1];
		got = irqw_pctl_get(&p, pct);
		/* (no overflow near UINT64_MAX) */
		assert_true(got <= want ? want - got <= want / 64 : got - want <= want / 64);
	}
	assert_int_equal(irqw_pctl_get(&p, 100), sorted[n - 1]);
	irqw_pctl_free(&p);
	free(sorted);
}

/* A histogram spans the powers of two of its values, grown either way. */
static void test_pctl_span(void **state)
{
	uint64_t v[3000];
	size_t i;

	/* 1 to 100 ms going down, then up, then down: 2^19 .. 2^26, 8 powers */
	for (i = 0; i < 3000; i++)
		v[i] = MS + (i < 1000 ? 999 - i : i < 2000 ? i - 1000 : 2999 - i) * 99000;
	pctl_check(v, 3000, 8 << IRQW_PCTL_SUB_BITS);
	/* the first 128 around 10 ms, then 2 ns and 10 s */
	for (i = 0; i < 3000; i++)
		v[i] = i < 128 ? 10 * MS + i : i % 2 ? 2 : 10000 * MS - i;
	pctl_check(v, 3000, IRQW_PCTL_BUCKETS);
	/* 0 and UINT64_MAX: every counter */
	for (i = 0; i < 200; i++)
		v[i] = i % 2 ? UINT64_MAX : 0;
	pctl_check(v, 200, IRQW_PCTL_BUCKETS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_width_shown),
		cmocka_unit_test(test_short_log),
		cmocka_unit_test(test_json_framing),
		cmocka_unit_test(test_pctl_span),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
