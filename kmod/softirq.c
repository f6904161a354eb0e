// SPDX-License-Identifier: GPL-2.0
/*
 * The softirq detector: bottom-half-off windows (softirqoff events) here,
 * and softirq waits and runtimes (softirq_latency events) from the
 * interrupt tracepoints (irqtp.c), which this detector owns.
 *
 * It has no timer of its own: the irqoff detector's pinned hard hrtimer,
 * which ticks on each watched CPU while the irqoff or the softirq detector
 * is on, calls irqw_softirq_tick() every period. The tick runs in hardirq
 * context on top of what it interrupted, and the softirq bits of the
 * preempt count are that context's (on PREEMPT_RT, softirq_count() is the
 * interrupted task's own count): bottom halves disabled there and not
 * serving a softirq, with softirqs pending on the CPU, is a tick in a
 * bh-off window. Interrupts are on in such a window (the tick came), so
 * the tick's stack, through the interrupt frame, is an in-window stack.
 *
 * A window is the consecutive ticks that find the same task so. The first
 * tick that does not ends it, and reports it if it lasted the threshold:
 * from the first tick in it to the last is the shortest it can have been,
 * from the tick before it to the tick that ended it the longest. The
 * first tick over the threshold keeps its stack as the window's sample,
 * and every later tick in it keeps its own as the end stack, so a tick
 * saves a stack only in a window already over the threshold. A tick that
 * missed ticks before it (the detector was off, the timer restarted)
 * drops an open window unreported: its end is not known. When the CPU
 * switches to the idle task and its timer stops (irqoff.c), the switch
 * ends the window: irqw_softirq_idle().
 *
 * Everything is per CPU and written only by that CPU: its tick, and its
 * switch to the idle task, with interrupts off.
 */

#include <linux/bottom_half.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <asm/irq_regs.h>
#include <asm/local64.h>
#include <net/netlink.h>

#include "event.h"
#include "irqtp.h"
#include "irqwatch.h"
#include "softirq.h"

#define IRQW_SOFTIRQ_TRACE	(IRQW_MAX_FRAMES + 16)

struct irqw_softirq_payload {
	u64 duration_max_ns;
	u32 pending;			/* bits of enum irqwatch_softirq_vec */
	u8 cause;			/* IRQWATCH_CAUSE_BH_DISABLED */
	u8 context;			/* at the last tick in the window */
	struct irqw_sample sample[];	/* one: the first tick over threshold */
};

struct irqw_softirq_cpu {
	u64 last_ns;		/* the last tick that called in */
	u64 start_ns;		/* the first tick in the open window; 0: none */
	u64 before_ns;		/* the tick before it */
	u64 in_ns;		/* the last tick in it */
	struct task_struct *task;	/* its task, compared, never followed */
	struct irqw_task_id who;
	u32 pending;
	u8 context;
	bool over;		/* it reached the threshold: sample taken */
	u8 ip_first;
	unsigned int nr_frames;
	struct irqw_sample sample;
	unsigned long frames[IRQW_MAX_FRAMES];	/* at the last tick in it */
	unsigned long trace[IRQW_SOFTIRQ_TRACE];
	local64_t ticks;	/* ticks in a window */
	local64_t windows;	/* windows reported */
};

static struct irqw_softirq_cpu __percpu *irqw_softirq_pcpu;
static u64 irqw_softirq_threshold_ns;

static struct irqw_cfg_u32 irqw_softirq_config[] = {
	{
		.attr = IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US,
		.name = "softirq_threshold_us",
		.offset = offsetof(struct irqw_config, softirq_threshold_us),
		.range = { .min = 1, .max = IRQWATCH_THRESHOLD_US_MAX },
	},
};

module_param_cb(softirq_threshold_us, &irqw_cfg_u32_ops, &irqw_softirq_config[0], 0444);
MODULE_PARM_DESC(softirq_threshold_us,
		 "report bottom-half-off windows, and softirqs that waited or ran, this long, in microseconds (>= 2 x period_us, default 10000)");

/* The vectors keep the kernel's numbers: PENDING is the kernel's mask. */
static void irqw_softirq_check_vectors(void)
{
	BUILD_BUG_ON((int)NR_SOFTIRQS != (int)__IRQWATCH_SOFTIRQ_MAX);
	BUILD_BUG_ON((int)HI_SOFTIRQ != (int)IRQWATCH_SOFTIRQ_HI);
	BUILD_BUG_ON((int)TIMER_SOFTIRQ != (int)IRQWATCH_SOFTIRQ_TIMER);
	BUILD_BUG_ON((int)NET_TX_SOFTIRQ != (int)IRQWATCH_SOFTIRQ_NET_TX);
	BUILD_BUG_ON((int)NET_RX_SOFTIRQ != (int)IRQWATCH_SOFTIRQ_NET_RX);
	BUILD_BUG_ON((int)BLOCK_SOFTIRQ != (int)IRQWATCH_SOFTIRQ_BLOCK);
	BUILD_BUG_ON((int)IRQ_POLL_SOFTIRQ != (int)IRQWATCH_SOFTIRQ_IRQ_POLL);
	BUILD_BUG_ON((int)TASKLET_SOFTIRQ != (int)IRQWATCH_SOFTIRQ_TASKLET);
	BUILD_BUG_ON((int)SCHED_SOFTIRQ != (int)IRQWATCH_SOFTIRQ_SCHED);
	BUILD_BUG_ON((int)HRTIMER_SOFTIRQ != (int)IRQWATCH_SOFTIRQ_HRTIMER);
	BUILD_BUG_ON((int)RCU_SOFTIRQ != (int)IRQWATCH_SOFTIRQ_RCU);
}

