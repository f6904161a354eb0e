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
 * "[time] lost 5 events (ring_full)", "[time] lost 1 event (seq_gap, seq
 * 42)", "[time] lost 3 events (seq_gap, seq 7-9)"; time is real_ns.
 */
int irqw_human_lost(FILE *f, const struct irqw_lost *lost, uint64_t real_ns);

#endif /* IRQW_HUMAN_H */
