// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU event rings and their drain.
 *
 * Each CPU has two rings: one for NMI context and one for every other
 * context. Producers run on the CPU that owns the ring. Outside NMI they
 * run with interrupts off, and NMIs do not nest, so the producers of one
 * ring never interrupt each other: a ring's records are in reservation
 * order, which is seq order. A record is reserved by a local_cmpxchg() on
 * the ring's head, filled in, and published by a release store of its
 * length. The single consumer, the drain work, takes records at the tail
 * while their length is set, zeroes what it consumed and releases the tail;
 * a producer never writes into space before it reads the released tail. A
 * record that would cross the end of the buffer is preceded by a padding
 * record. A full ring refuses the event and counts it; nothing waits.
 *
 * The drain merges the rings by seq. Only stored events take a seq, and
 * every stored event is published, so the seqs in the rings run without a
 * gap: the drain delivers the seq after the last it delivered, and when
 * that one is not published yet (reserved on some CPU, its seq taken), the
 * pass stops; its producer's kick starts the next. So listeners get events
 * in seq order. A producer marks its CPU in irqw_pending after it publishes;
 * a pass takes the marked CPUs (clearing each mark before it looks at that
 * CPU's rings) into a min-heap of rings by the seq at their tail, and marks
 * again those it leaves with records. So the drain's work per event is
 * O(log r) for r rings with records, and per pass O(CPUs that emitted):
 * it never walks all possible CPUs.
 *
 * Only stored events take a seq, so a seq missing at a listener was lost in
 * delivery, and the cumulative ring-drop count in every message accounts for
 * the rest (see the UAPI header).
 *
 * A record is a common head (seq, times, cpu, task, stack) and a payload
 * that the event's class (struct irqw_event_class, defined by the detector
 * that reports the event) sizes, fills and encodes: the transport knows no
 * detector and copies payloads as bytes.
 *
 * Events that users can cause at will (stall probes on world-readable
 * files) may fill only half of a ring: the other half keeps room for the
 * detectors' windows.
 *
 * Teardown: once irqw_events_exit() sets irqw_closing, neither a kick nor
 * the drain queues the drain work again, so after the kicks are synced and
 * the work cancelled, nothing deferred is left when the memory goes.
 */

#include <linux/atomic.h>
#include <linux/irq_work.h>
#include <linux/kallsyms.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <asm/local.h>
#include <asm/local64.h>
#include <net/genetlink.h>

#include "event.h"
#include "irqwatch.h"

#define IRQW_REC_PAD	0xffff
/* Unless a ring is this full (1/N), the drain waits for more events. */
#define IRQW_URGENT_FRACTION	4
#define IRQW_DRAIN_DELAY	msecs_to_jiffies(10)
/* A drain pass takes at most this many events, then makes way and goes on. */
#define IRQW_DRAIN_BATCH	1024
/* A listener whose send failed is told the seq space again this often. */
#define IRQW_RESYNC_DELAY	msecs_to_jiffies(100)

/* A stored event: the common head, its stack, then its class's payload. */
struct irqw_rec {
	u32 len;		/* written last, with release; 0 while being written */
	u16 type;		/* enum irqwatch_event_type or IRQW_REC_PAD */
	u16 nr_frames;
	u16 payload_len;	/* bytes after frames[] */
	u8 ip_first;		/* frames[0] is an interrupted ip */
	u32 cpu;
	pid_t pid;
	pid_t tgid;
	const struct irqw_event_class *cls;
	u64 seq;
	u64 mono_ns;
	u64 real_ns;
	u64 duration_ns;
	char comm[TASK_COMM_LEN];
	unsigned long frames[];
};

#define IRQW_REC_SIZE(frames, payload)						\
	ALIGN(sizeof(struct irqw_rec) + (frames) * sizeof(unsigned long) +	\
	      (payload), 8)

/* The largest record, and the largest of a user-caused class. */
#define IRQW_REC_MAX		IRQW_REC_SIZE(IRQW_MAX_FRAMES, IRQW_PAYLOAD_MAX)
#define IRQW_USER_REC_MAX	IRQW_REC_SIZE(IRQW_MAX_FRAMES, IRQW_USER_PAYLOAD_MAX)

