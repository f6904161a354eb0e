/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IRQWATCH_H
#define IRQWATCH_H

#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct netlink_ext_ack;

/*
 * The configuration. irqw_cfg is written only under irqw_cfg_lock, by the
 * module parameter parser at load time or by a netlink request; readers in
 * process context take the lock.
 */
struct irqw_config {
	u32 period_us;
	u32 irqoff_threshold_us;
	u32 softirq_threshold_us;
	u32 stall_threshold_us;
	u32 detectors;		/* bit set of enum irqwatch_detector */
	struct cpumask cpus;	/* static storage only: large with MAXSMP */
};

extern struct irqw_config irqw_cfg;
extern struct mutex irqw_cfg_lock;

int __init irqw_config_init(void);
int irqw_config_check(const struct irqw_config *cfg, struct netlink_ext_ack *extack);
int irqw_detectors_format(u32 detectors, char *buf, size_t len);

int __init irqw_netlink_init(void);
void irqw_netlink_exit(void);

#endif /* IRQWATCH_H */
