// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the report's storms and softirq latency (lib/report/
 * storms.c) and its "Storms / softirq latency" section (cmd/
 * report_storms.c): what the events add up to, and that storms are kept
 * out of the culprits and of the CPUs' held-up time.
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

#include <json-c/json.h>

#include <linux/irqwatch.h>

#include "folded.h"
#include "jsonl_read.h"
#include "report.h"
#include "report_fmt.h"

#define HEAD(type, seq, time) "{\"v\":1,\"seq\":" seq ",\"type\":\"" type "\"," \
	"\"host\":\"db7\",\"time\":\"2026-11-21T10:00:" time ".000000Z\"," \
	"\"mono_ns\":1,"

static const char *const lines[] = {
	HEAD("softirq_latency", "1", "01") "\"cpu\":1,\"duration_ns\":12400000,"
	"\"vector\":\"NET_RX\",\"wait_ns\":12300000,\"run_ns\":100000,"
	"\"served_by\":\"ksoftirqd\",\"suppressed\":3,"
	"\"task\":{\"pid\":16,\"tgid\":16,\"comm\":\"ksoftirqd/1\"},"
	"\"stack\":[\"__do_softirq+0x10d/0x2e5\",\"run_ksoftirqd+0x2b/0x40\"]}",
	HEAD("softirq_latency", "2", "02") "\"cpu\":0,\"duration_ns\":2000000,"
	"\"vector\":\"NET_RX\",\"run_ns\":2000000,\"served_by\":\"irq_exit\","
	"\"stack\":[\"__do_softirq+0x10d/0x2e5\"]}",
	HEAD("softirq_latency", "3", "02") "\"cpu\":0,\"duration_ns\":5000000,"
	"\"vector\":\"TIMER\",\"wait_ns\":5000000,\"run_ns\":0}",
	HEAD("softirq_storm", "4", "03") "\"cpu\":1,\"duration_ns\":3000000000,"
	"\"phase\":\"start\",\"trigger\":\"takeover\",\"intervals\":3,"
	"\"share\":0.873456,\"ksoftirqd_share\":1.0,\"vectors\":["
	"{\"vector\":\"NET_RX\",\"count\":1,\"ns\":1,\"share\":0.006789},"
	"{\"vector\":\"TASKLET\",\"count\":900000,\"ns\":2600000000,"
	"\"share\":0.866667}]}",
	HEAD("hardirq_storm", "5", "03") "\"cpu\":1,\"duration_ns\":3000000000,"
	"\"phase\":\"start\",\"trigger\":\"rate\",\"intervals\":3,"
	"\"share\":0.23,\"rate\":120000,\"irq\":{\"irq\":24,"
	"\"name\":\"irqwatch_fault\",\"count\":1,\"ns\":1,\"rate\":120000,"
	"\"share\":0.23}}",
	HEAD("hardirq_storm", "6", "09") "\"cpu\":1,\"duration_ns\":4000000000,"
	"\"phase\":\"start\",\"trigger\":\"rate\",\"intervals\":3,"
	"\"share\":0.1,\"rate\":60000,\"irq\":{\"irq\":25,\"count\":1,"
	"\"ns\":1,\"rate\":60000,\"share\":0.1}}",
	HEAD("softirq_storm", "7", "20") "\"cpu\":1,\"duration_ns\":15000000000,"
	"\"phase\":\"end\",\"trigger\":\"takeover\",\"intervals\":5,"
	"\"share\":0.91,\"ksoftirqd_share\":1.0}",
	HEAD("hardirq_storm", "8", "30") "\"cpu\":1,\"duration_ns\":9000000000,"
	"\"phase\":\"end\",\"trigger\":\"rate\",\"intervals\":9,"
	"\"share\":0.2,\"rate\":150000,\"irq\":{\"irq\":24,"
	"\"name\":\"irqwatch_fault\",\"count\":1,\"ns\":1,\"rate\":150000,"
	"\"share\":0.2}}",
	HEAD("irq_imbalance", "9", "40") "\"cpu\":0,\"duration_ns\":30000000000,"
	"\"phase\":\"start\",\"trigger\":\"load\",\"intervals\":3,"
	"\"hot_cpu\":0,\"load\":0.45,\"mean\":0.23,\"stddev\":0.22,"
	"\"median\":0.01,\"over\":3}",
};