static struct irqw_payload irqw_rec_payload(const struct irqw_rec *rec)
{
	return (struct irqw_payload) {
		.data = &rec->frames[rec->nr_frames],
		.len = rec->payload_len,
		.mono_ns = rec->mono_ns,
		.frames = rec->frames,
		.nr_frames = rec->nr_frames,
	};
}

/* A ring; its producers never interrupt each other (see the top). */
struct irqw_ring {
	local_t head;		/* bytes ever reserved */
	unsigned long tail;	/* bytes ever consumed; the drain's */
	unsigned long hwm;	/* most bytes ever in use */
	unsigned long size;	/* bytes, a power of two */
	u8 *data;
	int cpu;
};

/* A ring in the drain's heap, by the seq of the record at its tail. */
struct irqw_cand {
	u64 seq;
	struct irqw_ring *r;
	struct irqw_rec *rec;
};

enum { IRQW_RING_TASK, IRQW_RING_NMI, IRQW_NR_RINGS };

struct irqw_pcpu {
	struct irqw_ring ring[IRQW_NR_RINGS];
	struct irq_work kick;
	local64_t events;
	local64_t drops[__IRQWATCH_EVENT_MAX];
	local64_t handler_ns;
	local64_t handler_calls;
};

static DEFINE_PER_CPU(struct irqw_pcpu, irqw_pcpu);
static unsigned long irqw_ring_size;	/* bytes of the task ring */
static unsigned long irqw_nmi_ring_size;
static atomic64_t irqw_seq;		/* last seq handed out */
static atomic64_t irqw_drops;		/* sum of all drops[] */
static u64 irqw_drained, irqw_drain_ns;	/* the drain's, read racily */
static struct workqueue_struct *irqw_wq;
static struct delayed_work irqw_drain_work;
static bool irqw_closing;		/* unloading: nothing queues the drain */
static struct cpumask irqw_pending;	/* CPUs whose rings may hold records */
/* The drain's own: one pass at a time (an ordered workqueue, then exit). */
static struct irqw_cand *irqw_heap;	/* 2 x nr_cpu_ids */
static unsigned int irqw_heap_n;
static u64 irqw_expect;			/* the seq the drain delivers next */

u64 irqw_next_seq(void)
{
	return atomic64_read(&irqw_seq) + 1;
}

u64 irqw_ring_drops(void)
{
	return atomic64_read(&irqw_drops);
}

int irqw_put_drain_stats(struct sk_buff *msg)
{
	if (nla_put_u64_64bit(msg, IRQWATCH_STATS_DRAINED, READ_ONCE(irqw_drained),
			      IRQWATCH_STATS_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_STATS_DRAIN_NS, READ_ONCE(irqw_drain_ns),
			      IRQWATCH_STATS_PAD))
		return -EMSGSIZE;
	return 0;
}

void irqw_account_handler(u64 ns)
{
	struct irqw_pcpu *pc = this_cpu_ptr(&irqw_pcpu);

	local64_add(ns, &pc->handler_ns);
	local64_inc(&pc->handler_calls);
}

/* Space for @size bytes, if the ring holds no more than @limit after. */
static struct irqw_rec *irqw_reserve(struct irqw_ring *r, unsigned int size,
				     unsigned long limit)
{
	unsigned long head, tail, off, pad, new, used;
	struct irqw_rec *rec;

	do {
		head = local_read(&r->head);
		/* pairs with the release in irqw_consume(): space is free */
		tail = smp_load_acquire(&r->tail);
		off = head & (r->size - 1);
		pad = off + size > r->size ? r->size - off : 0;
		new = head + pad + size;
		used = new - tail;
		if (used > limit)
			return NULL;
	} while (local_cmpxchg(&r->head, head, new) != head);

	if (used > READ_ONCE(r->hwm))
		WRITE_ONCE(r->hwm, used);
	if (pad) {
		rec = (struct irqw_rec *)(r->data + off);
		rec->type = IRQW_REC_PAD;
		/* publishes the padding; pairs with irqw_peek() */
		smp_store_release(&rec->len, pad);
		off = 0;
	}
	return (struct irqw_rec *)(r->data + off);
}

