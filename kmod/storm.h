/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IRQWATCH_STORM_H
#define IRQWATCH_STORM_H

#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/types.h>
#include <linux/irqwatch.h>

#include "irqtp.h"

struct sk_buff;

/* Shown of a cpulist; a longer one ends in "..." */
#define IRQW_STORM_CPULIST	96
/* CPUs listed in an imbalance (the most loaded) */
#define IRQW_STORM_IMB_CPUS	64

/* An interrupt line on a CPU, as storm and imbalance events show it. */
struct irqw_storm_irq {
	u64 count;
	u64 ns;
	u64 rate;			/* per second */
	u32 share;			/* ppm */
	u32 irq;
	u8 has_affinity;
	char name[IRQW_TP_IRQ_NAME];
	char affinity[IRQW_STORM_CPULIST];
	char effective[IRQW_STORM_CPULIST];
};

struct irqw_storm_head {
	u32 share;			/* ppm */
	u32 intervals;
	u8 phase;			/* enum irqwatch_phase */
	u8 trigger;			/* enum irqwatch_trigger */
};

struct irqw_storm_soft_payload {
	struct irqw_storm_head head;
	u32 ksoftirqd_share;		/* ppm of the softirq time */
	u8 nr_vec;
	u8 nr_napi;
	struct {
		u64 count;
		u64 ns;
		u32 share;
		u8 id;
	} vec[NR_SOFTIRQS];
	struct {
		u64 polls;
		u64 packets;
		u64 exhausted;
		char dev[IFNAMSIZ];
	} napi[IRQW_TP_NAPIS];
};

struct irqw_storm_hard_payload {
	struct irqw_storm_head head;
	struct irqw_storm_irq irq;
};

struct irqw_storm_cpuload {
	u32 cpu;
	u32 load;			/* ppm */
	u32 idle;			/* ppm */
};

/* The figures of an imbalance check, in events and in status. */
struct irqw_storm_imbalance {
	s32 hot;			/* -1: no CPU met the rule */
	u32 load;			/* the most loaded CPU's, ppm */
	u32 mean;
	u32 stddev;
	u32 median;
	u32 over;
	u32 nr_cpus;
	struct irqw_storm_cpuload cpus[IRQW_STORM_IMB_CPUS];
};

struct irqw_storm_imb_payload {
	struct irqw_storm_head head;
	struct irqw_storm_imbalance imb;
	u8 nr_irqs;
	struct irqw_storm_irq irqs[IRQWATCH_IMBALANCE_IRQS_MAX];
};

extern const struct irqw_event_class irqw_storm_soft_event;
extern const struct irqw_event_class irqw_storm_hard_event;
extern const struct irqw_event_class irqw_storm_imb_event;

int irqw_storm_put_imbalance(struct sk_buff *msg, int attr,
			     const struct irqw_storm_imbalance *imb);
size_t irqw_storm_imbalance_size(void);

#endif /* IRQWATCH_STORM_H */
