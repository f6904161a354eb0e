// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The Prometheus metrics of record --prom (lib/prom): the exposition text
 * of records made by the JSON writer, counters that start at 0, label
 * escaping, histogram buckets and their bounds, storms from synthetic
 * *_storm records, bounded tables, records not counted, and the file
 * written atomically (never seen in part, mode 0644, no temporary file
 * left, errors).
 */

#include <errno.h>
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <json-c/json.h>
#include <linux/irqwatch.h>

#include "jsonl.h"
#include "prom.h"

#define T0	(1795255200ULL * 1000000000ULL)	/* 2026-11-21T10:00:00Z */

static char *text_of(const struct irqw_prom *p)
{
	char *text;
	size_t len;

	assert_int_equal(irqw_prom_text(p, &text, &len), 0);
	assert_int_equal(strlen(text), len);
	return text;
}

/* Whether the metrics have exactly this line. */
static bool has_line(const struct irqw_prom *p, const char *line)
{
	char *text = text_of(p), *at;
	size_t n = strlen(line);
	bool found = false;

	for (at = text; (at = strstr(at, line)); at++)
		if ((at == text || at[-1] == '\n') && at[n] == '\n') {
			found = true;
			break;
		}
	if (!found)
		print_error("no line '%s' in:\n%s", line, text);
	free(text);
	return found;
}

static int feed_json(struct irqw_prom *p, const char *json)
{
	struct json_object *obj = json_tokener_parse(json);
	int ret;

	assert_non_null(obj);
	ret = irqw_prom_record(p, obj);
	json_object_put(obj);
	return ret;
}

/* An event as record writes it, counted. */
static void feed_event(struct irqw_prom *p, const struct irqw_event *ev)
{
	struct json_object *obj;

	assert_int_equal(irqw_json_event_obj(ev, NULL, "db7", NULL, &obj), 0);
	assert_int_equal(irqw_prom_record(p, obj), 0);
	json_object_put(obj);
}

static struct irqw_event irqoff(uint32_t cause, uint64_t ns, uint64_t at_s)
{
	return (struct irqw_event){
		.has = IRQW_EV_DURATION | IRQW_EV_CAUSE, .seq = 1,
		.type = IRQWATCH_EVENT_IRQOFF, .real_ns = T0 + at_s * 1000000000ULL,
		.duration_ns = ns, .cause = cause,
	};
}

static void test_zero(void **state)
{
	struct irqw_prom *p = irqw_prom_new("0.1.0", "6.1.0-28-amd64");
	char *text;

	assert_non_null(p);
	text = text_of(p);
	/* the families in order, each with HELP and TYPE */
	assert_non_null(strstr(text,
		"# HELP irqwatch_build_info The irqwatch logger writing this file: its "
		"version and the kernel it runs on.\n"
		"# TYPE irqwatch_build_info gauge\n"
		"irqwatch_build_info{version=\"0.1.0\",kernel=\"6.1.0-28-amd64\"} 1\n"
		"# HELP irqwatch_events_total "));
	assert_non_null(strstr(text,
		"# TYPE irqwatch_events_total counter\n"
		"irqwatch_events_total{type=\"irqoff\",cause=\"irqs_disabled\"} 0\n"
		"irqwatch_events_total{type=\"irqoff\",cause=\"vcpu_stall\"} 0\n"
		"irqwatch_events_total{type=\"irqoff\",cause=\"idle_exit\"} 0\n"
		"irqwatch_events_total{type=\"irqoff\",cause=\"unconfirmed\"} 0\n"
		"irqwatch_events_total{type=\"softirqoff\",cause=\"bh_disabled\"} 0\n"
		"irqwatch_events_total{type=\"stall\"} 0\n"
		"# HELP irqwatch_lost_events_total "));
	assert_non_null(strstr(text,
		"# TYPE irqwatch_lost_events_total counter\n"
		"irqwatch_lost_events_total{reason=\"seq_gap\"} 0\n"
		"irqwatch_lost_events_total{reason=\"ring_full\"} 0\n"
		"irqwatch_lost_events_total{reason=\"write_error\"} 0\n"));
	assert_non_null(strstr(text,
		"# TYPE irqwatch_stall_duration_seconds histogram\n"
		"irqwatch_stall_duration_seconds_bucket{le=\"0.001\"} 0\n"));
	assert_non_null(strstr(text,
		"irqwatch_stall_duration_seconds_bucket{le=\"+Inf\"} 0\n"
		"irqwatch_stall_duration_seconds_sum 0\n"
		"irqwatch_stall_duration_seconds_count 0\n"));
	/* nothing seen yet: no probe, storm or timestamp series */
	assert_null(strstr(text, "irqwatch_stall_calls_total"));
	assert_null(strstr(text, "irqwatch_storm_active"));
	assert_null(strstr(text, "irqwatch_last_event_timestamp_seconds"));
	assert_int_equal(text[strlen(text) - 1], '\n');
	free(text);
	irqw_prom_free(p);
}

