// SPDX-License-Identifier: GPL-2.0
/*
 * The interrupt tracepoints: irq:softirq_raise/entry/exit,
 * irq:irq_handler_entry/exit and napi:napi_poll, found with
 * for_each_kernel_tracepoint() (their __tracepoint_* symbols are not
 * exported) and attached with tracepoint_probe_register() while the
 * softirq or the storm detector is on.
 *
 * The probes run on the CPU that the tracepoint fires on, with preemption
 * disabled, and touch only that CPU's struct irqw_tp_cpu: no lock, no
 * atomic on a shared line, no allocation. Counters that other CPUs read
 * (the storm detector's work, GET_STATS) are local64_t. A softirq handler
 * runs from its entry to its exit without another softirq on that CPU in
 * between (on PREEMPT_RT too: the CPU's softirq lock is held), and an
 * interrupt handler does not nest: one "running" slot of each per CPU.
 * An interrupt that comes between a probe's reads and writes of the same
 * vector's state can make it miss the wait of that raise; nothing worse.
 *
 * softirq_latency events are sent from the softirq_exit probe, at most
 * IRQW_TP_LAT_PER_SEC a second per CPU; the stack is taken only then.
 */

#include <linux/bitops.h>
#include <linux/hash.h>
#include <linux/interrupt.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/tracepoint.h>
#include <net/netlink.h>

#include "event.h"
#include "irqtp.h"
#include "irqwatch.h"

#define IRQW_TP_LAT_PER_SEC	10
#define IRQW_TP_TRACE		(IRQW_MAX_FRAMES + 8)
#define IRQW_TP_WAIT_UNSEEN	U64_MAX
/* One probe call in this many is timed: the probes' own cost. */
#define IRQW_TP_TIME_EVERY	64

struct irqw_tp_vec {
	u64 raise_lc;			/* first raise since the last run; 0: none */
	u64 raise_soft_ns;		/* soft_ns then */
	u64 raise_hard_ns;		/* hard_ns then */
	struct irqw_task_id raiser;
	local64_t count;
	local64_t ns;
	local64_t raises;
	local64_t wait_hist[IRQWATCH_HIST_BUCKETS];
	local64_t run_hist[IRQWATCH_HIST_BUCKETS];
};

struct irqw_tp_cpu {
	local64_t soft_ns;
	local64_t ksoftirqd_ns;
	local64_t hard_ns;
	local64_t hardirqs;
	local64_t untracked;
	local64_t lat_events;
	local64_t lat_suppressed;
	local64_t calls;		/* of the probes */
	local64_t timed;		/* one in IRQW_TP_TIME_EVERY */
	local64_t timed_ns;
	/* the softirq handler running, from its entry to its exit */
	u64 entry_lc;			/* 0: none */
	u64 entry_hard_ns;
	u64 wait_ns;			/* IRQW_TP_WAIT_UNSEEN: raise not seen */
	u64 wait_soft_ns;
	u64 wait_hard_ns;
	struct irqw_task_id raiser;
	unsigned int entry_vec;
	bool in_ksoftirqd;
	struct task_struct *ksoftirqd;	/* compared, never followed */
	/* the interrupt handler running */
	u64 hard_lc;			/* 0: none */
	struct irqw_tp_irq *hard_irq;
	/* latency events sent in the current second, and not sent since */
	u64 lat_second_lc;
	u32 lat_sent;
	u32 lat_unsent;
	struct irqw_tp_vec vec[NR_SOFTIRQS];
	struct irqw_tp_irq irq[IRQW_TP_IRQS];
	struct irqw_tp_napi napi[IRQW_TP_NAPIS];
	unsigned long trace[IRQW_TP_TRACE];
};

static struct irqw_tp_cpu __percpu *irqw_tp_pcpu;
static u32 irqw_tp_users;		/* enum irqw_tp_user bits */
static u64 irqw_tp_threshold_ns = U64_MAX;

/* struct irqw_event's payload of a softirq_latency event */
struct irqw_tp_lat_payload {
	u64 wait_ns;			/* IRQW_TP_WAIT_UNSEEN: not seen */
	u64 run_ns;
	u64 wait_soft_ns;
	u64 wait_hard_ns;
	struct irqw_task_id raiser;
	u32 suppressed;
	u8 vec;
	u8 ksoftirqd;
};

