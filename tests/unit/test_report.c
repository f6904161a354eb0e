// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The analyzer (lib/report, cmd/report*.c): fingerprints and the removal
 * of plumbing frames, percentiles, hints, grouping across files and hosts,
 * the filters, gzip and zstd input, bad lines with file:line, and both
 * formats compared exactly with golden files (data/report/).
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

#include <json-c/json.h>
#include <linux/irqwatch.h>
#include <zlib.h>
#include <zstd.h>

#include "cli.h"
#include "fingerprint.h"
#include "hints.h"
#include "input.h"
#include "pctl.h"
#include "report.h"
#include "report_data.h"
#include "report_fmt.h"

#define MS	1000000ULL

static void test_frame_func(void **state)
{
	char buf[64];

	assert_string_equal(irqw_frame_func("get_slabinfo+0x9c/0x110", buf, sizeof(buf)),
			    "get_slabinfo");
	assert_string_equal(irqw_frame_func("f+0x4a/0x80 [irqwatch_fault]", buf, sizeof(buf)),
			    "f [irqwatch_fault]");
	assert_string_equal(irqw_frame_func("bare", buf, sizeof(buf)), "bare");
	assert_string_equal(irqw_frame_func("get_slabinfo+0x9c/0x110", buf, 4), "get");
}

static void test_plumbing(void **state)
{
	static const char *const yes[] = {
		"_raw_spin_unlock_irq+0x1a/0x30", "_raw_spin_unlock_irqrestore+0x1/0x2",
		"delay_tsc+0x34/0x50", "__udelay+0x1/0x2", "__const_udelay+0x3a/0x40",
		"asm_sysvec_apic_timer_interrupt+0x1a/0x20", "exc_nmi+0x1/0x2",
		"irqwatch_nmi_handler+0x10/0x40 [irqwatch]", "queued_spin_lock_slowpath+0x1/0x2",
		"local_irq_restore", "trace_hardirqs_on+0x1/0x2",
	};
	static const char *const no[] = {
		"get_slabinfo+0x9c/0x110", "count_partial+0x3b/0x80",
		"irqwatch_fault_bhoff+0x4a/0x80 [irqwatch_fault]", "do_idle+0x1/0x2",
	};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(irqw_is_plumbing(yes[i]));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(irqw_is_plumbing(no[i]));
}

static void test_fingerprint(void **state)
{
	const char *end[] = { "_raw_spin_unlock_irq+0x1a/0x30", "get_slabinfo+0x9c/0x110",
			      "slab_show+0x1f/0x40", "seq_read_iter+0x11c/0x450",
			      "vfs_read+0x1/0x2" };
	const char *in[] = { "delay_tsc+0x34/0x50", "count_partial+0x3b/0x80",
			     "get_slabinfo+0x61/0x110" };
	const char *only[] = { "_raw_spin_unlock_irq+0x1a/0x30", "delay_tsc+0x1/0x2" };
	struct irqw_sample s = { .nr_frames = 3, .frames = in };
	struct irqw_event ev = { .type = IRQWATCH_EVENT_IRQOFF, .nr_frames = 5,
				 .frames = end };
	char key[IRQW_FP_KEY_MAX];
	const char *const *f;
	size_t n;

	/* the end stack, plumbing removed, three frames */
	irqw_fingerprint(&ev, "irqoff", key, &f, &n);
	assert_string_equal(key, "irqoff;get_slabinfo;slab_show;seq_read_iter");
	assert_ptr_equal(f, end);
	assert_int_equal(n, 5);
	/* the first in-window sample wins */
	ev.nr_samples = 1;
	ev.samples = &s;
	irqw_fingerprint(&ev, "irqoff", key, &f, &n);
	assert_string_equal(key, "irqoff;count_partial;get_slabinfo");
	/* a sample without frames: the end stack */
	s.nr_frames = 0;
	irqw_fingerprint(&ev, "irqoff", key, &f, &n);
	assert_string_equal(key, "irqoff;get_slabinfo;slab_show;seq_read_iter");
	/* plumbing only: its innermost frame; nothing: "?" */
	ev.frames = only;
	ev.nr_frames = 2;
	irqw_fingerprint(&ev, "softirqoff", key, &f, &n);
	assert_string_equal(key, "softirqoff;_raw_spin_unlock_irq");
	ev.nr_frames = 0;
	irqw_fingerprint(&ev, "stall", key, &f, &n);
	assert_string_equal(key, "stall;?");
	assert_null(f);
}