static void test_count(void **state)
{
	struct irqw_prom *p = irqw_prom_new("0.1.0", "k");
	struct irqw_lost gap = { .reason = IRQW_LOST_SEQ_GAP, .count = 5,
				 .first_seq = 10, .last_seq = 14 };
	struct irqw_lost full = { .reason = IRQW_LOST_RING_FULL, .count = 7 };
	struct irqw_event ev;
	struct json_object *obj;

	feed_event(p, &(struct irqw_event){ .seq = 2, .type = IRQWATCH_EVENT_STALL,
		   .has = IRQW_EV_DURATION, .duration_ns = 3000000,
		   .real_ns = T0 + 5, .probe = "get_slabinfo" });
	ev = irqoff(IRQWATCH_CAUSE_IRQS_DISABLED, 812000000, 1);
	feed_event(p, &ev);
	feed_event(p, &ev);
	ev = irqoff(IRQWATCH_CAUSE_VCPU_STALL, 12000000, 3);
	feed_event(p, &ev);
	ev = (struct irqw_event){ .seq = 9, .type = IRQWATCH_EVENT_SOFTIRQOFF,
		.has = IRQW_EV_DURATION | IRQW_EV_CAUSE | IRQW_EV_DURATION_MAX,
		.duration_ns = 50000000, .duration_max_ns = 52000000,
		.cause = IRQWATCH_CAUSE_BH_DISABLED, .real_ns = T0 + 1500000 };
	feed_event(p, &ev);
	assert_int_equal(irqw_json_lost_obj(&gap, "db7", NULL, 1, T0, &obj), 0);
	assert_int_equal(irqw_prom_record(p, obj), 0);
	json_object_put(obj);
	assert_int_equal(irqw_json_lost_obj(&full, "db7", NULL, 1, T0, &obj), 0);
	assert_int_equal(irqw_prom_record(p, obj), 0);
	assert_int_equal(irqw_prom_record(p, obj), 0);
	json_object_put(obj);

	assert_true(has_line(p, "irqwatch_events_total{type=\"irqoff\",cause=\"irqs_disabled\"} 2"));
	assert_true(has_line(p, "irqwatch_events_total{type=\"irqoff\",cause=\"vcpu_stall\"} 1"));
	assert_true(has_line(p, "irqwatch_events_total{type=\"softirqoff\",cause=\"bh_disabled\"} 1"));
	assert_true(has_line(p, "irqwatch_events_total{type=\"stall\"} 1"));
	assert_true(has_line(p, "irqwatch_lost_events_total{reason=\"seq_gap\"} 5"));
	assert_true(has_line(p, "irqwatch_lost_events_total{reason=\"ring_full\"} 14"));
	assert_true(has_line(p, "irqwatch_stall_calls_total{probe=\"get_slabinfo\"} 1"));
	assert_true(has_line(p, "irqwatch_stall_duration_seconds_bucket{le=\"0.002\"} 0"));
	assert_true(has_line(p, "irqwatch_stall_duration_seconds_bucket{le=\"0.005\"} 1"));
	assert_true(has_line(p, "irqwatch_stall_duration_seconds_sum 0.003"));
	assert_true(has_line(p, "irqwatch_irqoff_duration_seconds_sum{cause=\"irqs_disabled\"} 1.624"));
	assert_true(has_line(p, "irqwatch_softirqoff_duration_seconds_count{cause=\"bh_disabled\"} 1"));
	/* the time of the line, microseconds; the latest, not the last fed */
	assert_true(has_line(p, "irqwatch_last_event_timestamp_seconds{type=\"irqoff\"} 1795255203"));
	assert_true(has_line(p, "irqwatch_last_event_timestamp_seconds{type=\"softirqoff\"} 1795255200.0015"));
	assert_true(has_line(p, "irqwatch_last_event_timestamp_seconds{type=\"stall\"} 1795255200"));
	irqw_prom_free(p);
}

