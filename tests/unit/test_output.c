// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the log file of "irqwatch record" (userspace/output.c), in a
 * temporary directory: appending, rotation, reopening, symbolic links and
 * streams, writes that fail (a file size limit stands for a full disk) and
 * the lines that wait meanwhile, and where a restarted logger resumes.
 */

#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "output.h"

static char dir[] = "/tmp/irqwatch-test-XXXXXX";
static char path[sizeof(dir) + 32];

/* path with suffix ("" or ".N") */
static const char *name(const char *suffix)
{
	static char buf[sizeof(path) + 16];

	snprintf(buf, sizeof(buf), "%s%s", path, suffix);
	return buf;
}

static void put_file(const char *file, const char *text)
{
	FILE *f = fopen(file, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* The file's contents; NULL if it does not exist. free() it. */
static char *get_file(const char *file)
{
	char *text;
	long len;
	FILE *f;

	f = fopen(file, "r");
	if (!f) {
		assert_int_equal(errno, ENOENT);
		return NULL;
	}
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	return text;
}

static void expect_file(const char *file, const char *want)
{
	char *text = get_file(file);

	if (!want) {
		if (text)
			fail_msg("%s exists: \"%s\"", file, text);
		return;
	}
	if (!text)
		fail_msg("%s does not exist", file);
	assert_string_equal(text, want);
	free(text);
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
	snprintf(path, sizeof(path), "%s/events.jsonl", dir);
	return 0;
}

static int teardown(void **state)
{
	return nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

static void test_rotate_chain(void **state)
{
	put_file(name(""), "0");
	put_file(name(".1"), "1");
	put_file(name(".2"), "2");
	assert_int_equal(irqw_rotate_files(path, 3), 0);
	expect_file(name(""), NULL);
	expect_file(name(".1"), "0");
	expect_file(name(".2"), "1");
	expect_file(name(".3"), "2");

	/* missing files are skipped; the oldest kept one is replaced */
	put_file(name(""), "new");
	assert_int_equal(irqw_rotate_files(path, 3), 0);
	assert_int_equal(irqw_rotate_files(path, 3), 0);
	expect_file(name(""), NULL);
	expect_file(name(".1"), NULL);
	expect_file(name(".2"), "new");
	expect_file(name(".3"), "0");
	expect_file(name(".4"), NULL);
}

static void test_rotate_keep(void **state)
{
	put_file(name(""), "0");
	put_file(name(".1"), "1");
	put_file(name(".2"), "2");
	put_file(name(".3"), "3");
	assert_int_equal(irqw_rotate_files(path, 2), 0);
	expect_file(name(""), NULL);
	expect_file(name(".1"), "0");
	expect_file(name(".2"), "1");
	/* beyond --keep: not ours to touch */
	expect_file(name(".3"), "3");

	put_file(name(""), "x");
	assert_int_equal(irqw_rotate_files(path, 1), 0);
	expect_file(name(".1"), "x");
	expect_file(name(".2"), "1");

	/* keep nothing: the file goes */
	put_file(name(""), "y");
	assert_int_equal(irqw_rotate_files(path, 0), 0);
	expect_file(name(""), NULL);
	expect_file(name(".1"), "x");
	assert_int_equal(irqw_rotate_files(path, 0), 0);
}

/* Lines of 10 bytes and a newline; rotation at 30 bytes keeps 2 per file. */
static void test_write_rotates(void **state)
{
	struct irqw_out o;
	char line[16];
	int i;

	assert_int_equal(irqw_out_open(&o, path, 30, 2), 0);
	for (i = 0; i < 7; i++) {
		snprintf(line, sizeof(line), "line%06d", i);
		assert_int_equal(irqw_out_write(&o, line), 0);
	}
	assert_int_equal(irqw_out_close(&o, NULL), 0);
	expect_file(name(""), "line000006\n");
	expect_file(name(".1"), "line000004\nline000005\n");
	expect_file(name(".2"), "line000002\nline000003\n");
	expect_file(name(".3"), NULL);

	/* a line longer than the limit goes to the file it finds empty */
	assert_int_equal(irqw_out_open(&o, path, 5, 2), 0);
	assert_int_equal(irqw_out_write(&o, "a line past the limit"), 0);
	assert_int_equal(irqw_out_write(&o, "x"), 0);
	assert_int_equal(irqw_out_close(&o, NULL), 0);
	expect_file(name(""), "x\n");
	expect_file(name(".1"), "a line past the limit\n");
	expect_file(name(".2"), "line000006\n");
}

/* An existing log is appended to, its size counts, a cut line is ended. */
static void test_append(void **state)
{
	struct irqw_out o;
	struct stat st;
	mode_t mask;

	put_file(name(""), "{\"seq\":1}\n{\"seq\":2");
	assert_int_equal(irqw_out_open(&o, path, 40, 1), 0);
	assert_int_equal(o.size, 19);
	assert_int_equal(irqw_out_write(&o, "{\"seq\":3}"), 0);
	assert_int_equal(o.size, 29);
	/* 29 + 10 = 39: still fits */
	assert_int_equal(irqw_out_write(&o, "{\"seq\":4}"), 0);
	assert_int_equal(irqw_out_write(&o, "{\"seq\":5}"), 0);
	assert_int_equal(irqw_out_close(&o, NULL), 0);
	expect_file(name(".1"), "{\"seq\":1}\n{\"seq\":2\n{\"seq\":3}\n{\"seq\":4}\n");
	expect_file(name(""), "{\"seq\":5}\n");
	/* the log shows other users' tasks: not for everyone */
	mask = umask(0);
	umask(mask);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640 & ~mask);
}

/* SIGHUP after an outside rotation: the next line goes to a new file. */
static void test_reopen(void **state)
{
	struct irqw_out o;

	assert_int_equal(irqw_out_open(&o, path, 0, 0), 0);
	assert_int_equal(irqw_out_write(&o, "old"), 0);
	assert_int_equal(rename(path, name(".old")), 0);
	assert_int_equal(irqw_out_write(&o, "still old"), 0);
	assert_int_equal(irqw_out_reopen(&o), 0);
	assert_int_equal(irqw_out_write(&o, "new"), 0);
	assert_int_equal(irqw_out_close(&o, NULL), 0);
	expect_file(name(".old"), "old\nstill old\n");
	expect_file(name(""), "new\n");
}

static void test_open_errors(void **state)
{
	struct irqw_out o;

	assert_int_equal(irqw_out_open(&o, "/nonexistent-dir/x/events.jsonl",
				       0, 0), -ENOENT);
	assert_int_equal(o.fd, -1);
	assert_null(o.path);
	assert_int_equal(irqw_out_open(&o, "-", 0, 0), 0);
	assert_int_equal(o.fd, STDOUT_FILENO);
	assert_null(o.path);
	assert_int_equal(irqw_out_close(&o, NULL), 0);
}

static void expect_resume(const char *text, int ret, uint64_t want)
{
	uint64_t seq = 12345;

	if (text)
		put_file(path, text);
	assert_int_equal(irqw_resume_seq(path, &seq), ret);
	assert_int_equal(seq, ret ? 12345 : want);
}

static void test_resume(void **state)
{
	static const char lost[] =
		"{\"v\":1,\"type\":\"lost\",\"host\":\"h\",\"count\":2,"
		"\"reason\":\"seq_gap\",\"first_seq\":8,\"last_seq\":9}\n";
	char text[512];

	/* no file, an empty one */
	expect_resume(NULL, -ENOENT, 0);
	expect_resume("", -ENODATA, 0);
	/* the last complete line */
	expect_resume("{\"v\":1,\"seq\":1}\n{\"v\":1,\"seq\":3}\n"
		      "{\"v\":1,\"seq\":2}\n", 0, 2);
	/* a last line without its newline is cut short, whatever it holds */
	expect_resume("{\"v\":1,\"seq\":1}\n{\"v\":1,\"seq\":2}\n{\"v\":1,\"seq\":3}",
		      0, 2);
	expect_resume("{\"v\":1,\"seq\":1}\n{\"v\":1,\"se", 0, 1);
	expect_resume("{\"v\":1,\"seq\":7}", -ENODATA, 0);
	/* lines without a seq, lost records among them, are passed over */
	snprintf(text, sizeof(text), "{\"v\":1,\"seq\":7}\n%s%s", lost, lost);
	expect_resume(text, 0, 7);
	snprintf(text, sizeof(text), "%snot json\n\n{\"seq\":\"8\"}\n"
		 "{\"seq\":-1}\n{\"seq\":1.5}\n[9]\n", lost);
	expect_resume(text, -ENODATA, 0);
	expect_resume("{\"seq\":4}\n{\"seq\":-1}\n{\"seq\":\"5\"}\n", 0, 4);
	expect_resume("{\"seq\":18446744073709551615}\n", 0, UINT64_MAX);
	expect_resume("{\"seq\":0}\n", 0, 0);
}

/* Only the end of a big log is read; its first line there may be cut. */
static void test_resume_window(void **state)
{
	size_t i, line = 64;
	FILE *f;

	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "{\"seq\":1}\n");
	for (i = 0; i < IRQW_RESUME_WINDOW / line; i++)
		fprintf(f, "{\"pad\":\"%0*zu\"}\n", (int)line - 11, i);
	assert_int_equal(fclose(f), 0);
	expect_resume(NULL, -ENODATA, 0);

	f = fopen(path, "a");
	assert_non_null(f);
	fprintf(f, "{\"seq\":2}\n{\"pad\":1}\n");
	assert_int_equal(fclose(f), 0);
	expect_resume(NULL, 0, 2);
}

/* A symbolic link is not followed, whether its target exists or not. */
static void test_symlink(void **state)
{
	char target[sizeof(path) + 16];
	struct irqw_out o;

	snprintf(target, sizeof(target), "%s/target", dir);
	put_file(target, "precious\n");
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(irqw_out_open(&o, path, 0, 0), -ELOOP);
	assert_int_equal(o.fd, -1);
	assert_int_equal(irqw_out_open(&o, path, 100, 1), -ELOOP);
	expect_file(target, "precious\n");
	/* nor read to resume from */
	assert_int_equal(irqw_resume_seq(path, &(uint64_t){ 0 }), -ENODATA);

	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink(name(".nowhere"), path), 0);
	assert_int_equal(irqw_out_open(&o, path, 0, 0), -ELOOP);
	expect_file(name(".nowhere"), NULL);
}