static void build(struct irqw_report *r)
{
	struct irqw_record rec;
	size_t i;

	irqw_report_init(r, NULL);
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		if (irqw_record_parse(lines[i], &rec))
			fail_msg("line %zu not read", i);
		assert_int_equal(irqw_report_add(r, &rec), 0);
		irqw_record_free(&rec);
	}
	irqw_report_sort(r);
}

static void test_aggregate(void **state)
{
	const struct irqw_storm_sum *s;
	struct irqw_report r;
	size_t i;

	build(&r);
	assert_int_equal(r.nr_latency, 2);
	assert_int_equal(r.latency[0].vec, IRQWATCH_SOFTIRQ_NET_RX);
	assert_int_equal(r.latency[0].runs, 2);
	assert_int_equal(r.latency[0].suppressed, 3);
	assert_int_equal(r.latency[0].by_ksoftirqd, 1);
	assert_int_equal(r.latency[0].wait_max_ns, 12300000);
	assert_int_equal(r.latency[0].run_max_ns, 2000000);
	assert_int_equal(r.latency[1].vec, IRQWATCH_SOFTIRQ_TIMER);

	/* by type, CPU and line: the two lines' storms are two */
	assert_int_equal(r.nr_storms, 4);
	s = &r.storms[0];
	assert_int_equal(s->type, IRQWATCH_EVENT_SOFTIRQ_STORM);
	assert_int_equal(s->starts, 1);
	assert_int_equal(s->ends, 1);
	assert_int_equal(s->longest_ns, 15000000000ULL);
	assert_int_equal(s->peak_share, 910000);
	assert_string_equal(s->what, "TASKLET");
	s = &r.storms[1];
	assert_int_equal(s->type, IRQWATCH_EVENT_HARDIRQ_STORM);
	assert_int_equal(s->irq, 24);
	assert_int_equal(s->ends, 1);
	assert_int_equal(s->peak_share, 230000);
	assert_int_equal(s->peak_rate, 150000);
	assert_string_equal(s->what, "irq 24 irqwatch_fault");
	assert_int_equal(r.storms[2].irq, 25);
	assert_int_equal(r.storms[2].ends, 0);
	assert_int_equal(r.storms[3].type, IRQWATCH_EVENT_IRQ_IMBALANCE);
	assert_int_equal(r.storms[3].peak_share, 450000);

	/* no culprit of a storm; no held-up time either */
	assert_int_equal(r.nr_culprits, 3);
	for (i = 0; i < r.nr_cpus; i++)
		assert_true(r.cpus[i].max_ns <= 12400000);
	irqw_report_free(&r);
}

static char *write_report(bool json)
{
	struct report_view v = { 0 };
	struct irqw_report r;
	char *out = NULL;
	size_t size = 0;
	FILE *m;

	build(&r);
	v.r = &r;
	v.culprits = irqw_report_culprits(&r);
	m = open_memstream(&out, &size);
	assert_non_null(m);
	assert_int_equal(json ? report_write_json(m, &v, false) :
				report_write_text(m, &v, 0), 0);
	assert_int_equal(fclose(m), 0);
	free(v.culprits);
	irqw_report_free(&r);
	return out;
}

