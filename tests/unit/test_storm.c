// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the softirq_latency, softirq_storm, hardirq_storm and
 * irq_imbalance events: their IRQWATCH_CMD_EVENT attributes as the UAPI
 * header documents them decoded into the event model (ipc_event.c), the
 * JSON line record writes (family.c: exact strings), monitor's line
 * (human.c: exact strings), and the JSON read back (jsonl_read.c) into an
 * equal event.
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

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "fmt.h"
#include "human.h"
#include "ipc.h"
#include "jsonl.h"
#include "jsonl_read.h"

/* 2026-11-21T10:00:00.123456789Z */
#define REAL_NS	(1795255200ULL * 1000000000ULL + 123456789ULL)

/* What a builder leaves out or spoils; NONE: a good event. */
enum spoil {
	NONE,
	NO_TASK,		/* storms: no IRQWATCH_EV_TASK at all */
	EMPTY_TASK,		/* storms: a TASK of pid 0 and no name */
	SERVED_0,		/* SERVED_BY 0: no value */
	PHASE_0,		/* PHASE 0 */
	UNKNOWN_ENUMS,		/* values of a newer module */
	VEC_NO_SHARE,		/* a vector without its share */
	NAPI_NO_DEV,		/* a NAPI context without its device */
	NAPI_EMPTY_DEV,		/* ... with an empty name */
	TWO_IRQS,		/* a hardirq storm naming two lines */
	IRQ_NO_RATE,		/* a line without its rate */
	IRQ_GONE,		/* a line without affinity: it is gone */
	IRQ_EMPTY,		/* a line with an empty name and affinity lists */
	IMB_NO_MEAN,		/* an imbalance without the mean */
	LOAD_NO_IDLE,		/* a CPU's load without its idle time */
	RAISER_NO_COMM,		/* a raiser without its name */
};

static struct nl_msg *msg_new(void)
{
	struct nl_msg *msg = nlmsg_alloc_size(1 << 16);

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, 0x1d, 0, 0,
				    IRQWATCH_CMD_EVENT, IRQWATCH_GENL_VERSION));
	assert_int_equal(nla_put_u64(msg, IRQWATCH_A_RING_DROPS, 0), 0);
	return msg;
}

static struct nlattr *nest(struct nl_msg *msg, int type)
{
	struct nlattr *attr = nla_nest_start(msg, type | NLA_F_NESTED);

	assert_non_null(attr);
	return attr;
}

#define U32(type, v)	assert_int_equal(nla_put_u32(msg, type, v), 0)
#define U64(type, v)	assert_int_equal(nla_put_u64(msg, type, v), 0)
#define STR(type, v)	assert_int_equal(nla_put_string(msg, type, v), 0)

static void put_task(struct nl_msg *msg, int type, uint32_t pid,
		     const char *comm, bool no_comm)
{
	struct nlattr *t = nest(msg, type);

	U32(IRQWATCH_TASK_PID, pid);
	U32(IRQWATCH_TASK_TGID, pid);
	if (!no_comm)
		STR(IRQWATCH_TASK_COMM, comm);
	nla_nest_end(msg, t);
}

/* seq, type, cpu, times and duration, as every event has them */
static struct nlattr *put_head(struct nl_msg *msg, uint32_t type, uint32_t cpu,
			       uint64_t duration_ns)
{
	struct nlattr *ev = nest(msg, IRQWATCH_A_EVENT);

	U64(IRQWATCH_EV_SEQ, 42);
	U32(IRQWATCH_EV_TYPE, type);
	U32(IRQWATCH_EV_CPU, cpu);
	U64(IRQWATCH_EV_MONO_NS, 5000000000ULL);
	U64(IRQWATCH_EV_REAL_NS, REAL_NS);
	U64(IRQWATCH_EV_DURATION_NS, duration_ns);
	return ev;
}

/* The storms' task as the module may send it: none, or pid 0 unnamed. */
static void put_no_task(struct nl_msg *msg, enum spoil spoil)
{
	if (spoil == EMPTY_TASK)
		put_task(msg, IRQWATCH_EV_TASK, 0, "", false);
}

/*
 * A softirq_latency event: NET_RX on CPU 1 waited 12.3 ms from a raise
 * in cat[123] (1 ms of other softirqs and 0.2 ms of interrupts in it) and
 * ran 0.1 ms in ksoftirqd/1[16]; 3 runs were suppressed before it.
 */
static struct nl_msg *latency_msg(enum spoil spoil)
{
	struct nl_msg *msg = msg_new();
	struct nlattr *ev, *st;