static unsigned int irqw_tp_bucket(u64 ns)
{
	return min_t(unsigned int, fls64(div_u64(ns, NSEC_PER_USEC)),
		     IRQWATCH_HIST_BUCKETS - 1);
}

static bool irqw_tp_is_ksoftirqd(struct irqw_tp_cpu *tc, struct task_struct *t)
{
	if (t == tc->ksoftirqd)
		return true;
	if (!(t->flags & PF_KTHREAD) || strncmp(t->comm, "ksoftirqd/", 10))
		return false;
	tc->ksoftirqd = t;
	return true;
}

static __always_inline void __irqw_tp_softirq_raise(struct irqw_tp_cpu *tc,
						    unsigned int nr)
{
	struct irqw_tp_vec *v;

	if (nr >= NR_SOFTIRQS)
		return;
	v = &tc->vec[nr];
	if (v->raise_lc)
		return;
	v->raise_soft_ns = local64_read(&tc->soft_ns);
	v->raise_hard_ns = local64_read(&tc->hard_ns);
	irqw_task_id_get(&v->raiser, current);
	local64_inc(&v->raises);
	v->raise_lc = local_clock() ?: 1;
}

static __always_inline void __irqw_tp_softirq_entry(struct irqw_tp_cpu *tc,
						    unsigned int nr)
{
	u64 now = local_clock();
	struct irqw_tp_vec *v;

	if (nr >= NR_SOFTIRQS)
		return;
	v = &tc->vec[nr];
	tc->entry_vec = nr;
	tc->entry_hard_ns = local64_read(&tc->hard_ns);
	tc->in_ksoftirqd = irqw_tp_is_ksoftirqd(tc, current);
	tc->wait_ns = IRQW_TP_WAIT_UNSEEN;
	if (v->raise_lc && now >= v->raise_lc) {
		tc->wait_ns = now - v->raise_lc;
		tc->wait_soft_ns = local64_read(&tc->soft_ns) - v->raise_soft_ns;
		tc->wait_hard_ns = tc->entry_hard_ns - v->raise_hard_ns;
		tc->raiser = v->raiser;
		local64_inc(&v->wait_hist[irqw_tp_bucket(tc->wait_ns)]);
	}
	v->raise_lc = 0;
	tc->entry_lc = now ?: 1;
}

/* The frames after irqwatch's own (the probe's caller first). */
static unsigned int irqw_tp_stack(struct irqw_tp_cpu *tc, unsigned int *first)
{
	unsigned int n, i;

	n = stack_trace_save(tc->trace, IRQW_TP_TRACE, 0);
	for (i = 0; i < n && within_module(tc->trace[i], THIS_MODULE); i++)
		;
	*first = i;
	return min_t(unsigned int, n - i, IRQW_MAX_FRAMES);
}

static int irqw_tp_put_latency(struct sk_buff *msg, const struct irqw_payload *p,
			       bool trim);

static const struct irqw_event_class irqw_tp_latency_event = {
	.type = IRQWATCH_EVENT_SOFTIRQ_LATENCY,
	.put = irqw_tp_put_latency,
};

/* A run over the threshold, at its exit: @start its entry, @now its end. */
static noinline void irqw_tp_latency(struct irqw_tp_cpu *tc, unsigned int nr,
				     u64 run, u64 start, u64 now)
{
	bool seen = tc->wait_ns != IRQW_TP_WAIT_UNSEEN;
	struct irqw_tp_lat_payload pl = {
		.wait_ns = tc->wait_ns,
		.run_ns = run,
		.vec = nr,
		.ksoftirqd = tc->in_ksoftirqd,
	};
	struct irqw_event ev = {
		.cls = &irqw_tp_latency_event,
		.task = current,
		.payload = &pl,
		.payload_len = sizeof(pl),
	};
	u64 begin = seen ? start - tc->wait_ns : start, mono;
	unsigned int first;

	BUILD_BUG_ON(sizeof(pl) > IRQW_PAYLOAD_MAX);
	if (now - tc->lat_second_lc >= NSEC_PER_SEC) {
		tc->lat_second_lc = now;
		tc->lat_sent = 0;
	}
	if (tc->lat_sent >= IRQW_TP_LAT_PER_SEC) {
		tc->lat_unsent++;
		local64_inc(&tc->lat_suppressed);
		return;
	}
	tc->lat_sent++;
	if (seen) {
		pl.wait_soft_ns = tc->wait_soft_ns;
		pl.wait_hard_ns = tc->wait_hard_ns;
		pl.raiser = tc->raiser;
	}
	pl.suppressed = tc->lat_unsent;
	ev.nr_frames = irqw_tp_stack(tc, &first);
	ev.frames = tc->trace + first;
	ev.duration_ns = (seen ? tc->wait_ns : 0) + run;
	mono = ktime_get_mono_fast_ns();
	ev.mono_ns = mono - min(now - begin, mono);
	if (irqw_emit(&ev)) {
		tc->lat_unsent = 0;
		local64_inc(&tc->lat_events);
	}
}

