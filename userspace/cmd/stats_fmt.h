/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The parts of IRQWATCH_CMD_GET_STATS that "irqwatch status" and
 * "irqwatch stats" both show: the irqoff timer's counters and lateness
 * histogram and the softirqoff counters per CPU, and the slab readers.
 */
#ifndef IRQW_STATS_FMT_H
#define IRQW_STATS_FMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#include "ipc.h"

/* Readers the text shows, those with the most time in their calls. */
#define IRQW_READERS_SHOWN	10

/*
 * For a CPU with irqoff counters, two lines:
 * "cpu0 irqoff ticks 1000 850 ns/tick nmis_sent 4 samples 4 625 ns/nmi
 * windows 2 max_late 812.3 ms" and "cpu0 lateness <1us:998 1-2us:2" (the
 * buckets that are not empty; "none" if all are). Nothing without them.
 */
void irqw_irqoff_text(FILE *f, const struct irqw_cpu_stats *c);

/*
 * Adds "irqoff": {ticks, tick_ns, nmis_sent, samples, nmi_ns, windows,
 * max_late_ns, hist: [IRQW_HIST_BUCKETS numbers]} to cpu, if c has them.
 * 0 or -ENOMEM.
 */
int irqw_irqoff_json(struct json_object *cpu, const struct irqw_cpu_stats *c);

/*
 * For a CPU with softirqoff counters (the softirq detector's), one line:
 * "cpu0 softirqoff ticks 5100 windows 3". Nothing without them.
 */
void irqw_softirqoff_text(FILE *f, const struct irqw_cpu_stats *c);

/* Adds "softirqoff": {ticks, windows} to cpu, if c has them. 0 or -ENOMEM. */
int irqw_softirqoff_json(struct json_object *cpu, const struct irqw_cpu_stats *c);

/*
 * For a CPU with the tracepoints' counters (softirq and storm detectors):
 * "cpu0 softirq 12.3 ms ksoftirqd 1.0 ms hardirq 2.0 ms hardirqs 1000
 * untracked 0 latency_events 3 suppressed 0", then per vector that ran or
 * was raised "cpu0 NET_RX runs 100 time 1.0 ms raises 90 wait <1us:80
 * 1-2us:10 run <1us:100" (the histograms' buckets that are not empty, as
 * the irqoff lateness; "none" if all are). Nothing without them.
 */
void irqw_softirq_text(FILE *f, const struct irqw_cpu_stats *c);

/*
 * Adds "softirq": {softirq_ns, ksoftirqd_ns, hardirq_ns, hardirqs,
 * irqs_untracked, latency_events, latency_suppressed, vectors: [{vector,
 * count, ns, raises, wait_hist: [22], run_hist: [22]}]} to cpu, if c has
 * them. 0 or -ENOMEM.
 */
int irqw_softirq_json(struct json_object *cpu, const struct irqw_cpu_stats *c);

/*
 * The storm detector's part: a line per tracepoint ("tracepoint
 * irq:softirq_raise attached", and for one missing or failed what is not
 * measured: "tracepoint napi:napi_poll missing: NAPI contexts are not
 * named in softirq storms"), "storms 2 active" (or "storms none") with a
 * line per storm listed ("  hardirq_storm cpu 1 irq 24 for 3.00 s share
 * 23.0% rate 120000/s", since relative to now_ns), and the last imbalance
 * check ("imbalance hot cpu 0 load 45.0% mean 23.0% stddev 20.0% median
 * 1.0% over 2" or "imbalance none mean ...", then "imbalance cpus
 * 0:45.0%/idle 5.0% ..."). Nothing from a module without them. 0 or a
 * negative errno.
 */
int irqw_storms_text(FILE *f, const struct irqw_stats *st, uint64_t now_ns);

/*
 * Adds "tracepoints": [{name, state}], "storms_active", "storms": [{type,
 * cpu, irq, since_ns, share, rate}] and "imbalance": {hot_cpu, load, mean,
 * stddev, median, over, cpus: [{cpu, load, idle}]} (shares as fractions)
 * to root, those the module reports; nothing from a module without them.
 */
int irqw_storms_json(struct json_object *root, const struct irqw_stats *st);

/*
 * "slab readers 3 (12 calls not summed: the table was full)" and a table
 * of the IRQW_READERS_SHOWN readers with the most time: probe, cache,
 * tgid, comm, calls, total, max, and the last call as time before now_ns
 * (CLOCK_MONOTONIC); "slab readers none" without any; nothing if the
 * module keeps no readers (it reports neither readers nor their overflow).
 * 0 or a negative errno.
 */
int irqw_readers_text(FILE *f, const struct irqw_stats *st, uint64_t now_ns);

/*
 * Adds "readers": [{probe, cache, tgid, comm, calls, total_ns, max_ns,
 * last_ns}] in the module's order (most recent first), and
 * "readers_overflow" where the module reports it, to root; nothing if the
 * module keeps no readers.
 */
int irqw_readers_json(struct json_object *root, const struct irqw_stats *st);

#endif /* IRQW_STATS_FMT_H */