	ev = put_head(msg, IRQWATCH_EVENT_SOFTIRQ_LATENCY, 1, 12400000);
	put_task(msg, IRQWATCH_EV_TASK, 16, "ksoftirqd/1", false);
	st = nest(msg, IRQWATCH_EV_STACK);
	STR(IRQWATCH_FRAME, "__do_softirq+0x10d/0x2e5");
	STR(IRQWATCH_FRAME, "run_ksoftirqd+0x2b/0x40");
	nla_nest_end(msg, st);
	U32(IRQWATCH_EV_VECTOR, spoil == UNKNOWN_ENUMS ? 12 :
	    IRQWATCH_SOFTIRQ_NET_RX);
	U64(IRQWATCH_EV_WAIT_NS, 12300000);
	U64(IRQWATCH_EV_RUN_NS, 100000);
	U32(IRQWATCH_EV_SERVED_BY, spoil == SERVED_0 ? 0 :
	    spoil == UNKNOWN_ENUMS ? 9 : IRQWATCH_SERVED_KSOFTIRQD);
	put_task(msg, IRQWATCH_EV_RAISER, 123, "cat", spoil == RAISER_NO_COMM);
	U64(IRQWATCH_EV_WAIT_SOFTIRQ_NS, 1000000);
	U64(IRQWATCH_EV_WAIT_HARDIRQ_NS, 200000);
	U32(IRQWATCH_EV_SUPPRESSED, 3);
	nla_nest_end(msg, ev);
	return msg;
}

/*
 * A softirq_storm start on CPU 1: 87.3456 % softirq time, all of it in
 * ksoftirqd (takeover), TASKLET and NET_RX, eth0 and the backlog polled.
 */
static struct nl_msg *softirq_storm_msg(enum spoil spoil)
{
	struct nl_msg *msg = msg_new();
	struct nlattr *ev, *v;

	ev = put_head(msg, IRQWATCH_EVENT_SOFTIRQ_STORM, 1, 3000000000ULL);
	put_no_task(msg, spoil);
	U32(IRQWATCH_EV_PHASE, spoil == PHASE_0 ? 0 :
	    spoil == UNKNOWN_ENUMS ? 7 : IRQWATCH_PHASE_START);
	U32(IRQWATCH_EV_TRIGGER, spoil == UNKNOWN_ENUMS ? 9 :
	    IRQWATCH_TRIGGER_TAKEOVER);
	U32(IRQWATCH_EV_INTERVALS, 3);
	U32(IRQWATCH_EV_SHARE, 873456);
	U32(IRQWATCH_EV_KSOFTIRQD_SHARE, 1000000);
	v = nest(msg, IRQWATCH_EV_VEC);
	U32(IRQWATCH_VEC_ID, IRQWATCH_SOFTIRQ_TASKLET);
	U64(IRQWATCH_VEC_COUNT, 900000);
	U64(IRQWATCH_VEC_NS, 2600000000ULL);
	U32(IRQWATCH_VEC_SHARE, 866667);
	nla_nest_end(msg, v);
	v = nest(msg, IRQWATCH_EV_VEC);
	U32(IRQWATCH_VEC_ID, IRQWATCH_SOFTIRQ_NET_RX);
	U64(IRQWATCH_VEC_COUNT, 1200);
	U64(IRQWATCH_VEC_NS, 20367000);
	if (spoil != VEC_NO_SHARE)
		U32(IRQWATCH_VEC_SHARE, 6789);
	nla_nest_end(msg, v);
	v = nest(msg, IRQWATCH_EV_NAPI);
	if (spoil != NAPI_NO_DEV)
		STR(IRQWATCH_NAPI_DEV, spoil == NAPI_EMPTY_DEV ? "" : "eth0");
	U64(IRQWATCH_NAPI_POLLS, 100);
	U64(IRQWATCH_NAPI_PACKETS, 6400);
	U64(IRQWATCH_NAPI_EXHAUSTED, 90);
	nla_nest_end(msg, v);
	v = nest(msg, IRQWATCH_EV_NAPI);
	STR(IRQWATCH_NAPI_DEV, "backlog");
	U64(IRQWATCH_NAPI_POLLS, 7);
	U64(IRQWATCH_NAPI_PACKETS, 12);
	U64(IRQWATCH_NAPI_EXHAUSTED, 0);
	nla_nest_end(msg, v);
	nla_nest_end(msg, ev);
	return msg;
}

static void put_irq(struct nl_msg *msg, enum spoil spoil, uint32_t irq,
		    const char *name, uint64_t rate, uint32_t share,
		    const char *affinity, const char *effective)
{
	struct nlattr *q = nest(msg, IRQWATCH_EV_IRQ);

	U32(IRQWATCH_IRQ_NUM, irq);
	STR(IRQWATCH_IRQ_NAME, spoil == IRQ_EMPTY ? "" : name);
	U64(IRQWATCH_IRQ_COUNT, rate * 3);
	U64(IRQWATCH_IRQ_NS, (uint64_t)share * 3000);
	if (spoil != IRQ_NO_RATE)
		U64(IRQWATCH_IRQ_RATE, rate);
	U32(IRQWATCH_IRQ_SHARE, share);
	if (spoil != IRQ_GONE) {
		STR(IRQWATCH_IRQ_AFFINITY, spoil == IRQ_EMPTY ? "" : affinity);
		STR(IRQWATCH_IRQ_EFFECTIVE, spoil == IRQ_EMPTY ? "" : effective);
	}
	nla_nest_end(msg, q);
}