/* A window of exactly a bucket's bound is in it (le); 1 ns more is not. */
static void test_buckets(void **state)
{
	static const char *const le[] = {
		"0.001", "0.002", "0.005", "0.01", "0.02", "0.05", "0.1", "0.2",
		"0.5", "1",
	};
	struct irqw_prom *p = irqw_prom_new("v", "k");
	struct irqw_event ev;
	char line[128];
	size_t i;

	for (i = 0; i < IRQW_PROM_BUCKETS; i++) {
		ev = irqoff(IRQWATCH_CAUSE_UNCONFIRMED, irqw_prom_bucket_ns[i], 0);
		feed_event(p, &ev);
		ev.duration_ns++;
		feed_event(p, &ev);
	}
	ev.duration_ns = 0;
	feed_event(p, &ev);
	ev.duration_ns = 30ULL * 1000000000ULL;
	feed_event(p, &ev);
	/* cumulative: the 0, then each bound's own and the one past the last */
	for (i = 0; i < IRQW_PROM_BUCKETS; i++) {
		snprintf(line, sizeof(line), "irqwatch_irqoff_duration_seconds_bucket"
			 "{cause=\"unconfirmed\",le=\"%s\"} %zu", le[i], 2 * i + 2);
		assert_true(has_line(p, line));
	}
	assert_true(has_line(p, "irqwatch_irqoff_duration_seconds_bucket{cause=\"unconfirmed\",le=\"+Inf\"} 22"));
	assert_true(has_line(p, "irqwatch_irqoff_duration_seconds_count{cause=\"unconfirmed\"} 22"));
	/* 2 x 1.888 s of bounds, 10 ns, 30 s */
	assert_true(has_line(p, "irqwatch_irqoff_duration_seconds_sum{cause=\"unconfirmed\"} 33.77600001"));
	irqw_prom_free(p);
}

static void test_escape(void **state)
{
	struct irqw_prom *p = irqw_prom_new("1\"2", "a\\b\nc");
	char buf[8];

	assert_int_equal(irqw_prom_escape(buf, sizeof(buf), "a\"b"), 4);
	assert_string_equal(buf, "a\\\"b");
	/* an escape is cut whole, never in half */
	assert_int_equal(irqw_prom_escape(buf, 6, "ab\\\\c"), 4);
	assert_string_equal(buf, "ab\\\\");
	assert_int_equal(irqw_prom_escape(buf, 5, "ab\\\\c"), 4);
	assert_string_equal(buf, "ab\\\\");
	assert_int_equal(irqw_prom_escape(buf, 4, "ab\\\\c"), 2);
	assert_string_equal(buf, "ab");
	assert_true(has_line(p, "irqwatch_build_info{version=\"1\\\"2\",kernel=\"a\\\\b\\nc\"} 1"));
	/* label values from a log: escaped, and bytes that are not UTF-8 made '?' */
	assert_int_equal(feed_json(p, "{\"v\":1,\"type\":\"stall\",\"time\":"
				   "\"2026-11-21T10:00:00.000000Z\",\"probe\":\"x\\\"y\\\\z\\n\"}"), 0);
	assert_true(has_line(p, "irqwatch_stall_calls_total{probe=\"x\\\"y\\\\z\\n\"} 1"));
	assert_int_equal(feed_json(p, "{\"v\":1,\"type\":\"stall\",\"time\":"
				   "\"2026-11-21T10:00:00.000000Z\",\"probe\":\"caf\xc3\xa9\xff\"}"), 0);
	assert_true(has_line(p, "irqwatch_stall_calls_total{probe=\"caf\xc3\xa9?\"} 1"));
	irqw_prom_free(p);
}

#define STORM(type, phase, t) \
	"{\"v\":1,\"seq\":1,\"type\":\"" type "\",\"time\":\"2026-11-21T10:00:0" t \
	".000000Z\",\"cpu\":0,\"phase\":\"" phase "\",\"vector\":\"NET_RX\"}"

