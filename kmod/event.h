/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IRQWATCH_EVENT_H
#define IRQWATCH_EVENT_H

#include <linux/sched.h>
#include <linux/types.h>
#include <linux/irqwatch.h>

#define IRQW_MAX_FRAMES		32
#define IRQW_SAMPLE_FRAMES	16
#define IRQW_MAX_SAMPLES	16

/* A look inside a window, taken in NMI context on the CPU in the window. */
struct irqw_sample {
	u64 mono_ns;			/* when, ktime_get_mono_fast_ns() */
	pid_t pid;
	pid_t tgid;
	char comm[TASK_COMM_LEN];
	u32 delay_ns;			/* from the NMI's sending to here */
	u8 irqs_disabled;
	u8 idle;			/* in the idle task */
	u8 ip_first;			/* frames[0] is the interrupted ip */
	u8 nr_frames;
	unsigned long frames[IRQW_SAMPLE_FRAMES];
};

/*
 * What a stall event adds (and, with only probe and kind set, what an irqoff
 * event that ended inside a stall probe's call adds).
 */
struct irqw_stall_info {
	char probe[IRQWATCH_SYMBOL_LEN_MAX];
	char cache[IRQWATCH_CACHE_LEN_MAX];	/* "" if none */
	u64 cgroup_id;
	u64 related_seq;			/* 0 if none */
	u64 irqoff_ns;
	u32 uid;
	pid_t ppid;
	char pcomm[TASK_COMM_LEN];
	u8 kind;				/* enum irqwatch_probe_kind */
	u8 irqs_off;				/* IRQWATCH_IRQS_OFF_* */
};

/*
 * What a detector reports. irqw_emit() copies it into the current CPU's
 * ring, so the caller may keep it on its stack.
 */
struct irqw_event {
	u16 type;			/* enum irqwatch_event_type */
	u64 mono_ns;			/* start, ktime_get_mono_fast_ns() base */
	u64 duration_ns;
	struct task_struct *task;	/* usually current */
	unsigned int nr_frames;		/* raw return addresses in frames[] */
	const unsigned long *frames;
	u64 synth_index;
	u8 cause;			/* enum irqwatch_cause; 0: none */
	u8 context;			/* enum irqwatch_context */
	u8 ip_first;			/* frames[0] is an interrupted ip */
	unsigned int nr_samples;	/* at most IRQW_MAX_SAMPLES */
	const struct irqw_sample *samples;
	const struct irqw_stall_info *stall;	/* stall: the call; irqoff: within */
};

/* Stores the event; returns its seq, or 0 if the ring was full. */
u64 irqw_emit(const struct irqw_event *ev);

/* Time spent in one of irqwatch's own interrupt or NMI handlers. */
void irqw_account_handler(u64 ns);

int irqw_events_init(unsigned int ring_kb);
void irqw_events_exit(void);

/* Seq the next stored event gets, and events refused by full rings. */
u64 irqw_next_seq(void);
u64 irqw_ring_drops(void);
unsigned long irqw_ring_bytes(void);

struct sk_buff;
int irqw_put_drain_stats(struct sk_buff *msg);
size_t irqw_cpu_counters_size(void);
int irqw_put_cpu_counters(struct sk_buff *msg, int cpu);

#endif /* IRQWATCH_EVENT_H */
