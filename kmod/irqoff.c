// SPDX-License-Identifier: GPL-2.0
/*
 * The interrupts-off detector.
 *
 * A pinned hard hrtimer ticks every period_us on each watched CPU: the
 * configured "cpus" that are online, while the "irqoff" or the "softirq"
 * detector is on (each tick hands the softirq detector what it interrupted:
 * irqw_softirq_tick(); windows, samples and NMIs only while "irqoff" is). Its
 * interrupt stays pending while interrupts are off and comes right after
 * they are back on, so a tick later than irqoff_threshold_us ends a window
 * that started at the expiry it missed, and the stack of what it interrupted
 * shows where interrupts came back on. The timer is re-armed one period
 * after now, so a window is reported once.
 *
 * Samples (x86): each tick also looks at one buddy CPU, the next watched
 * one. Once the buddy's tick is overdue by half the threshold, it sends the
 * buddy an NMI, whose handler records the interrupted stack, task and
 * interrupt flag in the buddy's sample slots. There is at most one NMI in
 * flight per CPU, at most one per CPU per half threshold, and at most
 * "samples" per window. The samples taken in the window, but for its last
 * eighth of a threshold, go into the window's event; a tick that ends no
 * window drops them.
 *
 * Claiming exactly our NMIs: an NMI says nothing of its source, so the
 * handler is an NMI_UNKNOWN one. It runs only for NMIs that no NMI_LOCAL
 * handler (perf, the watchdog) claimed, and claims one only while an NMI
 * sent to its CPU is outstanding (nmi_sent ahead of nmi_ack). So a perf or
 * watchdog NMI never consumes ours, and ours is never left unclaimed. An
 * NMI of ours that the kernel swallowed as the second of a back-to-back
 * pair, or another handler took, is written off after IRQW_NMI_LOST_NS;
 * until then a truly unknown NMI on that CPU would be claimed in its place
 * (and ours, arriving later, reported unknown instead): it is delayed, not
 * hidden.
 *
 * Idle CPUs: an idle CPU holds nothing off, so its timer stops while it
 * runs the idle task (sched:sched_switch to and from it), unless it has to
 * sample a busy buddy, and starts again, one period from then, when the CPU
 * switches to a task: a window that begins right after is measured as any
 * other. A tick that finds the idle loop stops its timer the same way. A
 * CPU that leaves idle wakes its sampler (the CPU whose buddy it is) with an
 * IPI if that one's timer is stopped, so busy CPUs keep being sampled: a
 * window that starts as its CPU leaves idle gets its samples too; a sampler
 * stops again at its first idle tick after its buddy went idle.
 * The switch is the place, not power:cpu_idle: the idle loop decides
 * whether to stop the scheduler tick before it enters a low-power state, by
 * the next timer, so a timer stopped only at power:cpu_idle would keep the
 * scheduler tick of every idle CPU running. What this does not see: the
 * interrupt handlers that run on an idle CPU, and the softirqs run on
 * their exit, before a task is switched in (the storm detector accounts
 * their time). Without sched:sched_switch, timers never stop.
 *
 * A CPU's state is written by its own tick and by NMIs on that CPU, which
 * may interrupt the tick; only nmi_sent and last_nmi_ns belong to the
 * CPU that sends the NMIs. An NMI fills a sample slot before it stores the
 * new count, and the tick reads the count once and then only the slots
 * below it. Starting and stopping timers serializes on irqw_irqoff_lock,
 * which nests inside cpus_read_lock() (the hotplug callbacks run with the
 * hotplug lock held) and inside irqw_cfg_lock (config changes); so the
 * hotplug callbacks work on a copy of the configuration and never take
 * irqw_cfg_lock.
 */

#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/kernel_stat.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/workqueue.h>
#include <asm/irq_regs.h>
#include <asm/local64.h>
#ifdef CONFIG_X86
#include <asm/apic.h>
#include <asm/nmi.h>
#include <asm/tsc.h>
#endif
#include <net/netlink.h>

#include "event.h"
#include "irqoff.h"
#include "irqwatch.h"
#include "softirq.h"

#define IRQW_IRQOFF_NMI_NAME	"irqwatch_irqoff"
/* An NMI outstanding this long was lost (see the top comment). */
#define IRQW_NMI_LOST_NS	(10 * NSEC_PER_SEC)

struct irqw_irqoff_cpu __percpu *irqw_irqoff_pcpu;
static enum cpuhp_state irqw_irqoff_hp_state;

/* The configuration in force; the ticks read period and threshold. */
DEFINE_MUTEX(irqw_irqoff_lock);
u64 irqw_irqoff_period_ns;
u64 irqw_irqoff_threshold_ns;
bool irqw_irqoff_on;				/* the irqoff detector */
static bool irqw_irqoff_soft;			/* the softirq detector */
struct cpumask irqw_irqoff_cpus;		/* configured */
static struct cpumask irqw_irqoff_up;		/* online, for this detector */
struct cpumask irqw_irqoff_active;		/* with a running timer */

unsigned int irqw_irqoff_samples = 4;
/* Idle CPUs stop their timers: sched:sched_switch is attached. */
bool irqw_irqoff_parking;
static struct tracepoint *irqw_irqoff_switch_tp;
/*
 * A CPU's own, sent to its sampler when it leaves idle; runs in hardirq on
 * the sampler (an IPI). Only its CPU sends it, with interrupts off, so its
 * uses are serialized as smp_call_function_single_async() wants; one still
 * in flight makes the next send fail (-EBUSY). Set at init: a module's
 * per-CPU initializers are not relocated.
 */
