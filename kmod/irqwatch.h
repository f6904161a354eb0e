/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IRQWATCH_H
#define IRQWATCH_H

#include <linux/cpumask.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>
#include <linux/irqwatch.h>

#include "detector.h"

struct genl_family;
struct netlink_ext_ack;
struct sk_buff;

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
	u32 ring_kb;		/* fixed at load */
	u32 storm_interval_ms;
	u32 softirq_storm_pct;
	u32 hardirq_storm_rate;
	u32 hardirq_storm_pct;
	u32 imbalance_pct;
	struct cpumask cpus;	/* static storage only: large with MAXSMP */
};

extern struct irqw_config irqw_cfg;

/* A u32 module parameter checked against [min, max] (kp->arg). */
struct irqw_u32_param {
	u32 *val;
	u32 min;
	u32 max;
};

extern const struct kernel_param_ops irqw_u32_ops;

/* A detector's configuration field in @cfg, and its value. */
static inline u32 *irqw_cfg_field(struct irqw_config *cfg,
				  const struct irqw_cfg_u32 *f)
{
	return (u32 *)((char *)cfg + f->offset);
}

static inline u32 irqw_cfg_value(const struct irqw_config *cfg,
				 const struct irqw_cfg_u32 *f)
{
	return *(const u32 *)((const char *)cfg + f->offset);
}

extern struct mutex irqw_cfg_lock;

int __init irqw_config_init(void);
int irqw_config_check(const struct irqw_config *cfg, struct netlink_ext_ack *extack);
int irqw_detectors_format(u32 detectors, char *buf, size_t len);
int irqw_cpus_parse(const char *s, struct cpumask *out, const char **why);
void irqw_config_commit(const struct irqw_config *new);

int __init irqw_netlink_init(void);
int irqw_nl_perfmon(struct sk_buff *skb, struct genl_info *info);
extern const struct nla_policy irqw_nl_noattr_policy[IRQWATCH_A_MAX + 1];
void irqw_netlink_exit(void);
extern struct genl_family irqw_genl_family;

/* Payload of one event message: 16 KiB of skb, overheads included. */
#define IRQW_MSG_SIZE	(SKB_WITH_OVERHEAD(16384) - NLMSG_HDRLEN - GENL_HDRLEN)

int __init irqw_listeners_init(void);
void irqw_listeners_exit(void);
int irqw_listener_add(struct sk_buff *skb, u32 portid,
		      struct netlink_ext_ack *extack);
int irqw_listener_del(struct sk_buff *skb, struct netlink_ext_ack *extack);
bool irqw_listeners_get(void);
void irqw_listeners_put(void);
void irqw_listeners_send(struct sk_buff *msg, unsigned int nr);
void irqw_listeners_count_drop(void);
bool irqw_listeners_owed(void);
bool irqw_listeners_resync(struct sk_buff *msg);
void irqw_listeners_count_unheard(void);
size_t irqw_listeners_stats_size(void);
int irqw_listeners_put_stats(struct sk_buff *msg);

/* The stall probe call that an interrupts-off window ended in. */
struct irqw_within {
	char probe[IRQWATCH_SYMBOL_LEN_MAX];
	u8 kind;				/* enum irqwatch_probe_kind */
};

struct task_struct;
bool irqw_stall_within(struct task_struct *task, struct irqw_within *within);
void irqw_stall_window(struct task_struct *task, u64 seq, u64 ns);

#ifdef IRQWATCH_TESTING
int __init irqw_synth_init(void);
void irqw_synth_exit(void);
void irqw_irqoff_debugfs_init(void);
void irqw_irqoff_debugfs_exit(void);
#else
static inline int irqw_synth_init(void) { return 0; }
static inline void irqw_synth_exit(void) { }
static inline void irqw_irqoff_debugfs_init(void) { }
static inline void irqw_irqoff_debugfs_exit(void) { }
#endif

#endif /* IRQWATCH_H */
