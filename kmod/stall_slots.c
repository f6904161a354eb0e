// SPDX-License-Identifier: GPL-2.0
/*
 * The stall detector's calls in flight, for the irqoff detector: while a
 * probed call runs it owns a slot in irqw_slots[], so that the irqoff tick,
 * when a window ends in a task, finds the calls that task is in.
 *
 * Slots: a cache line each, found from a hash of the task, so that the
 * calls of different tasks touch different lines. A slot's state word
 * holds FREE, CLAIMING, READY or DYING and a generation that every claim
 * bumps. Only the task that claimed a slot, in its return handler, or the
 * reaper (process context) may take it from READY to DYING, by cmpxchg of
 * the whole word, so exactly one of them releases it and puts the task
 * reference it holds. The irqoff tick (hard irq, interrupts off: an RCU
 * reader) reads a slot only when its task is the one it interrupted, after
 * an acquire of READY, and checks the word again after reading the fields;
 * the reaper waits for a grace period between DYING and FREE, and a probe
 * is freed only after all its slots are FREE and another grace period. A
 * hooked call always owns a slot (without one it is not hooked, and counts
 * as missed), so the calls in flight of a probe are its slots, and a call
 * whose return hook never runs (its task exited inside the function; the
 * probe went while it was in flight) is reclaimed and counted abandoned.
 */

#include <linux/bitmap.h>
#include <linux/cache.h>
#include <linux/hash.h>
#include <linux/kprobes.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "irqwatch.h"
#include "stall.h"

#define IRQW_SLOT_BITS		9
#define IRQW_SLOTS		BIT(IRQW_SLOT_BITS)
#define IRQW_SLOT_WAYS		8	/* slots tried from a task's hash */

enum {
	IRQW_SLOT_FREE,
	IRQW_SLOT_CLAIMING,
	IRQW_SLOT_READY,
	IRQW_SLOT_DYING,
};

#define IRQW_SLOT_STATE(w)	((w) & 3)
#define IRQW_SLOT_GEN(w)	((w) & ~3U)

/* A call in progress, for the irqoff detector; see the top comment. */
struct irqw_call_slot {
	u32 word;			/* generation | state */
	struct task_struct *task;	/* a reference while not FREE */
	struct irqw_probe *probe;
	u64 start_ns;
	u64 related_seq;		/* written by the task's ticks only */
	u64 irqoff_ns;
} ____cacheline_aligned_in_smp;

#ifdef IRQWATCH_TESTING
/*
 * VM tests only: widens the race of a tick that holds a slot's probe
 * against the deletion of that probe (t93) by waiting this long between
 * reading the slot and using the probe. Every other lookup of a CPU only:
 * the tick after a delayed one is late by the delay and finds a window
 * too, and a delay in each would keep the CPU in its timer interrupt.
 */
static u32 irqw_test_within_delay_us;
static struct irqw_u32_param irqw_param_test_within_delay_us = {
	.val = &irqw_test_within_delay_us,
	.min = 0,
	.max = 50000,
};

module_param_cb(test_within_delay_us, &irqw_u32_ops,
		&irqw_param_test_within_delay_us, 0444);
MODULE_PARM_DESC(test_within_delay_us,
		 "tests only: busy-wait in every other tick between a slot's read and its probe's use, 0..50000");

static DEFINE_PER_CPU(bool, irqw_test_delayed);

static void irqw_test_within_delay(void)
{
	bool skip = __this_cpu_read(irqw_test_delayed);
	u64 end = ktime_get_mono_fast_ns() +
		  (u64)READ_ONCE(irqw_test_within_delay_us) * NSEC_PER_USEC;

	__this_cpu_write(irqw_test_delayed, !skip);
	if (skip)
		return;
	while (ktime_get_mono_fast_ns() < end)
		cpu_relax();
}
#else
static inline void irqw_test_within_delay(void) { }
#endif

static struct irqw_call_slot irqw_slots[IRQW_SLOTS] __cacheline_aligned_in_smp;