static DEFINE_PER_CPU(call_single_data_t, irqw_irqoff_wake_csd);

static struct irqw_cfg_u32 irqw_irqoff_config[] = {
	{
		.attr = IRQWATCH_CFG_IRQOFF_THRESHOLD_US,
		.name = "irqoff_threshold_us",
		.offset = offsetof(struct irqw_config, irqoff_threshold_us),
		.range = { .min = 1, .max = IRQWATCH_THRESHOLD_US_MAX },
	},
};

module_param_cb(irqoff_threshold_us, &irqw_cfg_u32_ops, &irqw_irqoff_config[0], 0444);
MODULE_PARM_DESC(irqoff_threshold_us,
		 "report interrupts-off windows longer than this, in microseconds (>= 2 x period_us, default 10000)");

static int irqw_irqoff_samples_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;

	if (kstrtouint(val, 0, &v) || v > IRQW_MAX_SAMPLES) {
		pr_err("samples: \"%s\" is not a number in [0, %u]\n", val,
		       IRQW_MAX_SAMPLES);
		return -EINVAL;
	}
	irqw_irqoff_samples = v;
	return 0;
}

static const struct kernel_param_ops irqw_irqoff_samples_ops = {
	.set = irqw_irqoff_samples_set,
	.get = param_get_uint,
};
module_param_cb(samples, &irqw_irqoff_samples_ops, &irqw_irqoff_samples, 0444);
MODULE_PARM_DESC(samples,
		 "in-window NMI samples per interrupts-off window, x86 only (0..16, default 4)");

/*
 * A pinned PMU cycles counter per watched CPU takes a hardware counter from
 * perf users for as long as the module is loaded, so it is the
 * administrator's choice.
 */
static bool irqw_irqoff_pmu_on;
module_param_named(pmu, irqw_irqoff_pmu_on, bool, 0444);
MODULE_PARM_DESC(pmu,
		 "sample a CPU in its own windows with a PMU cycles counter (takes one hardware counter per watched CPU from perf), x86 only (default 0)");

static unsigned int irqw_irqoff_bucket(u64 late_ns)
{
	return min_t(unsigned int, fls64(div_u64(late_ns, NSEC_PER_USEC)),
		     IRQWATCH_HIST_BUCKETS - 1);
}

/*
 * What the tick interrupted, at the end of the window: the hard timer runs
 * in hardirq context, which adds HARDIRQ_OFFSET to the preempt count of the
 * interrupted context (on PREEMPT_RT the softirq state is per task, and
 * current is the interrupted task), so in_serving_softirq() here is about
 * the interrupted context. The context during the window is what the
 * samples saw.
 */
static u8 irqw_irqoff_context(struct pt_regs *regs)
{
	if (regs && user_mode(regs))
		return IRQWATCH_CONTEXT_USER;
	if (in_serving_softirq())
		return IRQWATCH_CONTEXT_SOFTIRQ;
	if (is_idle_task(current))
		return IRQWATCH_CONTEXT_IDLE;
	return IRQWATCH_CONTEXT_TASK;
}

/*
 * Reports the window [start, now] that the current tick ended, with the
 * first @nr_samples samples, those that the tick found when it began.
 */
static void irqw_irqoff_window(struct irqw_irqoff_cpu *ic, u64 start, u64 now,
			       u64 steal_ns, unsigned int nr_samples)
{
	u64 threshold = READ_ONCE(irqw_irqoff_threshold_ns);
	struct pt_regs *regs = get_irq_regs();
	struct irqw_irqoff_payload pl = { };
	struct irqw_event ev = {
		.cls = &irqw_irqoff_event,
		.mono_ns = start,
		.duration_ns = now - start,
		.task = current,
		.payload = &pl,
		.payload_len = sizeof(pl),
	};
	unsigned int n, first;
	bool within;
	u64 seq;

	BUILD_BUG_ON(sizeof(pl) + IRQW_MAX_SAMPLES * sizeof(struct irqw_sample) >
		     IRQW_PAYLOAD_MAX);
	pl.context = irqw_irqoff_context(regs);
	/* A user-mode stack is not ours to report. */
	if (pl.context != IRQWATCH_CONTEXT_USER) {
		n = stack_trace_save(ic->tick_trace, IRQW_TICK_TRACE, 0);
		first = irqw_trace_start(ic->tick_trace, n,
					 regs ? instruction_pointer(regs) : 0,
					 &ev.ip_first);
		ev.frames = ic->tick_trace + first;
		ev.nr_frames = min_t(unsigned int, n - first, IRQW_MAX_FRAMES);
	}

	/*
	 * Samples are in time order. One older than the window was asked for
	 * before the previous tick and came after it. The last eighth of a
	 * threshold before the tick belongs to the interrupt that ended the
	 * window: a sample there may be of that interrupt's entry, with
	 * interrupts off (seen under QEMU when a stalled host thread delayed
	 * the timers of all vCPUs at once).
	 */
	for (first = 0; first < nr_samples && ic->samples[first].mono_ns < start;
	     first++)
		;
	while (nr_samples > first &&
	       ic->samples[nr_samples - 1].mono_ns + threshold / 8 > now)
		nr_samples--;
	pl.nr_samples = nr_samples - first;
	ev.payload_tail = ic->samples + first;
	ev.payload_tail_len = pl.nr_samples * sizeof(ic->samples[0]);

	pl.cause = irqw_irqoff_cause(&pl, ev.payload_tail, ev.duration_ns,
				     steal_ns, threshold / 4);
	within = irqw_stall_within(current, &pl.within);
	seq = irqw_emit(&ev);
	if (within && seq)
		irqw_stall_window(current, seq, ev.duration_ns);
	local64_inc(&ic->windows);
	irqw_irqoff_log(&ev, &pl);
}

