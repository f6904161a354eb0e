/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IRQWATCH_DETECTOR_H
#define IRQWATCH_DETECTOR_H

#include <linux/types.h>
#include <linux/irqwatch.h>

struct irqw_config;
struct sk_buff;

/*
 * A detector. Its file (irqoff.c, stall.c) defines one, and irqw_detectors[]
 * lists it: main.c starts the detectors in that order and stops them in
 * reverse, netlink.c hands them each new configuration and asks them for
 * their counters, config.c learns from the table which detectors exist.
 * The transport (event.c, listener.c) knows none of them. A detector may
 * call those before it in the table: they start before it and stop after.
 */
struct irqw_detector {
	const char *name;		/* as in the "detectors" parameter */
	enum irqwatch_detector id;
	int (*init)(void);		/* then runs as the config says */
	void (*exit)(void);		/* nothing of it runs after this */
	/* puts a new configuration in force, under irqw_cfg_lock */
	void (*apply)(const struct irqw_config *cfg);
	/* optional: its attributes in IRQWATCH_A_STATS, and their size */
	int (*put_stats)(struct sk_buff *msg);
	size_t (*stats_size)(void);
	/* optional: its attributes in @cpu's IRQWATCH_A_CPU_STATS nest */
	int (*put_cpu_stats)(struct sk_buff *msg, int cpu);
	size_t (*cpu_stats_size)(void);
};

/*
 * Defined by each detector's file and listed in irqw_detectors[] (main.c),
 * in start order: stall first, because the irqoff tick looks up the calls
 * in flight. Adding a detector is its file (and its line in Kbuild), its
 * declaration here and its entry in that table.
 */
extern const struct irqw_detector irqw_stall_detector;
extern const struct irqw_detector irqw_irqoff_detector;

extern const struct irqw_detector *const irqw_detectors[];
extern const unsigned int irqw_nr_detectors;

/* The bits of the detectors that exist; the UAPI reserves more. */
u32 irqw_detectors_built(void);

#define irqw_for_each_detector(d, i)					\
	for ((i) = 0;							\
	     (i) < irqw_nr_detectors && ((d) = irqw_detectors[i], true);	\
	     (i)++)

#endif /* IRQWATCH_DETECTOR_H */
