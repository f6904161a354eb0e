// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The command line as a whole (cmd/dispatch.c, cmd/cli.c): help CMD and
 * CMD --help, -j/-p before or after the subcommand, and the exit statuses
 * of usage errors. Nothing here reaches the module: every case ends
 * before a request.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli.h"
#include "version.h"

struct run {
	int status;
	char out[8192], err[8192];
};

static void slurp(FILE *f, char *buf, size_t size)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* Runs irqwatch_main() on the NULL-terminated words, stdout/stderr caught. */
static void run(struct run *r, ...)
{
	FILE *fo = tmpfile(), *fe = tmpfile();
	int saved_out = dup(1), saved_err = dup(2), argc = 0;
	char *argv[16];
	va_list ap;

	argv[argc++] = "irqwatch";
	va_start(ap, r);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	assert_non_null(fo);
	assert_non_null(fe);
	fflush(NULL);
	assert_true(dup2(fileno(fo), 1) >= 0 && dup2(fileno(fe), 2) >= 0);
	r->status = irqwatch_main(argc, argv);
	fflush(NULL);
	assert_true(dup2(saved_out, 1) >= 0 && dup2(saved_err, 2) >= 0);
	close(saved_out);
	close(saved_err);
	slurp(fo, r->out, sizeof(r->out));
	slurp(fe, r->err, sizeof(r->err));
}

static void test_help(void **state)
{
	static const char *const cmds[] = {
		"status", "config", "stats", "monitor", "record", "probe",
		"version", "help",
	};
	struct run a, b;
	char want[64];
	size_t i;

	run(&a, "help", NULL);
	assert_int_equal(a.status, 0);
	assert_non_null(strstr(a.out, "Available subcommands:"));
	assert_non_null(strstr(a.out, "Exit status: 0 success, 1 error, 2 bad "
				      "command line,\n3 the module went away"));
	run(&b, "--help", NULL);
	assert_int_equal(b.status, 0);
	assert_string_equal(a.out, b.out);

	/* help CMD and CMD --help, -h: that command's help, the same text */
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		snprintf(want, sizeof(want), "Usage: irqwatch %s", cmds[i]);
		run(&a, "help", cmds[i], NULL);
		assert_int_equal(a.status, 0);
		assert_string_equal(a.err, "");
		assert_memory_equal(a.out, want, strlen(want));
		run(&b, cmds[i], "--help", NULL);
		assert_int_equal(b.status, 0);
		assert_string_equal(a.out, b.out);
		run(&b, cmds[i], "-h", NULL);
		assert_string_equal(a.out, b.out);
	}
	run(&a, "help", "record", NULL);
	assert_non_null(strstr(a.out, "--rotate SIZE"));
	assert_null(strstr(a.out, "Available subcommands"));
}

static void test_usage_errors(void **state)
{
	struct run r;

	run(&r, NULL);
	assert_int_equal(r.status, 2);
	run(&r, "bogus", NULL);
	assert_int_equal(r.status, 2);
	assert_memory_equal(r.err, "irqwatch: unknown subcommand 'bogus'\n",
			    strlen("irqwatch: unknown subcommand 'bogus'\n"));
	run(&r, "--bogus", "status", NULL);
	assert_int_equal(r.status, 2);
	run(&r, "help", "bogus", NULL);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "irqwatch: help: unknown subcommand 'bogus'\n");

	run(&r, "status", "--bogus", NULL);
	assert_int_equal(r.status, 2);
	assert_memory_equal(r.err, "irqwatch: status: unknown option '--bogus'\n"
				   "Usage: irqwatch status",
			    strlen("irqwatch: status: unknown option '--bogus'\n"
				   "Usage: irqwatch status"));
	run(&r, "stats", "extra", NULL);
	assert_int_equal(r.status, 2);
	assert_memory_equal(r.err, "irqwatch: stats: unexpected argument 'extra'\n",
			    strlen("irqwatch: stats: unexpected argument 'extra'\n"));
	run(&r, "status", "-x", NULL);
	assert_int_equal(r.status, 2);
	assert_memory_equal(r.err, "irqwatch: status: unknown option '-x'\n",
			    strlen("irqwatch: status: unknown option '-x'\n"));

	/* config: KEY VALUE pairs, refused before anything is sent */
	run(&r, "config", "period", NULL);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "irqwatch: period needs a value\n");
	run(&r, "config", "--json", "nokey", "1", NULL);
	assert_int_equal(r.status, 2);

	/* record and monitor: options and values */
	run(&r, "record", "-o", NULL);
	assert_int_equal(r.status, 2);
	assert_memory_equal(r.err, "irqwatch: record: -o needs a value\n",
			    strlen("irqwatch: record: -o needs a value\n"));
	run(&r, "record", "--count", "0", NULL);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "irqwatch: record: bad --count '0': a whole "
				   "number above 0\n");
	run(&r, "record", "--rotate", "1M", NULL);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "irqwatch: record: --rotate needs -o FILE\n");
	run(&r, "monitor", "--duration", NULL);
	assert_int_equal(r.status, 2);
	run(&r, "monitor", "now", NULL);
	assert_int_equal(r.status, 2);
	run(&r, "probe", "add", NULL);
	assert_int_equal(r.status, 2);
	run(&r, "probe", "add", "f", "--threshold", "soon", NULL);
	assert_int_equal(r.status, 2);
}

static void test_json_options(void **state)
{
	char want[128];
	struct run r;

	snprintf(want, sizeof(want), "{\"schema\":1,\"version\":\"%s\"}\n",
		 IRQWATCH_VERSION);
	run(&r, "-j", "version", NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, want);
	run(&r, "version", "--json", NULL);
	assert_string_equal(r.out, want);
	run(&r, "--json", "version", "-j", NULL);
	assert_string_equal(r.out, want);

	/* -p: indented, and JSON without -j */
	run(&r, "-p", "version", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "{\n  \"schema\": 1,\n  \"version\": "));
	run(&r, "version", "--pretty", NULL);
	assert_non_null(strstr(r.out, "{\n  \"schema\": 1,\n"));

	/* one call's options do not leak into the next */
	run(&r, "version", NULL);
	snprintf(want, sizeof(want), "irqwatch %s\n", IRQWATCH_VERSION);
	assert_string_equal(r.out, want);
	run(&r, "--version", NULL);
	assert_string_equal(r.out, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_json_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
