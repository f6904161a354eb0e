// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the IRQWATCH_CMD_EVENT parser on malformed messages: a
 * broken message is rejected with -EBADMSG, a broken event is left out and
 * counted; nothing crashes, reads out of bounds or leaks (run under valgrind).
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/irqwatch.h>

#include "event_msg.h"
#include "ipc.h"

static void test_bad_lengths(void **state)
{
	static const uint8_t zeros[16];
	static const int u64s[] = {
		IRQWATCH_EV_SEQ, IRQWATCH_EV_MONO_NS, IRQWATCH_EV_REAL_NS,
		IRQWATCH_EV_DURATION_NS, IRQWATCH_EV_SYNTH_INDEX,
	};
	size_t i;
	int type;

	for (i = 0; i < sizeof(u64s) / sizeof(u64s[0]); i++) {
		ev_bad_attr(EV_EV, u64s[i], zeros, 0);
		ev_bad_attr(EV_EV, u64s[i], zeros, 4);
		ev_bad_attr(EV_EV, u64s[i], zeros, 12);
	}
	for (type = IRQWATCH_EV_TYPE; type <= IRQWATCH_EV_CPU; type++) {
		ev_bad_attr(EV_EV, type, zeros, 0);
		ev_bad_attr(EV_EV, type, zeros, 2);
		ev_bad_attr(EV_EV, type, zeros, 8);
	}
	for (type = IRQWATCH_TASK_PID; type <= IRQWATCH_TASK_TGID; type++) {
		ev_bad_attr(EV_TASK, type, zeros, 1);
		ev_bad_attr(EV_TASK, type, zeros, 8);
	}
	ev_bad_attr(EV_TOP, IRQWATCH_A_RING_DROPS, zeros, 4);
	ev_bad_attr(EV_TOP, IRQWATCH_A_RING_DROPS, zeros, 16);
}

/* A good irqoff message but for one attribute with the given payload. */
static void irqoff_bad_attr(enum ev_level level, int type, const void *data,
			    int len)
{
	struct ev_variant v = ev_good;

	v.type = IRQWATCH_EVENT_IRQOFF;
	v.nr_samples = 2;
	v.bad[level] = type;
	v.bad_data = data;
	v.bad_len = len;
	v.which = 1;
	ev_expect_skipped(ev_msg_build(&v), &v, 1);
}

/* The same with one attribute left out. */
static void irqoff_skip(enum ev_level level, int type)
{
	struct ev_variant v = ev_good;

	v.type = IRQWATCH_EVENT_IRQOFF;
	v.nr_samples = 2;
	v.skip[level] = type;
	v.which = 1;
	ev_expect_skipped(ev_msg_build(&v), &v, 1);
}