u64 irqw_emit(const struct irqw_event *ev)
{
	const struct irqw_event_class *cls = ev->cls;
	unsigned int nr = min_t(unsigned int, ev->nr_frames, IRQW_MAX_FRAMES);
	unsigned int plen = ev->payload_len + ev->payload_tail_len;
	unsigned int size = IRQW_REC_SIZE(nr, plen);
	struct task_struct *task = ev->task;
	unsigned long flags, limit;
	struct irqw_pcpu *pc;
	struct irqw_ring *r;
	struct irqw_rec *rec;
	u64 mono_now, seq;
	void *payload;

	if (WARN_ON_ONCE(cls->type >= __IRQWATCH_EVENT_MAX ||
			 plen > (cls->user_caused ? IRQW_USER_PAYLOAD_MAX :
						   IRQW_PAYLOAD_MAX)))
		return 0;
	/*
	 * With interrupts off, only an NMI interrupts us between the
	 * reservation and the seq, and NMIs have a ring of their own.
	 */
	local_irq_save(flags);
	pc = this_cpu_ptr(&irqw_pcpu);
	r = &pc->ring[in_nmi() ? IRQW_RING_NMI : IRQW_RING_TASK];
	limit = cls->user_caused ? r->size / 2 : r->size;
	rec = irqw_reserve(r, size, limit);
	if (!rec) {
		local64_inc(&pc->drops[cls->type]);
		atomic64_inc(&irqw_drops);
		irq_work_queue(&pc->kick);	/* listeners learn of drops */
		seq = 0;
		goto out;
	}
	rec->type = cls->type;
	rec->cls = cls;
	rec->nr_frames = nr;
	rec->payload_len = plen;
	seq = atomic64_inc_return(&irqw_seq);
	rec->seq = seq;
	mono_now = ktime_get_mono_fast_ns();
	rec->mono_ns = ev->mono_ns ? ev->mono_ns : mono_now;
	rec->real_ns = ktime_get_real_fast_ns() - (mono_now - rec->mono_ns);
	rec->duration_ns = ev->duration_ns;
	rec->ip_first = ev->ip_first;
	rec->cpu = ev->on_cpu ? ev->cpu : smp_processor_id();
	if (ev->who) {
		rec->pid = ev->who->pid;
		rec->tgid = ev->who->tgid;
		memcpy(rec->comm, ev->who->comm, sizeof(rec->comm));
	} else if (task) {
		rec->pid = task->pid;
		rec->tgid = task->tgid;
		memcpy(rec->comm, task->comm, sizeof(rec->comm));
	} else {
		rec->pid = 0;
		rec->tgid = 0;
		memset(rec->comm, 0, sizeof(rec->comm));
	}
	rec->comm[sizeof(rec->comm) - 1] = '\0';
	memcpy(rec->frames, ev->frames, nr * sizeof(rec->frames[0]));
	payload = &rec->frames[nr];
	memcpy(payload, ev->payload, ev->payload_len);
	memcpy(payload + ev->payload_len, ev->payload_tail, ev->payload_tail_len);
	/* publishes the record; pairs with the acquire in irqw_peek() */
	smp_store_release(&rec->len, size);
	/*
	 * The record, then the mark: pairs with the drain's clearing of the
	 * mark before it looks. The barrier orders the record's store before
	 * the load of the mark: a mark seen set may be cleared by a pass that
	 * then must see the record, or it would be left in the ring unmarked
	 * (and the drain would wait for its seq).
	 */
	smp_mb();
	if (!cpumask_test_cpu(smp_processor_id(), &irqw_pending))
		cpumask_set_cpu(smp_processor_id(), &irqw_pending);
	local64_inc(&pc->events);
	irq_work_queue(&pc->kick);
out:
	local_irq_restore(flags);
	return seq;
}