static void test_pctl_exact(void **state)
{
	struct irqw_pctl p = { 0 };
	uint64_t v;

	assert_int_equal(irqw_pctl_get(&p, 50), 0);
	for (v = 100; v >= 1; v--)	/* 100 .. 1, any order */
		assert_int_equal(irqw_pctl_add(&p, v * MS), 0);
	assert_int_equal(irqw_pctl_get(&p, 50), 50 * MS);
	assert_int_equal(irqw_pctl_get(&p, 99), 99 * MS);
	assert_int_equal(irqw_pctl_get(&p, 100), 100 * MS);
	assert_int_equal(irqw_pctl_get(&p, 0.1), 1 * MS);
	irqw_pctl_free(&p);
}

static void test_pctl_estimate(void **state)
{
	struct irqw_pctl p = { 0 };
	uint64_t v, got, want;
	unsigned int b;

	/* buckets: exact below 32, then 32 per power of two */
	for (v = 0; v < 32; v++)
		assert_int_equal(irqw_pctl_bucket(v), v);
	for (b = 32; b < IRQW_PCTL_BUCKETS - 1; b++) {
		assert_int_equal(irqw_pctl_bucket(irqw_pctl_low(b)), b);
		assert_int_equal(irqw_pctl_bucket(irqw_pctl_low(b + 1) - 1), b);
	}
	assert_int_equal(irqw_pctl_bucket(UINT64_MAX), IRQW_PCTL_BUCKETS - 1);
	/* 10000 values, 1..10000 ms: within 1/64 of the exact rank's value */
	for (v = 1; v <= 10000; v++)
		assert_int_equal(irqw_pctl_add(&p, v * MS + 12345), 0);
	assert_null(p.exact);
	for (v = 1; v < 100; v++) {
		want = ((10000 * v + 99) / 100) * MS + 12345;
		got = irqw_pctl_get(&p, (double)v);
		assert_true(got <= want + want / 64 && got + want / 64 >= want);
	}
	assert_int_equal(irqw_pctl_get(&p, 100), 10000 * MS + 12345);
	irqw_pctl_free(&p);
}

static void test_hints(void **state)
{
	const char *names[] = { "count_partial", "get_slabinfo", NULL };
	const char *other[] = { "do_idle" };
	struct irqw_hint_ctx ctx = { .cache = "dentry", .reader = "cat",
				     .parent = "crond", .has_slab = 1,
				     .partial = 3400 };
	char *text;
	int h;

	/* the first entry that matches any name: get_slabinfo before count_partial */
	h = irqw_hint_find(names, 3);
	assert_true(h >= 0);
	text = irqw_hint_text(h, &ctx);
	assert_string_equal(text, "a process reads /proc/slabinfo; cache dentry has "
			    "3400 partial slabs; the reader is cat (parent crond); "
			    "dropping caches only hides it");
	free(text);
	memset(&ctx, 0, sizeof(ctx));
	text = irqw_hint_text(h, &ctx);
	assert_string_equal(text, "a process reads /proc/slabinfo; cache ? has ? "
			    "partial slabs; the reader is ? (parent ?); dropping "
			    "caches only hides it");
	free(text);
	assert_int_equal(irqw_hint_find(other, 1), -1);
}

/* Reads the text into r as file name. */
static int feed(struct irqw_report *r, const char *text, const char *name)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	assert_non_null(f);
	ret = irqw_input_read(r, f, name);
	fclose(f);
	return ret;
}


static const char line_a[] =
	"{\"v\":1,\"seq\":1,\"type\":\"irqoff\",\"host\":\"a\",\"time\":"
	"\"2026-11-21T10:00:00.000000Z\",\"mono_ns\":1,\"cpu\":0,\"duration_ns\":"
	"30000000,\"cause\":\"irqs_disabled\",\"stack\":[\"_raw_spin_unlock_irq+0x1/0x2\","
	"\"culprit_fn+0x1/0x2\"]}\n";
static const char line_b[] =
	"{\"v\":1,\"seq\":2,\"type\":\"irqoff\",\"host\":\"b\",\"time\":"
	"\"2026-11-21T11:00:00.000000Z\",\"mono_ns\":2,\"cpu\":1,\"duration_ns\":"
	"60000000,\"cause\":\"irqs_disabled\",\"stack\":[\"_raw_spin_unlock_irqrestore+0x9/0x9\","
	"\"culprit_fn+0x5/0x9\"]}\n";