/* A hardirq_storm end on CPU 1: line 24 irqwatch_fault at 120000/s, 23 %. */
static struct nl_msg *hardirq_storm_msg(enum spoil spoil)
{
	struct nl_msg *msg = msg_new();
	struct nlattr *ev;

	ev = put_head(msg, IRQWATCH_EVENT_HARDIRQ_STORM, 1, 4500000000ULL);
	put_no_task(msg, spoil);
	U32(IRQWATCH_EV_PHASE, IRQWATCH_PHASE_END);
	U32(IRQWATCH_EV_TRIGGER, IRQWATCH_TRIGGER_RATE);
	U32(IRQWATCH_EV_INTERVALS, 5);
	U32(IRQWATCH_EV_SHARE, 230000);
	U64(IRQWATCH_EV_RATE, 120000);
	put_irq(msg, spoil, 24, "irqwatch_fault", 120000, 230000, "0-1", "1");
	if (spoil == TWO_IRQS)
		put_irq(msg, NONE, 25, "other", 1, 1, "0", "0");
	nla_nest_end(msg, ev);
	return msg;
}

/*
 * An irq_imbalance start naming CPU 0 (45 % load against a mean of 23 %)
 * of CPUs 0 and 1, and its busiest line.
 */
static struct nl_msg *imbalance_msg(enum spoil spoil)
{
	struct nl_msg *msg = msg_new();
	struct nlattr *ev, *imb, *c;

	ev = put_head(msg, IRQWATCH_EVENT_IRQ_IMBALANCE, 0, 30000000000ULL);
	put_no_task(msg, spoil);
	U32(IRQWATCH_EV_PHASE, IRQWATCH_PHASE_START);
	U32(IRQWATCH_EV_TRIGGER, IRQWATCH_TRIGGER_LOAD);
	U32(IRQWATCH_EV_INTERVALS, 3);
	put_irq(msg, spoil, 24, "eth0-rx-0", 30000, 400000, "0-3", "0");
	imb = nest(msg, IRQWATCH_EV_IMBALANCE);
	U32(IRQWATCH_IMB_HOT_CPU, 0);
	U32(IRQWATCH_IMB_LOAD, 450000);
	if (spoil != IMB_NO_MEAN)
		U32(IRQWATCH_IMB_MEAN, 230000);
	U32(IRQWATCH_IMB_STDDEV, 220000);
	U32(IRQWATCH_IMB_MEDIAN, 10000);
	U32(IRQWATCH_IMB_OVER, 3);
	c = nest(msg, IRQWATCH_IMB_CPU);
	U32(IRQWATCH_CPULOAD_CPU, 0);
	U32(IRQWATCH_CPULOAD_LOAD, 450000);
	U32(IRQWATCH_CPULOAD_IDLE, 50000);
	nla_nest_end(msg, c);
	c = nest(msg, IRQWATCH_IMB_CPU);
	U32(IRQWATCH_CPULOAD_CPU, 1);
	U32(IRQWATCH_CPULOAD_LOAD, 10000);
	if (spoil != LOAD_NO_IDLE)
		U32(IRQWATCH_CPULOAD_IDLE, 950000);
	nla_nest_end(msg, c);
	nla_nest_end(msg, imb);
	nla_nest_end(msg, ev);
	return msg;
}

/* Decodes msg (freed) into *m, which must hold one event. */
static struct irqw_event *decode(struct nl_msg *msg, struct irqw_event_msg *m)
{
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), m), 0);
	nlmsg_free(msg);
	assert_int_equal(m->nr_malformed, 0);
	assert_int_equal(m->nr_events, 1);
	return &m->events[0];
}

/* msg (freed) must decode to an event left out as malformed. */
static void expect_malformed(struct nl_msg *msg)
{
	struct irqw_event_msg m;

	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	nlmsg_free(msg);
	assert_int_equal(m.nr_malformed, 1);
	assert_int_equal(m.nr_events, 0);
	irqw_event_msg_free(&m);
}

/* The JSON line of ev, which must be want; and read back, ev again. */
static void expect_json(const struct irqw_event *ev, const char *want)
{
	struct irqw_record rec;
	struct irqw_event cut = *ev;
	char *line = NULL;

	assert_int_equal(irqw_json_event(ev, NULL, "db7", NULL, &line), 0);
	assert_string_equal(line, want);
	assert_int_equal(irqw_record_parse(line, &rec), 0);
	assert_int_equal(rec.kind, IRQW_RECORD_EVENT);
	/* a line has the time in microseconds */
	cut.real_ns -= cut.real_ns % 1000;
	assert_true(irqw_event_equal(&rec.ev, &cut));
	irqw_record_free(&rec);
	free(line);
}

