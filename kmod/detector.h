/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IRQWATCH_DETECTOR_H
#define IRQWATCH_DETECTOR_H

#include <linux/types.h>
#include <net/netlink.h>
#include <linux/irqwatch.h>

struct genl_ops;
struct irqw_config;
struct netlink_ext_ack;
struct sk_buff;

/*
 * A u32 of the configuration that a detector owns: its field in struct
 * irqw_config, its IRQWATCH_CFG_* attribute (netlink.c builds the policy
 * of SET_CONFIG from these, and puts them in every config reply) and its
 * module parameter (module_param_cb() with irqw_cfg_u32_ops and this as
 * the argument, in the detector's file).
 */
struct irqw_cfg_u32 {
	int attr;			/* IRQWATCH_CFG_* */
	const char *name;		/* the module parameter's */
	size_t offset;			/* in struct irqw_config */
	/* not const: NLA_POLICY_FULL_RANGE() takes a plain pointer before 6.2 */
	struct netlink_range_validation range;
};

extern const struct kernel_param_ops irqw_cfg_u32_ops;

/*
 * A detector. Its file (irqoff.c, stall.c) defines one, and irqw_detectors[]
 * lists it: main.c starts the detectors in that order and stops them in
 * reverse, netlink.c hands them each new configuration and asks them for
 * their counters, config.c learns from the table which detectors exist.
 * The transport (event.c, listener.c) knows none of them: a detector's
 * events are its own struct irqw_event_class (event.h). A detector may
 * call those before it in the table: they start before it and stop after.
 */
struct irqw_detector {
	const char *name;		/* as in the "detectors" parameter */
	enum irqwatch_detector id;
	int (*init)(void);		/* then runs as the config says */
	void (*exit)(void);		/* nothing of it runs after this */
	/*
	 * optional: checks the rules of a configuration that tie its values
	 * to others (extack NULL: at load, say why with pr_err())
	 */
	int (*check)(const struct irqw_config *cfg, struct netlink_ext_ack *extack);
	/* puts a new configuration in force, under irqw_cfg_lock */
	void (*apply)(const struct irqw_config *cfg);
	/* optional: its attributes in IRQWATCH_A_STATS, and their size */
	int (*put_stats)(struct sk_buff *msg);
	size_t (*stats_size)(void);
	/* optional: its attributes in @cpu's IRQWATCH_A_CPU_STATS nest */
	int (*put_cpu_stats)(struct sk_buff *msg, int cpu);
	size_t (*cpu_stats_size)(void);
	/*
	 * optional: what a GET_STATS request's reply (not its dump) adds
	 * after the per-CPU counters, and its size; -ENOMEM fails the request
	 */
	int (*put_details)(struct sk_buff *msg);
	size_t (*details_size)(void);
	/* its configuration values */
	struct irqw_cfg_u32 *config;
	unsigned int nr_config;
	/* its own requests, which netlink.c adds to the family's */
	const struct genl_ops *ops;
	unsigned int nr_ops;
};

/*
 * Defined by each detector's file and listed in irqw_detectors[] (main.c),
 * in start order: stall and softirq before irqoff, because the irqoff tick
 * looks up the calls in flight and calls the softirq detector's tick;
 * softirq before storm, which uses the tracepoints that softirq owns.
 * Adding a detector is its file (and its line in Kbuild), its declaration
 * here and its entry in that table.
 */
extern const struct irqw_detector irqw_stall_detector;
extern const struct irqw_detector irqw_softirq_detector;
extern const struct irqw_detector irqw_storm_detector;
extern const struct irqw_detector irqw_irqoff_detector;

extern const struct irqw_detector *const irqw_detectors[];
extern const unsigned int irqw_nr_detectors;

/* The bits of the detectors that exist; the UAPI reserves more. */
u32 irqw_detectors_built(void);

/* The largest number of requests of all detectors together. */
#define IRQW_DETECTOR_OPS_MAX	8

#define irqw_for_each_detector(d, i)					\
	for ((i) = 0;							\
	     (i) < irqw_nr_detectors && ((d) = irqw_detectors[i], true);	\
	     (i)++)

#endif /* IRQWATCH_DETECTOR_H */