static const char line_c[] =
	"{\"v\":1,\"seq\":3,\"type\":\"stall\",\"host\":\"b\",\"time\":"
	"\"2026-11-21T12:00:00.000000Z\",\"mono_ns\":3,\"cpu\":2,\"duration_ns\":"
	"5000000,\"probe\":\"show_slab_objects\",\"cache\":\"kmalloc-64\","
	"\"stack\":[\"show_slab_objects+0x1/0x2\"]}\n";

static void test_grouping(void **state)
{
	struct irqw_culprit **c;
	struct irqw_report r;

	irqw_report_init(&r, NULL);
	assert_int_equal(feed(&r, line_a, "a.jsonl"), 0);
	assert_int_equal(feed(&r, line_b, "b.jsonl"), 0);
	assert_int_equal(feed(&r, line_c, "b.jsonl.1"), 0);
	irqw_report_sort(&r);
	assert_int_equal(r.files, 3);
	assert_int_equal(r.nr_hosts, 2);
	assert_int_equal(r.nr_culprits, 2);
	c = irqw_report_culprits(&r);
	assert_non_null(c);
	/* one culprit from two hosts, whatever lock helper ended the window */
	assert_string_equal(c[0]->key, "irqoff;culprit_fn");
	assert_int_equal(c[0]->count, 2);
	assert_int_equal(c[0]->total_ns, 90 * MS);
	assert_int_equal(c[0]->hosts.nr, 2);
	assert_string_equal(c[0]->hosts.item[0].name, "a");
	assert_string_equal(c[0]->example[0], "_raw_spin_unlock_irqrestore+0x9/0x9");
	assert_string_equal(c[1]->key, "stall;show_slab_objects");
	assert_string_equal(c[1]->probe, "show_slab_objects");
	assert_int_equal(r.nr_stalls, 1);
	assert_string_equal(r.stalls[0].cache, "kmalloc-64");
	free(c);
	irqw_report_free(&r);
}

/* 20000 events of one culprit, 3 hosts: one culprit, bounded tables */
static void test_bounded(void **state)
{
	struct irqw_report r;
	FILE *m;
	char *text = NULL;
	size_t size = 0;
	int i;

	m = open_memstream(&text, &size);
	assert_non_null(m);
	for (i = 0; i < 20000; i++)
		fprintf(m, "{\"v\":1,\"seq\":%d,\"type\":\"irqoff\",\"host\":\"h%d\","
			   "\"time\":\"2026-11-21T10:%02d:%02d.000000Z\",\"mono_ns\":1,"
			   "\"cpu\":%d,\"duration_ns\":%d,\"task\":{\"pid\":%d,\"tgid\":%d,"
			   "\"comm\":\"t%d\"},\"stack\":[\"delay_tsc+0x1/0x2\",\"spin_fn+0x1/0x2\"]}\n",
			i + 1, i % 3, i / 1000, i % 60, i % 4, 1000000 + i, i, i, i);
	fclose(m);
	irqw_report_init(&r, NULL);
	assert_int_equal(feed(&r, text, "big"), 0);
	free(text);
	assert_int_equal(r.events, 20000);
	assert_int_equal(r.nr_culprits, 1);
	assert_int_equal(r.nr_hosts, 3);
	assert_int_equal(r.nr_worst, IRQW_WORST_MAX);
	assert_int_equal(r.worst[0].duration_ns, 1000000 + 19999);
	assert_int_equal(r.nr_minutes, 20 * 4);
	irqw_report_sort(&r);
	for (i = 0; i < (int)r.nr_buckets; i++)
		if (r.buckets[i]) {
			/* tasks: the first eight kept, the rest counted */
			assert_int_equal(r.buckets[i]->tasks.nr, IRQW_TALLY_MAX);
			assert_int_equal(r.buckets[i]->tasks.other, 20000 - IRQW_TALLY_MAX);
			assert_null(r.buckets[i]->pctl.exact);
		}
	irqw_report_free(&r);
}

