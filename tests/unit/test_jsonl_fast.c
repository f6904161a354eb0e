// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The fast JSONL path (lib/log/jsonl_fast.c, lib/event/jv.c) against
 * json-c's (irqw_record_parse_json()): the same return and the same record
 * (event, extra, host, times, origin, lost) for every line of the test
 * logs and for tricky lines: escapes, unicode, missing, extra and null
 * members, numbers at the limits, repeated keys, torn and invalid lines.
 * Which lines the scanner takes itself and which it leaves to json-c. Bad
 * lines counted with the same file:line and reason through the report's
 * input.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "event.h"
#include "input.h"
#include "jsonl_fast.h"
#include "jsonl_read.h"
#include "report.h"

#define HEAD(type) "{\"v\":1,\"seq\":7,\"type\":\"" type "\",\"host\":\"h\"," \
	"\"time\":\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":5,\"cpu\":1,"
/* a minimal irqoff record at time t */
#define AT(t) "{\"v\":1,\"seq\":1,\"type\":\"irqoff\",\"host\":\"h\",\"time\":\"" t \
	"\",\"mono_ns\":5,\"cpu\":0}"
#define TASK "\"task\":{\"pid\":1,\"tgid\":1,\"comm\":\"cat\"},"

/* Both paths on line: the same return, and the same record if 0. */
static void same(const char *line)
{
	struct irqw_record a, b;
	struct irqw_jdoc d = { 0 };
	int ra, rb;

	ra = irqw_record_parse_doc(&d, line, strlen(line), &a);
	rb = irqw_record_parse_json(line, &b);
	if (ra != rb)
		fail_msg("fast %d, json-c %d: %s", ra, rb, line);
	if (!ra) {
		assert_int_equal(a.kind, b.kind);
		assert_string_equal(a.host, b.host);
		assert_int_equal(a.mono_ns, b.mono_ns);
		assert_int_equal(a.real_ns, b.real_ns);
		assert_memory_equal(&a.origin, &b.origin, sizeof(a.origin));
		assert_memory_equal(&a.lost, &b.lost, sizeof(a.lost));
		assert_int_equal(a.x.has_slab, b.x.has_slab);
		assert_int_equal(a.x.slab_objects, b.x.slab_objects);
		assert_int_equal(a.x.slab_partial, b.x.slab_partial);
		if (a.x.cgroup || b.x.cgroup)
			assert_string_equal(a.x.cgroup, b.x.cgroup);
		if (!irqw_event_equal(&a.ev, &b.ev))
			fail_msg("events differ: %s", line);
		irqw_record_free(&a);
		irqw_record_free(&b);
	}
	irqw_jdoc_free(&d);
}

/* Whether the scanner takes line itself (0) or leaves it (-EAGAIN). */
static int scan(const char *line)
{
	struct irqw_jdoc d = { 0 };
	int ret = irqw_jdoc_scan(&d, line, strlen(line));

	irqw_jdoc_free(&d);
	return ret;
}

