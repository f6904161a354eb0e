/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The lines of "irqwatch monitor", one per event or lost record, for people
 * (like "ip monitor"); the JSON lines of "record" are for programs.
 */
#ifndef IRQW_HUMAN_H
#define IRQW_HUMAN_H

#include <stdint.h>
#include <stdio.h>

#include "account.h"
#include "enrich.h"
#include "ipc.h"

/*
 * "[2026-11-21T10:00:00.123456Z] seq 42 irqoff cpu 1 duration 812.000ms
 * cause irqs_disabled task cat[1234] at get_slabinfo+0x9c/0x110": duration
 * (when not 0), index, cause, task and the first meaningful frame
 * (irqw_meaningful_frame()) where the event has them; then, indented, one
 * line per in-window sample ("    sample +400.0 ms irqs off cat[1234] at
 * FRAME") and "    (2 more samples omitted)". An irqoff window that ended
 * in a stall probe's call adds "within PROBE". A softirqoff window, known
 * only within bounds, reads "[time] seq 45 softirqoff cpu 1 duration
 * 50.000-52.000ms cause bh_disabled pending TIMER,TASKLET task
 * kworker/1:0[30] at FRAME" (vectors in bit order, "bit N" for one this
 * tool cannot name, "none" for none), its sample below. Stall events read
 * "[time] seq 44 stall get_slabinfo cache=dentry objects=120000
 * partial=3400 812.0 ms cpu 3 cat[1234] parent crond[99] irqoff 790.0 ms
 * related_seq 41", objects and partial from x (which may be NULL). Strings
 * are cleaned of control characters. 0 or a negative errno.
 */
int irqw_human_event(FILE *f, const struct irqw_event *ev,
		     const struct irqw_extra *x);

/*
 * The rest of the line after "[time] seq N ", by family (family.h): the
 * window line (irqoff, softirqoff, synthetic, types without a family of
 * their own) with its samples below, and the stall line.
 */
void irqw_human_window(FILE *f, const struct irqw_event *ev,
		       const struct irqw_extra *x);
void irqw_human_stall(FILE *f, const struct irqw_event *ev,
		      const struct irqw_extra *x);

/*
 * softirq_latency: "softirq_latency cpu 1 NET_RX wait 12.3 ms run 100.0 us
 * served by ksoftirqd (ksoftirqd/1[16]) raised by cat[123] behind softirqs
 * 1.0 ms hardirqs 200.0 us (3 suppressed) at FRAME" (what the event has).
 */
void irqw_human_latency(FILE *f, const struct irqw_event *ev,
			const struct irqw_extra *x);

/*
 * softirq_storm: "softirq_storm start cpu 1 share 87.0% ksoftirqd 100.0%
 * trigger takeover intervals 3 duration 3.00 s TASKLET 86.9% NET_RX 0.1%",
 * and "    napi eth0 polls 100 packets 6400 exhausted 90" per NAPI
 * context; hardirq_storm: "hardirq_storm start cpu 1 irq 24 irqwatch_fault
 * 120000/s 23.0% trigger rate intervals 3 duration 3.00 s affinity 0-1
 * effective 1".
 */
void irqw_human_storm(FILE *f, const struct irqw_event *ev,
		      const struct irqw_extra *x);

/*
 * irq_imbalance: "irq_imbalance start cpu 0 load 45.0% mean 23.0% stddev
 * 20.0% median 1.0% over 3 trigger load intervals 3 duration 30.00 s",
 * "    cpus 0:45.0%/idle 5.0% 1:1.0%/idle 95.0%", and a line per busiest
 * interrupt line: "    irq 24 eth0-rx 30000/s 40.0% affinity 0-3 effective 0".
 */
void irqw_human_imbalance(FILE *f, const struct irqw_event *ev,
			  const struct irqw_extra *x);

/*
 * "[time] lost 5 events (ring_full)", "[time] lost 1 event (seq_gap, seq
 * 42)", "[time] lost 3 events (seq_gap, seq 7-9)"; time is real_ns.
 */
int irqw_human_lost(FILE *f, const struct irqw_lost *lost, uint64_t real_ns);

#endif /* IRQW_HUMAN_H */
