// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * "irqwatch record" and "irqwatch monitor" end to end, with the subscription
 * played by fake_sub.c: the receive loop, its timers and signals, the
 * accounting of lost events, the log file and the exit status. Each run is
 * a child process (it drops its capabilities) writing to a temporary
 * directory.
 */

#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <json-c/json.h>

#include <linux/irqwatch.h>

#include "fake_sub.h"
#include "jsonl.h"
#include "stream.h"
#include "cli.h"

#define MAX_STEPS	16
#define GRACE_MS	100
#define WATCHDOG_S	10	/* a run that hangs fails (killed by SIGALRM) */

static char dir[] = "/tmp/irqwatch-test-XXXXXX";
static char log_path[sizeof(dir) + 32];
static char boot_path[sizeof(dir) + 32];

#define BOOT_A	"0b1c2d3e-4f50-4172-8394-a5b6c7d8e9f0"
#define BOOT_B	"99999999-4f50-4172-8394-a5b6c7d8e9f0"
/* what the records of a boot and module load end with */
#define ORIGIN(boot, load) ",\"boot_id\":\"" boot "\",\"load_id\":\"" load "\""
static struct fake_step steps[MAX_STEPS];

struct result {
	int status;
	char *out;	/* stdout */
	char *err;	/* stderr */
	char *log;	/* the log, as a summary of its lines */
	double seconds;
};

static const char *in_dir(const char *name)
{
	static char buf[sizeof(dir) + 64];

	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

/* The contents of a file; "" if it does not exist. free() it. */
static char *slurp(const char *file)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f, *m;
	int c;

	m = open_memstream(&text, &size);
	assert_non_null(m);
	f = fopen(file, "r");
	if (f) {
		while ((c = getc(f)) != EOF)
			putc(c, m);
		fclose(f);
	}
	fclose(m);
	return text;
}

/*
 * A log as words: "e<seq>" for an event, "g<first>-<last>" for a seq_gap
 * record (whose count must match), "r<count>" for ring_full, "w<count>"
 * for write_error, "x" for a
 * line that is not a JSON object.
 */