static __always_inline void __irqw_tp_softirq_exit(struct irqw_tp_cpu *tc,
						   unsigned int nr)
{
	u64 now = local_clock(), start = tc->entry_lc, hard, run, threshold;
	struct irqw_tp_vec *v;

	tc->entry_lc = 0;
	if (!start || nr != tc->entry_vec || now < start)
		return;
	hard = local64_read(&tc->hard_ns) - tc->entry_hard_ns;
	run = now - start;
	run = run > hard ? run - hard : 0;
	v = &tc->vec[nr];
	local64_inc(&v->count);
	local64_add(run, &v->ns);
	local64_inc(&v->run_hist[irqw_tp_bucket(run)]);
	local64_add(run, &tc->soft_ns);
	if (tc->in_ksoftirqd)
		local64_add(run, &tc->ksoftirqd_ns);
	if (!(READ_ONCE(irqw_tp_users) & IRQW_TP_SOFTIRQ))
		return;
	threshold = READ_ONCE(irqw_tp_threshold_ns);
	if (run >= threshold ||
	    (tc->wait_ns != IRQW_TP_WAIT_UNSEEN && tc->wait_ns >= threshold))
		irqw_tp_latency(tc, nr, run, start, now);
}

/* @irq's slot on this CPU, claimed if new; NULL if the table is full. */
static struct irqw_tp_irq *irqw_tp_irq_slot(struct irqw_tp_cpu *tc, int irq,
					    const struct irqaction *action)
{
	u32 key = (u32)irq + 1;
	unsigned int h = hash_32(key, ilog2(IRQW_TP_IRQS)), i;
	struct irqw_tp_irq *s;

	BUILD_BUG_ON(!is_power_of_2(IRQW_TP_IRQS));
	for (i = 0; i < IRQW_TP_IRQS; i++) {
		s = &tc->irq[(h + i) & (IRQW_TP_IRQS - 1)];
		if (s->key == key)
			break;
		if (!s->key) {
			s->action = action;
			strscpy(s->name, action->name ?: "", sizeof(s->name));
			/* the name before the key: pairs with irqw_tp_irq() */
			smp_store_release(&s->key, key);
			return s;
		}
	}
	if (i == IRQW_TP_IRQS)
		return NULL;
	if (s->action != action) {	/* another handler of the line */
		s->action = action;
		strscpy(s->name, action->name ?: "", sizeof(s->name));
	}
	return s;
}

static __always_inline void __irqw_tp_irq_entry(struct irqw_tp_cpu *tc, int irq,
						struct irqaction *action)
{
	tc->hard_irq = irqw_tp_irq_slot(tc, irq, action);
	tc->hard_lc = local_clock() ?: 1;
}

static __always_inline void __irqw_tp_irq_exit(struct irqw_tp_cpu *tc, int irq,
					       struct irqaction *action, int ret)
{
	u64 now = local_clock(), start = tc->hard_lc, ns;

	tc->hard_lc = 0;
	if (!start || now < start)
		return;
	ns = now - start;
	local64_add(ns, &tc->hard_ns);
	local64_inc(&tc->hardirqs);
	if (tc->hard_irq) {
		local64_inc(&tc->hard_irq->count);
		local64_add(ns, &tc->hard_irq->ns);
	} else {
		local64_inc(&tc->untracked);
	}
}