static int irqw_softirq_put_event(struct sk_buff *msg,
				  const struct irqw_payload *p, bool trim)
{
	const struct irqw_softirq_payload *pl = p->data;

	if (nla_put_u32(msg, IRQWATCH_EV_CAUSE, pl->cause) ||
	    nla_put_u32(msg, IRQWATCH_EV_CONTEXT, pl->context) ||
	    nla_put_u64_64bit(msg, IRQWATCH_EV_DURATION_MAX_NS,
			      pl->duration_max_ns, IRQWATCH_EV_PAD) ||
	    nla_put_u32(msg, IRQWATCH_EV_PENDING, pl->pending) ||
	    irqw_put_sample(msg, p->mono_ns, &pl->sample[0]))
		return -EMSGSIZE;
	return 0;
}

static const struct irqw_event_class irqw_softirqoff_event = {
	.type = IRQWATCH_EVENT_SOFTIRQOFF,
	.put = irqw_softirq_put_event,
};

/* The interrupted context's stack, from its interrupted instruction. */
static unsigned int irqw_softirq_stack(struct irqw_softirq_cpu *sc,
				       unsigned long *frames, unsigned int max,
				       u8 *ip_first)
{
	struct pt_regs *regs = get_irq_regs();
	unsigned int n, first;

	n = stack_trace_save(sc->trace, IRQW_SOFTIRQ_TRACE, 0);
	first = irqw_trace_start(sc->trace, n, regs ? instruction_pointer(regs) : 0,
				 ip_first);
	n = min(n - first, max);
	memcpy(frames, sc->trace + first, n * sizeof(frames[0]));
	return n;
}

static void irqw_softirq_report(struct irqw_softirq_cpu *sc, u64 now)
{
	struct irqw_softirq_payload pl = {
		.duration_max_ns = now - sc->before_ns,
		.pending = sc->pending,
		.cause = IRQWATCH_CAUSE_BH_DISABLED,
		.context = sc->context,
	};
	struct irqw_event ev = {
		.cls = &irqw_softirqoff_event,
		.mono_ns = sc->start_ns,
		.duration_ns = sc->in_ns - sc->start_ns,
		.who = &sc->who,
		.frames = sc->frames,
		.nr_frames = sc->nr_frames,
		.ip_first = sc->ip_first,
		.payload = &pl,
		.payload_len = sizeof(pl),
		.payload_tail = &sc->sample,
		.payload_tail_len = sizeof(sc->sample),
	};

	BUILD_BUG_ON(sizeof(pl) + sizeof(sc->sample) > IRQW_PAYLOAD_MAX);
	irqw_emit(&ev);
	local64_inc(&sc->windows);
}

/* The first tick in a window. */
static void irqw_softirq_open(struct irqw_softirq_cpu *sc, u64 prev, u64 now)
{
	struct task_struct *task = current;

	sc->start_ns = now;
	sc->before_ns = prev;
	sc->task = task;
	irqw_task_id_get(&sc->who, task);
	sc->pending = 0;
	sc->over = false;
}

/* The first tick over the threshold: its stack is the window's sample. */
static void irqw_softirq_sample(struct irqw_softirq_cpu *sc, u64 now)
{
	struct irqw_sample *s = &sc->sample;

	s->mono_ns = now;
	s->pid = sc->who.pid;
	s->tgid = sc->who.tgid;
	memcpy(s->comm, sc->who.comm, sizeof(s->comm));
	s->delay_ns = 0;
	s->irqs_disabled = 0;
	s->idle = is_idle_task(current);
	s->nr_frames = irqw_softirq_stack(sc, s->frames, IRQW_SAMPLE_FRAMES,
					  &s->ip_first);
	sc->over = true;
}