/* Monitor's line of ev, which must be want. */
static void expect_human(const struct irqw_event *ev, const char *want)
{
	size_t size;
	char *out;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	assert_int_equal(irqw_human_event(f, ev, NULL), 0);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(out, want);
	free(out);
}

#define HEAD(seq_type) "{\"v\":1,\"seq\":42,\"type\":\"" seq_type "\"," \
	"\"host\":\"db7\",\"time\":\"2026-11-21T10:00:00.123456Z\"," \
	"\"mono_ns\":5000000000,"
#define TIME	"[2026-11-21T10:00:00.123456Z] seq 42 "

static void test_latency(void **state)
{
	struct irqw_event_msg m;
	struct irqw_event *ev = decode(latency_msg(NONE), &m);

	assert_int_equal(ev->type, IRQWATCH_EVENT_SOFTIRQ_LATENCY);
	assert_int_equal(ev->vector, IRQWATCH_SOFTIRQ_NET_RX);
	assert_int_equal(ev->wait_ns, 12300000);
	assert_int_equal(ev->run_ns, 100000);
	assert_int_equal(ev->served_by, IRQWATCH_SERVED_KSOFTIRQD);
	assert_int_equal(ev->raiser.pid, 123);
	assert_string_equal(ev->raiser.comm, "cat");
	assert_int_equal(ev->wait_softirq_ns, 1000000);
	assert_int_equal(ev->wait_hardirq_ns, 200000);
	assert_int_equal(ev->suppressed, 3);
	assert_int_equal(ev->has & (IRQW_EV_VECTOR | IRQW_EV_WAIT | IRQW_EV_RUN |
				    IRQW_EV_SERVED_BY | IRQW_EV_RAISER |
				    IRQW_EV_TASK | IRQW_EV_STACK),
			 IRQW_EV_VECTOR | IRQW_EV_WAIT | IRQW_EV_RUN |
			 IRQW_EV_SERVED_BY | IRQW_EV_RAISER | IRQW_EV_TASK |
			 IRQW_EV_STACK);
	expect_json(ev, HEAD("softirq_latency") "\"cpu\":1,"
		"\"duration_ns\":12400000,\"vector\":\"NET_RX\","
		"\"wait_ns\":12300000,\"run_ns\":100000,\"served_by\":\"ksoftirqd\","
		"\"raiser\":{\"pid\":123,\"tgid\":123,\"comm\":\"cat\"},"
		"\"wait_softirq_ns\":1000000,\"wait_hardirq_ns\":200000,"
		"\"suppressed\":3,"
		"\"task\":{\"pid\":16,\"tgid\":16,\"comm\":\"ksoftirqd/1\"},"
		"\"stack\":[\"__do_softirq+0x10d/0x2e5\",\"run_ksoftirqd+0x2b/0x40\"]}");
	expect_human(ev, TIME "softirq_latency cpu 1 NET_RX wait 12.3 ms run "
		"100.0 us served by ksoftirqd (ksoftirqd/1[16]) raised by cat[123] "
		"behind softirqs 1.0 ms hardirqs 200.0 us (3 suppressed) at "
		"__do_softirq+0x10d/0x2e5\n");

	/* a raise not seen: no wait; nothing suppressed: no member */
	ev->has &= ~IRQW_EV_WAIT;
	ev->wait_ns = 0;
	ev->suppressed = 0;
	ev->has &= ~IRQW_EV_SUPPRESSED;
	ev->wait_softirq_ns = 0;
	ev->wait_hardirq_ns = 0;
	ev->has &= ~(IRQW_EV_TASK | IRQW_EV_SERVED_BY);
	ev->served_by = 0;
	ev->task.pid = ev->task.tgid = 0;
	ev->task.comm = NULL;
	expect_json(ev, HEAD("softirq_latency") "\"cpu\":1,"
		"\"duration_ns\":12400000,\"vector\":\"NET_RX\","
		"\"run_ns\":100000,"
		"\"raiser\":{\"pid\":123,\"tgid\":123,\"comm\":\"cat\"},"
		"\"wait_softirq_ns\":0,\"wait_hardirq_ns\":0,"
		"\"stack\":[\"__do_softirq+0x10d/0x2e5\",\"run_ksoftirqd+0x2b/0x40\"]}");
	expect_human(ev, TIME "softirq_latency cpu 1 NET_RX run 100.0 us raised "
		"by cat[123] at __do_softirq+0x10d/0x2e5\n");
	irqw_event_msg_free(&m);
}