static void same_file(const char *name)
{
	char path[512], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/report/%s", IRQW_TEST_DATA, name);
	f = fopen(path, "r");
	assert_non_null(f);
	while ((len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		same(line);
		n++;
	}
	free(line);
	fclose(f);
	assert_true(n > 0);
}

static void test_logs(void **state)
{
	same_file("vm-6.1.jsonl");
	same_file("db7.jsonl");
	same_file("web1.jsonl");
}

static const char *const tricky[] = {
	/* escapes and unicode in strings: json-c's; raw UTF-8: the scanner's */
	HEAD("irqoff") "\"duration_ns\":5," "\"task\":{\"pid\":1,\"tgid\":1,"
	"\"comm\":\"a\\\"b\\\\c\\/d\\u00e9\\ud83d\\ude00\\n\"}}",
	HEAD("irqoff") "\"duration_ns\":5," "\"task\":{\"pid\":1,\"tgid\":1,"
	"\"comm\":\"\xc3\xa9\xf0\x9f\x98\x80 x\"},\"stack\":[\"f\xc3\xa9+0x1/0x2\"]}",
	HEAD("irqoff") "\"duration_ns\":5,\"stack\":[\"f\\u0000g+0x1/0x2\"]}",
	HEAD("irqoff") "\"duration_ns\":5,\"stack\":[\"tab\there\"]}",
	HEAD("irqoff") "\"duration_ns\":5,\"stack\":[\"\\ud800\"]}",
	/* invalid UTF-8 bytes pass through both */
	HEAD("irqoff") "\"duration_ns\":5,\"stack\":[\"\xff\xfe+0x1/0x2\"]}",
	/* missing members: no task, no stack, no duration */
	HEAD("irqoff") "\"cause\":\"irqs_disabled\"}",
	HEAD("stall") "\"probe\":\"get_slabinfo\"}",
	"{\"v\":1,\"type\":\"irqoff\",\"host\":\"h\",\"time\":\"2026-11-21T10:00:00.123456Z\"}",
	/* extra members, of every shape, anywhere */
	HEAD("irqoff") "\"new\":{\"a\":[1,2.5,{\"b\":null}],\"c\":true},\"duration_ns\":5,"
	TASK "\"stack\":[],\"samples\":[{\"offset_ns\":1,\"irqs_disabled\":false,"
	"\"delay_ns\":0,\"more\":[[],{}]," TASK "\"stack\":[\"f+0x1/0x2\"]}],\"zz\":false}",
	/* null members: absent for both */
	HEAD("irqoff") "\"duration_ns\":null,\"task\":null,\"stack\":null}",
	HEAD("irqoff") "\"duration_ns\":5,\"stack\":[null]}",
	/* numbers at the limits */
	HEAD("irqoff") "\"duration_ns\":9223372036854775807}",
	HEAD("irqoff") "\"duration_ns\":9223372036854775808}",
	HEAD("irqoff") "\"duration_ns\":18446744073709551615}",
	HEAD("irqoff") "\"duration_ns\":18446744073709551616}",
	HEAD("irqoff") "\"duration_ns\":99999999999999999999999999}",
	HEAD("irqoff") "\"duration_ns\":-1}",
	HEAD("irqoff") "\"duration_ns\":-0}",
	HEAD("irqoff") "\"duration_ns\":0}",
	HEAD("irqoff") "\"duration_ns\":007}",
	HEAD("irqoff") "\"duration_ns\":1e3}",
	HEAD("irqoff") "\"duration_ns\":1.5}",
	HEAD("irqoff") "\"duration_ns\":1.}",
	HEAD("softirq_storm") "\"duration_ns\":1,\"share\":0.9999995,\"ksoftirqd_share\":1}",
	HEAD("softirq_storm") "\"duration_ns\":1,\"share\":4294.967295}",
	HEAD("softirq_storm") "\"duration_ns\":1,\"share\":4294.9672955}",
	HEAD("softirq_storm") "\"duration_ns\":1,\"share\":1E-3}",
	HEAD("softirq_storm") "\"duration_ns\":1,\"share\":0.000000000000000000001}",
	HEAD("softirq_storm") "\"duration_ns\":1,\"share\":12345678901234567890123.5}",
	"{\"v\":1,\"seq\":4294967296,\"type\":\"irqoff\",\"host\":\"h\",\"time\":"
	"\"2026-11-21T10:00:00.123456Z\",\"mono_ns\":5,\"cpu\":4294967296}",
	/* repeated keys: json-c's to settle */
	HEAD("irqoff") "\"duration_ns\":5,\"duration_ns\":6}",
	HEAD("irqoff") "\"cpu\":2,\"duration_ns\":5}",
	/* times: strict ones read without strptime(), the others with it */
	AT("2024-02-29T23:59:59.999999Z"),
	AT("2026-02-29T00:00:00.000000Z"),
	AT("2026-12-31T23:59:60.000000Z"),
	AT("1970-01-01T00:00:00.000000Z"),
	AT("1969-12-31T23:59:59.000000Z"),
	AT("2026-1-21T10:00:00.123456Z"),
	AT("2026-11-21T10:00:00.123456"),
	/* whitespace, and what follows the object */
	" { \"v\" : 1 , \"seq\" : 1 , \"type\" : \"irqoff\" , \"host\" : \"h\" , \"time\" :"
	" \"2026-11-21T10:00:00.123456Z\" , \"mono_ns\" : 5 , \"cpu\" : 0 }\t\r ",
	HEAD("irqoff") "\"duration_ns\":5} trailing",
	HEAD("irqoff") "\"duration_ns\":5}{}",
	HEAD("irqoff") "\"duration_ns\":5,}",
	HEAD("irqoff") "\"duration_ns\":5 /* c */}",
	HEAD("irqoff") "\"duration_ns\":'5'}",
	HEAD("irqoff") "\"duration_ns\":NaN}",
	HEAD("irqoff") "\"duration_ns\":True}",
	/* torn and invalid lines, and not an object */
	HEAD("irqoff") "\"duration_ns\":5,\"stack\":[\"f+0x1",
	HEAD("irqoff") "\"duration_ns\":5,\"stack\":[\"f+0x1/0x2\"",
	"{\"v\":1,\"se", "{", "}", "", "   ", "[]", "[1]", "5", "\"s\"", "null", "nope",
	"{}", "{\"v\":1}", "{\"v\":2,\"type\":\"irqoff\"}", "{\"v\":\"1\"}",
	/* deep nesting: json-c's limit is 32 */
	HEAD("irqoff") "\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
	HEAD("irqoff") "\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
	/* skipped: unknown type, version, lost reason */
	HEAD("hardirq_flood") "\"duration_ns\":5}",
	"{\"v\":1,\"type\":\"lost\",\"host\":\"h\",\"time\":\"2026-11-21T10:00:00.123456Z\","
	"\"mono_ns\":5,\"count\":3,\"reason\":\"cosmic_ray\"}",
	"{\"v\":1,\"type\":\"lost\",\"host\":\"h\",\"time\":\"2026-11-21T10:00:00.123456Z\","
	"\"mono_ns\":5,\"count\":3,\"reason\":\"seq_gap\",\"first_seq\":4,\"last_seq\":6,"
	"\"boot_id\":\"800e6e10-686c-480e-8b09-168039392cee\",\"load_id\":\"b6c26e3d6eab5c36\"}",
	/* wrong types of known members */
	HEAD("irqoff") "\"duration_ns\":\"5\"}",
	HEAD("irqoff") "\"cause\":5}",
	HEAD("irqoff") "\"cause\":\"no_such_cause\"}",
	HEAD("irqoff") "\"stack\":{}}",
	HEAD("irqoff") "\"stack\":[1]}",
	HEAD("irqoff") "\"samples\":[{}]}",
	HEAD("irqoff") "\"samples\":[1]}",
	HEAD("irqoff") "\"boot_id\":\"nope\"}",
	HEAD("softirqoff") "\"pending\":[\"TIMER\",\"bit 31\",\"RCU\"]}",
	HEAD("softirqoff") "\"pending\":[\"TIMER\",\"bogus\"]}",
	HEAD("stall") "\"irqs_off\":{\"entry\":1,\"exit\":false}}",
	HEAD("stall") "\"irqs_off\":{\"entry\":true,\"exit\":false},\"slab\":{\"total_objects\":1,"
	"\"partial\":2},\"task\":{\"pid\":1,\"tgid\":1,\"comm\":\"cat\",\"uid\":0,\"cgroup_id\":7,"
	"\"cgroup\":\"/a/b\",\"parent\":{\"pid\":1,\"comm\":\"init\"}}}",
	HEAD("irq_imbalance") "\"hot_cpu\":1,\"load\":0.5,"
	"\"cpus\":[{\"cpu\":0,\"load\":0.25,\"idle\":0.0}]}",
	HEAD("hardirq_storm") "\"irq\":{\"irq\":24,\"count\":1,\"ns\":2,\"rate\":3,"
	"\"share\":0.5,\"name\":null}}",
};

static void test_tricky(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(tricky) / sizeof(tricky[0]); i++)
		same(tricky[i]);
}