#ifdef CONFIG_X86
/*
 * Whether an NMI sent to @b is outstanding. One that has been for
 * IRQW_NMI_LOST_NS was lost: it is written off, at most once.
 */
static bool irqw_irqoff_nmi_outstanding(struct irqw_irqoff_cpu *b, u64 now)
{
	int sent = atomic_read(&b->nmi_sent), ack = atomic_read(&b->nmi_ack);

	if (sent == ack)
		return false;
	if (now - READ_ONCE(b->last_nmi_ns) < IRQW_NMI_LOST_NS)
		return true;
	return atomic_cmpxchg(&b->nmi_ack, ack, sent) != ack;
}

/* Samples the buddy CPU if its tick is overdue; see the top comment. */
static void irqw_irqoff_check_buddy(struct irqw_irqoff_cpu *ic, u64 now)
{
	u64 half = READ_ONCE(irqw_irqoff_threshold_ns) / 2;
	int cpu = READ_ONCE(ic->buddy);
	struct irqw_irqoff_cpu *b;
	int sent;

	if (cpu < 0 || !irqw_irqoff_samples)
		return;
	b = per_cpu_ptr(irqw_irqoff_pcpu, cpu);
	/*
	 * Pairs with the releases in irqw_irqoff_start_here() and
	 * irqw_irqoff_idle_exit(): next_ns is fresh. An idle CPU's is not.
	 */
	if (!smp_load_acquire(&b->active) || smp_load_acquire(&b->idle) ||
	    (s64)(now - READ_ONCE(b->next_ns)) <= (s64)half ||
	    READ_ONCE(b->nr_samples) >= irqw_irqoff_samples ||
	    now - READ_ONCE(b->last_nmi_ns) < half ||
	    irqw_irqoff_nmi_outstanding(b, now))
		return;
	/* The time first: the NMI reads it once it sees the count. */
	WRITE_ONCE(b->last_nmi_ns, now);
	sent = atomic_read(&b->nmi_sent);
	/* a previous buddy may be sending too (reconfiguration): one wins */
	if (atomic_cmpxchg_release(&b->nmi_sent, sent, sent + 1) != sent)
		return;
	local64_inc(&ic->nmis_sent);
	apic->send_IPI(cpu, NMI_VECTOR);
}

/* In NMI context on the CPU of @ic: one in-window sample, if there is room. */
static void irqw_irqoff_sample(struct irqw_irqoff_cpu *ic, struct pt_regs *regs,
			       u64 t0, u64 sent)
{
	struct task_struct *task = current;
	unsigned int i, n, first;
	struct irqw_sample *s;

	i = READ_ONCE(ic->nr_samples);
	if (i >= irqw_irqoff_samples)
		return;
	s = &ic->samples[i];
	s->mono_ns = t0;
	s->delay_ns = t0 > sent ? min_t(u64, t0 - sent, U32_MAX) : 0;
	s->pid = task->pid;
	s->tgid = task->tgid;
	memcpy(s->comm, task->comm, sizeof(s->comm));
	s->comm[sizeof(s->comm) - 1] = '\0';
	s->irqs_disabled = regs_irqs_disabled(regs);
	s->idle = is_idle_task(task);
	s->nr_frames = 0;
	if (!user_mode(regs)) {
		n = stack_trace_save(ic->nmi_trace, IRQW_NMI_TRACE, 0);
		first = irqw_trace_start(ic->nmi_trace, n,
					 instruction_pointer(regs), &s->ip_first);
		s->nr_frames = min_t(unsigned int, n - first, IRQW_SAMPLE_FRAMES);
		memcpy(s->frames, ic->nmi_trace + first,
		       s->nr_frames * sizeof(s->frames[0]));
	}
	/* the slot before the count; the tick runs on this CPU */
	barrier();
	WRITE_ONCE(ic->nr_samples, i + 1);
}

/* NMI_UNKNOWN handler: claims one NMI per NMI sent to this CPU. */
static int irqw_irqoff_nmi(unsigned int cmd, struct pt_regs *regs)
{
	struct irqw_irqoff_cpu *ic = this_cpu_ptr(irqw_irqoff_pcpu);
	/* pairs with the release that counted the NMI: last_nmi_ns is fresh */
	int sent = atomic_read_acquire(&ic->nmi_sent);
	int ack = atomic_read(&ic->nmi_ack);
	u64 t0;

	if (sent == ack || atomic_cmpxchg(&ic->nmi_ack, ack, ack + 1) != ack)
		return NMI_DONE;
	t0 = ktime_get_mono_fast_ns();
	irqw_irqoff_sample(ic, regs, t0, READ_ONCE(ic->last_nmi_ns));
	local64_inc(&ic->nmis);
	local64_add(ktime_get_mono_fast_ns() - t0, &ic->nmi_ns);
	return NMI_HANDLED;
}

