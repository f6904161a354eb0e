// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The report's stack and timeline formats (cmd/report_folded.c,
 * cmd/report_perfetto.c, lib/report/folded.c): folded stacks root first
 * with the plumbing removed as the fingerprints do, sanitized frames, the
 * weights in rounded microseconds, memory bounded by the distinct stacks;
 * the Perfetto trace-event JSON parsed back with json-c for its required
 * keys; both compared exactly with golden files (data/report/); the
 * command line (--format, -o written whole or not at all).
 */

#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <json-c/json.h>
#include <linux/irqwatch.h>

#include "cli.h"
#include "fingerprint.h"
#include "folded.h"
#include "input.h"
#include "report.h"
#include "report_data.h"
#include "report_fmt.h"

#define MS	1000000ULL

static void test_folded_stack(void **state)
{
	const char *end[] = { "_raw_spin_unlock_irq+0x1a/0x30", "get_slabinfo+0x9c/0x110",
			      "slab_show+0x1f/0x40", "seq_read_iter+0x11c/0x450",
			      "vfs_read+0x1/0x2" };
	const char *in[] = { "delay_tsc+0x34/0x50", "count_partial+0x3b/0x80",
			     "get_slabinfo+0x61/0x110", "asm_sysvec_apic_timer_interrupt+0x1/0x2",
			     "do_idle+0x1/0x2" };
	const char *odd[] = { "f;g+0x1/0x2", "mod_fn+0x4a/0x80 [irqwatch_fault]",
			      "+0x1/0x2", "tab\there+0x1/0x2", "0xffffffffc0001234" };
	const char *only[] = { "_raw_spin_unlock_irq+0x1a/0x30", "delay_tsc+0x1/0x2" };
	struct irqw_sample s = { .nr_frames = 5, .frames = in };
	struct irqw_event ev = { .type = IRQWATCH_EVENT_IRQOFF, .nr_frames = 5,
				 .frames = end };
	char key[IRQW_FP_KEY_MAX], *f;
	const char *const *fr;
	size_t n;

	/* the end stack, root first, plumbing and offsets gone */
	f = irqw_folded_stack(&ev, "irqoff");
	assert_string_equal(f, "irqoff;vfs_read;seq_read_iter;slab_show;get_slabinfo");
	free(f);
	/* the in-window sample wins, as for the fingerprint; interrupt entry in
	 * the middle goes too */
	ev.nr_samples = 1;
	ev.samples = &s;
	f = irqw_folded_stack(&ev, "irqoff");
	assert_string_equal(f, "irqoff;do_idle;get_slabinfo;count_partial");
	/* its leaf side is the fingerprint, reversed */
	irqw_fingerprint(&ev, "irqoff", key, &fr, &n);
	assert_string_equal(key, "irqoff;count_partial;get_slabinfo;do_idle");
	free(f);
	/* ';' and blanks in a name, a module, an empty name, an address */
	s.frames = odd;
	f = irqw_folded_stack(&ev, "softirqoff");
	assert_string_equal(f, "softirqoff;0xffffffffc0001234;tab_here;[unknown];"
			    "mod_fn;f_g");
	free(f);
	/* plumbing only: its innermost frame; no stack at all */
	s.nr_frames = 0;
	ev.frames = only;
	ev.nr_frames = 2;
	f = irqw_folded_stack(&ev, "irqoff");
	assert_string_equal(f, "irqoff;_raw_spin_unlock_irq");
	free(f);
	ev.nr_frames = 0;
	f = irqw_folded_stack(&ev, "stall");
	assert_string_equal(f, "stall;" IRQW_FOLDED_NO_STACK);
	free(f);
}