/* What the scanner takes itself, and what it leaves to json-c. */
static void test_scanner(void **state)
{
	assert_int_equal(scan(tricky[1]), 0);		/* raw UTF-8 */
	assert_int_equal(scan(tricky[9]), 0);		/* extra members */
	assert_int_equal(scan(HEAD("irqoff") "\"duration_ns\":9223372036854775807}"), 0);
	assert_int_equal(scan(HEAD("irqoff") "\"x\":[],\"y\":{},\"z\":null,\"t\":true}"), 0);
	assert_int_equal(scan(tricky[0]), -EAGAIN);	/* escapes */
	assert_int_equal(scan(HEAD("irqoff") "\"duration_ns\":9223372036854775808}"), -EAGAIN);
	assert_int_equal(scan(HEAD("irqoff") "\"duration_ns\":-1}"), -EAGAIN);
	assert_int_equal(scan(HEAD("irqoff") "\"duration_ns\":1e3}"), -EAGAIN);
	assert_int_equal(scan(HEAD("irqoff") "\"duration_ns\":007}"), -EAGAIN);
	assert_int_equal(scan(HEAD("irqoff") "\"cpu\":2}"), -EAGAIN);	/* repeated */
	assert_int_equal(scan(HEAD("irqoff") "\"a\":1} x"), -EAGAIN);
	assert_int_equal(scan("[]"), -EAGAIN);
	assert_int_equal(scan("{\"a\":\"tab\there\"}"), -EAGAIN);
	/* json-c's depth limit: 32 levels are its to refuse */
	assert_int_equal(scan("{\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
			      "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"), -EAGAIN);
	assert_int_equal(scan("{\"x\":[[]]}"), 0);
}