/*
 * The PMU's cycles counter overflows every half threshold of busy CPU
 * time, in NMI on the CPU itself: when this CPU's own tick is overdue, it
 * samples itself. That covers a single watched CPU and all CPUs stuck at
 * once, which the buddy cannot. A CPU that does not run (a stalled vCPU)
 * counts no cycles, so the buddy's late NMI still tells that case apart.
 */
static void irqw_irqoff_pmu_nmi(struct perf_event *event,
				struct perf_sample_data *data,
				struct pt_regs *regs)
{
	struct irqw_irqoff_cpu *ic = this_cpu_ptr(irqw_irqoff_pcpu);
	u64 half = READ_ONCE(irqw_irqoff_threshold_ns) / 2;
	u64 t0 = ktime_get_mono_fast_ns();

	if (!READ_ONCE(ic->active) || READ_ONCE(ic->parked) ||
	    (s64)(t0 - READ_ONCE(ic->next_ns)) <= (s64)half ||
	    t0 - ic->last_pmu_ns < half)
		return;
	ic->last_pmu_ns = t0;
	irqw_irqoff_sample(ic, regs, t0, t0);
	local64_inc(&ic->nmis);
	local64_add(ktime_get_mono_fast_ns() - t0, &ic->nmi_ns);
}

static u64 irqw_irqoff_pmu_period(void)
{
	/* kHz x ns / 10^6: cycles in half a threshold */
	return div_u64((u64)tsc_khz * (READ_ONCE(irqw_irqoff_threshold_ns) / 2),
		       1000000);
}

static bool irqw_irqoff_pmu_warned;

/* In process context, while the irqoff detector is on. */
static void irqw_irqoff_pmu_start(int cpu)
{
	struct irqw_irqoff_cpu *ic = per_cpu_ptr(irqw_irqoff_pcpu, cpu);
	struct perf_event_attr attr = {
		.type = PERF_TYPE_HARDWARE,
		.config = PERF_COUNT_HW_CPU_CYCLES,
		.size = sizeof(attr),
		.pinned = 1,
		.disabled = 1,
		.sample_period = irqw_irqoff_pmu_period(),
	};
	struct perf_event *event;

	if (!irqw_irqoff_pmu_on || ic->pmu || !irqw_irqoff_samples ||
	    !attr.sample_period)
		return;
	event = perf_event_create_kernel_counter(&attr, cpu, NULL,
						 irqw_irqoff_pmu_nmi, NULL);
	if (IS_ERR(event)) {
		if (!irqw_irqoff_pmu_warned)
			pr_info("no PMU cycles counter (%ld): in-window samples come from buddy CPUs only\n",
				PTR_ERR(event));
		irqw_irqoff_pmu_warned = true;
		return;
	}
	ic->last_pmu_ns = 0;
	WRITE_ONCE(ic->pmu, event);
	perf_event_enable(event);
}

/* In process context, after @cpu's timer stopped. */
static void irqw_irqoff_pmu_stop(int cpu)
{
	struct irqw_irqoff_cpu *ic = per_cpu_ptr(irqw_irqoff_pcpu, cpu);
	struct perf_event *event = ic->pmu;

	if (!event)
		return;
	WRITE_ONCE(ic->pmu, NULL);
	perf_event_disable(event);
	perf_event_release_kernel(event);
}

/* A new threshold: the counters overflow every half of it. */
static void irqw_irqoff_pmu_retune(void)
{
	struct irqw_irqoff_cpu *ic;
	int cpu;

	for_each_cpu(cpu, &irqw_irqoff_active) {
		ic = per_cpu_ptr(irqw_irqoff_pcpu, cpu);
		if (ic->pmu)
			perf_event_period(ic->pmu, irqw_irqoff_pmu_period());
	}
}

static int irqw_irqoff_nmi_init(void)
{
	return register_nmi_handler(NMI_UNKNOWN, irqw_irqoff_nmi, 0,
				    IRQW_IRQOFF_NMI_NAME);
}

/*
 * After the last sender stopped: lets NMIs in flight land (100 ms at most;
 * an NMI takes microseconds), then goes.
 */
static void irqw_irqoff_nmi_exit(void)
{
	struct irqw_irqoff_cpu *ic;
	unsigned int waited = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		ic = per_cpu_ptr(irqw_irqoff_pcpu, cpu);
		while (atomic_read(&ic->nmi_sent) != atomic_read(&ic->nmi_ack) &&
		       waited++ < 100)
			usleep_range(1000, 2000);
	}
	unregister_nmi_handler(NMI_UNKNOWN, IRQW_IRQOFF_NMI_NAME);
}
#else
static void irqw_irqoff_check_buddy(struct irqw_irqoff_cpu *ic, u64 now) { }
static int irqw_irqoff_nmi_init(void) { return 0; }
static void irqw_irqoff_nmi_exit(void) { }
static void irqw_irqoff_pmu_start(int cpu) { }
static void irqw_irqoff_pmu_stop(int cpu) { }
static void irqw_irqoff_pmu_retune(void) { }
#endif

/*
 * On the CPU, with interrupts off: a new start one period from now, and
 * nothing of before counts: not the expiry, not samples, not steal time.
 * The caller publishes it and starts the timer.
 */
