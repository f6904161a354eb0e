// SPDX-License-Identifier: GPL-2.0
/*
 * Synthetic event source, built only with IRQWATCH_TESTING=y (the VM tests):
 * /sys/kernel/debug/irqwatch/synth. Writing "COUNT RATE [FRAMES [nmi]]"
 * emits COUNT events at RATE per second in all, from a pinned hard hrtimer
 * on every online CPU, as a detector would, each with FRAMES stack frames;
 * with "nmi" (x86), each tick sends its CPU an NMI and the events are
 * emitted from the NMI handler. The write returns when all were emitted.
 * Reading gives "emitted=N dropped=D nmi=M" for the last burst (dropped:
 * refused by a full ring; nmi: events emitted in NMI context).
 */

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/debugfs.h>
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <net/netlink.h>
#ifdef CONFIG_X86
#include <asm/apic.h>
#include <asm/nmi.h>
#endif

#include "event.h"
#include "irqwatch.h"

#define IRQW_SYNTH_TICK_NS	NSEC_PER_MSEC
#define IRQW_SYNTH_MAX_PER_TICK	1000

static DEFINE_PER_CPU(struct hrtimer, irqw_synth_timer);
static DEFINE_MUTEX(irqw_synth_lock);	/* one burst at a time */
static struct dentry *irqw_synth_dir;
static DECLARE_COMPLETION(irqw_synth_done);
static atomic64_t irqw_synth_next;	/* index of the next event to emit */
static atomic64_t irqw_synth_dropped;
static atomic64_t irqw_synth_in_nmi;
static u64 irqw_synth_count, irqw_synth_rate, irqw_synth_start;
static unsigned int irqw_synth_frames;
static bool irqw_synth_nmi;
static DEFINE_PER_CPU(bool, irqw_synth_nmi_pending);

/* A synthetic event's payload is its index, from 0. */
static int irqw_synth_put_event(struct sk_buff *msg,
				const struct irqw_payload *pl, bool trim)
{
	return nla_put_u64_64bit(msg, IRQWATCH_EV_SYNTH_INDEX,
				 *(const u64 *)pl->data, IRQWATCH_EV_PAD);
}

static const struct irqw_event_class irqw_synth_event = {
	.type = IRQWATCH_EVENT_SYNTHETIC,
	.put = irqw_synth_put_event,
};

/* Emits the events due by now; hardirq or NMI context. */
static void irqw_synth_emit(void)
{
	unsigned long frames[IRQW_MAX_FRAMES];
	u64 index;
	struct irqw_event ev = {
		.cls = &irqw_synth_event,
		.task = current,
		.frames = frames,
		.payload = &index,
		.payload_len = sizeof(index),
	};
	u64 t0 = ktime_get_mono_fast_ns(), due, i;
	int n;

	due = min(irqw_synth_count,
		  div64_u64((t0 - irqw_synth_start) * irqw_synth_rate, NSEC_PER_SEC) + 1);
	for (n = 0; n < IRQW_SYNTH_MAX_PER_TICK; n++) {
		i = atomic64_read(&irqw_synth_next);
		if (i >= due)
			break;
		if (atomic64_cmpxchg(&irqw_synth_next, i, i + 1) != i)
			continue;
		index = i;
		ev.nr_frames = irqw_synth_frames ?
			stack_trace_save(frames, irqw_synth_frames, 0) : 0;
		if (!irqw_emit(&ev))
			atomic64_inc(&irqw_synth_dropped);
		if (in_nmi())
			atomic64_inc(&irqw_synth_in_nmi);
	}
	irqw_account_handler(ktime_get_mono_fast_ns() - t0);
}

#ifdef CONFIG_X86
static int irqw_synth_nmi_handler(unsigned int cmd, struct pt_regs *regs)
{
	if (!this_cpu_read(irqw_synth_nmi_pending))
		return NMI_DONE;
	this_cpu_write(irqw_synth_nmi_pending, false);
	irqw_synth_emit();
	return NMI_HANDLED;
}

static void irqw_synth_send_nmi(void)
{
	this_cpu_write(irqw_synth_nmi_pending, true);
	apic->send_IPI_self(NMI_VECTOR);
}
#else
static void irqw_synth_send_nmi(void)
{
	irqw_synth_emit();
}
#endif