static void test_bad_irqoff(void **state)
{
	static const uint8_t zeros[16], two = 2;
	static const uint8_t garbage[] = { 0xff, 0x00, 0x02, 0x00, 0x01 };
	char long_comm[IRQW_COMM_MAX + 1];
	int type;

	memset(long_comm, 'c', sizeof(long_comm) - 1);
	long_comm[sizeof(long_comm) - 1] = '\0';
	for (type = IRQWATCH_EV_CAUSE; type <= IRQWATCH_EV_SAMPLES_OMITTED;
	     type++) {
		irqoff_bad_attr(EV_EV, type, zeros, 0);
		irqoff_bad_attr(EV_EV, type, zeros, 2);
		irqoff_bad_attr(EV_EV, type, zeros, 8);
	}
	/* 0 is no cause and no context */
	irqoff_bad_attr(EV_EV, IRQWATCH_EV_CAUSE, zeros, 4);
	irqoff_bad_attr(EV_EV, IRQWATCH_EV_CONTEXT, zeros, 4);
	irqoff_bad_attr(EV_EV, IRQWATCH_EV_SAMPLE, zeros, 4);
	irqoff_bad_attr(EV_EV, IRQWATCH_EV_SAMPLE, garbage, sizeof(garbage));
	irqoff_bad_attr(EV_EV, IRQWATCH_EV_SAMPLE, garbage, 0);

	irqoff_bad_attr(EV_SAMPLE, IRQWATCH_SAMPLE_OFFSET_NS, zeros, 4);
	irqoff_bad_attr(EV_SAMPLE, IRQWATCH_SAMPLE_DELAY_NS, zeros, 12);
	irqoff_bad_attr(EV_SAMPLE, IRQWATCH_SAMPLE_IRQS_DISABLED, zeros, 0);
	irqoff_bad_attr(EV_SAMPLE, IRQWATCH_SAMPLE_IRQS_DISABLED, zeros, 4);
	/* a boolean */
	irqoff_bad_attr(EV_SAMPLE, IRQWATCH_SAMPLE_IRQS_DISABLED, &two, 1);
	irqoff_bad_attr(EV_SAMPLE, IRQWATCH_SAMPLE_TASK, zeros, 4);
	irqoff_bad_attr(EV_SAMPLE, IRQWATCH_SAMPLE_TASK, garbage, sizeof(garbage));
	irqoff_bad_attr(EV_SAMPLE, IRQWATCH_SAMPLE_STACK, garbage, sizeof(garbage));
	irqoff_bad_attr(EV_STASK, IRQWATCH_TASK_PID, zeros, 8);
	irqoff_bad_attr(EV_STASK, IRQWATCH_TASK_COMM, "cat", 3);
	irqoff_bad_attr(EV_STASK, IRQWATCH_TASK_COMM, long_comm,
			sizeof(long_comm));
	irqoff_bad_attr(EV_SSTACK, IRQWATCH_FRAME, "f+0x1/0x2", 9);

	/* every sample has an offset, interrupt state, task and delay */
	irqoff_skip(EV_SAMPLE, IRQWATCH_SAMPLE_OFFSET_NS);
	irqoff_skip(EV_SAMPLE, IRQWATCH_SAMPLE_IRQS_DISABLED);
	irqoff_skip(EV_SAMPLE, IRQWATCH_SAMPLE_TASK);
	irqoff_skip(EV_SAMPLE, IRQWATCH_SAMPLE_DELAY_NS);
	for (type = IRQWATCH_TASK_PID; type <= IRQWATCH_TASK_COMM; type++)
		irqoff_skip(EV_STASK, type);
}

/* A good softirqoff message but for one attribute with the given payload. */
static void softirqoff_bad_attr(enum ev_level level, int type,
				const void *data, int len)
{
	struct ev_variant v = ev_good;

	v.type = IRQWATCH_EVENT_SOFTIRQOFF;
	v.softirqoff = true;
	v.nr_samples = 1;
	v.cause = IRQWATCH_CAUSE_BH_DISABLED;
	v.bad[level] = type;
	v.bad_data = data;
	v.bad_len = len;
	v.which = 1;
	ev_expect_skipped(ev_msg_build(&v), &v, 1);
}

static void test_bad_softirqoff(void **state)
{
	static const uint8_t zeros[16];

	softirqoff_bad_attr(EV_EV, IRQWATCH_EV_DURATION_MAX_NS, zeros, 0);
	softirqoff_bad_attr(EV_EV, IRQWATCH_EV_DURATION_MAX_NS, zeros, 4);
	softirqoff_bad_attr(EV_EV, IRQWATCH_EV_DURATION_MAX_NS, zeros, 12);
	softirqoff_bad_attr(EV_EV, IRQWATCH_EV_PENDING, zeros, 0);
	softirqoff_bad_attr(EV_EV, IRQWATCH_EV_PENDING, zeros, 2);
	softirqoff_bad_attr(EV_EV, IRQWATCH_EV_PENDING, zeros, 8);
	/* the longest the window can have been is not below the shortest */
	softirqoff_bad_attr(EV_EV, IRQWATCH_EV_DURATION_NS,
			    &(uint64_t){ 2000002 }, 8);
	softirqoff_bad_attr(EV_EV, IRQWATCH_EV_DURATION_NS,
			    &(uint64_t){ UINT64_MAX }, 8);
	softirqoff_bad_attr(EV_EV, IRQWATCH_EV_CAUSE, zeros, 4);
	softirqoff_bad_attr(EV_SAMPLE, IRQWATCH_SAMPLE_DELAY_NS, zeros, 4);
}