static struct irqw_call_slot *irqw_task_slot(const struct task_struct *task,
					     unsigned int way)
{
	return &irqw_slots[(hash_ptr((void *)task, IRQW_SLOT_BITS) + way) &
			   (IRQW_SLOTS - 1)];
}

/* Claims a slot for a call of @p by current; false if none is free. */
bool irqw_slot_claim(struct irqw_probe *p, struct irqw_call *c)
{
	struct irqw_call_slot *s;
	unsigned int i;
	u32 w, claimed;

	for (i = 0; i < IRQW_SLOT_WAYS; i++) {
		s = irqw_task_slot(current, i);
		w = READ_ONCE(s->word);
		if (IRQW_SLOT_STATE(w) != IRQW_SLOT_FREE)
			continue;
		claimed = IRQW_SLOT_GEN(w) + 4 + IRQW_SLOT_CLAIMING;
		if (cmpxchg(&s->word, w, claimed) != w)
			continue;
		/* current is running: this is never its last reference */
		get_task_struct(current);
		WRITE_ONCE(s->task, current);
		WRITE_ONCE(s->probe, p);
		WRITE_ONCE(s->start_ns, c->start_ns);
		s->related_seq = 0;
		s->irqoff_ns = 0;
		c->slot = s - irqw_slots;
		c->word = IRQW_SLOT_GEN(claimed) | IRQW_SLOT_READY;
		/* the fields before READY: pairs with the ticks' acquire */
		smp_store_release(&s->word, c->word);
		return true;
	}
	return false;
}

NOKPROBE_SYMBOL(irqw_slot_claim);

/* After DYING (and, from another CPU, a grace period): frees the slot. */
static void irqw_slot_free(struct irqw_call_slot *s, u32 word)
{
	struct task_struct *t = s->task;

	WRITE_ONCE(s->task, NULL);
	WRITE_ONCE(s->probe, NULL);
	/* cleared before a claim may see FREE */
	smp_store_release(&s->word, IRQW_SLOT_GEN(word) | IRQW_SLOT_FREE);
	put_task_struct(t);
}

/*
 * The return handler of the call @c: takes its slot back, with what the
 * ticks added to it, unless the reaper took it first (then it is not ours
 * to touch, and the call's window is unknown).
 */
bool irqw_slot_release(const struct irqw_call *c, u64 *related_seq,
		       u64 *irqoff_ns)
{
	struct irqw_call_slot *s = &irqw_slots[c->slot];

	if (cmpxchg(&s->word, c->word,
		    IRQW_SLOT_GEN(c->word) | IRQW_SLOT_DYING) != c->word)
		return false;
	*related_seq = s->related_seq;
	*irqoff_ns = s->irqoff_ns;
	irqw_slot_free(s, c->word);
	return true;
}

NOKPROBE_SYMBOL(irqw_slot_release);

/*
 * A READY slot of @task, read consistently: its probe and start, or NULL.
 * Called by @task's own tick (hard irq, interrupts off), so that only the
 * reaper can take the slot meanwhile, and it waits for this tick to end.
 */
static struct irqw_probe *irqw_slot_read(struct irqw_call_slot *s,
					 const struct task_struct *task,
					 u64 *start_ns)
{
	struct irqw_probe *p;
	u32 w;

	if (READ_ONCE(s->task) != task)
		return NULL;
	/* pairs with the release of READY in irqw_slot_claim() */
	w = smp_load_acquire(&s->word);
	if (IRQW_SLOT_STATE(w) != IRQW_SLOT_READY)
		return NULL;
	p = READ_ONCE(s->probe);
	*start_ns = READ_ONCE(s->start_ns);
	/* the fields before the second look at the word */
	smp_rmb();
	if (!p || READ_ONCE(s->task) != task || READ_ONCE(s->word) != w)
		return NULL;
	return p;
}

/*
 * The irqoff detector's tick found a window that ended in @task (the task
 * it interrupted): fills @within with the innermost call of @task, if any.
 */