static char *summary(const char *text)
{
	struct json_object *obj, *val;
	const char *line = text, *end;
	char *out = NULL, *copy;
	size_t size = 0;
	FILE *m;

	m = open_memstream(&out, &size);
	assert_non_null(m);
	for (; *line; line = end + 1) {
		end = strchr(line, '\n');
		assert_non_null(end);
		copy = strndup(line, (size_t)(end - line));
		obj = json_tokener_parse(copy);
		free(copy);
		if (line != text)
			putc(' ', m);
		if (!obj) {
			putc('x', m);
			continue;
		}
		if (json_object_object_get_ex(obj, "seq", &val)) {
			fprintf(m, "e%" PRIu64, json_object_get_uint64(val));
		} else {
			uint64_t count, first, last;

			json_object_object_get_ex(obj, "count", &val);
			count = json_object_get_uint64(val);
			json_object_object_get_ex(obj, "reason", &val);
			if (!strcmp(json_object_get_string(val), "ring_full")) {
				fprintf(m, "r%" PRIu64, count);
			} else if (!strcmp(json_object_get_string(val),
					   "write_error")) {
				fprintf(m, "w%" PRIu64, count);
			} else {
				json_object_object_get_ex(obj, "first_seq", &val);
				first = json_object_get_uint64(val);
				json_object_object_get_ex(obj, "last_seq", &val);
				last = json_object_get_uint64(val);
				assert_int_equal(count, last - first + 1);
				fprintf(m, "g%" PRIu64 "-%" PRIu64, first, last);
			}
		}
		json_object_put(obj);
	}
	fclose(m);
	return out;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs a subcommand in a child with steps[0..n-1] as what it receives. */
static void run(int (*cmd)(int, char **), size_t n, struct result *r, ...)
{
	char *argv[16], *text;
	int argc = 0, status;
	va_list ap;
	double t0;
	pid_t pid;

	va_start(ap, r);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	fake.steps = steps;
	fake.nr_steps = n;

	t0 = now_seconds();
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		alarm(WATCHDOG_S);
		if (!freopen(in_dir("stdout"), "w", stdout) ||
		    !freopen(in_dir("stderr"), "w", stderr))
			_exit(99);
		status = cmd(argc, argv);
		fflush(NULL);
		_exit(status);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	r->seconds = now_seconds() - t0;
	if (!WIFEXITED(status))
		fail_msg("killed by signal %d", WTERMSIG(status));
	r->status = WEXITSTATUS(status);
	r->out = slurp(in_dir("stdout"));
	r->err = slurp(in_dir("stderr"));
	text = slurp(log_path);
	r->log = summary(text);
	free(text);
}

static void result_free(struct result *r)
{
	free(r->out);
	free(r->err);
	free(r->log);
}

static void expect(struct result *r, int status, const char *log,
		   const char *err)
{
	assert_string_equal(r->err, err);
	assert_string_equal(r->log, log);
	assert_int_equal(r->status, status);
	result_free(r);
}

static struct fake_step msg_step(unsigned int at_ms, uint64_t drops,
				 bool shutdown, const uint64_t *seqs, size_t n)
{
	struct irqw_event ev[16];
	size_t i;

	assert_true(n <= 16);
	for (i = 0; i < n; i++)
		ev[i] = fake_event(seqs[i]);
	return (struct fake_step){
		.at_ms = at_ms,
		.msg = fake_msg(drops, shutdown, ev, n),
	};
}

#define SEQS(...) ((const uint64_t[]){ __VA_ARGS__ }), \
	(sizeof((const uint64_t[]){ __VA_ARGS__ }) / sizeof(uint64_t))
#define MSG(at, ...)		msg_step(at, 0, false, SEQS(__VA_ARGS__))
#define LAST_MSG(at, ...)	msg_step(at, 0, true, SEQS(__VA_ARGS__))
#define DROPS(at, drops, ...)	msg_step(at, drops, false, SEQS(__VA_ARGS__))
#define NO_EVENTS(at, drops)	msg_step(at, drops, false, NULL, 0)
#define SIGNAL(at, sig)		((struct fake_step){ .at_ms = at, .signal = sig })

static void put_text(const char *file, const char *text)
{
	FILE *f = fopen(file, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int remove_one(const char *file, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	return remove(file);
}

static int setup(void **state)
{
	strcpy(dir, "/tmp/irqwatch-test-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(log_path, sizeof(log_path), "%s/events.jsonl", dir);
	snprintf(boot_path, sizeof(boot_path), "%s/boot_id", dir);
	put_text(boot_path, BOOT_A "\n");
	record_boot_id_path = boot_path;
	record_pending_max = 0;
	memset(&fake, 0, sizeof(fake));
	fake.base.next_seq = 1;
	stream_grace_ns = GRACE_MS * 1000000ULL;
	return 0;
}

static int teardown(void **state)
{
	/* a test that failed half-way may have left them on its own stack */
	stream_slab_root = stream_cgroup_root = NULL;
	return nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

static void test_shutdown(void **state)
{
	struct result r;

	steps[0] = MSG(0, 1, 2);
	steps[1] = LAST_MSG(50, 3);
	run(record_main, 2, &r, "record", "-o", log_path, NULL);
	expect(&r, 3, "e1 e2 e3", "irqwatch: module unloaded\n");
}

/* Late events fill their gaps; at SIGTERM what is missing is lost. */
static void test_reorder_and_stop(void **state)
{
	struct result r;

	steps[0] = MSG(0, 1, 2, 5);
	steps[1] = MSG(20, 3);
	steps[2] = MSG(40, 6);
	steps[3] = SIGNAL(60, SIGTERM);
	run(record_main, 4, &r, "record", "-o", log_path, NULL);
	expect(&r, 0, "e1 e2 e5 e3 e6 g4-4", "");

	steps[3] = SIGNAL(60, SIGINT);
	run(record_main, 4, &r, "record", "-o", log_path, NULL);
	expect(&r, 0, "e1 e2 e5 e3 e6 g4-4 e1 e2 e5 e3 e6 g4-4", "");
}

/*
 * A message without events whose NEXT_SEQ is past the last event seen (the
 * module's resync after failed sends) reveals lost events no later event
 * would: at the stop they are reported.
 */
static void test_next_seq(void **state)
{
	struct result r;

	steps[0] = MSG(0, 1, 2);
	steps[1] = NO_EVENTS(10, 0);
	steps[1].msg.has_next_seq = true;
	steps[1].msg.next_seq = 5;
	steps[2] = SIGNAL(30, SIGTERM);
	run(record_main, 3, &r, "record", "-o", log_path, NULL);
	expect(&r, 0, "e1 e2 g3-4", "");
}

/*
 * On a stop signal, what the module sends within IRQW_QUIET_MS is still
 * logged (its drain runs every 10 ms); after that quiet, nothing is. The
 * late message comes well after the quiet, so that a run slowed down
 * (valgrind on a busy machine) still sees the quiet first.
 */
static void test_stop_flushes(void **state)
{
	struct result r;

	steps[0] = MSG(0, 1, 2);
	steps[1] = SIGNAL(20, SIGTERM);
	steps[2] = MSG(60, 3);
	steps[3] = MSG(20 + 60 + 5 * IRQW_QUIET_MS, 4);
	run(record_main, 4, &r, "record", "-o", log_path, NULL);
	expect(&r, 0, "e1 e2 e3", "");
}

/*
 * With no event coming, the grace period still ends (the gap is written
 * before the next event); an event for a gap already reported is written
 * but not counted again.
 */
static void test_grace_expiry(void **state)
{
	struct result r;

	steps[0] = MSG(0, 1, 4);
	steps[1] = MSG(4 * GRACE_MS, 5, 2);
	steps[2] = SIGNAL(4 * GRACE_MS + 50, SIGTERM);
	run(record_main, 3, &r, "record", "-o", log_path, NULL);
	expect(&r, 0, "e1 e4 g2-3 e5 e2", "");
}

static void test_ring_drops(void **state)
{
	struct result r;

	fake.base.ring_drops = 10;
	steps[0] = DROPS(0, 10, 1);
	steps[1] = DROPS(10, 15, 2);
	steps[2] = NO_EVENTS(20, 15);
	steps[3] = NO_EVENTS(30, 18);
	steps[4] = SIGNAL(40, SIGTERM);
	run(record_main, 5, &r, "record", "-o", log_path, NULL);
	expect(&r, 0, "e1 r5 e2 r3", "");
}

/* --count counts events only; what is pending at the end is lost. */
static void test_count(void **state)
{
	struct result r;

	steps[0] = DROPS(0, 4, 1, 3, 4, 5);
	steps[1] = MSG(10, 6);
	run(record_main, 2, &r, "record", "-o", log_path, "--count", "2", NULL);
	expect(&r, 0, "r4 e1 e3 g2-2", "");
}

static void test_duration(void **state)
{
	struct result r;

	run(record_main, 0, &r, "record", "-o", log_path, "--duration", "0.3",
	    NULL);
	assert_true(r.seconds >= 0.3 && r.seconds < 2);
	expect(&r, 0, "", "");
}

/*
 * nlctrl says the family is gone before the module's last events and its
 * shutdown message arrive; they are still written. Without the shutdown
 * message the removal alone ends the run, after IRQW_LINGER_NS.
 */
static void test_family_removed(void **state)
{
	struct result r;

	steps[0] = MSG(0, 1);
	steps[1] = (struct fake_step){ .at_ms = 10,
				       .msg = { .family_removed = true } };
	steps[2] = MSG(30, 2);
	steps[3] = LAST_MSG(40);
	run(record_main, 4, &r, "record", "-o", log_path, NULL);
	assert_true(r.seconds < 0.9);
	expect(&r, 3, "e1 e2", "irqwatch: module unloaded\n");

	run(record_main, 3, &r, "record", "-o", log_path, NULL);
	assert_true(r.seconds >= 1);
	expect(&r, 3, "e1 e2 e1 e2", "irqwatch: module unloaded\n");
}

/*
 * A restarted logger reports what it missed since the log's last seq, if
 * that seq is of the same boot and module load; after a rotation the last
 * seq is in FILE.1.
 */
static void test_resume(void **state)
{
	char prev[sizeof(log_path) + 2];
	struct result r;

	put_text(log_path, "{\"v\":1,\"seq\":9" ORIGIN(BOOT_A, "00000000000000aa")
		 "}\n{\"v\":1,\"seq\":10" ORIGIN(BOOT_A, "00000000000000aa")
		 "}\n{\"v\":1,\"se");
	fake.base.next_seq = 15;
	fake.base.has_load_id = true;
	fake.base.load_id = 0xaa;
	steps[0] = MSG(0, 15, 12);
	steps[1] = SIGNAL(3 * GRACE_MS, SIGTERM);
	run(record_main, 2, &r, "record", "-o", log_path, NULL);
	/* the cut line is ended; 12 was still in a ring */
	expect(&r, 0, "e9 e10 x e15 e12 g11-11 g13-14", "");

	/* the module was reloaded: its seqs start again, no gap */
	fake.base.next_seq = 20;
	fake.base.load_id = 0xbb;
	steps[0] = MSG(0, 20);
	steps[1] = SIGNAL(50, SIGTERM);
	run(record_main, 2, &r, "record", "-o", log_path, NULL);
	expect(&r, 0, "e9 e10 x e15 e12 g11-11 g13-14 e20", "");

	/* another boot (its load id cannot tell) */
	put_text(boot_path, BOOT_B "\n");
	fake.base.next_seq = 30;
	steps[0] = MSG(0, 30);
	run(record_main, 2, &r, "record", "-o", log_path, NULL);
	expect(&r, 0, "e9 e10 x e15 e12 g11-11 g13-14 e20 e30", "");

	/* rotated away (by logrotate): FILE.1 has the last seq, 30 */
	snprintf(prev, sizeof(prev), "%s.1", log_path);
	assert_int_equal(rename(log_path, prev), 0);
	fake.base.next_seq = 33;
	steps[0] = MSG(0, 34);
	steps[1] = SIGNAL(3 * GRACE_MS, SIGTERM);
	run(record_main, 2, &r, "record", "-o", log_path, NULL);
	expect(&r, 0, "e34 g31-32 g33-33", "");

	/* a log without boot and load ids (an older irqwatch): no resume */
	put_text(log_path, "{\"v\":1,\"seq\":1}\n");
	fake.base.next_seq = 3;
	steps[0] = MSG(0, 3);
	run(record_main, 2, &r, "record", "-o", log_path, NULL);
	expect(&r, 0, "e1 e3", "");
}

static void test_malformed(void **state)
{
	struct irqw_event ev = fake_event(3);
	struct result r;

	steps[0] = MSG(0, 1);
	steps[1] = (struct fake_step){ .at_ms = 10, .msg = { .malformed = true } };
	steps[2] = (struct fake_step){ .at_ms = 20, .msg = fake_msg(0, false, &ev, 1) };
	steps[2].msg.nr_malformed = 2;
	steps[3] = (struct fake_step){ .at_ms = 30, .error = -ENOBUFS };
	steps[4] = MSG(40, 4);
	steps[5] = SIGNAL(50, SIGTERM);
	run(record_main, 6, &r, "record", "-o", log_path, NULL);
	expect(&r, 0, "e1 e3 e4 g2-2",
	       "irqwatch: skipped a malformed message from the module\n"
	       "irqwatch: skipped 2 malformed events\n"
	       "irqwatch: receive buffer overflowed: events were lost (see --rcvbuf)\n");
}

static void test_subscribe_errors(void **state)
{
	struct result r;

	fake.subscribe_error = -EPERM;
	run(record_main, 0, &r, "record", "-o", log_path, NULL);
	expect(&r, 1, "", "irqwatch: permission denied (CAP_PERFMON or CAP_SYS_ADMIN required)\n");
	fake.subscribe_error = -EPROTONOSUPPORT;
	run(monitor_main, 0, &r, "monitor", NULL);
	expect(&r, 1, "", "irqwatch: module not loaded (load it with: modprobe irqwatch)\n");
	fake.subscribe_error = -ENOSPC;
	strcpy(fake.ext.msg, "too many listeners");
	run(monitor_main, 0, &r, "monitor", NULL);
	expect(&r, 1, "", "irqwatch: too many listeners\n");
}

static void test_small_rcvbuf(void **state)
{
	struct result r;

	fake.granted = 212992;
	steps[0] = SIGNAL(0, SIGTERM);
	run(record_main, 1, &r, "record", "-o", log_path, "--rcvbuf", "16M", NULL);
	expect(&r, 0, "", "irqwatch: receive buffer is 212992 bytes, not 16777216 "
	       "(net.core.rmem_max; CAP_NET_ADMIN lifts it)\n");
}

static void rename_log(void)
{
	rename(log_path, in_dir("events.jsonl.old"));
}

/* After an outside rotation SIGHUP makes the next line go to a new file. */
static void test_sighup(void **state)
{
	struct result r;
	char *old, *sum;

	steps[0] = MSG(0, 1);
	steps[1] = (struct fake_step){ .at_ms = 20, .call = rename_log };
	steps[2] = MSG(30, 2);
	steps[3] = SIGNAL(40, SIGHUP);
	steps[4] = MSG(60, 3);
	steps[5] = SIGNAL(80, SIGTERM);
	run(record_main, 6, &r, "record", "-o", log_path, NULL);
	expect(&r, 0, "e3", "");
	old = slurp(in_dir("events.jsonl.old"));
	sum = summary(old);
	assert_string_equal(sum, "e1 e2");
	free(old);
	free(sum);
}

static void test_rotate(void **state)
{
	char host[HOST_NAME_MAX + 1] = "", *line, rotate[32];
	struct irqw_origin origin = { .boot_id = BOOT_A };
	struct irqw_event ev = fake_event(10);
	uint64_t seqs[10];
	struct result r;
	char *text, *sum;
	size_t i;

	for (i = 0; i < 10; i++)
		seqs[i] = i + 1;
	steps[0] = msg_step(0, 0, false, seqs, 10);
	steps[1] = SIGNAL(20, SIGTERM);
	/* room for two lines, the longest ones, but not three */
	assert_int_equal(gethostname(host, sizeof(host) - 1), 0);
	assert_int_equal(irqw_json_event(&ev, NULL, host, &origin, &line), 0);
	snprintf(rotate, sizeof(rotate), "%zu", 2 * (strlen(line) + 1));
	free(line);
	run(record_main, 2, &r, "record", "-o", log_path, "--rotate", rotate,
	    "--keep", "3", NULL);
	expect(&r, 0, "e9 e10", "");
	for (i = 1; i <= 4; i++) {
		char name[32];

		snprintf(name, sizeof(name), "events.jsonl.%zu", i);
		text = slurp(in_dir(name));
		sum = summary(text);
		if (i == 4) {
			assert_string_equal(sum, "");
		} else {
			snprintf(name, sizeof(name), "e%zu e%zu", 9 - 2 * i,
				 10 - 2 * i);
			assert_string_equal(sum, name);
		}
		free(text);
		free(sum);
	}
}

/* In the child: the log may not grow (a full disk), then may again. */
static void disk_full(void)
{
	struct rlimit rl;
	struct stat st;

	if (getrlimit(RLIMIT_FSIZE, &rl) || stat(log_path, &st))
		_exit(98);
	rl.rlim_cur = (rlim_t)st.st_size;
	if (setrlimit(RLIMIT_FSIZE, &rl))
		_exit(98);
}

static void disk_room(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_FSIZE, &rl))
		_exit(98);
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_FSIZE, &rl))
		_exit(98);
}

/*
 * While the log cannot grow, records wait, as many as fit in the bound;
 * the others are counted, and written as a lost write_error record once
 * the log grows again; stderr says it once each way. Never a torn line.
 */
static void test_write_error(void **state)
{
	char host[HOST_NAME_MAX + 1] = "", *line, err[512];
	struct irqw_origin origin = { .boot_id = BOOT_A };
	struct irqw_event ev = fake_event(3);
	struct result r;

	assert_int_equal(gethostname(host, sizeof(host) - 1), 0);
	assert_int_equal(irqw_json_event(&ev, NULL, host, &origin, &line), 0);
	/* room for two waiting lines of seq 3..6, not three */
	record_pending_max = 2 * (strlen(line) + 1) + 1;
	free(line);
	steps[0] = MSG(0, 1, 2);
	steps[1] = (struct fake_step){ .at_ms = 10, .call = disk_full };
	steps[2] = MSG(20, 3, 4, 5, 6);
	steps[3] = (struct fake_step){ .at_ms = 40, .call = disk_room };
	steps[4] = MSG(50, 7);
	steps[5] = SIGNAL(70, SIGTERM);
	run(record_main, 6, &r, "record", "-o", log_path, NULL);
	snprintf(err, sizeof(err),
		 "irqwatch: %s: File too large; records wait until they can be "
		 "written (%zu KiB at most, the rest are counted as lost: "
		 "write_error)\n"
		 "irqwatch: %s: writing again; 2 events could not be written\n",
		 log_path, record_pending_max >> 10, log_path);
	/* the waiting lines go out with 7, or before it with a retry (slow runs) */
	if (!strcmp(r.log, "e1 e2 e3 e4 w2 e7"))
		expect(&r, 0, "e1 e2 e3 e4 w2 e7", err);
	else
		expect(&r, 0, "e1 e2 e3 e4 e7 w2", err);

	/* the log still cannot grow at the end: exit status 1, and said */
	steps[3] = SIGNAL(50, SIGTERM);
	run(record_main, 4, &r, "record", "-o", log_path, NULL);
	if (!strstr(r.err, "4 events never written: File too large\n"))
		fail_msg("%s", r.err);
	assert_int_equal(r.status, 1);
	result_free(&r);
}

/* In the child: standard output becomes a pipe nobody reads any more. */
static void reader_gone(void)
{
	int p[2];

	if (pipe(p) || dup2(p[1], STDOUT_FILENO) < 0)
		_exit(98);
	close(p[0]);
	close(p[1]);
}

/* The reader of standard output goes away (| head): record ends, status 0. */
static void test_epipe(void **state)
{
	struct result r;
	char *sum;

	steps[0] = MSG(0, 1);
	steps[1] = (struct fake_step){ .at_ms = 10, .call = reader_gone };
	steps[2] = MSG(20, 2);
	steps[3] = MSG(300, 4);
	steps[4] = SIGNAL(400, SIGTERM);
	run(record_main, 5, &r, "record", NULL);
	assert_true(r.seconds < 0.25);
	sum = summary(r.out);
	assert_string_equal(sum, "e1");
	free(sum);
	expect(&r, 0, "", "");
}

/* A symbolic link is not followed; --rotate needs a regular file. */
static void test_output_kinds(void **state)
{
	char link[sizeof(log_path) + 8], fifo[sizeof(log_path) + 64];
	struct result r;

	snprintf(link, sizeof(link), "%s.link", log_path);
	assert_int_equal(symlink(log_path, link), 0);
	steps[0] = MSG(0, 1);
	run(record_main, 1, &r, "record", "-o", link, NULL);
	snprintf(fifo, sizeof(fifo), "irqwatch: %s: a symbolic link: not followed\n", link);
	expect(&r, 1, "", fifo);

	snprintf(fifo, sizeof(fifo), "%s.fifo", log_path);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	run(record_main, 0, &r, "record", "-o", fifo, "--rotate", "1M", NULL);
	assert_non_null(strstr(r.err, "--rotate needs a regular file"));
	assert_int_equal(r.status, 2);
	result_free(&r);
	run(record_main, 0, &r, "record", "-o", "/dev/stdout", "--rotate", "1M", NULL);
	expect(&r, 2, "", "irqwatch: record: --rotate needs -o FILE\n");
}

/* The user is switched to before the log is opened. */
static void test_user(void **state)
{
	struct result r;
	struct stat st;

	if (geteuid())
		skip();
	steps[0] = MSG(0, 1);
	steps[1] = SIGNAL(20, SIGTERM);
	/* mkdtemp() made the directory 0700 */
	run(record_main, 2, &r, "record", "-o", log_path, "--user", "nobody",
	    NULL);
	assert_non_null(strstr(r.err, "events.jsonl: Permission denied\n"));
	assert_int_equal(r.status, 1);
	result_free(&r);

	assert_int_equal(chmod(dir, 0777), 0);
	run(record_main, 2, &r, "record", "-o", log_path, "--user", "nobody",
	    NULL);
	expect(&r, 0, "e1", "");
	assert_int_equal(stat(log_path, &st), 0);
	assert_int_not_equal(st.st_uid, 0);
}

/* Without -o, the JSON lines go to standard output. */
static void test_stdout(void **state)
{
	struct result r;
	char *sum;

	steps[0] = MSG(0, 1, 3);
	steps[1] = SIGNAL(20, SIGTERM);
	run(record_main, 2, &r, "record", NULL);
	sum = summary(r.out);
	assert_string_equal(sum, "e1 e3 g2-2");
	free(sum);
	expect(&r, 0, "", "");
}

static void test_monitor(void **state)
{
	static const char events[] =
		"[2026-11-21T10:00:00.000001Z] seq 1 synthetic cpu 1 index 0 "
		"task swapper/0[0] at irqw_synth_tick+0x5c/0x120 [irqwatch]\n"
		"[2026-11-21T10:00:00.000003Z] seq 3 synthetic cpu 1 index 2 "
		"task swapper/0[0] at irqw_synth_tick+0x5c/0x120 [irqwatch]\n[";
	struct result r;
	const char *lost;

	steps[0] = DROPS(0, 0, 1, 3);
	steps[1] = NO_EVENTS(10, 2);
	steps[2] = SIGNAL(20, SIGTERM);
	run(monitor_main, 3, &r, "monitor", NULL);
	assert_int_equal(strncmp(r.out, events, strlen(events)), 0);
	lost = strstr(r.out, "] lost 2 events (ring_full)\n");
	assert_non_null(lost);
	assert_non_null(strstr(lost, "] lost 1 event (seq_gap, seq 2)\n"));
	expect(&r, 0, "", "");
}

/* monitor -j: the JSON lines of record on standard output */
static void test_monitor_json(void **state)
{
	struct result r;

	steps[0] = DROPS(0, 0, 1, 3);
	steps[1] = NO_EVENTS(10, 2);
	steps[2] = SIGNAL(20, SIGTERM);
	run(monitor_main, 3, &r, "monitor", "-j", NULL);
	assert_int_equal(strncmp(r.out, "{\"v\":1,\"seq\":1,\"type\":\"synthetic\",",
				 strlen("{\"v\":1,\"seq\":1,\"type\":\"synthetic\",")), 0);
	assert_non_null(strstr(r.out, "}\n{\"v\":1,\"seq\":3,\"type\":\"synthetic\","));
	assert_non_null(strstr(r.out, ",\"count\":2,\"reason\":\"ring_full\"}\n"));
	assert_non_null(strstr(r.out, ",\"count\":1,\"reason\":\"seq_gap\","
				      "\"first_seq\":2,\"last_seq\":2}\n"));
	assert_null(strstr(r.out, "] seq "));
	expect(&r, 0, "", "");
}

static void put_file(const char *name, const char *text)
{
	FILE *f = fopen(in_dir(name), "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/*
 * A stall event gets the numbers of its slab cache (unless --no-slab-info)
 * and the path of its task's cgroup, from trees made here.
 */
static void test_stall_info(void **state)
{
	char slab_root[PATH_MAX], cgroup_root[PATH_MAX], want[128];
	struct irqw_event ev;
	struct result r;
	struct stat st;
	char *text;

	assert_int_equal(mkdir(in_dir("slab"), 0755), 0);
	assert_int_equal(mkdir(in_dir("slab/dentry"), 0755), 0);
	put_file("slab/dentry/total_objects", "120000 N0=120000\n");
	put_file("slab/dentry/partial", "3400\n");
	assert_int_equal(mkdir(in_dir("cg"), 0755), 0);
	assert_int_equal(mkdir(in_dir("cg/app.slice"), 0755), 0);
	assert_int_equal(stat(in_dir("cg/app.slice"), &st), 0);
	snprintf(slab_root, sizeof(slab_root), "%s", in_dir("slab"));
	snprintf(cgroup_root, sizeof(cgroup_root), "%s", in_dir("cg"));
	stream_slab_root = slab_root;
	stream_cgroup_root = cgroup_root;

	ev = fake_event(1);
	ev.type = IRQWATCH_EVENT_STALL;
	ev.probe = "get_slabinfo";
	ev.cache = "dentry";
	ev.duration_ns = 5000000;
	ev.task.has_cgroup_id = true;
	ev.task.cgroup_id = st.st_ino;
	steps[0] = (struct fake_step){ .msg = fake_msg(0, false, &ev, 1) };
	steps[1] = SIGNAL(20, SIGTERM);
	snprintf(want, sizeof(want), "\"cgroup_id\":%llu,\"cgroup\":\"/app.slice\"",
		 (unsigned long long)st.st_ino);

	run(record_main, 2, &r, "record", "-o", log_path, NULL);
	text = slurp(log_path);
	assert_non_null(strstr(text, "\"cache\":\"dentry\",\"slab\":"
				     "{\"total_objects\":120000,\"partial\":3400}"));
	assert_non_null(strstr(text, want));
	free(text);
	expect(&r, 0, "e1", "");

	assert_int_equal(unlink(log_path), 0);
	run(record_main, 2, &r, "record", "-o", log_path, "--no-slab-info", NULL);
	text = slurp(log_path);
	assert_null(strstr(text, "\"slab\""));
	assert_non_null(strstr(text, want));
	free(text);
	expect(&r, 0, "e1", "");

	run(monitor_main, 2, &r, "monitor", NULL);
	assert_non_null(strstr(r.out, "] seq 1 stall get_slabinfo cache=dentry "
				      "total_objects=120000 partial=3400 5.0 ms cpu 1 "
				      "swapper/0[0]\n"));
	expect(&r, 0, "e1", "");	/* the log of the last record */
	stream_slab_root = stream_cgroup_root = NULL;
}

/* record --prom: the metrics file every interval and at exit. */
static char prom_path[sizeof(dir) + 32];

/* In the child: a copy of the metrics as they are now. */
static void copy_prom(void)
{
	char *text = slurp(prom_path);

	put_text(in_dir("prom.mid"), text);
	free(text);
}

static void test_prom(void **state)
{
	struct result r;
	struct stat st;
	char *text;

	snprintf(prom_path, sizeof(prom_path), "%s/irqwatch.prom", dir);
	steps[0] = MSG(0, 1, 2);
	steps[1] = DROPS(100, 3, 3);
	steps[2] = (struct fake_step){ .at_ms = 1500, .call = copy_prom };
	steps[3] = MSG(1600, 4);
	steps[4] = SIGNAL(1700, SIGTERM);
	run(record_main, 5, &r, "record", "-o", log_path, "--prom", prom_path,
	    "--prom-interval", "1", NULL);
	expect(&r, 0, "e1 e2 r3 e3 e4", "");
	/* written after 1 s with what came until then, and at exit */
	text = slurp(in_dir("prom.mid"));
	assert_non_null(strstr(text, "\nirqwatch_events_total{type=\"synthetic\"} 3\n"));
	assert_non_null(strstr(text, "\nirqwatch_lost_events_total{reason=\"ring_full\"} 3\n"));
	free(text);
	text = slurp(prom_path);
	assert_non_null(strstr(text, "\nirqwatch_events_total{type=\"synthetic\"} 4\n"));
	assert_non_null(strstr(text, "\nirqwatch_events_total{type=\"irqoff\",cause=\"idle_exit\"} 0\n"));
	assert_non_null(strstr(text, "\nirqwatch_lost_events_total{reason=\"ring_full\"} 3\n"));
	assert_non_null(strstr(text, "\nirqwatch_last_event_timestamp_seconds{type=\"synthetic\"} 1795255200.000004\n"));
	free(text);
	assert_int_equal(stat(prom_path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
}

/*
 * A metrics file whose directory does not exist: exit status 1 before
 * subscribing (the subscription would fail otherwise) and nothing
 * written; --prom-interval without --prom or out of range: 2.
 */
static void test_prom_bad(void **state)
{
	struct result r;
	char err[256];

	fake.subscribe_error = -EPERM;
	snprintf(prom_path, sizeof(prom_path), "%s/none/irqwatch.prom", dir);
	run(record_main, 0, &r, "record", "-o", log_path, "--prom", prom_path, NULL);
	snprintf(err, sizeof(err), "irqwatch: --prom %s: no such directory\n",
		 prom_path);
	expect(&r, 1, "", err);
	assert_int_equal(access(log_path, F_OK), -1);
	run(record_main, 0, &r, "record", "-o", log_path, "--prom", dir, NULL);
	snprintf(err, sizeof(err), "irqwatch: --prom %s: a directory, not a file\n",
		 dir);
	expect(&r, 1, "", err);
	run(record_main, 0, &r, "record", "--prom-interval", "5", NULL);
	expect(&r, 2, "", "irqwatch: record: --prom-interval needs --prom FILE\n");
	run(record_main, 0, &r, "record", "--prom", prom_path, "--prom-interval",
	    "0.5", NULL);
	expect(&r, 2, "", "irqwatch: record: bad --prom-interval '0.5': seconds "
	       "from 1 to 3600, or with a unit: 15s, 1min\n");
}

/*
 * --user: the directory is checked as root before subscribing, the first
 * write is the user's: a directory only root may write fails then, exit
 * status 1, said once.
 */
static void test_prom_user(void **state)
{
	struct result r;
	char err[256];

	if (geteuid())
		skip();
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(mkdir(in_dir("m"), 0755), 0);
	snprintf(prom_path, sizeof(prom_path), "%s/m/irqwatch.prom", dir);
	steps[0] = MSG(0, 1);
	steps[1] = SIGNAL(20, SIGTERM);
	run(record_main, 2, &r, "record", "-o", log_path, "--user", "nobody",
	    "--prom", prom_path, NULL);
	snprintf(err, sizeof(err), "irqwatch: --prom %s: cannot write the "
		 "metrics: Permission denied\n", prom_path);
	expect(&r, 1, "", err);
	assert_int_equal(chmod(in_dir("m"), 0777), 0);
	run(record_main, 2, &r, "record", "-o", log_path, "--user", "nobody",
	    "--prom", prom_path, NULL);
	expect(&r, 0, "e1", "");
	assert_int_equal(access(prom_path, F_OK), 0);
}

/* In the child: the metrics' directory goes away, and comes back. */
static void prom_dir_move(const char *from, const char *to)
{
	char *old = strdup(in_dir(from));

	if (!old || rename(old, in_dir(to)))
		_exit(97);
	free(old);
}

static void prom_dir_gone(void)
{
	prom_dir_move("m", "m.gone");
}

static void prom_dir_back(void)
{
	prom_dir_move("m.gone", "m");
}

/* A write that fails later is said, the log goes on, and it is tried again. */
static void test_prom_write_error(void **state)
{
	struct result r;
	char err[512], *text;

	assert_int_equal(mkdir(in_dir("m"), 0755), 0);
	snprintf(prom_path, sizeof(prom_path), "%s/m/irqwatch.prom", dir);
	/* writes at about 1 s (fails) and 2 s (works): 0.5 s of margin */
	steps[0] = MSG(0, 1);
	steps[1] = (struct fake_step){ .at_ms = 100, .call = prom_dir_gone };
	steps[2] = MSG(1300, 2);
	steps[3] = (struct fake_step){ .at_ms = 1500, .call = prom_dir_back };
	steps[4] = MSG(1600, 3);
	steps[5] = SIGNAL(2500, SIGTERM);
	run(record_main, 6, &r, "record", "-o", log_path, "--prom", prom_path,
	    "--prom-interval", "1s", NULL);
	snprintf(err, sizeof(err),
		 "irqwatch: --prom %s: cannot write the metrics: No such file or "
		 "directory; the log goes on, and the metrics are tried again "
		 "every 1.00 s\n"
		 "irqwatch: --prom %s: metrics written again after 1 failed write\n",
		 prom_path, prom_path);
	expect(&r, 0, "e1 e2 e3", err);
	text = slurp(prom_path);
	assert_non_null(strstr(text, "\nirqwatch_events_total{type=\"synthetic\"} 3\n"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_shutdown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reorder_and_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_flushes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_seq, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grace_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ring_drops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_family_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subscribe_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_rcvbuf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sighup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_output_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_epipe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stdout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_monitor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_monitor_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stall_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prom_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prom_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prom_write_error, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