static void test_storms(void **state)
{
	struct irqw_prom *p = irqw_prom_new("v", "k");

	assert_int_equal(feed_json(p, STORM("softirq_storm", "start", "1")), 0);
	assert_int_equal(feed_json(p, STORM("softirq_storm", "start", "2")), 0);
	assert_int_equal(feed_json(p, STORM("hardirq_storm", "end", "3")), 0);
	assert_true(has_line(p, "irqwatch_storm_active{kind=\"softirq\"} 2"));
	/* an end without its start (before this logger) stays at 0 */
	assert_true(has_line(p, "irqwatch_storm_active{kind=\"hardirq\"} 0"));
	assert_int_equal(feed_json(p, STORM("softirq_storm", "end", "4")), 0);
	assert_int_equal(feed_json(p, STORM("softirq_storm", "peak", "5")), 0);
	assert_true(has_line(p, "irqwatch_storm_active{kind=\"softirq\"} 1"));
	assert_true(has_line(p, "irqwatch_events_total{type=\"softirq_storm\"} 4"));
	assert_true(has_line(p, "irqwatch_last_event_timestamp_seconds{type=\"softirq_storm\"} 1795255205"));
	/* storm records without a phase count as events only */
	assert_int_equal(feed_json(p, "{\"v\":1,\"type\":\"hardirq_storm\",\"time\":"
				   "\"2026-11-21T10:00:00.000000Z\"}"), 0);
	assert_true(has_line(p, "irqwatch_storm_active{kind=\"hardirq\"} 0"));
	assert_true(has_line(p, "irqwatch_events_total{type=\"hardirq_storm\"} 2"));
	irqw_prom_free(p);
}

/* Label sets are bounded: past the table, they count as "[other]". */
static void test_bounded(void **state)
{
	struct irqw_prom *p = irqw_prom_new("v", "k");
	char json[256], *text, *at;
	unsigned int i, n = 0;

	for (i = 0; i < 100; i++) {
		snprintf(json, sizeof(json), "{\"v\":1,\"type\":\"stall\",\"time\":"
			 "\"2026-11-21T10:00:00.000000Z\",\"probe\":\"fn%u\"}", i);
		assert_int_equal(feed_json(p, json), 0);
	}
	text = text_of(p);
	for (at = text; (at = strstr(at, "\nirqwatch_stall_calls_total{")); at++)
		n++;
	assert_int_equal(n, IRQW_PROM_SERIES_MAX);
	free(text);
	assert_true(has_line(p, "irqwatch_stall_calls_total{probe=\"fn62\"} 1"));
	assert_true(has_line(p, "irqwatch_stall_calls_total{probe=\"[other]\"} 37"));
	irqw_prom_free(p);
}

static void test_not_counted(void **state)
{
	struct irqw_prom *p = irqw_prom_new("v", "k");
	char *before, *after;

	before = text_of(p);
	assert_int_equal(feed_json(p, "{\"v\":2,\"type\":\"irqoff\",\"time\":"
				   "\"2026-11-21T10:00:00.000000Z\"}"), -ENOENT);
	assert_int_equal(feed_json(p, "{\"v\":1,\"type\":\"hardirq_flood\",\"time\":"
				   "\"2026-11-21T10:00:00.000000Z\"}"), -ENOENT);
	assert_int_equal(feed_json(p, "{\"v\":1,\"type\":\"irqoff\",\"time\":"
				   "\"2026-11-21T10:00:00.000000Z\",\"cause\":\"irqs_disabled\","
				   "\"duration_ns\":\"fast\"}"), -EBADMSG);
	assert_int_equal(feed_json(p, "{\"v\":1,\"type\":\"irqoff\"}"), -EBADMSG);
	assert_int_equal(feed_json(p, "{\"v\":1,\"type\":\"irqoff\",\"time\":\"noon\"}"),
			 -EBADMSG);
	assert_int_equal(feed_json(p, "{\"v\":1,\"type\":\"irqoff\",\"time\":"
				   "\"2026-11-21T10:00:00.000000Z\",\"cause\":7}"), -EBADMSG);
	assert_int_equal(feed_json(p, "{\"v\":1,\"type\":\"lost\",\"reason\":"
				   "\"seq_gap\"}"), -EBADMSG);
	assert_int_equal(feed_json(p, "{\"type\":\"irqoff\"}"), -EBADMSG);
	assert_int_equal(feed_json(p, "[1,2]"), -EBADMSG);
	after = text_of(p);
	assert_string_equal(before, after);
	free(before);
	free(after);
	irqw_prom_free(p);
}