static void test_folded_weights(void **state)
{
	const char *a[] = { "fa+0x1/0x2" }, *b[] = { "fb+0x1/0x2" };
	struct irqw_event ev = { .type = IRQWATCH_EVENT_IRQOFF, .nr_frames = 1,
				 .frames = a };
	struct irqw_folded f = { 0 };
	struct irqw_fstack **s;

	assert_int_equal(irqw_folded_us(1499), 1);
	assert_int_equal(irqw_folded_us(1500), 2);
	assert_int_equal(irqw_folded_us(499), 0);
	assert_int_equal(irqw_folded_us(812000000), 812000);
	/* ns summed per stack, rounded once: 3 x 1.4 us = 4 us, not 3 */
	ev.duration_ns = 1400;
	for (int i = 0; i < 3; i++)
		assert_int_equal(irqw_folded_add(&f, &ev, "irqoff"), 0);
	ev.frames = b;
	ev.duration_ns = 0;	/* no duration: counted, not drawn */
	assert_int_equal(irqw_folded_add(&f, &ev, "irqoff"), 0);
	ev.duration_ns = 2 * MS;
	assert_int_equal(irqw_folded_add(&f, &ev, "stall"), 0);
	assert_int_equal(f.events, 5);
	assert_int_equal(f.no_duration, 1);
	assert_int_equal(f.nr, 2);
	s = irqw_folded_sorted(&f);
	assert_non_null(s);
	assert_string_equal(s[0]->stack, "irqoff;fa");
	assert_int_equal(s[0]->ns, 4200);
	assert_int_equal(irqw_folded_us(s[0]->ns), 4);
	assert_int_equal(s[0]->n, 3);
	assert_string_equal(s[1]->stack, "stall;fb");
	assert_null(s[2]);
	free(s);
	irqw_folded_free(&f);
}

/* 20000 events over 3 stacks and 3 hosts: 3 entries kept */
static void test_folded_bounded(void **state)
{
	char fa[32], fb[32];
	const char *frames[] = { fa, fb };
	struct irqw_event ev = { .type = IRQWATCH_EVENT_IRQOFF, .nr_frames = 2,
				 .frames = frames };
	struct irqw_folded f = { 0 };
	int i;

	for (i = 0; i < 20000; i++) {
		snprintf(fa, sizeof(fa), "leaf%d+0x%x/0x100", i % 3, i % 256);
		snprintf(fb, sizeof(fb), "root+0x%x/0x100", i % 7);
		ev.duration_ns = 1000 + (uint64_t)i;
		assert_int_equal(irqw_folded_add(&f, &ev, "irqoff"), 0);
	}
	assert_int_equal(f.nr, 3);
	assert_int_equal(f.events, 20000);
	irqw_folded_free(&f);
}



/* Both test logs in the format, as the command runs it; a string to free(). */
static char *render(const char *format)
{
	const struct report_format *fmt = report_format_find(format);
	struct report_view v = { 0 };
	struct irqw_report r;
	void *st = NULL;
	char *out = NULL;
	size_t size = 0;
	FILE *m;

	assert_non_null(fmt);
	m = open_memstream(&out, &size);
	assert_non_null(m);
	irqw_report_init(&r, NULL);
	if (fmt->start)
		assert_int_equal(fmt->start(m, &st), 0);
	r.sink = fmt->record;
	r.sink_ctx = st;
	feed_file(&r, "db7.jsonl");
	feed_file(&r, "web1.jsonl");
	irqw_report_sort(&r);
	v.r = &r;
	v.culprits = irqw_report_culprits(&r);
	assert_int_equal(fmt->write(m, &v, st), 0);
	fclose(m);
	if (fmt->free)
		fmt->free(st);
	free(v.culprits);
	irqw_report_free(&r);
	return out;
}

static void golden(const char *format, const char *gold)
{
	char *out = render(format), *want;
	FILE *m;

	if (getenv("IRQW_GOLDEN_UPDATE")) {
		m = fopen(gold, "w");
		assert_non_null(m);
		fputs(out, m);
		fclose(m);
	}
	want = slurp(gold);
	assert_string_equal(out, want);
	free(want);
	free(out);
}

static void test_folded_golden(void **state)
{
	char *out, *line, *save = NULL;
	regex_t re;
	int n = 0;

	golden("folded", DATA "report.folded");
	/* every line as flamegraph.pl reads it: "a;b;c N", no blank in a frame */
	assert_int_equal(regcomp(&re, "^[^; \t]+(;[^; \t]+)+ [0-9]+$",
				 REG_EXTENDED | REG_NOSUB), 0);
	out = render("folded");
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		assert_int_equal(regexec(&re, line, 0, NULL, 0), 0);
		n++;
	}
	assert_int_equal(n, 5);
	regfree(&re);
	free(out);
}

static void test_perfetto_golden(void **state)
{
	golden("perfetto", DATA "report.perfetto.json");
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	assert_true(json_object_object_get_ex(o, key, &v));
	return v;
}

static bool has(struct json_object *o, const char *key)
{
	return json_object_object_get_ex(o, key, NULL);
}

