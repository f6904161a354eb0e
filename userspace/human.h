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
#include "ipc.h"

/*
 * "[2026-11-21T10:00:00.123456Z] seq 42 synthetic cpu 1 index 17
 * task swapper/1[0] at func+0x1a/0x30" (one line): duration (when not 0),
 * index, task and the innermost frame where the event has them. Strings
 * are cleaned of control characters. 0 or a negative errno.
 */
int irqw_human_event(FILE *f, const struct irqw_event *ev);

/*
 * "[time] lost 5 events (ring_full)", "[time] lost 1 event (seq_gap, seq
 * 42)", "[time] lost 3 events (seq_gap, seq 7-9)"; time is real_ns.
 */
int irqw_human_lost(FILE *f, const struct irqw_lost *lost, uint64_t real_ns);

#endif /* IRQW_HUMAN_H */
