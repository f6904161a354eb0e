/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * IRQWATCH_CMD_GET_STATS replies built the way kmod/event.c builds them,
 * good or broken in one chosen way, for the tests of userspace/ipc_stats.c
 * and userspace/ipc_readers.c and of what status and stats print.
 */
#ifndef STATS_MSG_H
#define STATS_MSG_H

#include <stdbool.h>
#include <stdint.h>

#include <netlink/msg.h>

#include "ipc.h"

#define FAMILY_ID	0x1d
#define NONE		-1

/* HIST: the buckets of the irqoff histogram; READER: a reader's attributes */
enum level { TOP, STATS, LISTENER, CPU, DROPS, HIST, READER, LEVELS };

/* As in status_msg.h: one attribute per level left out or replaced. */
struct variant {
	int skip[LEVELS];
	int bad[LEVELS];
	const void *bad_data;
	int bad_len;
	uint8_t cmd;
	bool no_drain;		/* neither DRAINED nor DRAIN_NS */
	bool irqoff;		/* the CPUs' irqoff counters */
	unsigned int nr_buckets;	/* of their histograms; 0: 22 */
	bool readers;		/* two readers and the readers' overflow */
	bool softirqoff;	/* the CPUs' softirqoff counters */
};

extern const struct variant good;

/*
 * Two listeners, two CPUs: cpu0 with drops of synthetic (3) and irqoff (1),
 * cpu1 with none; a 64 KiB ring. With irqoff, cpu0 has ticks 1000000,
 * tick_ns 850000000, nmis_sent 4, samples 4, nmi_ns 2500, windows 2,
 * max_late_ns 812345678 and buckets 0: 998000, 1: 1500, 14: 3; cpu1 all 0.
 * With softirqoff, cpu0 has softirqoff ticks 5100 and windows 3, cpu1 0 and 0.
 * With readers: get_slabinfo of dentry by 1234 "cat" (3 calls, 2436000000
 * ns, max 812000000, last at 5 s), show_slab_objects with no cache by 999
 * "slabtop" (40 calls, 4000000 ns, max 200000, last at 6 s), overflow 7.
 */
struct nl_msg *stats_msg_build(const struct variant *v);

/* Parses the message of v, which must be rejected, leaving *st alone. */
void expect_bad(const struct variant *v);

/* Parses the message of v, which must be good. */
void parse_variant(const struct variant *v, struct irqw_stats *st);
void parse_good(struct irqw_stats *st);

#endif /* STATS_MSG_H */
