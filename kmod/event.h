/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IRQWATCH_EVENT_H
#define IRQWATCH_EVENT_H

#include <linux/sched.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/irqwatch.h>

/* Frames of an event's stack. */
#define IRQW_MAX_FRAMES		32

struct nlattr;
struct sk_buff;

/* Frames of an in-window sample's stack. */
#define IRQW_SAMPLE_FRAMES	16

/*
 * A look inside a window, taken on the CPU in the window: by an NMI
 * (irqoff), or by the tick where interrupts stay on (softirqoff).
 */
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
 * A task as a detector kept it, for an event whose task may have gone by
 * the time it is reported.
 */
struct irqw_task_id {
	pid_t pid;
	pid_t tgid;
	char comm[TASK_COMM_LEN];
};

static inline void irqw_task_id_get(struct irqw_task_id *id,
				    const struct task_struct *task)
{
	id->pid = task->pid;
	id->tgid = task->tgid;
	memcpy(id->comm, task->comm, sizeof(id->comm));
	id->comm[sizeof(id->comm) - 1] = '\0';
}

/*
 * An event's payload as its encoder sees it: the bytes its detector gave
 * irqw_emit(), the event's start (samples are encoded relative to it) and
 * its stack, raw.
 */
struct irqw_payload {
	const void *data;
	unsigned int len;
	u64 mono_ns;
	const unsigned long *frames;
	unsigned int nr_frames;
};

/*
 * A type of event, defined by the detector that reports it: the transport
 * stores its payload as opaque bytes and has the class encode them into
 * the event's IRQWATCH_A_EVENT nest, after the common attributes (seq,
 * type, cpu, times, task, stack).
 */
struct irqw_event_class {
	u16 type;			/* enum irqwatch_event_type */
	/*
	 * Caused at will by users (stall probes on world-readable files):
	 * may fill only half of a ring, payload at most
	 * IRQW_USER_PAYLOAD_MAX.
	 */
	bool user_caused;
	/* the payload's attributes; with @trim, may leave out what does not fit */
	int (*put)(struct sk_buff *msg, const struct irqw_payload *pl, bool trim);
	/* about a CPU, not a task: no IRQWATCH_EV_TASK */
	bool taskless;
	/* optional: more attributes in the IRQWATCH_EV_TASK nest */
	int (*put_task)(struct sk_buff *msg, const struct irqw_payload *pl);
};

/* The largest payloads; a detector checks its own with BUILD_BUG_ON(). */
#define IRQW_PAYLOAD_MAX	3584
#define IRQW_USER_PAYLOAD_MAX	1024

/*
 * What a detector reports: the common head, and its payload in up to two
 * parts that are stored one after the other (say a struct and the array
 * that its flexible array member names). irqw_emit() copies it all into
 * the current CPU's ring, so the caller may keep it on its stack.
 */
struct irqw_event {
	const struct irqw_event_class *cls;
	u64 mono_ns;			/* start, ktime_get_mono_fast_ns() base */
	u64 duration_ns;
	struct task_struct *task;	/* usually current */
	bool on_cpu;			/* @cpu is the CPU it is about */
	unsigned int cpu;		/* else the current CPU */
	const struct irqw_task_id *who;	/* instead of @task */
	unsigned int nr_frames;		/* raw return addresses in frames[] */
	const unsigned long *frames;
	u8 ip_first;			/* frames[0] is an interrupted ip */
	const void *payload;
	unsigned int payload_len;
	const void *payload_tail;
	unsigned int payload_tail_len;
};

/* For the encoders: a stack, and a task nest (pid, tgid, comm). */
int irqw_put_frames(struct sk_buff *msg, int attrtype,
		    const unsigned long *frames, unsigned int nr, bool ip);
struct nlattr *irqw_put_task_start(struct sk_buff *msg, int attrtype,
				   pid_t pid, pid_t tgid, const char *comm);
int irqw_put_task(struct sk_buff *msg, int attrtype, pid_t pid, pid_t tgid,
		  const char *comm);
int irqw_put_sample(struct sk_buff *msg, u64 mono_ns,
		    const struct irqw_sample *s);
/*
 * Where the interrupted context starts in a stack that an interrupt or NMI
 * handler saved: at the interrupted instruction @ip (*@found = 1).
 */
unsigned int irqw_trace_start(const unsigned long *trace, unsigned int n,
			      unsigned long ip, u8 *found);

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

int irqw_put_drain_stats(struct sk_buff *msg);
size_t irqw_cpu_counters_size(void);
int irqw_put_cpu_counters(struct sk_buff *msg, int cpu);

#endif /* IRQWATCH_EVENT_H */