static void test_softirq_storm(void **state)
{
	struct irqw_event_msg m;
	struct irqw_event *ev = decode(softirq_storm_msg(NONE), &m);

	assert_int_equal(ev->phase, IRQWATCH_PHASE_START);
	assert_int_equal(ev->trigger, IRQWATCH_TRIGGER_TAKEOVER);
	assert_int_equal(ev->nr_vecs, 2);
	assert_int_equal(ev->vecs[1].vec, IRQWATCH_SOFTIRQ_NET_RX);
	assert_int_equal(ev->vecs[1].share, 6789);
	assert_int_equal(ev->nr_napis, 2);
	assert_string_equal(ev->napis[1].dev, "backlog");
	/* no task, no stack */
	assert_false(ev->has & (IRQW_EV_TASK | IRQW_EV_STACK));
	expect_json(ev, HEAD("softirq_storm") "\"cpu\":1,"
		"\"duration_ns\":3000000000,\"phase\":\"start\","
		"\"trigger\":\"takeover\",\"intervals\":3,\"share\":0.873456,"
		"\"ksoftirqd_share\":1.0,\"vectors\":["
		"{\"vector\":\"TASKLET\",\"count\":900000,\"ns\":2600000000,"
		"\"share\":0.866667},"
		"{\"vector\":\"NET_RX\",\"count\":1200,\"ns\":20367000,"
		"\"share\":0.006789}],"
		"\"napi\":[{\"dev\":\"eth0\",\"polls\":100,\"packets\":6400,"
		"\"exhausted\":90},{\"dev\":\"backlog\",\"polls\":7,"
		"\"packets\":12,\"exhausted\":0}]}");
	expect_human(ev, TIME "softirq_storm start cpu 1 share 87.3% ksoftirqd "
		"100.0% trigger takeover intervals 3 duration 3.00 s TASKLET 86.6% "
		"NET_RX 0.6%\n"
		"    napi eth0 polls 100 packets 6400 exhausted 90\n"
		"    napi backlog polls 7 packets 12 exhausted 0\n");
	irqw_event_msg_free(&m);
}

static void test_hardirq_storm(void **state)
{
	struct irqw_event_msg m;
	struct irqw_event *ev = decode(hardirq_storm_msg(NONE), &m);

	assert_int_equal(ev->nr_irqs, 1);
	assert_int_equal(ev->irqs[0].irq, 24);
	assert_string_equal(ev->irqs[0].effective, "1");
	assert_int_equal(ev->rate, 120000);
	expect_json(ev, HEAD("hardirq_storm") "\"cpu\":1,"
		"\"duration_ns\":4500000000,\"phase\":\"end\","
		"\"trigger\":\"rate\",\"intervals\":5,\"share\":0.23,"
		"\"rate\":120000,\"irq\":{\"irq\":24,\"name\":\"irqwatch_fault\","
		"\"count\":360000,\"ns\":690000000,\"rate\":120000,\"share\":0.23,"
		"\"affinity\":\"0-1\",\"effective_affinity\":\"1\"}}");
	expect_human(ev, TIME "hardirq_storm end cpu 1 irq 24 irqwatch_fault "
		"120000/s 23.0% affinity 0-1 effective 1 trigger rate intervals 5 "
		"duration 4.50 s\n");
	irqw_event_msg_free(&m);

	/* a line that is gone has no affinity */
	ev = decode(hardirq_storm_msg(IRQ_GONE), &m);
	assert_null(ev->irqs[0].affinity);
	assert_null(ev->irqs[0].effective);
	expect_json(ev, HEAD("hardirq_storm") "\"cpu\":1,"
		"\"duration_ns\":4500000000,\"phase\":\"end\","
		"\"trigger\":\"rate\",\"intervals\":5,\"share\":0.23,"
		"\"rate\":120000,\"irq\":{\"irq\":24,\"name\":\"irqwatch_fault\","
		"\"count\":360000,\"ns\":690000000,\"rate\":120000,"
		"\"share\":0.23}}");
	irqw_event_msg_free(&m);

	/* empty strings say nothing: no name, no affinity */
	ev = decode(hardirq_storm_msg(IRQ_EMPTY), &m);
	assert_null(ev->irqs[0].name);
	assert_null(ev->irqs[0].affinity);
	assert_null(ev->irqs[0].effective);
	expect_human(ev, TIME "hardirq_storm end cpu 1 irq 24 120000/s 23.0% "
		"trigger rate intervals 5 duration 4.50 s\n");
	irqw_event_msg_free(&m);
}

