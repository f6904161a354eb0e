/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The event model: one C structure for every event, whether it came from
 * the module (lib/nl) or from a log (lib/log/jsonl_read.c), written by
 * record and read back by report-like tools. Its families (family.h) say
 * per event type which fields it has, their JSON keys and its text line.
 */
#ifndef IRQW_EVENT_H
#define IRQW_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds of what an event may carry; more is a malformed event. */
#define IRQW_COMM_MAX	64	/* bytes of a task name, NUL included */
#define IRQW_REASON_MAX	64	/* bytes of a probe's disabled reason, NUL included */
#define IRQW_FRAME_MAX	1024	/* bytes of a stack frame, NUL included */
#define IRQW_FRAMES_MAX	256	/* frames of a stack */
#define IRQW_SAMPLES_MAX	64	/* in-window samples of an event */
#define IRQW_VECS_MAX	32	/* softirq vectors of a storm event */
#define IRQW_NAPIS_MAX	64	/* NAPI contexts of a storm event */
#define IRQW_IRQS_MAX	64	/* interrupt lines of a storm or imbalance */
#define IRQW_LOADS_MAX	8192	/* CPUs' loads of an imbalance */
/* bytes of an affinity cpulist, NUL included; JSON and text cut it to IRQW_FRAME_MAX */
#define IRQW_CPULIST_MAX	4096
#define IRQW_IRQ_NAME_MAX	256	/* bytes of an interrupt handler's name, NUL included */

/* Bits of irqw_event.has: which optional attributes the event carried. */
enum {
	IRQW_EV_DURATION	= 1U << 0,
	IRQW_EV_TASK		= 1U << 1,
	IRQW_EV_STACK		= 1U << 2,	/* possibly with no frames */
	IRQW_EV_SYNTH_INDEX	= 1U << 3,
	IRQW_EV_CAUSE		= 1U << 4,
	IRQW_EV_CONTEXT		= 1U << 5,
	IRQW_EV_SAMPLES_OMITTED	= 1U << 6,
	IRQW_EV_PARENT		= 1U << 7,
	IRQW_EV_RELATED_SEQ	= 1U << 8,
	IRQW_EV_IRQS_OFF	= 1U << 9,
	IRQW_EV_IRQOFF_NS	= 1U << 10,
	IRQW_EV_WITHIN		= 1U << 11,
	IRQW_EV_DURATION_MAX	= 1U << 12,
	IRQW_EV_PENDING		= 1U << 13,
	/* softirq_latency events */
	IRQW_EV_VECTOR		= 1U << 14,
	IRQW_EV_WAIT		= 1U << 15,
	IRQW_EV_RUN		= 1U << 16,
	IRQW_EV_SERVED_BY	= 1U << 17,
	IRQW_EV_RAISER		= 1U << 18,
	IRQW_EV_WAIT_SOFTIRQ	= 1U << 19,
	IRQW_EV_WAIT_HARDIRQ	= 1U << 20,
	IRQW_EV_SUPPRESSED	= 1U << 21,
	/* storm and imbalance events */
	IRQW_EV_PHASE		= 1U << 22,
	IRQW_EV_TRIGGER		= 1U << 23,
	IRQW_EV_INTERVALS	= 1U << 24,
	IRQW_EV_SHARE		= 1U << 25,
	IRQW_EV_RATE		= 1U << 26,
	IRQW_EV_KSOFTIRQD_SHARE	= 1U << 27,
	IRQW_EV_IMBALANCE	= 1U << 28,
};

/* IRQWATCH_EV_TASK and the tasks nested like it. */
struct irqw_task {
	uint32_t pid;
	uint32_t tgid;
	const char *comm;
	bool has_uid;		/* stall events' tasks have: */
	uint32_t uid;		/* in the initial user namespace */
	bool has_cgroup_id;
	uint64_t cgroup_id;	/* cgroup v2 id: inode of its directory */
};

/*
 * IRQWATCH_EV_SAMPLE: where the CPU was inside an irqoff window (an NMI's
 * sample) or a softirqoff window (the tick's own stack: delay_ns 0).
 */
struct irqw_sample {
	uint64_t offset_ns;	/* since the window's start */
	bool irqs_disabled;	/* in the sampled context */
	uint64_t delay_ns;	/* from the sending of the NMI to its arrival */
	struct irqw_task task;	/* pid 0: the idle task */
	size_t nr_frames;
	const char **frames;	/* innermost first; NULL if nr_frames is 0 */
};

/* IRQWATCH_EV_VEC: a softirq vector's runs in a softirq storm. */
struct irqw_vec {
	uint32_t vec;		/* enum irqwatch_softirq_vec */
	uint64_t count;		/* handler runs */
	uint64_t ns;		/* time in them */
	uint32_t share;		/* ppm of the CPU's time */
};

/* IRQWATCH_EV_NAPI: a NAPI context polled in a softirq storm. */
struct irqw_napi {
	const char *dev;	/* "backlog": the CPU's backlog */
	uint64_t polls;
	uint64_t packets;	/* work done by the polls */
	uint64_t exhausted;	/* polls that used their whole budget */
};

/* IRQWATCH_EV_IRQ: an interrupt line on the event's CPU. */
struct irqw_irq {
	uint32_t irq;		/* as in /proc/interrupts */
	const char *name;	/* the handler's; NULL if not said */
	uint64_t count;		/* handler runs */
	uint64_t ns;		/* time in them */
	uint64_t rate;		/* per second */
	uint32_t share;		/* ppm of the CPU's time */
	const char *affinity;	/* cpulist; NULL: the line is gone */
	const char *effective;	/* cpulist; NULL if not said */
};