/* A good stall message, with within, but for one attribute. */
static void stall_bad_attr(enum ev_level level, int type, const void *data,
			   int len)
{
	struct ev_variant v = ev_good;

	v.type = IRQWATCH_EVENT_STALL;
	v.stall = true;
	v.within = true;
	v.bad[level] = type;
	v.bad_data = data;
	v.bad_len = len;
	v.which = 1;
	ev_expect_skipped(ev_msg_build(&v), &v, 1);
}

static void stall_skip(enum ev_level level, int type)
{
	struct ev_variant v = ev_good;

	v.type = IRQWATCH_EVENT_STALL;
	v.stall = true;
	v.within = true;
	v.skip[level] = type;
	v.which = 1;
	ev_expect_skipped(ev_msg_build(&v), &v, 1);
}

static void test_bad_stall(void **state)
{
	static const uint8_t zeros[16];
	static const uint8_t garbage[] = { 0xff, 0x00, 0x02, 0x00, 0x01 };
	char long_name[IRQWATCH_SYMBOL_LEN_MAX + 1];

	memset(long_name, 's', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';

	/* names: no NUL, empty, too long */
	stall_bad_attr(EV_EV, IRQWATCH_EV_PROBE, "get_slabinfo", 12);
	stall_bad_attr(EV_EV, IRQWATCH_EV_PROBE, "", 1);
	stall_bad_attr(EV_EV, IRQWATCH_EV_PROBE, long_name, sizeof(long_name));
	stall_bad_attr(EV_EV, IRQWATCH_EV_CACHE, "dentry", 6);
	stall_bad_attr(EV_EV, IRQWATCH_EV_CACHE, "", 1);
	stall_bad_attr(EV_EV, IRQWATCH_EV_CACHE, long_name, sizeof(long_name));
	/* numbers of the wrong size; seq 0 is no seq */
	stall_bad_attr(EV_EV, IRQWATCH_EV_RELATED_SEQ, zeros, 4);
	stall_bad_attr(EV_EV, IRQWATCH_EV_RELATED_SEQ, zeros, 8);
	stall_bad_attr(EV_EV, IRQWATCH_EV_IRQS_OFF, zeros, 8);
	stall_bad_attr(EV_EV, IRQWATCH_EV_IRQS_OFF, zeros, 1);
	stall_bad_attr(EV_EV, IRQWATCH_EV_IRQOFF_NS, zeros, 4);
	stall_bad_attr(EV_TASK, IRQWATCH_TASK_UID, zeros, 8);
	stall_bad_attr(EV_TASK, IRQWATCH_TASK_CGROUP_ID, zeros, 4);
	/* the parent is a task */
	stall_bad_attr(EV_EV, IRQWATCH_EV_PARENT, zeros, 4);
	stall_bad_attr(EV_EV, IRQWATCH_EV_PARENT, garbage, sizeof(garbage));
	stall_bad_attr(EV_PARENT, IRQWATCH_TASK_COMM, "crond", 5);
	stall_bad_attr(EV_PARENT, IRQWATCH_TASK_PID, zeros, 2);
	stall_skip(EV_PARENT, IRQWATCH_TASK_PID);
	stall_skip(EV_PARENT, IRQWATCH_TASK_COMM);
	/* within: a name and a kind that is not 0 */
	stall_bad_attr(EV_EV, IRQWATCH_EV_WITHIN, garbage, sizeof(garbage));
	stall_bad_attr(EV_EV, IRQWATCH_EV_WITHIN, zeros, 0);
	stall_bad_attr(EV_WITHIN, IRQWATCH_PROBE_SYMBOL, "", 1);
	stall_bad_attr(EV_WITHIN, IRQWATCH_PROBE_SYMBOL, "x", 1);
	stall_bad_attr(EV_WITHIN, IRQWATCH_PROBE_KIND, zeros, 4);
	stall_bad_attr(EV_WITHIN, IRQWATCH_PROBE_KIND, zeros, 8);
	stall_skip(EV_WITHIN, IRQWATCH_PROBE_SYMBOL);
	stall_skip(EV_WITHIN, IRQWATCH_PROBE_KIND);
}

/* More samples than an event may have: every event is malformed. */
static void test_too_many_samples(void **state)
{
	struct ev_variant v = ev_good;
	struct irqw_event_msg m;
	struct nl_msg *msg;

	v.type = IRQWATCH_EVENT_IRQOFF;
	v.nr_events = 2;
	v.nr_samples = IRQW_SAMPLES_MAX + 1;
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 0);
	assert_int_equal(m.nr_malformed, 2);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
}