static u64 irqw_irqoff_restart(struct irqw_irqoff_cpu *ic)
{
	u64 next = ktime_get_ns() + READ_ONCE(irqw_irqoff_period_ns);

	/* nmi_sent and nmi_ack stay: an NMI of an earlier life may be on its way */
	ic->nr_samples = 0;
	ic->last_tick_ns = 0;
	ic->steal_ns = kcpustat_this_cpu->cpustat[CPUTIME_STEAL];
	WRITE_ONCE(ic->next_ns, next);
	return next;
}

/* Whether the CPU that @ic samples runs a task: then @ic has to tick. */
static bool irqw_irqoff_buddy_busy(struct irqw_irqoff_cpu *ic)
{
	int cpu = READ_ONCE(ic->buddy);
	struct irqw_irqoff_cpu *b;

	if (cpu < 0 || !irqw_irqoff_samples || !READ_ONCE(irqw_irqoff_on))
		return false;
	b = per_cpu_ptr(irqw_irqoff_pcpu, cpu);
	return READ_ONCE(b->active) && !READ_ONCE(b->idle);
}

/*
 * On an idle CPU, with interrupts off: marks its timer stopped unless it
 * has a busy buddy to sample; the caller stops it. False: it keeps ticking.
 */
static bool irqw_irqoff_park(struct irqw_irqoff_cpu *ic)
{
	WRITE_ONCE(ic->parked, true);
	/* pairs with the barrier in irqw_irqoff_idle_exit(): one sees the other */
	smp_mb();
	if (irqw_irqoff_buddy_busy(ic)) {
		WRITE_ONCE(ic->parked, false);
		return false;
	}
	local64_inc(&ic->parks);
	return true;
}

static enum hrtimer_restart irqw_irqoff_tick(struct hrtimer *timer)
{
	struct irqw_irqoff_cpu *ic = container_of(timer, struct irqw_irqoff_cpu, timer);
	u64 expected = ktime_to_ns(hrtimer_get_expires(timer));
	u64 steal = kcpustat_this_cpu->cpustat[CPUTIME_STEAL];
	u64 now = ktime_get_ns();
	u64 late = now > expected ? now - expected : 0;
	/* Slots below the count are filled; later NMIs write above it. */
	unsigned int nr_samples = READ_ONCE(ic->nr_samples);

	barrier();
	if (!READ_ONCE(ic->active))
		return HRTIMER_NORESTART;
	local64_inc(&ic->ticks);
	local64_inc(&ic->hist[irqw_irqoff_bucket(late)]);
	if (late > ic->max_late_ns)
		WRITE_ONCE(ic->max_late_ns, late);
	if (READ_ONCE(irqw_irqoff_on) &&
	    late > READ_ONCE(irqw_irqoff_threshold_ns))
		irqw_irqoff_window(ic, expected, now, steal - ic->steal_ns,
				   nr_samples);
	ic->steal_ns = steal;
	WRITE_ONCE(ic->nr_samples, 0);
	if (READ_ONCE(irqw_irqoff_soft))
		irqw_softirq_tick(ic->last_tick_ns, now);
	ic->last_tick_ns = now;
	if (READ_ONCE(irqw_irqoff_on))
		irqw_irqoff_check_buddy(ic, now);

	/* The idle loop itself, not an interrupt or softirq on top of it. */
	if (READ_ONCE(irqw_irqoff_parking) && is_idle_task(current) && !softirq_count() &&
	    irqw_irqoff_park(ic)) {
		local64_add(ktime_get_ns() - now, &ic->tick_ns);
		return HRTIMER_NORESTART;
	}
	/* From now, not from the missed expiry: one report per window. */
	WRITE_ONCE(ic->next_ns, now + READ_ONCE(irqw_irqoff_period_ns));
	hrtimer_set_expires(timer, ns_to_ktime(ic->next_ns));
	local64_add(ktime_get_ns() - now, &ic->tick_ns);
	return HRTIMER_RESTART;
}

/* On the CPU, with interrupts off: its timer again, after a park. */
static void irqw_irqoff_resume(struct irqw_irqoff_cpu *ic)
{
	u64 next = irqw_irqoff_restart(ic);

	/* next_ns before the flag; pairs with irqw_irqoff_idle_exit()'s reader */
	smp_store_release(&ic->parked, false);
	hrtimer_start(&ic->timer, ns_to_ktime(next), HRTIMER_MODE_ABS_PINNED_HARD);
}

static void irqw_irqoff_idle_enter(struct irqw_irqoff_cpu *ic)
{
	u64 now = ktime_get_ns();

	WRITE_ONCE(ic->idle, true);
	/* An overdue tick ends a window: it comes, then parks in the idle loop. */
	if (ic->parked || (s64)(now - READ_ONCE(ic->next_ns)) >= 0 ||
	    !irqw_irqoff_park(ic))
		return;
	hrtimer_try_to_cancel(&ic->timer);
	/* no tick ends a bh-off window now: the switch does */
	if (READ_ONCE(irqw_irqoff_soft))
		irqw_softirq_idle(ic->last_tick_ns, now);
}