static uint64_t events_with(const struct irqw_filter *f)
{
	struct irqw_report r;
	uint64_t n;

	irqw_report_init(&r, f);
	assert_int_equal(feed(&r, line_a, "x"), 0);
	assert_int_equal(feed(&r, line_b, "x"), 0);
	assert_int_equal(feed(&r, line_c, "x"), 0);
	n = r.events;
	assert_int_equal(r.filtered + r.events, 3);
	irqw_report_free(&r);
	return n;
}

static void test_filters(void **state)
{
	const char *hosts[] = { "b", NULL };
	struct irqw_cpumask cpus = { 0 };
	struct irqw_filter f = { 0 };
	uint64_t t;

	assert_int_equal(events_with(&f), 3);
	assert_int_equal(report_parse_time("2026-11-21T11:00:00Z", &t, NULL, 0), 0);
	f.since_ns = t;
	assert_int_equal(events_with(&f), 2);	/* since includes T */
	f.until_ns = t + 1;
	assert_int_equal(events_with(&f), 1);	/* until excludes T */
	memset(&f, 0, sizeof(f));
	assert_int_equal(report_parse_time("2026-11-21T12:00:00+01:00", &t, NULL, 0), 0);
	f.until_ns = t;	/* 11:00Z */
	assert_int_equal(events_with(&f), 1);
	memset(&f, 0, sizeof(f));
	f.hosts = hosts;
	assert_int_equal(events_with(&f), 2);
	f.hosts = NULL;
	assert_int_equal(irqw_cpulist_parse("1-2", &cpus), 0);
	f.cpus = &cpus;
	assert_int_equal(events_with(&f), 2);
	f.cpus = NULL;
	f.types = UINT64_C(1) << IRQWATCH_EVENT_STALL;
	assert_int_equal(events_with(&f), 1);
}

/* report_parse_time(s) fails with why containing want ("" for the form). */
static void bad_time(const char *s, const char *want)
{
	char why[128];
	uint64_t t = 42;

	assert_int_equal(report_parse_time(s, &t, why, sizeof(why)), -EINVAL);
	if (*want)
		assert_non_null(strstr(why, want));
	else
		assert_string_equal(why, "");
	assert_int_equal(t, 42);
}

static void test_parse_time(void **state)
{
	char why[128];
	uint64_t t;

	assert_int_equal(report_parse_time("2026-11-21T10:00:00.123456789Z", &t, NULL, 0), 0);
	assert_int_equal(t, 1795255200ULL * 1000000000ULL + 123456789ULL);
	assert_int_equal(report_parse_time("2026-11-21", &t, NULL, 0), 0);
	assert_int_equal(t, (1795255200ULL - 36000) * 1000000000ULL);
	assert_int_equal(report_parse_time("@1795255200", &t, NULL, 0), 0);
	assert_int_equal(t, 1795255200ULL * 1000000000ULL);
	assert_int_equal(report_parse_time("2026-11-21 10:00:00-00:30", &t, NULL, 0), 0);
	assert_int_equal(t, (1795255200ULL + 1800) * 1000000000ULL);
	/* the last day of each month, February of a leap year */
	assert_int_equal(report_parse_time("2028-02-29T23:59:59Z", &t, why, sizeof(why)), 0);
	assert_int_equal(t, 1835481599ULL * 1000000000ULL);
	assert_int_equal(report_parse_time("2000-02-29", &t, why, sizeof(why)), 0);
	assert_int_equal(report_parse_time("2026-01-31", &t, why, sizeof(why)), 0);
	assert_int_equal(report_parse_time("2026-04-30", &t, why, sizeof(why)), 0);
	assert_int_equal(report_parse_time("2026-12-31T00:00:00+23:59", &t, why, sizeof(why)), 0);
	assert_int_equal(report_parse_time("1970-01-01T01:00:00+01:00", &t, why, sizeof(why)), 0);
	assert_int_equal(t, 0);
	/* not of the form: why is empty, the caller says what the form is */
	bad_time("2026-11-21T10:00:00", "");
	bad_time("yesterday", "");
	bad_time("2026-11-21T10:00:00.Z", "");
	bad_time("2026-1-21", "");
	bad_time("@", "");
	/* of the form, but not a time: the field is named, nothing rolls over */
	bad_time("2026-13-21T10:00:00Z", "month 13 is not 01-12");
	bad_time("2026-00-21", "month 00 is not 01-12");
	bad_time("2026-02-31", "day 31 is not in February 2026 (01-28)");
	bad_time("2026-02-29T10:00:00Z", "day 29 is not in February 2026 (01-28)");
	bad_time("2100-02-29", "day 29 is not in February 2100 (01-28)");
	bad_time("2026-04-31", "day 31 is not in April 2026 (01-30)");
	bad_time("2026-11-00", "day 00 is not in November 2026 (01-30)");
	bad_time("2026-11-21T24:00:00Z", "hour 24 is not 00-23");
	bad_time("2026-11-21T10:60:00Z", "minute 60 is not 00-59");
	bad_time("2026-12-31T23:59:60Z", "second 60 is not 00-59 (no leap second");
	bad_time("2026-11-21T10:00:00+24:00", "offset +24:00 is not");
	bad_time("2026-11-21T10:00:00-01:60", "offset -01:60 is not");
	bad_time("1970-01-01T00:30:00+01:00", "before 1970");
}