/* irq_work: runs soon after an emit, on the producing CPU. */
static void irqw_kick(struct irq_work *work)
{
	struct irqw_pcpu *pc = container_of(work, struct irqw_pcpu, kick);
	struct irqw_ring *r = &pc->ring[IRQW_RING_TASK];
	unsigned long used = local_read(&r->head) - READ_ONCE(r->tail);
	struct irqw_ring *n = &pc->ring[IRQW_RING_NMI];

	if (READ_ONCE(irqw_closing))
		return;
	if (used >= r->size / IRQW_URGENT_FRACTION ||
	    local_read(&n->head) - READ_ONCE(n->tail) >= n->size / IRQW_URGENT_FRACTION)
		mod_delayed_work(irqw_wq, &irqw_drain_work, 0);
	else
		queue_delayed_work(irqw_wq, &irqw_drain_work, IRQW_DRAIN_DELAY);
}

/*
 * The record at the tail of @r, skipping padding: NULL if the ring is
 * empty, ERR_PTR(-EBUSY) if the record there is still being written.
 */
static struct irqw_rec *irqw_peek(struct irqw_ring *r)
{
	struct irqw_rec *rec;
	u32 len;

	for (;;) {
		if (r->tail == local_read(&r->head))
			return NULL;
		rec = (struct irqw_rec *)(r->data + (r->tail & (r->size - 1)));
		/* pairs with the release that publishes a record */
		len = smp_load_acquire(&rec->len);
		if (!len)
			return ERR_PTR(-EBUSY);
		if (rec->type != IRQW_REC_PAD)
			return rec;
		memset(rec, 0, len);
		/* the zeroes before the space; pairs with irqw_reserve() */
		smp_store_release(&r->tail, r->tail + len);
	}
}

static void irqw_consume(struct irqw_ring *r, struct irqw_rec *rec)
{
	u32 len = rec->len;

	memset(rec, 0, len);
	/* the zeroes before the space; pairs with irqw_reserve() */
	smp_store_release(&r->tail, r->tail + len);
}

static void irqw_heap_down(unsigned int i)
{
	struct irqw_cand c = irqw_heap[i];
	unsigned int child;

	while ((child = 2 * i + 1) < irqw_heap_n) {
		if (child + 1 < irqw_heap_n &&
		    irqw_heap[child + 1].seq < irqw_heap[child].seq)
			child++;
		if (c.seq <= irqw_heap[child].seq)
			break;
		irqw_heap[i] = irqw_heap[child];
		i = child;
	}
	irqw_heap[i] = c;
}

static void irqw_heap_push(struct irqw_ring *r, struct irqw_rec *rec)
{
	unsigned int i = irqw_heap_n++, parent;

	while (i && irqw_heap[parent = (i - 1) / 2].seq > rec->seq) {
		irqw_heap[i] = irqw_heap[parent];
		i = parent;
	}
	irqw_heap[i] = (struct irqw_cand){ .seq = rec->seq, .r = r, .rec = rec };
}

/* The rings of the CPUs marked since the last pass, with their records. */
static void irqw_heap_fill(void)
{
	struct irqw_pcpu *pc;
	struct irqw_rec *rec;
	int cpu, i;

	irqw_heap_n = 0;
	for_each_cpu(cpu, &irqw_pending) {
		/* the mark before the rings: pairs with irqw_emit() */
		if (!cpumask_test_and_clear_cpu(cpu, &irqw_pending))
			continue;
		pc = per_cpu_ptr(&irqw_pcpu, cpu);
		for (i = 0; i < IRQW_NR_RINGS; i++) {
			/* -EBUSY: its producer marks the CPU again */
			rec = irqw_peek(&pc->ring[i]);
			if (!IS_ERR_OR_NULL(rec))
				irqw_heap_push(&pc->ring[i], rec);
		}
	}
}

/* After a pass: the CPUs of rings left with records stay marked. */
static void irqw_heap_leave(void)
{
	while (irqw_heap_n)
		cpumask_set_cpu(irqw_heap[--irqw_heap_n].r->cpu, &irqw_pending);
}

/*
 * The record to deliver next, from the heap; NULL when there is none, or
 * when it is not published yet. Once unloading, no producer runs: a gap
 * would be a bug, and what is left goes out in order all the same.
 */
static struct irqw_rec *irqw_next(struct irqw_ring **ringp, bool closing)
{
	if (!irqw_heap_n)
		return NULL;
	WARN_ON_ONCE(irqw_heap[0].seq < irqw_expect);
	if (irqw_heap[0].seq > irqw_expect && !closing)
		return NULL;
	*ringp = irqw_heap[0].r;
	return irqw_heap[0].rec;
}