void irqw_softirq_tick(u64 prev, u64 now)
{
	struct irqw_softirq_cpu *sc = this_cpu_ptr(irqw_softirq_pcpu);
	u64 threshold = READ_ONCE(irqw_softirq_threshold_ns);
	unsigned int cnt = softirq_count();
	u32 pending = local_softirq_pending();
	/* bottom halves off, not by serving a softirq, and something waits */
	bool in = cnt && !(cnt & SOFTIRQ_OFFSET) && pending;
	bool seen = prev && sc->last_ns == prev;

	if (sc->start_ns && !(in && seen && sc->task == current &&
			      sc->who.pid == current->pid)) {
		if (seen && sc->over)
			irqw_softirq_report(sc, now);
		sc->start_ns = 0;
	}
	sc->last_ns = now;
	if (!in || !prev)
		return;
	if (!sc->start_ns)
		irqw_softirq_open(sc, prev, now);
	local64_inc(&sc->ticks);
	sc->pending |= pending;
	sc->in_ns = now;
	sc->context = is_idle_task(current) ? IRQWATCH_CONTEXT_IDLE :
					      IRQWATCH_CONTEXT_TASK;
	if (now - sc->start_ns < threshold)
		return;
	if (!sc->over)
		irqw_softirq_sample(sc, now);
	sc->nr_frames = irqw_softirq_stack(sc, sc->frames, IRQW_MAX_FRAMES,
					   &sc->ip_first);
}

/*
 * No tick comes while the CPU idles, and none ends a window open on it: it
 * ends at the switch, @now, the longest it can have been, if the last tick
 * was in it.
 */
void irqw_softirq_idle(u64 prev, u64 now)
{
	struct irqw_softirq_cpu *sc = this_cpu_ptr(irqw_softirq_pcpu);

	if (sc->start_ns && prev && sc->last_ns == prev && sc->over)
		irqw_softirq_report(sc, now);
	sc->start_ns = 0;
}

/* A window is two missed ticks at least. */
static int irqw_softirq_check(const struct irqw_config *cfg,
			      struct netlink_ext_ack *extack)
{
	if (cfg->softirq_threshold_us >= 2 * cfg->period_us)
		return 0;
	NL_SET_ERR_MSG(extack, "softirq_threshold_us must be at least 2 x period_us");
	if (!extack)
		pr_err("softirq_threshold_us (%u) must be at least 2 x period_us (%u)\n",
		       cfg->softirq_threshold_us, cfg->period_us);
	return -EINVAL;
}

/*
 * The ticks read the threshold (irqoff.c starts and stops them); the
 * tracepoints time softirqs while this detector is on.
 */
static void irqw_softirq_apply(const struct irqw_config *cfg)
{
	u64 threshold = (u64)cfg->softirq_threshold_us * NSEC_PER_USEC;

	WRITE_ONCE(irqw_softirq_threshold_ns, threshold);
	irqw_tp_set_threshold(threshold);
	irqw_tp_use(IRQW_TP_SOFTIRQ, cfg->detectors & BIT(IRQWATCH_DET_SOFTIRQ));
}

static size_t irqw_softirq_cpu_stats_size(void)
{
	return 2 * nla_total_size_64bit(sizeof(u64)) + irqw_tp_cpu_stats_size();
}

static int irqw_softirq_put_cpu_stats(struct sk_buff *msg, int cpu)
{
	struct irqw_softirq_cpu *sc = per_cpu_ptr(irqw_softirq_pcpu, cpu);

	if (nla_put_u64_64bit(msg, IRQWATCH_CPUSTAT_SOFTIRQOFF_TICKS,
			      local64_read(&sc->ticks), IRQWATCH_CPUSTAT_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_CPUSTAT_SOFTIRQOFF_WINDOWS,
			      local64_read(&sc->windows), IRQWATCH_CPUSTAT_PAD))
		return -EMSGSIZE;
	return irqw_tp_put_cpu_stats(msg, cpu);
}

static int irqw_softirq_init(void)
{
	int err;

	irqw_softirq_check_vectors();
	irqw_softirq_pcpu = alloc_percpu(struct irqw_softirq_cpu);
	if (!irqw_softirq_pcpu)
		return -ENOMEM;
	err = irqw_tp_init();
	if (err) {
		free_percpu(irqw_softirq_pcpu);
		return err;
	}
	mutex_lock(&irqw_cfg_lock);
	irqw_softirq_apply(&irqw_cfg);
	mutex_unlock(&irqw_cfg_lock);
	return 0;
}

/*
 * The irqoff detector, after this one in the table, stopped the ticks; the
 * storm detector, after it too, no longer uses the tracepoints. Detaching
 * the last of them waits for the probes that are running.
 */
static void irqw_softirq_exit(void)
{
	mutex_lock(&irqw_cfg_lock);
	irqw_tp_use(IRQW_TP_SOFTIRQ, false);
	mutex_unlock(&irqw_cfg_lock);
	irqw_tp_exit();
	free_percpu(irqw_softirq_pcpu);
}

const struct irqw_detector irqw_softirq_detector = {
	.name = "softirq",
	.id = IRQWATCH_DET_SOFTIRQ,
	.init = irqw_softirq_init,
	.exit = irqw_softirq_exit,
	.check = irqw_softirq_check,
	.apply = irqw_softirq_apply,
	.put_stats = irqw_tp_put_stats,
	.stats_size = irqw_tp_stats_size,
	.put_cpu_stats = irqw_softirq_put_cpu_stats,
	.cpu_stats_size = irqw_softirq_cpu_stats_size,
	.config = irqw_softirq_config,
	.nr_config = ARRAY_SIZE(irqw_softirq_config),
};
