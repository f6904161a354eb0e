// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the log file of "irqwatch record" (userspace/output.c), in a
 * temporary directory: appending, rotation, reopening, and the seq a
 * restarted logger resumes from.
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