/* A FIFO is a stream: lines go through, no rotation, no resume, no hang. */
static void test_fifo(void **state)
{
	struct irqw_out o;
	char buf[64] = "";
	uint64_t seq;
	int rfd;

	assert_int_equal(mkfifo(path, 0600), 0);
	/* no reader yet: not waited for, lines wait */
	assert_int_equal(irqw_out_open(&o, path, 0, 0), 0);
	assert_int_equal(o.fd, -1);
	assert_int_equal(o.error, ENXIO);
	assert_int_equal(irqw_out_write(&o, "{\"seq\":1}"), 0);
	assert_int_equal(irqw_out_retry(&o), 1);
	rfd = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(rfd >= 0);
	assert_int_equal(irqw_out_retry(&o), 0);
	assert_false(o.regular);
	assert_int_equal(o.error, 0);
	assert_int_equal(irqw_out_write(&o, "{\"seq\":2}"), 0);
	/* a stream is not rotated */
	assert_int_equal(irqw_out_open(&(struct irqw_out){ 0 }, path, 100, 1),
			 -ESPIPE);
	assert_int_equal(read(rfd, buf, sizeof(buf) - 1), 20);
	assert_string_equal(buf, "{\"seq\":1}\n{\"seq\":2}\n");
	assert_int_equal(irqw_resume_seq(path, &seq), -ENODATA);
	/* the reader goes: EPIPE, which ends writing */
	close(rfd);
	signal(SIGPIPE, SIG_IGN);
	assert_int_equal(irqw_out_write(&o, "{\"seq\":3}"), -EPIPE);
	signal(SIGPIPE, SIG_DFL);
	assert_int_equal(irqw_out_close(&o, NULL), 0);
}