/* A flag has no payload. */
static void test_bad_flag(void **state)
{
	static const uint32_t one = 1;
	struct ev_variant v = ev_good;

	v.shutdown = true;
	v.bad[EV_TOP] = IRQWATCH_A_SHUTDOWN;
	v.bad_data = &one;
	v.bad_len = sizeof(one);
	ev_expect_bad(ev_msg_build(&v));
}

static void test_bad_strings(void **state)
{
	char long_frame[IRQW_FRAME_MAX + 1], long_comm[IRQW_COMM_MAX + 1];

	memset(long_frame, 'f', sizeof(long_frame) - 1);
	long_frame[sizeof(long_frame) - 1] = '\0';
	memset(long_comm, 'c', sizeof(long_comm) - 1);
	long_comm[sizeof(long_comm) - 1] = '\0';

	/* no NUL, empty, too long */
	ev_bad_attr(EV_TASK, IRQWATCH_TASK_COMM, "cat", 3);
	ev_bad_attr(EV_TASK, IRQWATCH_TASK_COMM, "", 0);
	ev_bad_attr(EV_TASK, IRQWATCH_TASK_COMM, long_comm, sizeof(long_comm));
	ev_bad_attr(EV_STACK, IRQWATCH_FRAME, "f+0x1/0x2", 9);
	ev_bad_attr(EV_STACK, IRQWATCH_FRAME, "", 0);
	ev_bad_attr(EV_STACK, IRQWATCH_FRAME, long_frame, sizeof(long_frame));
}

/* The longest strings that are allowed still are. */
static void test_longest_strings(void **state)
{
	char frame[IRQW_FRAME_MAX], comm[IRQW_COMM_MAX];
	struct ev_variant v = ev_good;
	struct irqw_event_msg m;
	struct nl_msg *msg;

	memset(frame, 'f', sizeof(frame) - 1);
	frame[sizeof(frame) - 1] = '\0';
	memset(comm, 'c', sizeof(comm) - 1);
	comm[sizeof(comm) - 1] = '\0';

	v.bad[EV_TASK] = IRQWATCH_TASK_COMM;
	v.bad_data = comm;
	v.bad_len = sizeof(comm);
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 3);
	assert_string_equal(m.events[2].task.comm, comm);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);

	v = ev_good;
	v.bad[EV_STACK] = IRQWATCH_FRAME;
	v.bad_data = frame;
	v.bad_len = sizeof(frame);
	msg = ev_msg_build(&v);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 3);
	assert_string_equal(m.events[0].frames[1], frame);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
}

static void test_bad_nests(void **state)
{
	/* an attribute header claiming more than there is */
	static const uint8_t garbage[] = { 0xff, 0x00, 0x02, 0x00, 0x01 };
	static const uint32_t u32 = 1000;

	ev_bad_attr(EV_EV, IRQWATCH_EV_TASK, &u32, sizeof(u32));
	ev_bad_attr(EV_EV, IRQWATCH_EV_TASK, garbage, sizeof(garbage));
	ev_bad_attr(EV_EV, IRQWATCH_EV_TASK, garbage, 0);
	ev_bad_attr(EV_EV, IRQWATCH_EV_STACK, &u32, sizeof(u32));
	ev_bad_attr(EV_EV, IRQWATCH_EV_STACK, garbage, sizeof(garbage));
}