static void test_imbalance(void **state)
{
	struct irqw_event_msg m;
	struct irqw_event *ev = decode(imbalance_msg(NONE), &m);

	assert_true(ev->has & IRQW_EV_IMBALANCE);
	assert_true(ev->imb.has_hot_cpu && ev->imb.has_load && ev->imb.has_over);
	assert_int_equal(ev->imb.nr_cpus, 2);
	assert_int_equal(ev->imb.cpus[1].idle, 950000);
	assert_int_equal(ev->nr_irqs, 1);
	expect_json(ev, HEAD("irq_imbalance") "\"cpu\":0,"
		"\"duration_ns\":30000000000,\"phase\":\"start\","
		"\"trigger\":\"load\",\"intervals\":3,\"hot_cpu\":0,\"load\":0.45,"
		"\"mean\":0.23,\"stddev\":0.22,\"median\":0.01,\"over\":3,"
		"\"cpus\":[{\"cpu\":0,\"load\":0.45,\"idle\":0.05},"
		"{\"cpu\":1,\"load\":0.01,\"idle\":0.95}],"
		"\"irqs\":[{\"irq\":24,\"name\":\"eth0-rx-0\",\"count\":90000,"
		"\"ns\":1200000000,\"rate\":30000,\"share\":0.4,"
		"\"affinity\":\"0-3\",\"effective_affinity\":\"0\"}]}");
	expect_human(ev, TIME "irq_imbalance start cpu 0 load 45.0% mean 23.0% "
		"stddev 22.0% median 1.0% over 3 trigger load intervals 3 "
		"duration 30.00 s\n"
		"    cpus 0:45.0%/idle 5.0% 1:1.0%/idle 95.0%\n"
		"    irq 24 eth0-rx-0 30000/s 40.0% affinity 0-3 effective 0\n");

	/* the hot CPU's figures are optional: not written when not sent */
	ev->imb.has_hot_cpu = ev->imb.has_load = ev->imb.has_over = false;
	ev->imb.hot_cpu = ev->imb.load = ev->imb.over = 0;
	ev->imb.nr_cpus = 0;
	ev->nr_irqs = 0;
	expect_json(ev, HEAD("irq_imbalance") "\"cpu\":0,"
		"\"duration_ns\":30000000000,\"phase\":\"start\","
		"\"trigger\":\"load\",\"intervals\":3,"
		"\"mean\":0.23,\"stddev\":0.22,\"median\":0.01,\"cpus\":[]}");
	expect_human(ev, TIME "irq_imbalance start cpu 0 mean 23.0% "
		"stddev 22.0% median 1.0% trigger load intervals 3 "
		"duration 30.00 s\n");
	ev->imb.nr_cpus = 2;
	ev->nr_irqs = 1;
	irqw_event_msg_free(&m);
}

/* Storms carry no task: none sent, or pid 0 without a name. */
static void test_no_task(void **state)
{
	struct irqw_event_msg m;
	struct irqw_event *ev;
	char *line = NULL;

	ev = decode(imbalance_msg(EMPTY_TASK), &m);
	assert_false(ev->has & IRQW_EV_TASK);
	assert_null(ev->task.comm);
	assert_int_equal(irqw_json_event(ev, NULL, "h", NULL, &line), 0);
	assert_null(strstr(line, "\"task\""));
	assert_null(strstr(line, "\"stack\""));
	free(line);
	irqw_event_msg_free(&m);
	ev = decode(softirq_storm_msg(EMPTY_TASK), &m);
	assert_false(ev->has & IRQW_EV_TASK);
	irqw_event_msg_free(&m);
	/* the idle task has a name: it is a task */
	ev = decode(latency_msg(NONE), &m);
	assert_true(ev->has & IRQW_EV_TASK);
	irqw_event_msg_free(&m);
}

/* Values of a newer module are kept, named by number, and read back. */
static void test_unknown_values(void **state)
{
	struct irqw_event_msg m;
	struct irqw_event *ev;

	ev = decode(latency_msg(UNKNOWN_ENUMS), &m);
	assert_int_equal(ev->vector, 12);
	assert_int_equal(ev->served_by, 9);
	expect_json(ev, HEAD("softirq_latency") "\"cpu\":1,"
		"\"duration_ns\":12400000,\"vector\":\"bit 12\","
		"\"wait_ns\":12300000,\"run_ns\":100000,\"served_by\":\"served_by9\","
		"\"raiser\":{\"pid\":123,\"tgid\":123,\"comm\":\"cat\"},"
		"\"wait_softirq_ns\":1000000,\"wait_hardirq_ns\":200000,"
		"\"suppressed\":3,"
		"\"task\":{\"pid\":16,\"tgid\":16,\"comm\":\"ksoftirqd/1\"},"
		"\"stack\":[\"__do_softirq+0x10d/0x2e5\",\"run_ksoftirqd+0x2b/0x40\"]}");
	expect_human(ev, TIME "softirq_latency cpu 1 bit 12 wait 12.3 ms run "
		"100.0 us served by served_by9 (ksoftirqd/1[16]) raised by "
		"cat[123] behind softirqs 1.0 ms hardirqs 200.0 us (3 suppressed) "
		"at __do_softirq+0x10d/0x2e5\n");
	irqw_event_msg_free(&m);

	ev = decode(softirq_storm_msg(UNKNOWN_ENUMS), &m);
	assert_int_equal(ev->phase, 7);
	assert_int_equal(ev->trigger, 9);
	expect_human(ev, TIME "softirq_storm phase7 cpu 1 share 87.3% ksoftirqd "
		"100.0% trigger trigger9 intervals 3 duration 3.00 s TASKLET 86.6% "
		"NET_RX 0.6%\n"
		"    napi eth0 polls 100 packets 6400 exhausted 90\n"
		"    napi backlog polls 7 packets 12 exhausted 0\n");
	{
		struct irqw_record rec;
		char *line = NULL;

		assert_int_equal(irqw_json_event(ev, NULL, "h", NULL, &line), 0);
		assert_non_null(strstr(line, "\"phase\":\"phase7\","
				       "\"trigger\":\"trigger9\""));
		assert_int_equal(irqw_record_parse(line, &rec), 0);
		assert_int_equal(rec.ev.phase, 7);
		assert_int_equal(rec.ev.trigger, 9);
		irqw_record_free(&rec);
		free(line);
	}
	irqw_event_msg_free(&m);
}