/* Standard output and its names are the descriptor, not reopened. */
static void test_stdout_names(void **state)
{
	struct irqw_out o;
	char fdpath[32], buf[16] = "";
	int p[2];

	assert_int_equal(irqw_out_open(&o, "/dev/stdout", 0, 0), 0);
	assert_int_equal(o.fd, STDOUT_FILENO);
	assert_false(o.own_fd);
	assert_int_equal(irqw_out_close(&o, NULL), 0);
	assert_int_equal(fcntl(STDOUT_FILENO, F_GETFD), 0);	/* still open */
	assert_int_equal(irqw_out_open(&o, "-", 100, 1), -ESPIPE);

	assert_int_equal(pipe(p), 0);
	snprintf(fdpath, sizeof(fdpath), "/dev/fd/%d", p[1]);
	assert_int_equal(irqw_out_open(&o, fdpath, 0, 0), 0);
	assert_int_equal(irqw_out_write(&o, "abc"), 0);
	assert_int_equal(irqw_out_close(&o, NULL), 0);
	assert_int_equal(read(p[0], buf, sizeof(buf) - 1), 4);
	assert_string_equal(buf, "abc\n");
	close(p[0]);
	close(p[1]);
	assert_int_equal(irqw_out_open(&o, "/dev/fd/x", 0, 0), -ENOENT);
}