static void irqw_irqoff_idle_exit(struct irqw_irqoff_cpu *ic)
{
	struct irqw_irqoff_cpu *s;
	int cpu;

	if (ic->parked)
		irqw_irqoff_resume(ic);
	/* next_ns before idle; pairs with irqw_irqoff_check_buddy() */
	smp_store_release(&ic->idle, false);
	/* pairs with the barrier in irqw_irqoff_park(): one sees the other */
	smp_mb();
	cpu = READ_ONCE(ic->sampler);
	if (cpu < 0 || !irqw_irqoff_samples || !READ_ONCE(irqw_irqoff_on))
		return;
	s = per_cpu_ptr(irqw_irqoff_pcpu, cpu);
	/* -EBUSY: one is on its way; the scheduler's hrtick does this too */
	if (READ_ONCE(s->parked))
		smp_call_function_single_async(cpu, this_cpu_ptr(&irqw_irqoff_wake_csd));
}

/* sched:sched_switch, on the CPU, with interrupts off and its rq locked. */
static void irqw_irqoff_switch(IRQW_SCHED_SWITCH_PROTO(prev, next))
{
	struct irqw_irqoff_cpu *ic = this_cpu_ptr(irqw_irqoff_pcpu);

	if (!READ_ONCE(ic->active))
		return;
	if (is_idle_task(next))
		irqw_irqoff_idle_enter(ic);
	else if (is_idle_task(prev))
		irqw_irqoff_idle_exit(ic);
}

/* In the IPI of the buddy that left idle, while this CPU's timer is stopped. */
static void irqw_irqoff_wake(void *unused)
{
	struct irqw_irqoff_cpu *ic = this_cpu_ptr(irqw_irqoff_pcpu);

	if (!READ_ONCE(ic->active) || !ic->parked)
		return;
	local64_inc(&ic->wakes);
	irqw_irqoff_resume(ic);
}

/* On the CPU to watch, with interrupts off (IPI or local call). */
static void irqw_irqoff_start_here(void *unused)
{
	struct irqw_irqoff_cpu *ic = this_cpu_ptr(irqw_irqoff_pcpu);
	u64 next = irqw_irqoff_restart(ic);

	WRITE_ONCE(ic->parked, false);
	WRITE_ONCE(ic->idle, READ_ONCE(irqw_irqoff_parking) && is_idle_task(current));
	/* pairs with the acquire in irqw_irqoff_check_buddy() */
	smp_store_release(&ic->active, true);
	hrtimer_start(&ic->timer, ns_to_ktime(next), HRTIMER_MODE_ABS_PINNED_HARD);
}

static void irqw_irqoff_stop(int cpu)
{
	struct irqw_irqoff_cpu *ic = per_cpu_ptr(irqw_irqoff_pcpu, cpu);

	WRITE_ONCE(ic->active, false);
	hrtimer_cancel(&ic->timer);
}

/* Runs timers on exactly the CPUs that should have one and pairs buddies. */
static void irqw_irqoff_sync(void)
{
	struct irqw_irqoff_cpu *ic;
	int cpu, buddy;
	bool want;

	lockdep_assert_held(&irqw_irqoff_lock);
	for_each_possible_cpu(cpu) {
		want = (irqw_irqoff_on || irqw_irqoff_soft) &&
		       cpumask_test_cpu(cpu, &irqw_irqoff_up) &&
		       cpumask_test_cpu(cpu, &irqw_irqoff_cpus);
		if (want != cpumask_test_cpu(cpu, &irqw_irqoff_active)) {
			if (want) {
				smp_call_function_single(cpu, irqw_irqoff_start_here,
							 NULL, 1);
				cpumask_set_cpu(cpu, &irqw_irqoff_active);
			} else {
				irqw_irqoff_stop(cpu);
				cpumask_clear_cpu(cpu, &irqw_irqoff_active);
			}
		}
		/* the PMU samples interrupts-off windows only */
		if (want && irqw_irqoff_on)
			irqw_irqoff_pmu_start(cpu);
		else
			irqw_irqoff_pmu_stop(cpu);
	}
	for_each_possible_cpu(cpu)
		WRITE_ONCE(per_cpu_ptr(irqw_irqoff_pcpu, cpu)->sampler, -1);
	for_each_possible_cpu(cpu) {
		ic = per_cpu_ptr(irqw_irqoff_pcpu, cpu);
		buddy = -1;
		if (cpumask_test_cpu(cpu, &irqw_irqoff_active)) {
			buddy = cpumask_next(cpu, &irqw_irqoff_active);
			if (buddy >= nr_cpu_ids)
				buddy = cpumask_first(&irqw_irqoff_active);
			if (buddy == cpu)
				buddy = -1;
		}
		WRITE_ONCE(ic->buddy, buddy);
		if (buddy >= 0)
			WRITE_ONCE(per_cpu_ptr(irqw_irqoff_pcpu, buddy)->sampler, cpu);
	}
}

static void irqw_irqoff_set(const struct irqw_config *cfg)
{
	lockdep_assert_held(&irqw_irqoff_lock);
	WRITE_ONCE(irqw_irqoff_period_ns, (u64)cfg->period_us * NSEC_PER_USEC);
	WRITE_ONCE(irqw_irqoff_threshold_ns,
		   (u64)cfg->irqoff_threshold_us * NSEC_PER_USEC);
	WRITE_ONCE(irqw_irqoff_on, cfg->detectors & BIT(IRQWATCH_DET_IRQOFF));
	WRITE_ONCE(irqw_irqoff_soft, cfg->detectors & BIT(IRQWATCH_DET_SOFTIRQ));
	cpumask_copy(&irqw_irqoff_cpus, &cfg->cpus);
}