static void test_text(void **state)
{
	char *out = write_report(false);
	const char *want =
		"\nStorms / softirq latency\n"
		"  softirq runs over softirq_threshold (softirq_latency):\n"
		"    VECTOR  RUNS  SUPPRESSED  BY KSOFTIRQD  MAX WAIT  MAX RUN\n"
		"    NET_RX     2           3             1   12.3 ms   2.0 ms\n"
		"    TIMER      1           0             0    5.0 ms     0 ns\n"
		"  storms and imbalance (PEAK: share of the CPU, or load):\n"
		"    KIND           CPU  WHAT                   STARTS  ENDS  LONGEST   PEAK      RATE  FIRST                 LAST\n"
		"    softirq_storm    1  TASKLET                     1     1  15.00 s  91.0%         -  2026-11-21T10:00:03Z  2026-11-21T10:00:20Z\n"
		"    hardirq_storm    1  irq 24 irqwatch_fault       1     1   9.00 s  23.0%  150000/s  2026-11-21T10:00:03Z  2026-11-21T10:00:30Z\n"
		"    hardirq_storm    1  irq 25                      1     0        -  10.0%   60000/s  2026-11-21T10:00:09Z  2026-11-21T10:00:09Z\n"
		"    irq_imbalance    0  -                           1     0        -  45.0%         -  2026-11-21T10:00:40Z  2026-11-21T10:00:40Z\n";

	if (!strstr(out, want))
		fail_msg("no storms section in:\n%s", out);
	free(out);
}

static void test_json(void **state)
{
	struct json_object *root, *storms, *o;
	char *out = write_report(true);

	root = json_tokener_parse(out);
	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "storms", &storms));
	o = json_object_array_get_idx(json_object_object_get(storms, "storms"), 1);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "type")),
			    "hardirq_storm");
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "irq")), 24);
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "longest_ns")),
			 9000000000LL);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "peak_share")),
			    "0.23");
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "peak_rate")),
			 150000);
	o = json_object_array_get_idx(json_object_object_get(storms, "latency"), 0);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "vector")),
			    "NET_RX");
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "wait_max_ns")),
			 12300000);
	json_object_put(root);
	free(out);
}

/* Folded stacks weigh stacks by the time they held a CPU: no storms. */
static void test_folded(void **state)
{
	struct irqw_folded f = { 0 };
	struct irqw_record rec;
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		assert_int_equal(irqw_record_parse(lines[i], &rec), 0);
		assert_int_equal(irqw_folded_add(&f, &rec.ev, "t"), 0);
		irqw_record_free(&rec);
	}
	assert_int_equal(f.events, 9);
	/* six storms and imbalance */
	assert_int_equal(f.no_duration, 6);
	/* the latency events: two stacks and one without */
	assert_int_equal(f.nr, 3);
	irqw_folded_free(&f);
}

/* Perfetto slices of storms carry their members. */
static void test_perfetto(void **state)
{
	struct report_view v = { 0 };
	struct json_object *root;
	struct irqw_report r;
	struct irqw_record rec;
	void *st = NULL;
	char *out = NULL;
	size_t size = 0, i;
	FILE *m;

	m = open_memstream(&out, &size);
	assert_non_null(m);
	assert_int_equal(report_perfetto_start(m, &st), 0);
	irqw_report_init(&r, NULL);
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		assert_int_equal(irqw_record_parse(lines[i], &rec), 0);
		assert_int_equal(report_perfetto_record(st, &rec), 0);
		assert_int_equal(irqw_report_add(&r, &rec), 0);
		irqw_record_free(&rec);
	}
	v.r = &r;
	assert_int_equal(report_perfetto_write(m, &v, st), 0);
	report_perfetto_free(st);
	assert_int_equal(fclose(m), 0);
	root = json_tokener_parse(out);
	assert_non_null(root);
	json_object_put(root);
	if (!strstr(out, "\"phase\":\"end\",\"trigger\":\"rate\",\"intervals\":9,"
		    "\"share\":0.2,\"rate\":150000,\"irq\":{\"irq\":24,") ||
	    !strstr(out, "\"vector\":\"NET_RX\",\"wait_ns\":12300000,"))
		fail_msg("no storm members in:\n%s", out);
	irqw_report_free(&r);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aggregate),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_folded),
		cmocka_unit_test(test_perfetto),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