bool irqw_stall_within(struct task_struct *task, struct irqw_within *within)
{
	struct irqw_probe *p, *inner = NULL;
	u64 start, inner_start = 0;
	unsigned int i;

	if (!READ_ONCE(irqw_stall_on))
		return false;
	for (i = 0; i < IRQW_SLOT_WAYS; i++) {
		p = irqw_slot_read(irqw_task_slot(task, i), task, &start);
		if (p && (!inner || start > inner_start)) {
			inner = p;
			inner_start = start;
		}
	}
	if (!inner)
		return false;
	irqw_test_within_delay();
	/* a probe is freed only a grace period after its last slot */
	memset(within, 0, sizeof(*within));
	strscpy(within->probe, inner->symbol, sizeof(within->probe));
	within->kind = inner->kind;
	return true;
}

/* The window @seq of @ns that ended in @task is linked to its calls. */
void irqw_stall_window(struct task_struct *task, u64 seq, u64 ns)
{
	struct irqw_call_slot *s;
	unsigned int i;
	u64 start;

	for (i = 0; i < IRQW_SLOT_WAYS; i++) {
		s = irqw_task_slot(task, i);
		if (!irqw_slot_read(s, task, &start))
			continue;
		/* a slot the reaper takes now is discarded after this tick */
		if (!s->related_seq)
			s->related_seq = seq;
		s->irqoff_ns += ns;
	}
}

/* Calls of @p in flight: the slots it owns. */
unsigned int irqw_probe_inflight(const struct irqw_probe *p)
{
	unsigned int i, n = 0;

	for (i = 0; i < IRQW_SLOTS; i++)
		if (IRQW_SLOT_STATE(READ_ONCE(irqw_slots[i].word)) != IRQW_SLOT_FREE &&
		    READ_ONCE(irqw_slots[i].probe) == p)
			n++;
	return n;
}

/*
 * Takes back the slots whose return hook will never run: of unregistered
 * probes, and of tasks that exited inside a probed function; returns how
 * many. Under stall.c's irqw_reap_lock, which also orders it before any
 * probe is freed.
 */
unsigned int irqw_slots_reclaim(void)
{
	DECLARE_BITMAP(taken, IRQW_SLOTS);
	static u32 words[IRQW_SLOTS];
	struct irqw_call_slot *s;
	struct task_struct *t;
	struct irqw_probe *p;
	unsigned int i, n = 0;
	u32 w;

	bitmap_zero(taken, IRQW_SLOTS);
	/*
	 * A task's last references go a grace period after it died, and a
	 * READY slot holds one: the task read here stays readable.
	 */
	rcu_read_lock();
	for (i = 0; i < IRQW_SLOTS; i++) {
		s = &irqw_slots[i];
		/* pairs with the release of READY: task and probe are its own */
		w = smp_load_acquire(&s->word);
		if (IRQW_SLOT_STATE(w) != IRQW_SLOT_READY)
			continue;
		t = READ_ONCE(s->task);
		p = READ_ONCE(s->probe);
		if (!t || !p || (!READ_ONCE(p->gone) && !READ_ONCE(t->exit_state)))
			continue;
		if (cmpxchg(&s->word, w, IRQW_SLOT_GEN(w) | IRQW_SLOT_DYING) != w)
			continue;
		words[i] = w;
		__set_bit(i, taken);
		n++;
	}
	rcu_read_unlock();
	if (!n)
		return 0;
	/* no tick still reads the slots taken */
	synchronize_rcu();
	for_each_set_bit(i, taken, IRQW_SLOTS) {
		s = &irqw_slots[i];
		atomic64_inc(&s->probe->abandoned);
		irqw_slot_free(s, words[i]);
	}
	pr_debug("reclaimed %u slots of calls that never returned\n", n);
	return n;
}

/* Slots not FREE: none once every probe is gone. */
unsigned int irqw_slots_in_use(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < IRQW_SLOTS; i++)
		if (IRQW_SLOT_STATE(READ_ONCE(irqw_slots[i].word)) != IRQW_SLOT_FREE)
			n++;
	return n;
}