static void irqw_irqoff_tp_lookup(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_switch"))
		irqw_irqoff_switch_tp = tp;
}

/*
 * Before a timer starts, not under cpus_read_lock() (the attach takes it):
 * idle CPUs stop their timers from then on.
 */
static void irqw_irqoff_parking_start(void)
{
	static bool warned;
	int err = -ENOENT;

	if (irqw_irqoff_parking)
		return;
	if (irqw_irqoff_switch_tp)
		err = tracepoint_probe_register(irqw_irqoff_switch_tp,
						irqw_irqoff_switch, NULL);
	if (err && !warned)
		pr_warn("cannot attach to sched:sched_switch (%d): idle CPUs keep their timers\n",
			err);
	warned |= !!err;
	WRITE_ONCE(irqw_irqoff_parking, !err);
}

static void irqw_irqoff_nop(void *unused)
{
}

/*
 * In a kworker bound to its CPU: every other online CPU has run the calls
 * sent to it before. An async call's csd is free before its function runs,
 * so the call itself cannot be waited for; two synchronous calls in a row
 * can: a CPU runs each batch of calls with interrupts off, synchronous ones
 * first, and the second comes in a batch after the one that held the wake.
 * A call to the CPU itself runs at once, without its queue.
 */
static long irqw_irqoff_flush_calls(void *unused)
{
	int cpu, i;

	for_each_online_cpu(cpu)
		for (i = 0; cpu != smp_processor_id() && i < 2; i++)
			smp_call_function_single(cpu, irqw_irqoff_nop, NULL, 1);
	return 0;
}

/*
 * Once every timer is stopped, not under cpus_read_lock(): no probe runs
 * and no wake is in flight after this, so none starts a timer again (at
 * unload, the caller cancels them once more).
 * The flush runs from two CPUs, so that each CPU's queue is flushed by
 * another one.
 */
static void irqw_irqoff_parking_stop(void)
{
	int cpu, n = 0;

	if (!irqw_irqoff_parking)
		return;
	tracepoint_probe_unregister(irqw_irqoff_switch_tp, irqw_irqoff_switch,
				    NULL);
	tracepoint_synchronize_unregister();
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		work_on_cpu(cpu, irqw_irqoff_flush_calls, NULL);
		if (++n == 2)
			break;
	}
	cpus_read_unlock();
	WRITE_ONCE(irqw_irqoff_parking, false);
}

/* Whether @cfg has timers run: the irqoff or the softirq detector is on. */
static bool irqw_irqoff_ticks(const struct irqw_config *cfg)
{
	return cfg->detectors & (BIT(IRQWATCH_DET_IRQOFF) | BIT(IRQWATCH_DET_SOFTIRQ));
}

/*
 * Puts a new configuration in force: timers start and stop to match the
 * CPUs and the detector bit; a new period applies from each CPU's next tick.
 * sched:sched_switch is attached while timers may run.
 */
static void irqw_irqoff_apply(const struct irqw_config *cfg)
{
	lockdep_assert_held(&irqw_cfg_lock);
	if (irqw_irqoff_ticks(cfg))
		irqw_irqoff_parking_start();
	cpus_read_lock();
	mutex_lock(&irqw_irqoff_lock);
	irqw_irqoff_set(cfg);
	irqw_irqoff_sync();
	irqw_irqoff_pmu_retune();
	mutex_unlock(&irqw_irqoff_lock);
	cpus_read_unlock();
	if (!irqw_irqoff_ticks(cfg))
		irqw_irqoff_parking_stop();
}

/* Hotplug callbacks; they run on @cpu. */
static int irqw_irqoff_online(unsigned int cpu)
{
	mutex_lock(&irqw_irqoff_lock);
	cpumask_set_cpu(cpu, &irqw_irqoff_up);
	irqw_irqoff_sync();
	mutex_unlock(&irqw_irqoff_lock);
	return 0;
}

static int irqw_irqoff_offline(unsigned int cpu)
{
	mutex_lock(&irqw_irqoff_lock);
	cpumask_clear_cpu(cpu, &irqw_irqoff_up);
	irqw_irqoff_sync();
	mutex_unlock(&irqw_irqoff_lock);
	return 0;
}

/* A window is two missed ticks at least. */
static int irqw_irqoff_check(const struct irqw_config *cfg,
			     struct netlink_ext_ack *extack)
{
	if (cfg->irqoff_threshold_us >= 2 * cfg->period_us)
		return 0;
	NL_SET_ERR_MSG(extack, "irqoff_threshold_us must be at least 2 x period_us");
	if (!extack)
		pr_err("irqoff_threshold_us (%u) must be at least 2 x period_us (%u)\n",
		       cfg->irqoff_threshold_us, cfg->period_us);
	return -EINVAL;
}

static size_t irqw_irqoff_cpu_stats_size(void)
{
	return 7 * nla_total_size_64bit(sizeof(u64)) +		/* counters */
	       nla_total_size(sizeof(u8)) +			/* pmu */
	       nla_total_size(0) +				/* hist nest */
	       IRQWATCH_HIST_BUCKETS * nla_total_size_64bit(sizeof(u64));
}