/* A temporary file with the bytes; its fd at offset 0. */
static int temp_fd(const void *buf, size_t len)
{
	FILE *f = tmpfile();
	int fd;

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fflush(f);
	fd = dup(fileno(f));
	fclose(f);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

static void read_compressed(const void *buf, size_t len, uint64_t want_events,
			    uint64_t want_bad)
{
	struct irqw_report r;
	FILE *f;

	f = irqw_input_open_fd(temp_fd(buf, len));
	assert_non_null(f);
	irqw_report_init(&r, NULL);
	assert_int_equal(irqw_input_read(&r, f, "z"), 0);
	assert_int_equal(r.events, want_events);
	assert_int_equal(r.bad, want_bad);
	if (want_bad) {
		assert_int_equal(r.badv[0].line, want_events + 1);
		assert_non_null(strstr(r.badv[0].why, "cut short"));
	}
	fclose(f);
	irqw_report_free(&r);
}

static void test_compressed(void **state)
{
	char text[sizeof(line_a) + sizeof(line_b)];
	unsigned char gz[4096], gz2[8192], zs[4096];
	size_t len = strlen(line_a) + strlen(line_b), zlen, glen;
	z_stream z = { 0 };

	strcpy(text, line_a);
	strcat(text, line_b);
	/* gzip, as gzip(1) writes it */
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)text;
	z.avail_in = (uInt)len;
	z.next_out = gz;
	z.avail_out = sizeof(gz);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	glen = sizeof(gz) - z.avail_out;
	deflateEnd(&z);
	read_compressed(gz, glen, 2, 0);
	/* two members, as after "cat a.gz b.gz" */
	memcpy(gz2, gz, glen);
	memcpy(gz2 + glen, gz, glen);
	read_compressed(gz2, 2 * glen, 4, 0);
	/* cut short: the lines before, then a bad line says so */
	read_compressed(gz, glen - 10, 1, 1);
	/* not gzip after its magic */
	read_compressed("\x1f\x8bxxxxxxxxxxxxxxxxxxxxxxxx", 26, 0, 1);
	/* zstd */
	zlen = ZSTD_compress(zs, sizeof(zs), text, len, 3);
	assert_false(ZSTD_isError(zlen));
	read_compressed(zs, zlen, 2, 0);
	/* a zstd block cut short gives nothing of it */
	read_compressed(zs, zlen - 4, 0, 1);
	/* plain, and shorter than a magic */
	read_compressed(text, len, 2, 0);
	read_compressed("\n", 1, 0, 0);
	read_compressed("", 0, 0, 0);
}

static void test_bad_lines(void **state)
{
	struct irqw_report r;

	irqw_report_init(&r, NULL);
	feed_file(&r, "web1.jsonl");
	assert_int_equal(r.events, 2);
	assert_int_equal(r.bad, 4);
	assert_int_equal(r.skipped, 2);
	assert_int_equal(r.nr_badv, 6);
	assert_string_equal(r.badv[0].file, "web1.jsonl");
	assert_int_equal(r.badv[0].line, 3);
	assert_string_equal(r.badv[0].why, "unknown schema version v 2");
	assert_int_equal(r.badv[1].line, 4);
	assert_string_equal(r.badv[1].why, "unknown type \"hardirq_flood\"");
	assert_string_equal(r.badv[2].why, "invalid JSON");
	assert_string_equal(r.badv[4].why, "malformed record");
	assert_int_equal(r.badv[5].line, 9);
	assert_string_equal(r.badv[5].why, "torn line (no newline at the end)");
	irqw_report_free(&r);
	/* the list is bounded, the count is not */
	irqw_report_init(&r, NULL);
	for (int i = 0; i < 3 * IRQW_BAD_MAX; i++)
		assert_int_equal(feed(&r, "nope\n", "n"), 0);
	assert_int_equal(r.bad, 3 * IRQW_BAD_MAX);
	assert_int_equal(r.nr_badv, IRQW_BAD_MAX);
	irqw_report_free(&r);
}