/* An event not as the header says is left out, the message is kept. */
static void test_malformed(void **state)
{
	expect_malformed(latency_msg(SERVED_0));
	expect_malformed(latency_msg(RAISER_NO_COMM));
	expect_malformed(softirq_storm_msg(PHASE_0));
	expect_malformed(softirq_storm_msg(VEC_NO_SHARE));
	expect_malformed(softirq_storm_msg(NAPI_NO_DEV));
	expect_malformed(softirq_storm_msg(NAPI_EMPTY_DEV));
	expect_malformed(hardirq_storm_msg(TWO_IRQS));
	expect_malformed(hardirq_storm_msg(IRQ_NO_RATE));
	expect_malformed(imbalance_msg(IMB_NO_MEAN));
	expect_malformed(imbalance_msg(LOAD_NO_IDLE));
}

/* Copies own their arrays and strings. */
static void test_copy(void **state)
{
	struct irqw_event_msg m;
	struct irqw_event *ev, copy;

	ev = decode(imbalance_msg(NONE), &m);
	assert_int_equal(irqw_event_copy(ev, &copy), 0);
	assert_true(irqw_event_equal(ev, &copy));
	assert_ptr_not_equal(copy.irqs, ev->irqs);
	assert_ptr_not_equal(copy.imb.cpus, ev->imb.cpus);
	assert_ptr_not_equal(copy.irqs[0].name, ev->irqs[0].name);
	copy.imb.cpus[1].idle++;
	assert_false(irqw_event_equal(ev, &copy));
	irqw_event_free(&copy);
	irqw_event_msg_free(&m);

	ev = decode(softirq_storm_msg(NONE), &m);
	assert_int_equal(irqw_event_copy(ev, &copy), 0);
	assert_true(irqw_event_equal(ev, &copy));
	copy.vecs[0].share++;
	assert_false(irqw_event_equal(ev, &copy));
	copy.vecs[0].share--;
	copy.napis[0].exhausted++;
	assert_false(irqw_event_equal(ev, &copy));
	irqw_event_free(&copy);
	irqw_event_msg_free(&m);
}

/* Shares: exact fractions of ppm, both ways. */
static void test_fractions(void **state)
{
	static const struct {
		uint32_t ppm;
		const char *text, *pct;
	} cases[] = {
		{ 0, "0.0", "0.0%" }, { 1, "0.000001", "0.0%" },
		{ 500000, "0.5", "50.0%" }, { 634512, "0.634512", "63.4%" },
		{ 1000000, "1.0", "100.0%" }, { 1000001, "1.000001", "100.0%" },
		{ 999999, "0.999999", "99.9%" },
		{ UINT32_MAX, "4294.967295", "429496.7%" },
	};
	char buf[IRQW_FRACTION_LEN], line[512];
	struct irqw_record rec;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_string_equal(irqw_format_fraction(cases[i].ppm, buf),
				    cases[i].text);
		assert_string_equal(irqw_format_pct(cases[i].ppm, buf),
				    cases[i].pct);
		snprintf(line, sizeof(line), HEAD("hardirq_storm")
			 "\"cpu\":1,\"share\":%s}", cases[i].text);
		assert_int_equal(irqw_record_parse(line, &rec), 0);
		assert_int_equal(rec.ev.share, cases[i].ppm);
		irqw_record_free(&rec);
	}
	/* a whole number is a share too; a negative one or a string is not */
	assert_int_equal(irqw_record_parse(HEAD("hardirq_storm")
		"\"cpu\":1,\"share\":1}", &rec), 0);
	assert_int_equal(rec.ev.share, 1000000);
	irqw_record_free(&rec);
	assert_int_equal(irqw_record_parse(HEAD("hardirq_storm")
		"\"cpu\":1,\"share\":-0.5}", &rec), -EBADMSG);
	assert_int_equal(irqw_record_parse(HEAD("hardirq_storm")
		"\"cpu\":1,\"share\":\"0.5\"}", &rec), -EBADMSG);
	assert_int_equal(irqw_record_parse(HEAD("hardirq_storm")
		"\"cpu\":1,\"share\":5000}", &rec), -EBADMSG);
}