static __always_inline void __irqw_tp_napi_poll(struct irqw_tp_cpu *tc,
						struct napi_struct *napi,
						int work, int budget)
{
	const struct net_device *dev = napi->dev;
	struct irqw_tp_napi *s;
	unsigned int i;

	for (i = 0; i < IRQW_TP_NAPIS; i++) {
		s = &tc->napi[i];
		if (s->napi == napi && s->dev == dev)
			break;
		if (!s->napi) {
			s->dev = dev;
			strscpy(s->dev_name, dev ? dev->name : "backlog",
				sizeof(s->dev_name));
			/* the name before the key: pairs with irqw_tp_napi() */
			smp_store_release(&s->napi, napi);
			break;
		}
	}
	if (i == IRQW_TP_NAPIS)
		return;
	local64_inc(&s->polls);
	if (work > 0)
		local64_add(work, &s->packets);
	if (work >= budget)
		local64_inc(&s->exhausted);
}

/*
 * The probes: one call in IRQW_TP_TIME_EVERY is timed, with the clock read
 * that timing it adds.
 */
#define IRQW_TP_PROBE(name, proto, args)				\
static void name proto							\
{									\
	struct irqw_tp_cpu *tc = this_cpu_ptr(irqw_tp_pcpu);		\
	u64 t0 = 0;							\
									\
	if (unlikely(!(local64_inc_return(&tc->calls) %		\
		       IRQW_TP_TIME_EVERY)))				\
		t0 = local_clock();					\
	__##name args;							\
	if (unlikely(t0)) {						\
		local64_add(local_clock() - t0, &tc->timed_ns);		\
		local64_inc(&tc->timed);				\
	}								\
}

IRQW_TP_PROBE(irqw_tp_softirq_raise, (void *data, unsigned int nr),
	      (tc, nr))
IRQW_TP_PROBE(irqw_tp_softirq_entry, (void *data, unsigned int nr),
	      (tc, nr))
IRQW_TP_PROBE(irqw_tp_softirq_exit, (void *data, unsigned int nr),
	      (tc, nr))
IRQW_TP_PROBE(irqw_tp_irq_entry,
	      (void *data, int irq, struct irqaction *action),
	      (tc, irq, action))
IRQW_TP_PROBE(irqw_tp_irq_exit,
	      (void *data, int irq, struct irqaction *action, int ret),
	      (tc, irq, action, ret))
IRQW_TP_PROBE(irqw_tp_napi_poll,
	      (void *data, struct napi_struct *napi, int work, int budget),
	      (tc, napi, work, budget))

struct irqw_tp_def {
	const char *name;		/* the tracepoint's */
	const char *full;		/* with its system, for status */
	void *probe;
	u32 users;			/* who needs it */
	struct tracepoint *tp;		/* NULL: not in this kernel */
	bool attached;
	bool failed;
};

static struct irqw_tp_def irqw_tps[] = {
	{ "softirq_exit", "irq:softirq_exit", irqw_tp_softirq_exit,
	  IRQW_TP_SOFTIRQ | IRQW_TP_STORM },
	{ "softirq_entry", "irq:softirq_entry", irqw_tp_softirq_entry,
	  IRQW_TP_SOFTIRQ | IRQW_TP_STORM },
	{ "softirq_raise", "irq:softirq_raise", irqw_tp_softirq_raise,
	  IRQW_TP_SOFTIRQ | IRQW_TP_STORM },
	{ "irq_handler_exit", "irq:irq_handler_exit", irqw_tp_irq_exit,
	  IRQW_TP_SOFTIRQ | IRQW_TP_STORM },
	{ "irq_handler_entry", "irq:irq_handler_entry", irqw_tp_irq_entry,
	  IRQW_TP_SOFTIRQ | IRQW_TP_STORM },
	{ "napi_poll", "napi:napi_poll", irqw_tp_napi_poll, IRQW_TP_STORM },
};

static void irqw_tp_lookup(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(irqw_tps); i++)
		if (!strcmp(tp->name, irqw_tps[i].name))
			irqw_tps[i].tp = tp;
}

/* No probe runs: forget what was running when they were detached. */
static void irqw_tp_reset_running(void)
{
	unsigned int i;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct irqw_tp_cpu *tc = per_cpu_ptr(irqw_tp_pcpu, cpu);

		tc->entry_lc = 0;
		tc->hard_lc = 0;
		for (i = 0; i < NR_SOFTIRQS; i++)
			tc->vec[i].raise_lc = 0;
	}
}