/* The report of @logs (NULL-terminated) in a format, against its golden file. */
static void golden_of(const char *const *logs, bool json, unsigned int width,
		      const char *gold)
{
	struct report_view v = { 0 };
	struct irqw_report r;
	char *out = NULL, *want;
	size_t size = 0;
	FILE *m;

	irqw_report_init(&r, NULL);
	for (; *logs; logs++)
		feed_file(&r, *logs);
	irqw_report_sort(&r);
	v.r = &r;
	v.culprits = irqw_report_culprits(&r);
	m = open_memstream(&out, &size);
	assert_int_equal(json ? report_write_json(m, &v, true) :
				report_write_text(m, &v, width), 0);
	fclose(m);
	want = slurp(gold);
	if (getenv("IRQW_GOLDEN_UPDATE")) {
		m = fopen(gold, "w");
		fputs(out, m);
		fclose(m);
	} else {
		assert_string_equal(out, want);
	}
	free(want);
	free(out);
	free(v.culprits);
	irqw_report_free(&r);
}

/* The report of both test logs in a format, against its golden file. */
static void golden(bool json, unsigned int width, const char *gold)
{
	static const char *const logs[] = { "db7.jsonl", "web1.jsonl", NULL };

	golden_of(logs, json, width, gold);
}

/*
 * A real recording: "make demo" on Debian's 6.1 under QEMU (the slabinfo
 * reader, bh-off and interrupts-off windows injected, softirq latency,
 * storms), exactly as "irqwatch record" wrote it.
 */
static void test_vm_recording(void **state)
{
	static const char *const logs[] = { "vm-6.1.jsonl", NULL };

	golden_of(logs, false, 0, DATA "report-vm.txt");
	golden_of(logs, true, 0, DATA "report-vm.json");
}

static void test_text(void **state)
{
	golden(false, 0, DATA "report.txt");
	golden(false, 72, DATA "report-72.txt");
}

static void test_json(void **state)
{
	golden(true, 0, DATA "report.json");
}

/*
 * More than IRQW_TALLY_MAX hosts, tasks and parents in one culprit: the
 * JSON report lists the first ones and {"name": null, "count": the rest}
 * (it failed with ENOMEM once: a null put as a failed allocation).
 */
static void test_json_tally_other(void **state)
{
	struct json_object *obj, *c, *arr, *last, *name;
	struct report_view v = { 0 };
	const char *keys[] = { "hosts", "tasks", "parents" };
	struct irqw_report r;
	char *text = NULL, *out = NULL;
	size_t size = 0, i;
	FILE *m;
	int n;

	m = open_memstream(&text, &size);
	assert_non_null(m);
	for (n = 0; n < 100; n++)
		fprintf(m, "{\"v\":1,\"seq\":%d,\"type\":\"stall\",\"host\":\"h%d\","
			   "\"time\":\"2026-11-21T10:00:%02d.000000Z\",\"mono_ns\":1,"
			   "\"cpu\":0,\"duration_ns\":%d,\"probe\":\"get_slabinfo\","
			   "\"task\":{\"pid\":%d,\"tgid\":%d,\"comm\":\"t%d\",\"parent\":"
			   "{\"pid\":1,\"comm\":\"p%d\"}},\"stack\":[\"slab_show+0x1/0x2\"]}\n",
			n + 1, n % 10, n % 60, 1000000 + n, n, n, n % 12, n % 9);
	fclose(m);
	irqw_report_init(&r, NULL);
	assert_int_equal(feed(&r, text, "many"), 0);
	free(text);
	assert_int_equal(r.nr_culprits, 1);
	irqw_report_sort(&r);
	v.r = &r;
	v.culprits = irqw_report_culprits(&r);
	m = open_memstream(&out, &size);
	assert_int_equal(report_write_json(m, &v, false), 0);
	fclose(m);
	obj = json_tokener_parse(out);
	assert_non_null(obj);
	assert_true(json_object_object_get_ex(obj, "culprits", &arr));
	c = json_object_array_get_idx(arr, 0);
	for (i = 0; i < 3; i++) {
		assert_true(json_object_object_get_ex(c, keys[i], &arr));
		assert_int_equal(json_object_array_length(arr), IRQW_TALLY_MAX + 1);
		last = json_object_array_get_idx(arr, IRQW_TALLY_MAX);
		assert_true(json_object_object_get_ex(last, "name", &name));
		assert_null(name);
	}
	json_object_put(obj);
	free(out);
	free(v.culprits);
	irqw_report_free(&r);
}