/* What the reader refuses in the new members: malformed, never fatal. */
static void test_read_bad(void **state)
{
	static const char *const bad[] = {
		HEAD("softirq_latency") "\"cpu\":0,\"vector\":\"net_rx\"}",
		HEAD("softirq_latency") "\"cpu\":0,\"vector\":3}",
		/* "bit N" only for what has no name */
		HEAD("softirq_latency") "\"cpu\":0,\"vector\":\"bit 3\"}",
		HEAD("softirq_latency") "\"cpu\":0,\"vector\":\"bit x\"}",
		HEAD("softirq_latency") "\"cpu\":0,\"served_by\":\"nobody\"}",
		HEAD("softirq_latency") "\"cpu\":0,\"raiser\":{\"pid\":1}}",
		HEAD("softirq_storm") "\"cpu\":0,\"phase\":\"middle\"}",
		HEAD("softirq_storm") "\"cpu\":0,\"vectors\":{}}",
		HEAD("softirq_storm") "\"cpu\":0,\"vectors\":[{\"vector\":\"HI\"}]}",
		HEAD("softirq_storm") "\"cpu\":0,\"napi\":[{\"dev\":\"eth0\"}]}",
		HEAD("softirq_storm") "\"cpu\":0,\"napi\":[1]}",
		HEAD("hardirq_storm") "\"cpu\":0,\"irq\":[]}",
		HEAD("hardirq_storm") "\"cpu\":0,\"irq\":{\"irq\":1}}",
		HEAD("irq_imbalance") "\"cpu\":0,\"cpus\":[{\"cpu\":0}]}",
		HEAD("irq_imbalance") "\"cpu\":0,\"mean\":\"high\"}",
		HEAD("irq_imbalance") "\"cpu\":0,\"hot_cpu\":-1}",
	};
	struct irqw_record rec;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (irqw_record_parse(bad[i], &rec) != -EBADMSG)
			fail_msg("accepted: %s", bad[i]);
	}
	/* a bare event of each type is fine: every member is optional */
	assert_int_equal(irqw_record_parse(HEAD("irq_imbalance") "\"cpu\":0}",
					   &rec), 0);
	assert_false(rec.ev.has & IRQW_EV_IMBALANCE);
	irqw_record_free(&rec);
}

/*
 * Random byte changes after the genl header of each new event's message:
 * rejected or parsed, no crash (ASan, in the sanitizer run); every string
 * of what is parsed is read, and the event written as a JSON line and as
 * monitor's line, then read back (which may refuse what the writer cannot
 * express, never crash).
 */
static void mutate(struct nl_msg *msg, unsigned int seed)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	size_t len = nlh->nlmsg_len, hdrlen = NLMSG_HDRLEN + GENL_HDRLEN, k;
	unsigned int i, n, rejected = 0, parsed = 0;
	unsigned char *bytes = malloc(len);
	struct irqw_event_msg m;
	struct irqw_record rec;
	struct irqw_event *ev;
	char *line;
	FILE *null = fopen("/dev/null", "w");

	assert_non_null(bytes);
	assert_non_null(null);
	srand(seed);
	for (i = 0; i < 10000; i++) {
		memcpy(bytes, nlh, len);
		for (n = 1 + (unsigned int)rand() % 4; n; n--)
			bytes[hdrlen + (size_t)rand() % (len - hdrlen)] =
				(unsigned char)rand();
		if (irqw_event_msg_parse((struct nlmsghdr *)bytes, &m)) {
			rejected++;
			continue;
		}
		parsed++;
		if (!m.nr_events) {
			irqw_event_msg_free(&m);
			continue;
		}
		ev = &m.events[0];
		for (k = 0; k < ev->nr_napis; k++)
			assert_true(strlen(ev->napis[k].dev) < IRQW_COMM_MAX);
		for (k = 0; k < ev->nr_irqs; k++)
			assert_true(!ev->irqs[k].name ||
				    strlen(ev->irqs[k].name) < IRQW_IRQ_NAME_MAX);
		if (ev->has & IRQW_EV_RAISER)
			assert_true(strlen(ev->raiser.comm) < IRQW_COMM_MAX);
		assert_int_equal(irqw_human_event(null, ev, NULL), 0);
		line = NULL;
		assert_int_equal(irqw_json_event(ev, NULL, "h", NULL, &line), 0);
		if (!irqw_record_parse(line, &rec))
			irqw_record_free(&rec);
		free(line);
		irqw_event_msg_free(&m);
	}
	assert_true(rejected + parsed == 10000 && parsed > 0);
	fclose(null);
	free(bytes);
	nlmsg_free(msg);
}

static void test_mutations(void **state)
{
	mutate(latency_msg(NONE), 1);
	mutate(softirq_storm_msg(NONE), 2);
	mutate(hardirq_storm_msg(NONE), 3);
	mutate(imbalance_msg(NONE), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latency),
		cmocka_unit_test(test_softirq_storm),
		cmocka_unit_test(test_hardirq_storm),
		cmocka_unit_test(test_imbalance),
		cmocka_unit_test(test_no_task),
		cmocka_unit_test(test_unknown_values),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_fractions),
		cmocka_unit_test(test_read_bad),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