/* The file may grow to limit bytes (a full disk); ~0: no limit. */
static void set_fsize(rlim_t limit)
{
	struct rlimit rl;

	assert_int_equal(getrlimit(RLIMIT_FSIZE, &rl), 0);
	rl.rlim_cur = limit == (rlim_t)~0 ? rl.rlim_max : limit;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &rl), 0);
}

/*
 * A write cut short is taken back, the line waits and goes out, in order,
 * with the next one once there is room: whole lines only, none lost.
 */
static void test_short_write(void **state)
{
	struct irqw_out o;

	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(irqw_out_open(&o, path, 0, 0), 0);
	set_fsize(25);
	assert_int_equal(irqw_out_write(&o, "line00001"), 0);
	assert_int_equal(irqw_out_write(&o, "line00002"), 0);
	assert_int_equal(o.error, 0);
	/* 20 + 10 > 25: 5 bytes written, then EFBIG; the 5 are taken back */
	assert_int_equal(irqw_out_write(&o, "line00003"), 0);
	assert_int_equal(o.error, EFBIG);
	expect_file(path, "line00001\nline00002\n");
	assert_int_equal(o.size, 20);
	assert_int_equal(irqw_out_write(&o, "line00004"), 0);
	assert_int_equal(irqw_out_retry(&o), 1);
	assert_int_equal(o.pending_events, 2);
	expect_file(path, "line00001\nline00002\n");
	set_fsize((rlim_t)~0);
	assert_int_equal(irqw_out_retry(&o), 0);
	assert_int_equal(o.error, 0);
	assert_int_equal(o.pending_events, 0);
	assert_int_equal(o.unwritten, 0);
	assert_int_equal(irqw_out_write(&o, "line00005"), 0);
	expect_file(path, "line00001\nline00002\nline00003\nline00004\n"
		    "line00005\n");
	assert_int_equal(o.size, 50);
	assert_int_equal(irqw_out_close(&o, NULL), 0);
	signal(SIGXFSZ, SIG_DFL);
}