/* The report's input: the same counts, file:line and reasons. */
static void test_bad_lines(void **state)
{
	static const char text[] =
		HEAD("irqoff") "\"duration_ns\":5}\n"
		"not json\n"
		HEAD("irqoff") "\"duration_ns\":\"x\"}\n"
		"{\"v\":2,\"type\":\"irqoff\"}\n"
		HEAD("hardirq_flood") "\"duration_ns\":5}\n"
		HEAD("irqoff") "\"task\":{\"pid\":1,\"tgid\":1,\"comm\":\"\\u00e9\"}}\n"
		"\n"
		HEAD("irqoff") "\"duration_ns\":5,\"stack\":[\"f";
	struct irqw_report r;
	FILE *f = fmemopen((void *)text, strlen(text), "r");

	assert_non_null(f);
	irqw_report_init(&r, NULL);
	assert_int_equal(irqw_input_read(&r, f, "t.jsonl"), 0);
	fclose(f);
	assert_int_equal(r.events, 2);
	assert_int_equal(r.bad, 3);
	assert_int_equal(r.skipped, 2);
	assert_int_equal(r.nr_badv, 5);
	assert_int_equal(r.badv[0].line, 2);
	assert_string_equal(r.badv[0].why, "invalid JSON");
	assert_int_equal(r.badv[1].line, 3);
	assert_string_equal(r.badv[1].why, "malformed record");
	assert_int_equal(r.badv[2].line, 4);
	assert_string_equal(r.badv[2].why, "unknown schema version v 2");
	assert_int_equal(r.badv[3].line, 5);
	assert_string_equal(r.badv[3].why, "unknown type \"hardirq_flood\"");
	assert_int_equal(r.badv[4].line, 8);
	assert_string_equal(r.badv[4].why, "torn line (no newline at the end)");
	assert_string_equal(r.badv[4].file, "t.jsonl");
	irqw_report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logs),
		cmocka_unit_test(test_tricky),
		cmocka_unit_test(test_scanner),
		cmocka_unit_test(test_bad_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