static char dir[] = "/tmp/irqwatch-prom-XXXXXX";

static int setup(void **state)
{
	strcpy(dir, "/tmp/irqwatch-prom-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

/* Entries of dir, "." and ".." left out. */
static unsigned int entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	unsigned int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static char *slurp(const char *path)
{
	char *text = NULL;
	size_t cap = 0;
	FILE *f = fopen(path, "r");
	ssize_t n;

	if (!f)
		return NULL;
	n = getdelim(&text, &cap, '\0', f);
	fclose(f);
	if (n < 0) {
		free(text);
		return strdup("");
	}
	return text;
}

static void test_write(void **state)
{
	struct irqw_prom *p = irqw_prom_new("v", "k");
	char path[128], *want, *got;
	struct stat st;
	mode_t mask;

	snprintf(path, sizeof(path), "%s/irqwatch.prom", dir);
	assert_int_equal(irqw_prom_check_path(path), 0);
	mask = umask(077);
	assert_int_equal(irqw_prom_write(p, path), 0);
	umask(mask);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	want = text_of(p);
	got = slurp(path);
	assert_string_equal(got, want);
	free(got);
	free(want);
	/* replaced, not appended; nothing else left in the directory */
	assert_int_equal(irqw_prom_write(p, path), 0);
	assert_int_equal(entries(dir), 1);
	irqw_prom_free(p);
}

/* A reader never sees a file in part while it is replaced again and again. */
static void test_never_partial(void **state)
{
	char path[128], *a, *b, *got;
	pid_t pid;
	int i, status, partial = 0, reads = 0;

	snprintf(path, sizeof(path), "%s/irqwatch.prom", dir);
	a = malloc(100000);
	b = malloc(300);
	assert_non_null(a);
	assert_non_null(b);
	memset(a, 'a', 99999);
	a[99999] = '\0';
	a[99998] = '\n';
	strcpy(b, "b 1\n");
	assert_int_equal(irqw_file_replace(path, b, strlen(b)), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		for (i = 0; i < 200; i++)
			if (irqw_file_replace(path, i % 2 ? b : a, strlen(i % 2 ? b : a)))
				_exit(1);
		_exit(0);
	}
	do {
		got = slurp(path);
		assert_non_null(got);
		reads++;
		partial += strcmp(got, a) && strcmp(got, b);
		free(got);
	} while (waitpid(pid, &status, WNOHANG) == 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(partial, 0);
	assert_true(reads > 1);
	assert_int_equal(entries(dir), 1);
	free(a);
	free(b);
}

static void test_errors(void **state)
{
	struct irqw_prom *p = irqw_prom_new("v", "k");
	char path[128], sub[128];

	snprintf(path, sizeof(path), "%s/none/irqwatch.prom", dir);
	assert_int_equal(irqw_prom_check_path(path), -ENOENT);
	assert_int_equal(irqw_prom_write(p, path), -ENOENT);
	assert_int_equal(irqw_prom_check_path(dir), -EISDIR);
	snprintf(path, sizeof(path), "%s/", dir);
	assert_int_equal(irqw_prom_check_path(path), -EISDIR);
	assert_int_equal(irqw_prom_write(p, path), -EISDIR);
	snprintf(sub, sizeof(sub), "%s/file", dir);
	assert_int_equal(irqw_file_replace(sub, "x\n", 2), 0);
	snprintf(path, sizeof(path), "%s/file/irqwatch.prom", dir);
	assert_int_equal(irqw_prom_check_path(path), -ENOTDIR);
	/* the rename fails (a directory is in the way): the new file is removed */
	snprintf(path, sizeof(path), "%s/d.prom", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/d.prom/x", dir);
	assert_int_equal(irqw_file_replace(sub, "x\n", 2), 0);
	assert_int_equal(irqw_prom_check_path(path), -EISDIR);
	assert_true(irqw_prom_write(p, path) < 0);
	assert_int_equal(entries(dir), 2);	/* file, d.prom */
	irqw_prom_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zero),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_buckets),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_storms),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_not_counted),
		cmocka_unit_test_setup_teardown(test_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_never_partial, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