/*
 * What waits is bounded: beyond pending_max bytes lines are dropped and
 * counted with the events they stand for; the next line that can be written
 * first writes those that waited. Close says what was never written.
 */
static void test_pending_bound(void **state)
{
	struct irqw_out o;
	uint64_t lost;

	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(irqw_out_open(&o, path, 0, 0), 0);
	o.pending_max = 25;
	set_fsize(0);
	assert_int_equal(irqw_out_write(&o, "line00001"), 0);
	assert_int_equal(irqw_out_write(&o, "line00002"), 0);
	assert_int_equal(irqw_out_write(&o, "line00003"), 0);	/* 30 > 25 */
	assert_int_equal(irqw_out_put(&o, "{\"lost\":5}", 5), 0);
	assert_int_equal(o.error, EFBIG);
	assert_int_equal(o.pending_bytes, 20);
	assert_int_equal(o.pending_events, 2);
	assert_int_equal(o.unwritten, 6);
	expect_file(path, "");
	set_fsize((rlim_t)~0);
	assert_int_equal(irqw_out_write(&o, "line00004"), 0);
	assert_int_equal(o.error, 0);
	assert_int_equal(o.unwritten, 6);	/* for the caller to report */
	expect_file(path, "line00001\nline00002\nline00004\n");

	/* what still waits at the close is lost, and said */
	set_fsize(30);
	assert_int_equal(irqw_out_write(&o, "line00005"), 0);
	assert_int_equal(irqw_out_close(&o, &lost), -EFBIG);
	assert_int_equal(lost, 7);
	set_fsize((rlim_t)~0);
	expect_file(path, "line00001\nline00002\nline00004\n");
	signal(SIGXFSZ, SIG_DFL);
}

/* A file that cannot be opened again: lines wait until it can. */
static void test_reopen_fails(void **state)
{
	char sub[sizeof(dir) + 8], file[sizeof(dir) + 32], away[sizeof(dir) + 8];
	struct irqw_out o;

	snprintf(sub, sizeof(sub), "%s/d", dir);
	snprintf(away, sizeof(away), "%s/e", dir);
	snprintf(file, sizeof(file), "%s/log", sub);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(irqw_out_open(&o, file, 0, 0), 0);
	assert_int_equal(irqw_out_write(&o, "a"), 0);
	assert_int_equal(rename(sub, away), 0);
	assert_int_equal(irqw_out_reopen(&o), -ENOENT);
	assert_int_equal(o.error, ENOENT);
	assert_int_equal(irqw_out_write(&o, "b"), 0);
	assert_int_equal(irqw_out_retry(&o), 1);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(irqw_out_retry(&o), 0);
	assert_int_equal(irqw_out_close(&o, NULL), 0);
	expect_file(file, "b\n");
	snprintf(file, sizeof(file), "%s/log", away);
	expect_file(file, "a\n");
}

/* A rotation that fails leaves the lines in the file; later it is tried again. */
static void test_rotate_fails(void **state)
{
	struct irqw_out o;

	assert_int_equal(irqw_out_open(&o, path, 12, 1), 0);
	assert_int_equal(irqw_out_write(&o, "line00001"), 0);
	/* path.1 cannot be made: a directory that is not empty is in the way */
	assert_int_equal(mkdir(name(".1"), 0700), 0);
	put_file(name(".1/x"), "x");
	assert_int_equal(irqw_out_write(&o, "line00002"), 0);
	assert_true(o.rotate_error == EISDIR || o.rotate_error == ENOTEMPTY ||
		    o.rotate_error == EEXIST);
	/* not tried again at once */
	assert_int_equal(irqw_out_write(&o, "line00003"), 0);
	expect_file(path, "line00001\nline00002\nline00003\n");
	assert_int_equal(unlink(name(".1/x")), 0);
	assert_int_equal(rmdir(name(".1")), 0);
	o.rotate_after_ns = 0;
	assert_int_equal(irqw_out_write(&o, "line00004"), 0);
	assert_int_equal(o.rotate_error, 0);
	assert_int_equal(irqw_out_close(&o, NULL), 0);
	expect_file(name(".1"), "line00001\nline00002\nline00003\n");
	expect_file(path, "line00004\n");
}