void irqw_tp_use(u32 user, bool on)
{
	u32 users = on ? irqw_tp_users | user : irqw_tp_users & ~user;
	bool none = true, detached = false;
	struct irqw_tp_def *d;
	unsigned int i;
	int err;

	lockdep_assert_held(&irqw_cfg_lock);
	for (i = 0; i < ARRAY_SIZE(irqw_tps); i++) {
		d = &irqw_tps[i];
		if (d->attached && !(users & d->users)) {
			tracepoint_probe_unregister(d->tp, d->probe, NULL);
			d->attached = false;
			detached = true;
		}
	}
	if (detached)
		tracepoint_synchronize_unregister();
	for (i = 0; i < ARRAY_SIZE(irqw_tps); i++)
		none &= !irqw_tps[i].attached;
	if (none)
		irqw_tp_reset_running();
	WRITE_ONCE(irqw_tp_users, users);
	for (i = 0; i < ARRAY_SIZE(irqw_tps); i++) {
		d = &irqw_tps[i];
		if (d->attached || !(users & d->users) || !d->tp)
			continue;
		err = tracepoint_probe_register(d->tp, d->probe, NULL);
		d->failed = err;
		d->attached = !err;
		if (err)
			pr_warn("cannot attach to %s (%d): what needs it is not measured\n",
				d->full, err);
	}
}

void irqw_tp_set_threshold(u64 ns)
{
	WRITE_ONCE(irqw_tp_threshold_ns, ns);
}

bool irqw_tp_hardirq_on(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(irqw_tps); i++)
		if (irqw_tps[i].probe == irqw_tp_irq_exit)
			return irqw_tps[i].attached;
	return false;
}

void irqw_tp_read(int cpu, struct irqw_tp_counts *c)
{
	struct irqw_tp_cpu *tc = per_cpu_ptr(irqw_tp_pcpu, cpu);
	unsigned int i;

	c->soft_ns = local64_read(&tc->soft_ns);
	c->ksoftirqd_ns = local64_read(&tc->ksoftirqd_ns);
	c->hard_ns = local64_read(&tc->hard_ns);
	for (i = 0; i < NR_SOFTIRQS; i++) {
		c->vec_count[i] = local64_read(&tc->vec[i].count);
		c->vec_ns[i] = local64_read(&tc->vec[i].ns);
	}
	for (i = 0; i < IRQW_TP_IRQS; i++) {
		c->irq_count[i] = local64_read(&tc->irq[i].count);
		c->irq_ns[i] = local64_read(&tc->irq[i].ns);
	}
	for (i = 0; i < IRQW_TP_NAPIS; i++) {
		c->napi_polls[i] = local64_read(&tc->napi[i].polls);
		c->napi_packets[i] = local64_read(&tc->napi[i].packets);
		c->napi_exhausted[i] = local64_read(&tc->napi[i].exhausted);
	}
}

int irqw_tp_irq(int cpu, unsigned int slot, char *name, size_t len)
{
	struct irqw_tp_irq *s = &per_cpu_ptr(irqw_tp_pcpu, cpu)->irq[slot];
	/* pairs with the release in irqw_tp_irq_slot(): the name is there */
	u32 key = smp_load_acquire(&s->key);

	if (!key)
		return -1;
	/* racy against a change of handler: a name, not a key */
	strscpy(name, s->name, min(len, sizeof(s->name)));
	return key - 1;
}

bool irqw_tp_napi(int cpu, unsigned int slot, char *dev, size_t len)
{
	struct irqw_tp_napi *s = &per_cpu_ptr(irqw_tp_pcpu, cpu)->napi[slot];

	/* pairs with the release in irqw_tp_napi_poll(): the name is there */
	if (!smp_load_acquire(&s->napi))
		return false;
	strscpy(dev, s->dev_name, min(len, sizeof(s->dev_name)));
	return true;
}

/*
 * Who ran the softirq: the first of these functions in the stack at its
 * end (names without a compiler's ".part.0"-like suffix).
 */