/* A broken event nest is one malformed event; the others are kept. */
static void test_bad_event_nest(void **state)
{
	static const uint8_t garbage[] = { 0x08, 0x00, 0x02, 0x00, 0x01, 0x00,
					   0x00, 0x00, 0xff, 0xff };
	struct ev_variant v = ev_good;
	struct irqw_event_msg m;
	struct nl_msg *msg;

	v.nr_events = 1;
	msg = ev_msg_build(&v);
	assert_int_equal(nla_put(msg, IRQWATCH_A_EVENT, sizeof(garbage), garbage), 0);
	assert_int_equal(nla_put(msg, IRQWATCH_A_EVENT, 0, NULL), 0);
	assert_int_equal(irqw_event_msg_parse(nlmsg_hdr(msg), &m), 0);
	assert_int_equal(m.nr_events, 1);
	assert_int_equal(m.nr_malformed, 2);
	assert_int_equal(m.events[0].seq, 42);
	irqw_event_msg_free(&m);
	nlmsg_free(msg);
}

/* Every cut of a good message: rejected, or whole events only. */
static void test_truncated(void **state)
{
	struct nl_msg *msg = ev_msg_build(&ev_good);
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	unsigned int parsed = 0;
	struct irqw_event_msg m;
	size_t len;
	int ret;

	for (len = sizeof(*nlh); len <= nlh->nlmsg_len; len++) {
		ret = ev_parse_exact(nlh, len, &m);
		if (ret) {
			assert_int_equal(ret, -EBADMSG);
			continue;
		}
		/* only cuts between top-level attributes are whole messages */
		assert_int_equal(m.nr_malformed, 0);
		assert_true(m.nr_events <= 3);
		irqw_event_msg_free(&m);
		parsed++;
	}
	/* after the ring drops and after each of the three events */
	assert_int_equal(parsed, 4);
	nlmsg_free(msg);
}

/*
 * Random byte changes after the genl header: rejected or parsed, no crash;
 * of a message of plain events and of one of irqoff events with samples.
 */
static void mutate(const struct ev_variant *v, unsigned int seed)
{
	struct nl_msg *msg = ev_msg_build(v);
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	size_t len = nlh->nlmsg_len, hdrlen = NLMSG_HDRLEN + GENL_HDRLEN;
	unsigned int i, n, rejected = 0, whole = 0, partial = 0;
	unsigned char *bytes = malloc(len);
	struct irqw_event_msg m;
	int ret;

	assert_non_null(bytes);
	srand(seed);
	for (i = 0; i < 30000; i++) {
		memcpy(bytes, nlh, len);
		for (n = 1 + (unsigned int)rand() % 4; n; n--)
			bytes[hdrlen + (size_t)rand() % (len - hdrlen)] =
				(unsigned char)rand();
		ret = ev_parse_exact((struct nlmsghdr *)bytes, len, &m);
		if (ret) {
			assert_int_equal(ret, -EBADMSG);
			rejected++;
			continue;
		}
		/* a changed length can make more attributes of fewer */
		assert_true(m.nr_events + m.nr_malformed <= len / NLA_HDRLEN);
		if (m.nr_malformed)
			partial++;
		else
			whole++;
		irqw_event_msg_free(&m);
	}
	assert_true(rejected > 0 && whole > 0 && partial > 0);
	free(bytes);
	nlmsg_free(msg);
}

static void test_mutations(void **state)
{
	struct ev_variant v = ev_good;

	mutate(&v, 1);
	v.type = IRQWATCH_EVENT_IRQOFF;
	v.nr_samples = 2;
	v.nr_frames = 1;
	mutate(&v, 2);
	v.type = IRQWATCH_EVENT_STALL;
	v.nr_samples = 0;
	v.stall = true;
	v.within = true;
	mutate(&v, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_lengths),
		cmocka_unit_test(test_bad_irqoff),
		cmocka_unit_test(test_bad_softirqoff),
		cmocka_unit_test(test_too_many_samples),
		cmocka_unit_test(test_bad_stall),
		cmocka_unit_test(test_bad_flag),
		cmocka_unit_test(test_bad_strings),
		cmocka_unit_test(test_longest_strings),
		cmocka_unit_test(test_bad_nests),
		cmocka_unit_test(test_bad_event_nest),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