/*
 * complete() may not run in NMI context, so the tick after the last event
 * ends the burst.
 */
static enum hrtimer_restart irqw_synth_tick(struct hrtimer *timer)
{
	if (atomic64_read(&irqw_synth_next) >= irqw_synth_count) {
		complete(&irqw_synth_done);
		return HRTIMER_NORESTART;
	}
	if (irqw_synth_nmi)
		irqw_synth_send_nmi();
	else
		irqw_synth_emit();
	hrtimer_forward_now(timer, ns_to_ktime(IRQW_SYNTH_TICK_NS));
	return HRTIMER_RESTART;
}

static void irqw_synth_start_cpu(void *unused)
{
	hrtimer_start(this_cpu_ptr(&irqw_synth_timer), ns_to_ktime(IRQW_SYNTH_TICK_NS),
		      HRTIMER_MODE_REL_PINNED_HARD);
}

static ssize_t irqw_synth_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	unsigned int frames = 0;
	char buf[64], mode[8] = "";
	u64 count, rate;
	int cpu, err;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%llu %llu %u %7s", &count, &rate, &frames, mode) < 2 ||
	    !count || count > 100000000 || !rate || rate > 10000000 ||
	    frames > IRQW_MAX_FRAMES || (*mode && strcmp(mode, "nmi")))
		return -EINVAL;
	if (*mode && !IS_ENABLED(CONFIG_X86))
		return -EOPNOTSUPP;

	if (mutex_lock_interruptible(&irqw_synth_lock))
		return -EINTR;
	irqw_synth_count = count;
	irqw_synth_rate = rate;
	irqw_synth_frames = frames;
	irqw_synth_nmi = *mode;
	atomic64_set(&irqw_synth_next, 0);
	atomic64_set(&irqw_synth_dropped, 0);
	atomic64_set(&irqw_synth_in_nmi, 0);
	reinit_completion(&irqw_synth_done);
	irqw_synth_start = ktime_get_mono_fast_ns();
	cpus_read_lock();
	on_each_cpu(irqw_synth_start_cpu, NULL, 1);
	err = wait_for_completion_killable(&irqw_synth_done);
	for_each_online_cpu(cpu)
		hrtimer_cancel(per_cpu_ptr(&irqw_synth_timer, cpu));
	cpus_read_unlock();
	mutex_unlock(&irqw_synth_lock);
	return err ? err : len;
}

static ssize_t irqw_synth_read(struct file *file, char __user *ubuf, size_t len,
			       loff_t *ppos)
{
	char buf[64];
	int n;

	n = scnprintf(buf, sizeof(buf), "emitted=%lld dropped=%lld nmi=%lld\n",
		      (long long)atomic64_read(&irqw_synth_next),
		      (long long)atomic64_read(&irqw_synth_dropped),
		      (long long)atomic64_read(&irqw_synth_in_nmi));
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations irqw_synth_fops = {
	.owner = THIS_MODULE,
	.write = irqw_synth_write,
	.read = irqw_synth_read,
	.llseek = default_llseek,
};

int __init irqw_synth_init(void)
{
	int cpu;
#ifdef CONFIG_X86
	int err;

	err = register_nmi_handler(NMI_LOCAL, irqw_synth_nmi_handler, 0, "irqwatch_synth");
	if (err)
		return err;
#endif

	for_each_possible_cpu(cpu) {
		hrtimer_init(per_cpu_ptr(&irqw_synth_timer, cpu), CLOCK_MONOTONIC,
			     HRTIMER_MODE_REL_PINNED_HARD);
		per_cpu_ptr(&irqw_synth_timer, cpu)->function = irqw_synth_tick;
	}
	irqw_synth_dir = debugfs_create_dir("irqwatch", NULL);
	debugfs_create_file("synth", 0600, irqw_synth_dir, NULL, &irqw_synth_fops);
	return 0;
}

void irqw_synth_exit(void)
{
	int cpu;

	debugfs_remove_recursive(irqw_synth_dir);
	for_each_possible_cpu(cpu)
		hrtimer_cancel(per_cpu_ptr(&irqw_synth_timer, cpu));
#ifdef CONFIG_X86
	unregister_nmi_handler(NMI_LOCAL, "irqwatch_synth");
#endif
}
