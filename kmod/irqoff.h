/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the interrupts-off detector's files: irqoff.c (ticks and NMIs),
 * irqoff_event.c (its events), irqoff_debug.c (debugfs, tests only).
 */
#ifndef IRQWATCH_IRQOFF_H
#define IRQWATCH_IRQOFF_H

#include <linux/cpumask.h>
#include <linux/hrtimer.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <asm/local64.h>

#include "event.h"
#include "irqwatch.h"

#define IRQW_MAX_SAMPLES	16
/* Room for the handler's own frames before the interrupted ones. */
#define IRQW_TICK_TRACE		(IRQW_MAX_FRAMES + 16)
#define IRQW_NMI_TRACE		(IRQW_SAMPLE_FRAMES + 16)

/* An irqoff event's payload: its cause, context, call and samples. */
struct irqw_irqoff_payload {
	u8 cause;			/* enum irqwatch_cause */
	u8 context;			/* enum irqwatch_context */
	u16 nr_samples;
	struct irqw_within within;	/* probe[0] == '\0': in no probed call */
	struct irqw_sample samples[];
};

/* The events (irqoff_event.c). */
extern const struct irqw_event_class irqw_irqoff_event;
u8 irqw_irqoff_cause(const struct irqw_irqoff_payload *pl,
		     const struct irqw_sample *samples, u64 duration_ns,
		     u64 steal_ns, u64 prompt_ns);

struct irqw_irqoff_cpu {
	struct hrtimer timer;
	bool active;		/* watched: the timer runs unless parked */
	bool idle;		/* runs the idle task; the sampler reads it */
	bool parked;		/* the timer is stopped while idle; the buddy reads it */
	int buddy;		/* the CPU this one samples, or -1 */
	int sampler;		/* the CPU that samples this one, or -1 */
	u64 next_ns;		/* expiry of the pending tick; the buddy reads it */
	u64 steal_ns;		/* CPUTIME_STEAL at the last tick */
	u64 last_tick_ns;	/* the last tick; 0 before the first */
	atomic_t nmi_sent;	/* NMIs sent here; the sender's */
	atomic_t nmi_ack;	/* NMIs of those claimed here */
	u64 last_nmi_ns;	/* when the last was sent; the sender's */
	struct perf_event *pmu;	/* cycles overflow NMIs, if there is a PMU */
	u64 last_pmu_ns;	/* the PMU NMI's */
	unsigned int nr_samples;
	struct irqw_sample samples[IRQW_MAX_SAMPLES];
	unsigned long tick_trace[IRQW_TICK_TRACE];
	unsigned long nmi_trace[IRQW_NMI_TRACE];
	local64_t ticks;
	local64_t tick_ns;
	local64_t nmis_sent;
	local64_t nmis;
	local64_t nmi_ns;
	local64_t windows;
	local64_t parks;
	local64_t wakes;
	u64 max_late_ns;
	local64_t hist[IRQWATCH_HIST_BUCKETS];
};

/* irqoff.c's state, as irqoff_debug.c shows it (see irqoff.c). */
extern struct irqw_irqoff_cpu __percpu *irqw_irqoff_pcpu;
extern struct mutex irqw_irqoff_lock;
extern u64 irqw_irqoff_period_ns;
extern u64 irqw_irqoff_threshold_ns;
extern bool irqw_irqoff_on;
extern struct cpumask irqw_irqoff_cpus;
extern struct cpumask irqw_irqoff_active;
extern unsigned int irqw_irqoff_samples;
extern bool irqw_irqoff_parking;

#ifdef IRQWATCH_TESTING
void irqw_irqoff_log(const struct irqw_event *ev,
		     const struct irqw_irqoff_payload *pl);
int irqw_irqoff_log_init(void);
void irqw_irqoff_log_exit(void);
#else
static inline void irqw_irqoff_log(const struct irqw_event *ev,
				   const struct irqw_irqoff_payload *pl) { }
static inline int irqw_irqoff_log_init(void) { return 0; }
static inline void irqw_irqoff_log_exit(void) { }
#endif

#endif /* IRQWATCH_IRQOFF_H */