/*
 * Runs irqwatch_main() on the words; stdout goes to /dev/null, stderr into
 * err (size bytes, NUL-terminated) if given, else to /dev/null too.
 */
static int run_err(int argc, char **argv, char *err, size_t size)
{
	int out = dup(1), olderr = dup(2), null = open("/dev/null", 1), ret;
	FILE *tmp = err ? tmpfile() : NULL;
	size_t n;

	dup2(null, 1);
	dup2(tmp ? fileno(tmp) : null, 2);
	ret = irqwatch_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1);
	dup2(olderr, 2);
	close(out);
	close(olderr);
	close(null);
	if (tmp) {
		rewind(tmp);
		n = fread(err, 1, size - 1, tmp);
		err[n] = '\0';
		fclose(tmp);
	}
	return ret;
}

static int run(int argc, char **argv)
{
	return run_err(argc, argv, NULL, 0);
}

#define RUN(...) run(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *), \
		     (char *[]){ __VA_ARGS__, NULL })

static void test_cli(void **state)
{
	char err[512];

	assert_int_equal(RUN("irqwatch", "report", "-o", "/dev/null",
			     DATA "db7.jsonl"), IRQW_EXIT_OK);
	assert_int_equal(RUN("irqwatch", "report", "--format", "json", "-o",
			     "/dev/null", DATA "db7.jsonl", DATA "web1.jsonl"),
			 IRQW_EXIT_SKIPPED);
	assert_int_equal(RUN("irqwatch", "report", "-o", "/dev/null",
			     DATA "no-such-file"), IRQW_EXIT_ERROR);
	assert_int_equal(RUN("irqwatch", "report"), IRQW_EXIT_USAGE);
	assert_int_equal(RUN("irqwatch", "report", "--format", "svg", "x"),
			 IRQW_EXIT_USAGE);
	assert_int_equal(RUN("irqwatch", "report", "--type", "storm", "x"),
			 IRQW_EXIT_USAGE);
	assert_int_equal(RUN("irqwatch", "report", "--since", "now", "x"),
			 IRQW_EXIT_USAGE);
	assert_int_equal(run_err(5, (char *[]){ "irqwatch", "report", "--since",
						"2026-02-31", DATA "db7.jsonl", NULL },
				 err, sizeof(err)), IRQW_EXIT_USAGE);
	assert_string_equal(err, "irqwatch: report: --since: day 31 is not in "
			    "February 2026 (01-28): '2026-02-31'\n");
	assert_int_equal(RUN("irqwatch", "report", "--until",
			     "2026-11-21T25:00:00Z", "-o", "/dev/null",
			     DATA "db7.jsonl"), IRQW_EXIT_USAGE);
	assert_int_equal(RUN("irqwatch", "report", "--cpu", "x", "x"),
			 IRQW_EXIT_USAGE);
	assert_int_equal(RUN("irqwatch", "report", "--since", "2026-11-22",
			     "--until", "2026-11-21", "x"), IRQW_EXIT_USAGE);
	assert_int_equal(RUN("irqwatch", "report", "--format", "folded",
			     "--baseline", "x", "x"), IRQW_EXIT_USAGE);
	assert_int_equal(RUN("irqwatch", "help", "report"), IRQW_EXIT_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame_func),
		cmocka_unit_test(test_plumbing),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_pctl_exact),
		cmocka_unit_test(test_pctl_estimate),
		cmocka_unit_test(test_hints),
		cmocka_unit_test(test_grouping),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_parse_time),
		cmocka_unit_test(test_compressed),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_vm_recording),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_tally_other),
		cmocka_unit_test(test_cli),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