/* IRQWATCH_IMB_CPU: one watched CPU's load. */
struct irqw_cpuload {
	uint32_t cpu;
	uint32_t load;		/* irq+softirq handler time, ppm */
	uint32_t idle;		/* idle time, ppm */
};

/*
 * IRQWATCH_EV_IMBALANCE and IRQWATCH_STATS_IMBALANCE: the interrupt load
 * of the watched CPUs at an imbalance check (ppm).
 */
struct irqw_imbalance {
	uint32_t mean, stddev, median;	/* of all watched CPUs' loads */
	bool has_hot_cpu;	/* a CPU met the rule (family.c: not first) */
	uint32_t hot_cpu;
	bool has_load;
	uint32_t load;		/* the hot CPU's */
	bool has_over;
	uint32_t over;		/* consecutive checks it was hot */
	size_t nr_cpus;
	struct irqw_cpuload *cpus;	/* NULL if none */
};

/*
 * One event: what the module sent (IRQWATCH_A_EVENT) or what a log line
 * said. It owns its data: arrays are its own allocations, and every string
 * points into arena, one allocation that irqw_event_own() makes, so it
 * lives until irqw_event_free() whatever it was parsed from.
 */
struct irqw_event {
	unsigned int has;	/* IRQW_EV_* bits */
	uint64_t seq;		/* >= 1 */
	uint32_t type;		/* enum irqwatch_event_type, not UNSPEC */
	uint32_t cpu;
	uint64_t mono_ns;	/* CLOCK_MONOTONIC at the event */
	uint64_t real_ns;	/* CLOCK_REALTIME at the same instant */
	uint64_t duration_ns;
	struct irqw_task task;
	size_t nr_frames;
	const char **frames;	/* innermost first; NULL if nr_frames is 0 */
	uint64_t synth_index;
	uint32_t cause;		/* enum irqwatch_cause, not UNSPEC */
	uint32_t context;	/* enum irqwatch_context, not UNSPEC */
	uint32_t samples_omitted;
	size_t nr_samples;
	struct irqw_sample *samples;	/* in time order; NULL if none */
	/* stall events */
	const char *probe;	/* the probed function; NULL if not said */
	const char *cache;	/* the slab cache walked; NULL if not said */
	struct irqw_task parent;	/* the caller's parent */
	uint64_t related_seq;	/* first irqoff window inside the call */
	uint32_t irqs_off;	/* IRQWATCH_IRQS_OFF_* bits */
	uint64_t irqoff_ns;	/* irqoff windows inside the call, summed */
	/* irqoff events: the stall probe call the window ended in */
	struct {
		const char *symbol;
		uint32_t kind;	/* enum irqwatch_probe_kind, not UNSPEC */
	} within;
	/* softirqoff events: duration_ns is the shortest the window can have been */
	uint64_t duration_max_ns;	/* the longest */
	uint32_t pending;	/* bits of enum irqwatch_softirq_vec */
	/* softirq_latency events: one handler run */
	uint32_t vector;	/* enum irqwatch_softirq_vec */
	uint64_t wait_ns;	/* from the raise to the handler's start */
	uint64_t run_ns;	/* the handler's runtime */
	uint32_t served_by;	/* enum irqwatch_served_by, not UNSPEC */
	struct irqw_task raiser;	/* running when the vector was raised */
	uint64_t wait_softirq_ns;	/* other vectors' handlers in the wait */
	uint64_t wait_hardirq_ns;	/* interrupt handlers in the wait */
	uint32_t suppressed;	/* runs over threshold not sent before it */
	/* softirq_storm, hardirq_storm and irq_imbalance events */
	uint32_t phase;		/* enum irqwatch_phase, not UNSPEC */
	uint32_t trigger;	/* enum irqwatch_trigger, not UNSPEC */
	uint32_t intervals;	/* from the start to the last one over */
	uint32_t share;		/* ppm of the CPU's time */
	uint64_t rate;		/* hardirq storms: interrupts per second */
	uint32_t ksoftirqd_share;	/* ppm of the softirq time */
	size_t nr_vecs;
	struct irqw_vec *vecs;	/* softirq storms; NULL if none */
	size_t nr_napis;
	struct irqw_napi *napis;	/* softirq storms, most packets first */
	size_t nr_irqs;
	struct irqw_irq *irqs;	/* hardirq storms: one; imbalance: the busiest */
	struct irqw_imbalance imb;	/* irq_imbalance events */
	char *arena;		/* the strings; NULL until irqw_event_own() */
};

/*
 * Makes ev own its strings: copies every string it points to (task names,
 * frames, probe, cache, within, NAPI devices, interrupt lines' names and
 * cpulists) into one new allocation, ev->arena, and
 * points them there; a previous arena is freed after the copy. 0 or
 * -ENOMEM (ev then unchanged).
 */
int irqw_event_own(struct irqw_event *ev);

/* A deep copy of src into *dst, which then owns its data. 0 or -ENOMEM. */
int irqw_event_copy(const struct irqw_event *src, struct irqw_event *dst);

/* Whether a and b say the same: every field, string and frame. */
bool irqw_event_equal(const struct irqw_event *a, const struct irqw_event *b);

/* Frees what *ev owns and zeroes it; a zeroed *ev is fine. */
void irqw_event_free(struct irqw_event *ev);

#endif /* IRQW_EVENT_H */