static int irqw_irqoff_put_cpu_stats(struct sk_buff *msg, int cpu)
{
	struct irqw_irqoff_cpu *ic = per_cpu_ptr(irqw_irqoff_pcpu, cpu);
	static const struct {
		int type;
		size_t offset;
	} counters[] = {
		{ IRQWATCH_CPUSTAT_IRQOFF_TICKS, offsetof(struct irqw_irqoff_cpu, ticks) },
		{ IRQWATCH_CPUSTAT_IRQOFF_TICK_NS, offsetof(struct irqw_irqoff_cpu, tick_ns) },
		{ IRQWATCH_CPUSTAT_IRQOFF_NMIS_SENT,
		  offsetof(struct irqw_irqoff_cpu, nmis_sent) },
		{ IRQWATCH_CPUSTAT_IRQOFF_SAMPLES, offsetof(struct irqw_irqoff_cpu, nmis) },
		{ IRQWATCH_CPUSTAT_IRQOFF_NMI_NS, offsetof(struct irqw_irqoff_cpu, nmi_ns) },
		{ IRQWATCH_CPUSTAT_IRQOFF_WINDOWS, offsetof(struct irqw_irqoff_cpu, windows) },
	};
	struct nlattr *hist;
	int i;

	for (i = 0; i < ARRAY_SIZE(counters); i++) {
		local64_t *v = (local64_t *)((char *)ic + counters[i].offset);

		if (nla_put_u64_64bit(msg, counters[i].type, local64_read(v),
				      IRQWATCH_CPUSTAT_PAD))
			return -EMSGSIZE;
	}
	if (nla_put_u64_64bit(msg, IRQWATCH_CPUSTAT_IRQOFF_MAX_LATE_NS,
			      READ_ONCE(ic->max_late_ns), IRQWATCH_CPUSTAT_PAD) ||
	    nla_put_u8(msg, IRQWATCH_CPUSTAT_IRQOFF_PMU, !!READ_ONCE(ic->pmu)))
		return -EMSGSIZE;
	hist = nla_nest_start(msg, IRQWATCH_CPUSTAT_IRQOFF_HIST);
	if (!hist)
		return -EMSGSIZE;
	for (i = 0; i < IRQWATCH_HIST_BUCKETS; i++)
		if (nla_put_u64_64bit(msg, IRQWATCH_HIST_BUCKET,
				      local64_read(&ic->hist[i]), IRQWATCH_HIST_PAD))
			return -EMSGSIZE;
	nla_nest_end(msg, hist);
	return 0;
}

static int irqw_irqoff_init(void)
{
	struct irqw_irqoff_cpu *ic;
	int cpu, err;

	irqw_irqoff_pcpu = alloc_percpu(struct irqw_irqoff_cpu);
	if (!irqw_irqoff_pcpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		ic = per_cpu_ptr(irqw_irqoff_pcpu, cpu);
		hrtimer_init(&ic->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_PINNED_HARD);
		ic->timer.function = irqw_irqoff_tick;
		ic->buddy = -1;
		ic->sampler = -1;
		per_cpu_ptr(&irqw_irqoff_wake_csd, cpu)->func = irqw_irqoff_wake;
	}
	err = irqw_irqoff_log_init();
	if (err)
		goto err_free;
	err = irqw_irqoff_nmi_init();
	if (err)
		goto err_log;

	for_each_kernel_tracepoint(irqw_irqoff_tp_lookup, NULL);
	if (irqw_irqoff_ticks(&irqw_cfg))
		irqw_irqoff_parking_start();

	mutex_lock(&irqw_irqoff_lock);
	irqw_irqoff_set(&irqw_cfg);
	mutex_unlock(&irqw_irqoff_lock);
	/* Starts the timers on the online CPUs, from here on the new ones. */
	err = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "irqwatch/irqoff:online",
				irqw_irqoff_online, irqw_irqoff_offline);
	if (err < 0)
		goto err_parking;
	irqw_irqoff_hp_state = err;
	return 0;

err_parking:
	irqw_irqoff_parking_stop();
	irqw_irqoff_nmi_exit();
err_log:
	irqw_irqoff_log_exit();
err_free:
	free_percpu(irqw_irqoff_pcpu);
	return err;
}

/* Stops every timer and sampler; events already emitted stay in the rings. */
static void irqw_irqoff_exit(void)
{
	int cpu;

	cpuhp_remove_state(irqw_irqoff_hp_state);
	irqw_irqoff_parking_stop();
	for_each_possible_cpu(cpu)
		hrtimer_cancel(&per_cpu_ptr(irqw_irqoff_pcpu, cpu)->timer);
	irqw_irqoff_nmi_exit();
	irqw_irqoff_log_exit();
	free_percpu(irqw_irqoff_pcpu);
}

const struct irqw_detector irqw_irqoff_detector = {
	.name = "irqoff",
	.id = IRQWATCH_DET_IRQOFF,
	.init = irqw_irqoff_init,
	.exit = irqw_irqoff_exit,
	.check = irqw_irqoff_check,
	.apply = irqw_irqoff_apply,
	.put_cpu_stats = irqw_irqoff_put_cpu_stats,
	.cpu_stats_size = irqw_irqoff_cpu_stats_size,
	.config = irqw_irqoff_config,
	.nr_config = ARRAY_SIZE(irqw_irqoff_config),
};