static const struct {
	const char *fn;
	u32 served;
} irqw_tp_servers[] = {
	{ "run_ksoftirqd", IRQWATCH_SERVED_KSOFTIRQD },
	{ "irq_exit", IRQWATCH_SERVED_IRQ_EXIT },
	{ "irq_exit_rcu", IRQWATCH_SERVED_IRQ_EXIT },
	{ "__irq_exit_rcu", IRQWATCH_SERVED_IRQ_EXIT },
	{ "local_bh_enable", IRQWATCH_SERVED_BH_ENABLE },
	{ "_local_bh_enable", IRQWATCH_SERVED_BH_ENABLE },
	{ "__local_bh_enable_ip", IRQWATCH_SERVED_BH_ENABLE },
};

static u32 irqw_tp_served_by(const unsigned long *frames, unsigned int nr)
{
	char sym[KSYM_SYMBOL_LEN];
	unsigned int i, j;

	for (i = 0; i < nr; i++) {
		snprintf(sym, sizeof(sym), "%ps", (void *)frames[i]);
		sym[strcspn(sym, ". ")] = '\0';
		for (j = 0; j < ARRAY_SIZE(irqw_tp_servers); j++)
			if (!strcmp(sym, irqw_tp_servers[j].fn))
				return irqw_tp_servers[j].served;
	}
	return IRQWATCH_SERVED_OTHER;
}

static int irqw_tp_put_latency(struct sk_buff *msg, const struct irqw_payload *p,
			       bool trim)
{
	const struct irqw_tp_lat_payload *pl = p->data;
	u32 served = pl->ksoftirqd ? IRQWATCH_SERVED_KSOFTIRQD :
		irqw_tp_served_by(p->frames, p->nr_frames);

	if (nla_put_u32(msg, IRQWATCH_EV_VECTOR, pl->vec) ||
	    nla_put_u64_64bit(msg, IRQWATCH_EV_RUN_NS, pl->run_ns, IRQWATCH_EV_PAD) ||
	    nla_put_u32(msg, IRQWATCH_EV_SERVED_BY, served))
		return -EMSGSIZE;
	if (pl->wait_ns != IRQW_TP_WAIT_UNSEEN &&
	    (nla_put_u64_64bit(msg, IRQWATCH_EV_WAIT_NS, pl->wait_ns,
			       IRQWATCH_EV_PAD) ||
	     nla_put_u64_64bit(msg, IRQWATCH_EV_WAIT_SOFTIRQ_NS,
			       pl->wait_soft_ns, IRQWATCH_EV_PAD) ||
	     nla_put_u64_64bit(msg, IRQWATCH_EV_WAIT_HARDIRQ_NS,
			       pl->wait_hard_ns, IRQWATCH_EV_PAD) ||
	     irqw_put_task(msg, IRQWATCH_EV_RAISER, pl->raiser.pid,
			   pl->raiser.tgid, pl->raiser.comm)))
		return -EMSGSIZE;
	if (pl->suppressed &&
	    nla_put_u32(msg, IRQWATCH_EV_SUPPRESSED, pl->suppressed))
		return -EMSGSIZE;
	return 0;
}

size_t irqw_tp_stats_size(void)
{
	return ARRAY_SIZE(irqw_tps) *
	       (nla_total_size(0) + nla_total_size(24) + nla_total_size(4));
}

