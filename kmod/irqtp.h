/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IRQWATCH_IRQTP_H
#define IRQWATCH_IRQTP_H

#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/types.h>
#include <asm/local64.h>
#include <linux/irqwatch.h>

struct sk_buff;

/*
 * The interrupt tracepoints (irqtp.c): softirq raise/entry/exit, interrupt
 * handler entry/exit and NAPI polls, counted per CPU. The softirq detector
 * owns them (it starts before the storm detector and stops after it): it
 * sends softirq_latency events from them; the storm detector reads the
 * counters. They are attached while one of their users is on.
 */
enum irqw_tp_user {
	IRQW_TP_SOFTIRQ = BIT(0),	/* softirq_latency events */
	IRQW_TP_STORM = BIT(1),		/* the storm detector's counters */
};

/* Interrupt lines and NAPI contexts a CPU keeps apart. */
#define IRQW_TP_IRQS		32
#define IRQW_TP_NAPIS		IRQWATCH_STORM_NAPI_MAX
#define IRQW_TP_IRQ_NAME	32

/* An interrupt line that ran on a CPU; claimed by that CPU, kept. */
struct irqw_tp_irq {
	u32 key;			/* irq + 1; 0: free */
	const void *action;		/* compared, never followed */
	char name[IRQW_TP_IRQ_NAME];	/* the handler's, when first seen */
	local64_t count;
	local64_t ns;
};

/* A NAPI context polled on a CPU; claimed by that CPU, kept. */
struct irqw_tp_napi {
	const void *napi;		/* compared, never followed */
	const void *dev;
	char dev_name[IFNAMSIZ];
	local64_t polls;
	local64_t packets;
	local64_t exhausted;
};

/* What the counters say; the storm detector reads them from any CPU. */
struct irqw_tp_counts {
	u64 soft_ns;
	u64 ksoftirqd_ns;
	u64 hard_ns;
	u64 vec_count[NR_SOFTIRQS];
	u64 vec_ns[NR_SOFTIRQS];
	u64 irq_count[IRQW_TP_IRQS];
	u64 irq_ns[IRQW_TP_IRQS];
	u64 napi_polls[IRQW_TP_NAPIS];
	u64 napi_packets[IRQW_TP_NAPIS];
	u64 napi_exhausted[IRQW_TP_NAPIS];
};

int irqw_tp_init(void);
void irqw_tp_exit(void);
/* Under irqw_cfg_lock: @user on or off; attaches or detaches as needed. */
void irqw_tp_use(u32 user, bool on);
/* softirq_latency's threshold */
void irqw_tp_set_threshold(u64 ns);

void irqw_tp_read(int cpu, struct irqw_tp_counts *c);
/* @cpu's line @slot: its number (-1: free) and name */
int irqw_tp_irq(int cpu, unsigned int slot, char *name, size_t len);
/* @cpu's NAPI context @slot: false if free */
bool irqw_tp_napi(int cpu, unsigned int slot, char *dev, size_t len);
/* whether the tracepoint that counts interrupt handlers is attached */
bool irqw_tp_hardirq_on(void);

int irqw_tp_put_stats(struct sk_buff *msg);
size_t irqw_tp_stats_size(void);
int irqw_tp_put_cpu_stats(struct sk_buff *msg, int cpu);
size_t irqw_tp_cpu_stats_size(void);

#endif /* IRQWATCH_IRQTP_H */
