/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IRQWATCH_SOFTIRQ_H
#define IRQWATCH_SOFTIRQ_H

#include <linux/types.h>

/*
 * Called by the irqoff detector's hard tick (irqoff.c), in hardirq context
 * on the ticking CPU, while the softirq detector is on: @now is this tick,
 * @prev the one before it on this CPU (0: the timer just started).
 */
void irqw_softirq_tick(u64 prev, u64 now);
/*
 * Called by the irqoff detector when the CPU switches to the idle task and
 * its timer stops (sched_switch, interrupts off): @prev is its last tick.
 */
void irqw_softirq_idle(u64 prev, u64 now);

#endif /* IRQWATCH_SOFTIRQ_H */
