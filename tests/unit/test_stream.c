// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Unit tests of the options record and monitor share (userspace/stream.c). */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli.h"
#include "stream.h"

static char *errors;	/* what the last parse() wrote to stderr */

/*
 * Parses the one option in args (NULL-terminated): its return, and *o;
 * what it printed is in errors.
 */
static int parse(const char *const *args, struct stream_opts *o, int *next)
{
	FILE *saved = stderr;
	char *argv[8];
	static const struct option opts[] = { STREAM_LONG_OPTS, { 0 } };
	int argc = 1, c, ret;
	size_t size;

	argv[0] = "record";
	while (*args)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	stream_opts_init(o);
	free(errors);
	stderr = open_memstream(&errors, &size);
	assert_non_null(stderr);
	/* as record_main() takes them */
	cli_getopt_init();
	c = getopt_long(argc, argv, ":", opts, NULL);
	if (c == ':') {
		fprintf(stderr, "irqwatch: record: %s needs a value\n",
			argv[optind - 1]);
		ret = -1;
	} else {
		ret = stream_opt(c, optarg, "record", o);
	}
	fclose(stderr);
	stderr = saved;
	/* the last argument taken */
	if (next)
		*next = optind - 1;
	return ret;
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_defaults(void **state)
{
	struct stream_opts o;

	stream_opts_init(&o);
	assert_int_equal(o.rcvbuf, 8 << 20);
	assert_int_equal(o.duration_ns, 0);
	assert_int_equal(o.count, 0);
	assert_false(o.has_user);
	stream_opts_free(&o);
}

static void test_duration(void **state)
{
	static const struct {
		const char *arg;
		uint64_t ns;
	} good[] = {
		{ "60", 60000000000ULL },
		{ "1.5", 1500000000ULL },
		{ "500ms", 500000000ULL },
		{ "2s", 2000000000ULL },
		{ "250us", 250000ULL },
	};
	static const char *const bad[] = { "0", "", "-1", "1h", "x", "0ms" };
	struct stream_opts o;
	size_t i;
	int next;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(parse(ARGS("--duration", good[i].arg), &o, &next), 1);
		assert_int_equal(next, 2);
		assert_int_equal(o.duration_ns, good[i].ns);
	}
	assert_int_equal(parse(ARGS("--duration=7"), &o, &next), 1);
	assert_int_equal(next, 1);
	assert_int_equal(o.duration_ns, 7000000000ULL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse(ARGS("--duration", bad[i]), &o, NULL), -1);
	assert_string_equal(errors, "irqwatch: record: bad --duration '0ms': "
			    "seconds, such as 60 or 1.5, or with a unit: 500ms\n");
	assert_int_equal(parse(ARGS("--duration"), &o, NULL), -1);
	assert_string_equal(errors, "irqwatch: record: --duration needs a value\n");
}

static void test_count_rcvbuf(void **state)
{
	struct stream_opts o;

	assert_int_equal(parse(ARGS("--count", "100"), &o, NULL), 1);
	assert_int_equal(o.count, 100);
	assert_string_equal(errors, "");
	assert_int_equal(parse(ARGS("--count", "0"), &o, NULL), -1);
	assert_string_equal(errors, "irqwatch: record: bad --count '0': "
			    "a whole number above 0\n");
	assert_int_equal(parse(ARGS("--count", "1k"), &o, NULL), -1);
	assert_int_equal(parse(ARGS("--count", "+5"), &o, NULL), -1);
	assert_int_equal(parse(ARGS("--count", "99999999999999999999"), &o, NULL),
			 -1);

	assert_int_equal(parse(ARGS("--rcvbuf", "16M"), &o, NULL), 1);
	assert_int_equal(o.rcvbuf, 16 << 20);
	assert_int_equal(parse(ARGS("--rcvbuf=4K"), &o, NULL), 1);
	assert_int_equal(o.rcvbuf, 4096);
	assert_int_equal(parse(ARGS("--rcvbuf", "1G"), &o, NULL), 1);
	assert_int_equal(parse(ARGS("--rcvbuf", "2G"), &o, NULL), -1);
	assert_int_equal(parse(ARGS("--rcvbuf", "1000"), &o, NULL), -1);
	assert_int_equal(parse(ARGS("--rcvbuf", "8MB"), &o, NULL), -1);
	assert_string_equal(errors, "irqwatch: record: bad --rcvbuf '8MB': "
			    "a size such as 8M, from 4K to 1G\n");
}

static void test_user(void **state)
{
	struct stream_opts o;

	assert_int_equal(parse(ARGS("--user", "root"), &o, NULL), 1);
	assert_true(o.has_user);
	assert_int_equal(o.user.uid, 0);
	stream_opts_free(&o);
	assert_false(o.has_user);
	assert_int_equal(parse(ARGS("--user", "no-such-user-irqwatch"), &o, NULL),
			 -1);
	assert_string_equal(errors,
			    "irqwatch: unknown user 'no-such-user-irqwatch'\n");
	assert_false(o.has_user);
	assert_int_equal(parse(ARGS("--user"), &o, NULL), -1);
}

/* Not ours: left for the subcommand, untouched. */
static void test_other(void **state)
{
	struct stream_opts o;
	int next;

	assert_int_equal(parse(ARGS("-o", "x"), &o, &next), 0);
	assert_int_equal(next, 1);
	assert_int_equal(parse(ARGS("--durationx", "1"), &o, NULL), 0);
	assert_int_equal(parse(ARGS("--count-all"), &o, NULL), 0);
	assert_int_equal(parse(ARGS("--rotate", "1M"), &o, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_count_rcvbuf),
		cmocka_unit_test(test_user),
		cmocka_unit_test(test_other),
	};

	int ret = cmocka_run_group_tests(tests, NULL, NULL);

	free(errors);
	return ret;
}