int irqw_tp_put_stats(struct sk_buff *msg)
{
	struct nlattr *nest;
	unsigned int i;
	u32 state;

	for (i = 0; i < ARRAY_SIZE(irqw_tps); i++) {
		const struct irqw_tp_def *d = &irqw_tps[i];

		state = !d->tp ? IRQWATCH_TP_STATE_MISSING :
			d->attached ? IRQWATCH_TP_STATE_ATTACHED :
			d->failed ? IRQWATCH_TP_STATE_FAILED :
			IRQWATCH_TP_STATE_OFF;
		nest = nla_nest_start(msg, IRQWATCH_STATS_TRACEPOINT);
		if (!nest || nla_put_string(msg, IRQWATCH_TP_NAME, d->full) ||
		    nla_put_u32(msg, IRQWATCH_TP_STATE, state))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

static size_t irqw_tp_hist_size(void)
{
	return nla_total_size(0) +
	       IRQWATCH_HIST_BUCKETS * nla_total_size_64bit(sizeof(u64));
}

size_t irqw_tp_cpu_stats_size(void)
{
	size_t vec = nla_total_size(0) + nla_total_size(sizeof(u32)) +
		     3 * nla_total_size_64bit(sizeof(u64)) + 2 * irqw_tp_hist_size();

	return 10 * nla_total_size_64bit(sizeof(u64)) + NR_SOFTIRQS * vec;
}

static int irqw_tp_put_hist(struct sk_buff *msg, int attr, const local64_t *h)
{
	struct nlattr *nest = nla_nest_start(msg, attr);
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < IRQWATCH_HIST_BUCKETS; i++)
		if (nla_put_u64_64bit(msg, IRQWATCH_HIST_BUCKET,
				      local64_read(&h[i]), IRQWATCH_HIST_PAD))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int irqw_tp_put_vec(struct sk_buff *msg, unsigned int nr,
			   const struct irqw_tp_vec *v)
{
	struct nlattr *nest = nla_nest_start(msg, IRQWATCH_CPUSTAT_VEC);

	if (!nest || nla_put_u32(msg, IRQWATCH_VEC_ID, nr) ||
	    nla_put_u64_64bit(msg, IRQWATCH_VEC_COUNT, local64_read(&v->count),
			      IRQWATCH_VEC_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_VEC_NS, local64_read(&v->ns),
			      IRQWATCH_VEC_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_VEC_RAISES, local64_read(&v->raises),
			      IRQWATCH_VEC_PAD) ||
	    irqw_tp_put_hist(msg, IRQWATCH_VEC_WAIT_HIST, v->wait_hist) ||
	    irqw_tp_put_hist(msg, IRQWATCH_VEC_RUN_HIST, v->run_hist))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

int irqw_tp_put_cpu_stats(struct sk_buff *msg, int cpu)
{
	struct irqw_tp_cpu *tc = per_cpu_ptr(irqw_tp_pcpu, cpu);
	static const struct {
		int attr;
		size_t offset;
	} counters[] = {
		{ IRQWATCH_CPUSTAT_SOFTIRQ_NS, offsetof(struct irqw_tp_cpu, soft_ns) },
		{ IRQWATCH_CPUSTAT_KSOFTIRQD_NS, offsetof(struct irqw_tp_cpu, ksoftirqd_ns) },
		{ IRQWATCH_CPUSTAT_HARDIRQ_NS, offsetof(struct irqw_tp_cpu, hard_ns) },
		{ IRQWATCH_CPUSTAT_HARDIRQS, offsetof(struct irqw_tp_cpu, hardirqs) },
		{ IRQWATCH_CPUSTAT_IRQS_UNTRACKED, offsetof(struct irqw_tp_cpu, untracked) },
		{ IRQWATCH_CPUSTAT_LATENCY_EVENTS, offsetof(struct irqw_tp_cpu, lat_events) },
		{ IRQWATCH_CPUSTAT_LATENCY_SUPPRESSED,
		  offsetof(struct irqw_tp_cpu, lat_suppressed) },
		{ IRQWATCH_CPUSTAT_TP_CALLS, offsetof(struct irqw_tp_cpu, calls) },
		{ IRQWATCH_CPUSTAT_TP_TIMED, offsetof(struct irqw_tp_cpu, timed) },
		{ IRQWATCH_CPUSTAT_TP_TIMED_NS, offsetof(struct irqw_tp_cpu, timed_ns) },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(counters); i++)
		if (nla_put_u64_64bit(msg, counters[i].attr,
				      local64_read((local64_t *)((char *)tc +
								 counters[i].offset)),
				      IRQWATCH_CPUSTAT_PAD))
			return -EMSGSIZE;
	for (i = 0; i < NR_SOFTIRQS; i++)
		if (irqw_tp_put_vec(msg, i, &tc->vec[i]))
			return -EMSGSIZE;
	return 0;
}

int irqw_tp_init(void)
{
	irqw_tp_pcpu = alloc_percpu(struct irqw_tp_cpu);
	if (!irqw_tp_pcpu)
		return -ENOMEM;
	for_each_kernel_tracepoint(irqw_tp_lookup, NULL);
	return 0;
}

/* Its users are off: every probe is detached and done. */
void irqw_tp_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(irqw_tps); i++)
		WARN_ON_ONCE(irqw_tps[i].attached);
	free_percpu(irqw_tp_pcpu);
}