/* Consumes @rec, at the heap's top, and puts its ring's next one there. */
static void irqw_consume_next(struct irqw_ring *r, struct irqw_rec *rec)
{
	struct irqw_rec *next;

	irqw_expect = rec->seq + 1;
	irqw_consume(r, rec);
	next = irqw_peek(r);
	if (IS_ERR_OR_NULL(next)) {
		/* empty, or being written: its producer marks the CPU again */
		irqw_heap[0] = irqw_heap[--irqw_heap_n];
	} else {
		irqw_heap[0].seq = next->seq;
		irqw_heap[0].rec = next;
	}
	if (irqw_heap_n)
		irqw_heap_down(0);
}

/*
 * Frames are return addresses, printed with %pB so that a call at the end
 * of a function is not taken for the next one; with @ip, the first frame is
 * an interrupted instruction's address.
 */
int irqw_put_frames(struct sk_buff *msg, int attrtype,
		    const unsigned long *frames, unsigned int nr, bool ip)
{
	char sym[KSYM_SYMBOL_LEN];
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(msg, attrtype);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < nr; i++) {
		if (!i && ip)
			snprintf(sym, sizeof(sym), "%pS", (void *)frames[i]);
		else
			snprintf(sym, sizeof(sym), "%pB", (void *)frames[i]);
		if (nla_put_string(msg, IRQWATCH_FRAME, sym))
			return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* A task nest left open for more attributes; the caller ends it. */
struct nlattr *irqw_put_task_start(struct sk_buff *msg, int attrtype,
				   pid_t pid, pid_t tgid, const char *comm)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, attrtype);
	if (!nest || nla_put_u32(msg, IRQWATCH_TASK_PID, pid) ||
	    nla_put_u32(msg, IRQWATCH_TASK_TGID, tgid) ||
	    nla_put_string(msg, IRQWATCH_TASK_COMM, comm))
		return NULL;
	return nest;
}