/* The trace parses, and every event has what the format requires. */
static void test_perfetto_parse(void **state)
{
	char *out = render("perfetto"), named[8][1000] = { { 0 } };
	struct json_object *root, *evs, *e, *args;
	size_t i, n, x = 0, inst = 0, procs = 0;
	const char *ph;
	int64_t pid, tid;

	root = json_tokener_parse(out);
	assert_non_null(root);
	assert_true(json_object_is_type(root, json_type_object));
	assert_string_equal(json_object_get_string(get(root, "displayTimeUnit")), "ms");
	evs = get(root, "traceEvents");
	assert_true(json_object_is_type(evs, json_type_array));
	n = json_object_array_length(evs);
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(evs, i);
		ph = json_object_get_string(get(e, "ph"));
		assert_non_null(get(e, "name"));
		pid = json_object_get_int64(get(e, "pid"));
		assert_true(pid >= 1 && pid <= 2);
		args = get(e, "args");
		if (!strcmp(ph, "M")) {
			const char *what = json_object_get_string(get(e, "name"));

			if (!strcmp(what, "process_name"))
				procs++;
			if (!strcmp(what, "thread_name")) {
				tid = json_object_get_int64(get(e, "tid"));
				assert_true(tid > 0 && tid < 1000);
				named[pid][tid] = 1;
			}
			continue;
		}
		/* a track is named before its first event */
		tid = json_object_get_int64(get(e, "tid"));
		assert_true(named[pid][tid]);
		assert_true(json_object_get_int64(get(e, "ts")) > 1795255200000000LL);
		if (!strcmp(ph, "X")) {
			x++;
			assert_true(json_object_get_double(get(e, "dur")) >= 1000.0);
			assert_true(has(args, "seq") && has(args, "culprit"));
			if (!strcmp(json_object_get_string(get(e, "cat")), "softirqoff"))
				assert_true(has(args, "pending") && has(args, "cause"));
			if (!strcmp(json_object_get_string(get(e, "cat")), "stall"))
				assert_true(has(args, "probe") && has(args, "cache"));
			if (!strcmp(json_object_get_string(get(e, "cat")), "irqoff"))
				assert_true(has(args, "cause") && has(args, "task") &&
					    has(args, "stack"));
		} else {
			assert_string_equal(ph, "i");
			inst++;
			assert_true(has(args, "reason") && has(args, "count"));
		}
	}
	/* 7 events and 2 lost records of 2 hosts, as the report counts them */
	assert_int_equal(x, 7);
	assert_int_equal(inst, 2);
	assert_int_equal(procs, 2);
	assert_int_equal(json_object_get_int64(get(get(root, "otherData"),
						   "lines_not_analysed")), 6);
	json_object_put(root);
	free(out);
}

/* Runs irqwatch_main() on the words; stdout, stderr to /dev/null. */
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

static void test_cli(void **state)
{
	char dir[] = "/tmp/irqw-formats-XXXXXX", path[64], *got, *want;
	struct stat st;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/trace.json", dir);
	/* -o: the whole trace, through a temporary file renamed in place */
	assert_int_equal(RUN("irqwatch", "report", "--format", "perfetto", "-o", path,
			     DATA "db7.jsonl", DATA "web1.jsonl"), IRQW_EXIT_SKIPPED);
	got = slurp(path);
	want = slurp(DATA "report.perfetto.json");
	assert_string_equal(got, want);
	free(got);
	free(want);
	/* a file that cannot be read: the old output stays, no temporary left */
	assert_int_equal(RUN("irqwatch", "report", "--format", "perfetto", "-o", path,
			     DATA "db7.jsonl", DATA "no-such-file"), IRQW_EXIT_ERROR);
	got = slurp(path);
	want = slurp(DATA "report.perfetto.json");
	assert_string_equal(got, want);
	free(got);
	free(want);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);	/* empty: no temporary file */
	/* to a device: written as it is */
	assert_int_equal(RUN("irqwatch", "report", "--format", "perfetto", "-o",
			     "/dev/null", DATA "db7.jsonl"), IRQW_EXIT_OK);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(RUN("irqwatch", "report", "--format", "folded", "-o",
			     "/dev/null", DATA "db7.jsonl"), IRQW_EXIT_OK);
	assert_int_equal(RUN("irqwatch", "report", "--format", "flame", "x"),
			 IRQW_EXIT_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_folded_stack),
		cmocka_unit_test(test_folded_weights),
		cmocka_unit_test(test_folded_bounded),
		cmocka_unit_test(test_folded_golden),
		cmocka_unit_test(test_perfetto_golden),
		cmocka_unit_test(test_perfetto_parse),
		cmocka_unit_test(test_cli),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