#define BOOT_A	"0b1c2d3e-4f50-4172-8394-a5b6c7d8e9f0"

/* The last seq comes with the boot and load ids of its record. */
static void test_resume_origin(void **state)
{
	struct irqw_resume res;

	put_file(path, "{\"seq\":1,\"boot_id\":\"" BOOT_A "\",\"load_id\":"
		 "\"00000000000000ff\"}\n{\"type\":\"lost\",\"count\":1}\n");
	assert_int_equal(irqw_resume_last(path, &res), 0);
	assert_int_equal(res.seq, 1);
	assert_string_equal(res.origin.boot_id, BOOT_A);
	assert_true(res.origin.has_load_id);
	assert_int_equal(res.origin.load_id, 0xff);

	/* malformed or missing ids are none */
	put_file(path, "{\"seq\":2,\"boot_id\":\"x\",\"load_id\":\"ff\"}\n");
	assert_int_equal(irqw_resume_last(path, &res), 0);
	assert_int_equal(res.seq, 2);
	assert_string_equal(res.origin.boot_id, "");
	assert_false(res.origin.has_load_id);
	put_file(path, "{\"seq\":3,\"load_id\":\"00000000000000FF\"}\n");
	assert_int_equal(irqw_resume_last(path, &res), 0);
	assert_false(res.origin.has_load_id);
}

/* Same boot and load, both known, or no resuming. */
static void test_origin(void **state)
{
	struct irqw_origin a = { BOOT_A, true, 7 }, b = a;
	char id[IRQW_LOAD_ID_LEN], boot[IRQW_BOOT_ID_LEN];
	uint64_t v;

	assert_true(irqw_origin_same(&a, &b));
	b.load_id = 8;
	assert_false(irqw_origin_same(&a, &b));
	b = a;
	b.boot_id[0] = '1';
	assert_false(irqw_origin_same(&a, &b));
	b = a;
	a.has_load_id = b.has_load_id = false;
	assert_false(irqw_origin_same(&a, &b));
	a.has_load_id = b.has_load_id = true;
	a.boot_id[0] = b.boot_id[0] = '\0';
	assert_false(irqw_origin_same(&a, &b));

	irqw_load_id_format(0xfedcba9876543210ULL, id);
	assert_string_equal(id, "fedcba9876543210");
	assert_int_equal(irqw_load_id_parse(id, &v), 0);
	assert_true(v == 0xfedcba9876543210ULL);
	assert_int_equal(irqw_load_id_parse("fedcba987654321", &v), -EINVAL);
	assert_int_equal(irqw_load_id_parse("fedcba98765432100", &v), -EINVAL);
	assert_int_equal(irqw_load_id_parse("FEDCBA9876543210", &v), -EINVAL);

	put_file(path, BOOT_A "\n");
	assert_int_equal(irqw_boot_id_read(path, boot), 0);
	assert_string_equal(boot, BOOT_A);
	put_file(path, "not a uuid\n");
	assert_int_equal(irqw_boot_id_read(path, boot), -EINVAL);
	assert_int_equal(irqw_boot_id_read(name(".none"), boot), -ENOENT);
	/* the kernel's, where there is one */
	if (!access(IRQW_BOOT_ID_PATH, R_OK))
		assert_int_equal(irqw_boot_id_read(NULL, boot), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rotate_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotate_keep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_rotates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stdout_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pending_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotate_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume_origin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_origin, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