int irqw_put_task(struct sk_buff *msg, int attrtype, pid_t pid, pid_t tgid,
		  const char *comm)
{
	struct nlattr *nest = irqw_put_task_start(msg, attrtype, pid, tgid, comm);

	if (!nest)
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* An in-window sample, its offset from the event's start @mono_ns. */
int irqw_put_sample(struct sk_buff *msg, u64 mono_ns,
		    const struct irqw_sample *s)
{
	u64 offset = s->mono_ns > mono_ns ? s->mono_ns - mono_ns : 0;
	struct nlattr *nest;

	nest = nla_nest_start(msg, IRQWATCH_EV_SAMPLE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, IRQWATCH_SAMPLE_OFFSET_NS, offset,
			      IRQWATCH_SAMPLE_PAD) ||
	    nla_put_u8(msg, IRQWATCH_SAMPLE_IRQS_DISABLED, s->irqs_disabled) ||
	    irqw_put_task(msg, IRQWATCH_SAMPLE_TASK, s->pid, s->tgid, s->comm) ||
	    (s->nr_frames &&
	     irqw_put_frames(msg, IRQWATCH_SAMPLE_STACK, s->frames, s->nr_frames,
			     s->ip_first)) ||
	    nla_put_u64_64bit(msg, IRQWATCH_SAMPLE_DELAY_NS, s->delay_ns,
			      IRQWATCH_SAMPLE_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * Where the interrupted context starts in a stack saved by a handler: at
 * the interrupted instruction @ip, after irqwatch's own frames and the
 * interrupt or NMI entry (*@found). Without @ip in it, the whole trace is
 * kept, and its first frame is a return address like the others.
 */
unsigned int irqw_trace_start(const unsigned long *trace, unsigned int n,
			      unsigned long ip, u8 *found)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (trace[i] == ip) {
			*found = 1;
			return i;
		}
	}
	*found = 0;
	return 0;
}

/* The task that an event happened in, with what its class adds. */
static int irqw_put_rec_task(struct sk_buff *msg, const struct irqw_rec *rec,
			     const struct irqw_payload *pl)
{
	struct nlattr *nest;

	nest = irqw_put_task_start(msg, IRQWATCH_EV_TASK, rec->pid, rec->tgid,
				   rec->comm);
	if (!nest || (rec->cls->put_task && rec->cls->put_task(msg, pl)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * The common attributes, then the class's. With @trim, an event too large
 * for the message may lose what its class can leave out (samples).
 */
static int irqw_put_event(struct sk_buff *msg, const struct irqw_rec *rec,
			  bool trim)
{
	struct irqw_payload pl = irqw_rec_payload(rec);
	struct nlattr *nest;

	nest = nla_nest_start(msg, IRQWATCH_A_EVENT);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, IRQWATCH_EV_SEQ, rec->seq, IRQWATCH_EV_PAD) ||
	    nla_put_u32(msg, IRQWATCH_EV_TYPE, rec->type) ||
	    nla_put_u32(msg, IRQWATCH_EV_CPU, rec->cpu) ||
	    nla_put_u64_64bit(msg, IRQWATCH_EV_MONO_NS, rec->mono_ns, IRQWATCH_EV_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_EV_REAL_NS, rec->real_ns, IRQWATCH_EV_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_EV_DURATION_NS, rec->duration_ns,
			      IRQWATCH_EV_PAD) ||
	    (!rec->cls->taskless && irqw_put_rec_task(msg, rec, &pl)) ||
	    (rec->nr_frames &&
	     irqw_put_frames(msg, IRQWATCH_EV_STACK, rec->frames, rec->nr_frames,
			     rec->ip_first)) ||
	    rec->cls->put(msg, &pl, trim)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* A message being filled by the drain. */
struct irqw_batch {
	struct sk_buff *msg;
	void *hdr;
	unsigned int nr;
	u64 drops_sent;		/* ring drops in the last message sent */
};

static void irqw_batch_send(struct irqw_batch *b)
{
	if (!b->msg)
		return;
	genlmsg_end(b->msg, b->hdr);
	irqw_listeners_send(b->msg, b->nr);
	b->msg = NULL;
	b->nr = 0;
}

static int irqw_batch_start(struct irqw_batch *b, bool shutdown)
{
	b->msg = genlmsg_new(IRQW_MSG_SIZE, GFP_KERNEL);
	if (!b->msg)
		return -ENOMEM;
	b->hdr = genlmsg_put(b->msg, 0, 0, &irqw_genl_family, 0, IRQWATCH_CMD_EVENT);
	b->drops_sent = irqw_ring_drops();
	if (!b->hdr ||
	    nla_put_u64_64bit(b->msg, IRQWATCH_A_RING_DROPS, b->drops_sent,
			      IRQWATCH_A_PAD) ||
	    nla_put_u64_64bit(b->msg, IRQWATCH_A_NEXT_SEQ, irqw_next_seq(),
			      IRQWATCH_A_PAD) ||
	    (shutdown && nla_put_flag(b->msg, IRQWATCH_A_SHUTDOWN))) {
		nlmsg_free(b->msg);
		b->msg = NULL;
		return -EMSGSIZE;
	}
	return 0;
}

/*
 * Adds @rec to the batch; a record that fits no message is dropped. Only the
 * first event of a message may lose samples to fit.
 */
static void irqw_batch_add(struct irqw_batch *b, const struct irqw_rec *rec)
{
	int tries;

	for (tries = 0; tries < 2; tries++) {
		if (!b->msg && irqw_batch_start(b, false))
			break;
		if (!irqw_put_event(b->msg, rec, !b->nr)) {
			b->nr++;
			return;
		}
		if (!b->nr)
			break;
		irqw_batch_send(b);
	}
	irqw_listeners_count_drop();
}

static struct irqw_batch irqw_batch;	/* the drain's; one drain at a time */

static void irqw_drain(struct work_struct *work)
{
	struct irqw_batch *b = &irqw_batch;
	u64 t0 = ktime_get_ns();
	bool more = false, closing = READ_ONCE(irqw_closing);
	struct irqw_ring *r = NULL;
	struct irqw_rec *rec;
	unsigned int n = 0;
	bool heard;

	heard = irqw_listeners_get();
	irqw_heap_fill();
	while ((rec = irqw_next(&r, closing))) {
		if (heard)
			irqw_batch_add(b, rec);
		else
			irqw_listeners_count_unheard();
		irqw_consume_next(r, rec);
		if (++n % 64 == 0)
			cond_resched();
		/* producers faster than the drain must not keep it forever */
		if (n >= IRQW_DRAIN_BATCH && !closing) {
			more = true;
			break;
		}
	}
	irqw_heap_leave();
	/* Even without events, tell listeners that drops grew. */
	if (heard && !b->msg && irqw_ring_drops() != b->drops_sent &&
	    !irqw_batch_start(b, false))
		b->nr = 0;
	irqw_batch_send(b);
	/* Listeners whose sends failed learn the seq space that they missed. */
	if (irqw_listeners_owed() && !irqw_batch_start(b, false)) {
		genlmsg_end(b->msg, b->hdr);
		if (irqw_listeners_resync(b->msg) && !closing)
			queue_delayed_work(irqw_wq, &irqw_drain_work, IRQW_RESYNC_DELAY);
		b->msg = NULL;
	}
	irqw_listeners_put();
	if (more)
		mod_delayed_work(irqw_wq, &irqw_drain_work, 0);
	WRITE_ONCE(irqw_drained, irqw_drained + n);
	WRITE_ONCE(irqw_drain_ns, irqw_drain_ns + ktime_get_ns() - t0);
}

/* Drains what is left and tells listeners the module is going away. */
static void irqw_drain_final(void)
{
	struct irqw_batch *b = &irqw_batch;

	irqw_drain(NULL);
	if (irqw_listeners_get() && !irqw_batch_start(b, true))
		irqw_batch_send(b);
	irqw_listeners_put();
}

/* The attributes of irqw_put_cpu_counters(), for one CPU. */
size_t irqw_cpu_counters_size(void)
{
	return 2 * nla_total_size(sizeof(u32)) +		/* id, hwm */
	       3 * nla_total_size_64bit(sizeof(u64)) +		/* events, ns, calls */
	       IRQWATCH_EVENT_MAX * (nla_total_size(0) +	/* drops nests */
				     nla_total_size(sizeof(u32)) +
				     nla_total_size_64bit(sizeof(u64)));
}

/* @cpu's counters of the transport, in its IRQWATCH_A_CPU_STATS nest. */
int irqw_put_cpu_counters(struct sk_buff *msg, int cpu)
{
	struct irqw_pcpu *pc = per_cpu_ptr(&irqw_pcpu, cpu);
	struct nlattr *drops;
	int t;

	if (nla_put_u32(msg, IRQWATCH_CPUSTAT_ID, cpu) ||
	    nla_put_u64_64bit(msg, IRQWATCH_CPUSTAT_EVENTS,
			      local64_read(&pc->events), IRQWATCH_CPUSTAT_PAD) ||
	    nla_put_u32(msg, IRQWATCH_CPUSTAT_RING_HWM,
			READ_ONCE(pc->ring[IRQW_RING_TASK].hwm)) ||
	    nla_put_u64_64bit(msg, IRQWATCH_CPUSTAT_HANDLER_NS,
			      local64_read(&pc->handler_ns), IRQWATCH_CPUSTAT_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_CPUSTAT_HANDLER_CALLS,
			      local64_read(&pc->handler_calls),
			      IRQWATCH_CPUSTAT_PAD))
		return -EMSGSIZE;
	for (t = 1; t <= IRQWATCH_EVENT_MAX; t++) {
		u64 n = local64_read(&pc->drops[t]);

		if (!n)
			continue;
		drops = nla_nest_start(msg, IRQWATCH_CPUSTAT_DROPS);
		if (!drops || nla_put_u32(msg, IRQWATCH_DROPS_TYPE, t) ||
		    nla_put_u64_64bit(msg, IRQWATCH_DROPS_COUNT, n,
				      IRQWATCH_DROPS_PAD))
			return -EMSGSIZE;
		nla_nest_end(msg, drops);
	}
	return 0;
}

static void irqw_rings_free(void)
{
	struct irqw_pcpu *pc;
	int cpu, i;

	for_each_possible_cpu(cpu) {
		pc = per_cpu_ptr(&irqw_pcpu, cpu);
		for (i = 0; i < IRQW_NR_RINGS; i++) {
			vfree(pc->ring[i].data);
			pc->ring[i].data = NULL;
		}
	}
}

/* Bytes of each CPU's ring for events outside NMI. */
unsigned long irqw_ring_bytes(void)
{
	return irqw_ring_size;
}

/*
 * Rings take ring_kb per CPU, but at most IRQW_RING_TOTAL_KB for all CPUs
 * (machines with many possible CPUs get smaller rings, never smaller than
 * IRQWATCH_RING_KB_MIN), plus an eighth of that for the NMI rings.
 */
#define IRQW_RING_TOTAL_KB	(64 * 1024)

int __init irqw_events_init(unsigned int ring_kb)
{
	unsigned int fair = IRQW_RING_TOTAL_KB / num_possible_cpus();
	struct irqw_pcpu *pc;
	int cpu, i;

	/*
	 * A record smaller than half the ring fits an empty ring wherever its
	 * head is: the padding before it is smaller than the record. Records
	 * of user-caused classes, which may fill half a ring, are smaller
	 * than a quarter.
	 */
	BUILD_BUG_ON(2 * IRQW_REC_MAX > IRQWATCH_RING_KB_MIN * 1024);
	BUILD_BUG_ON(4 * IRQW_USER_REC_MAX > IRQWATCH_RING_KB_MIN * 1024);
	fair = max_t(unsigned int, IRQWATCH_RING_KB_MIN,
		     fair ? rounddown_pow_of_two(fair) : 0);
	if (ring_kb > fair) {
		pr_info("rings of %u KiB per CPU instead of %u: %u possible CPUs share %u MiB\n",
			fair, ring_kb, num_possible_cpus(), IRQW_RING_TOTAL_KB / 1024);
		ring_kb = fair;
	}
	irqw_ring_size = (unsigned long)ring_kb * 1024;
	irqw_heap = kvmalloc_array(IRQW_NR_RINGS * nr_cpu_ids, sizeof(*irqw_heap),
				   GFP_KERNEL);
	if (!irqw_heap)
		return -ENOMEM;
	irqw_heap_n = 0;
	irqw_expect = irqw_next_seq();
	irqw_nmi_ring_size = max_t(unsigned long, IRQWATCH_RING_KB_MIN * 1024,
				   irqw_ring_size / 8);
	WRITE_ONCE(irqw_closing, false);
	irqw_wq = alloc_ordered_workqueue("irqwatch", 0);
	if (!irqw_wq) {
		kvfree(irqw_heap);
		return -ENOMEM;
	}
	INIT_DELAYED_WORK(&irqw_drain_work, irqw_drain);
	for_each_possible_cpu(cpu) {
		pc = per_cpu_ptr(&irqw_pcpu, cpu);
		init_irq_work(&pc->kick, irqw_kick);
		for (i = 0; i < IRQW_NR_RINGS; i++) {
			pc->ring[i].size = i == IRQW_RING_NMI ? irqw_nmi_ring_size :
					   irqw_ring_size;
			pc->ring[i].cpu = cpu;
			pc->ring[i].data = vzalloc_node(pc->ring[i].size,
							cpu_to_node(cpu));
			if (!pc->ring[i].data) {
				irqw_rings_free();
				destroy_workqueue(irqw_wq);
				kvfree(irqw_heap);
				return -ENOMEM;
			}
		}
	}
	return 0;
}

/*
 * Called once no producer can run any more: delivers what is left, tells
 * listeners the module is going away, and frees the rings. From here on
 * nothing queues the drain work: the kicks still pending are synced, the
 * drain's own resync is not re-armed, and the work is cancelled before the
 * final drain runs it once more by hand.
 */
void irqw_events_exit(void)
{
	int cpu;

	WRITE_ONCE(irqw_closing, true);
	for_each_possible_cpu(cpu)
		irq_work_sync(&per_cpu_ptr(&irqw_pcpu, cpu)->kick);
	cancel_delayed_work_sync(&irqw_drain_work);
	irqw_drain_final();
	destroy_workqueue(irqw_wq);
	irqw_rings_free();
	kvfree(irqw_heap);
	irqw_heap = NULL;
}
