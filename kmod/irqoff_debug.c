// SPDX-License-Identifier: GPL-2.0
/*
 * The interrupts-off detector's debugfs files, built only with
 * IRQWATCH_TESTING=y (the VM tests). In /sys/kernel/debug/irqwatch/:
 * "irqoff" shows the configuration in force (and the time, for timing
 * injected windows) and the per-CPU counters; "irqoff_windows" the last
 * IRQW_IRQOFF_LOG windows with their cause and samples, as the events carry
 * them.
 */

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>

#include "irqoff.h"
#define IRQW_IRQOFF_LOG	16

struct irqw_irqoff_logged {
	u64 id;
	u64 mono_ns;
	u64 duration_ns;
	int cpu;
	pid_t pid;
	pid_t tgid;
	char comm[TASK_COMM_LEN];
	u8 cause;
	u8 context;
	unsigned int nr_frames;
	unsigned int nr_samples;
	unsigned long frames[IRQW_MAX_FRAMES];
	struct irqw_sample samples[IRQW_MAX_SAMPLES];
};

static DEFINE_RAW_SPINLOCK(irqw_irqoff_log_lock);
static struct irqw_irqoff_logged *irqw_irqoff_logged;
static u64 irqw_irqoff_log_next;
static struct dentry *irqw_irqoff_dentry, *irqw_irqoff_windows_dentry;

static const char * const irqw_irqoff_causes[__IRQWATCH_CAUSE_MAX] = {
	[IRQWATCH_CAUSE_UNSPEC] = "none",
	[IRQWATCH_CAUSE_IRQS_DISABLED] = "irqs_disabled",
	[IRQWATCH_CAUSE_VCPU_STALL] = "vcpu_stall",
	[IRQWATCH_CAUSE_IDLE_EXIT] = "idle_exit",
	[IRQWATCH_CAUSE_UNCONFIRMED] = "unconfirmed",
};

static const char * const irqw_irqoff_contexts[__IRQWATCH_CONTEXT_MAX] = {
	[IRQWATCH_CONTEXT_UNSPEC] = "none",
	[IRQWATCH_CONTEXT_TASK] = "task",
	[IRQWATCH_CONTEXT_USER] = "user",
	[IRQWATCH_CONTEXT_SOFTIRQ] = "softirq",
	[IRQWATCH_CONTEXT_IDLE] = "idle",
};

void irqw_irqoff_log(const struct irqw_event *ev,
		     const struct irqw_irqoff_payload *pl)
{
	struct irqw_irqoff_logged *l;
	unsigned long flags;

	raw_spin_lock_irqsave(&irqw_irqoff_log_lock, flags);
	l = &irqw_irqoff_logged[irqw_irqoff_log_next % IRQW_IRQOFF_LOG];
	l->id = irqw_irqoff_log_next++;
	l->mono_ns = ev->mono_ns;
	l->duration_ns = ev->duration_ns;
	l->cpu = smp_processor_id();
	l->pid = ev->task->pid;
	l->tgid = ev->task->tgid;
	memcpy(l->comm, ev->task->comm, sizeof(l->comm));
	l->comm[sizeof(l->comm) - 1] = '\0';
	l->cause = pl->cause;
	l->context = pl->context;
	l->nr_frames = ev->nr_frames;
	memcpy(l->frames, ev->frames, ev->nr_frames * sizeof(l->frames[0]));
	l->nr_samples = pl->nr_samples;
	memcpy(l->samples, ev->payload_tail, ev->payload_tail_len);
	raw_spin_unlock_irqrestore(&irqw_irqoff_log_lock, flags);
}

static void irqw_irqoff_show_stack(struct seq_file *m, const char *indent,
				   const unsigned long *frames, unsigned int n)
{
	unsigned int i;

	seq_printf(m, "%sstack:", indent);
	for (i = 0; i < n; i++)
		seq_printf(m, "%s%pS", i ? " | " : " ", (void *)frames[i]);
	seq_putc(m, '\n');
}

static void irqw_irqoff_show_window(struct seq_file *m,
				    const struct irqw_irqoff_logged *l)
{
	const struct irqw_sample *s;
	unsigned int i;

	seq_printf(m, "window id=%llu cpu=%d mono_ns=%llu duration_ns=%llu cause=%s context=%s samples=%u pid=%d tgid=%d comm=%s\n",
		   l->id, l->cpu, l->mono_ns, l->duration_ns,
		   irqw_irqoff_causes[l->cause], irqw_irqoff_contexts[l->context],
		   l->nr_samples, l->pid, l->tgid, l->comm);
	irqw_irqoff_show_stack(m, "  ", l->frames, l->nr_frames);
	for (i = 0; i < l->nr_samples; i++) {
		s = &l->samples[i];
		seq_printf(m, "  sample %u offset_ns=%llu delay_ns=%u irqs_disabled=%u idle=%u pid=%d tgid=%d comm=%s\n",
			   i, s->mono_ns > l->mono_ns ? s->mono_ns - l->mono_ns : 0,
			   s->delay_ns, s->irqs_disabled, s->idle, s->pid, s->tgid,
			   s->comm);
		irqw_irqoff_show_stack(m, "    ", s->frames, s->nr_frames);
	}
}

static int irqw_irqoff_show(struct seq_file *m, void *v)
{
	struct irqw_irqoff_cpu *ic;
	int cpu, i;

	mutex_lock(&irqw_irqoff_lock);
	seq_printf(m, "now_ns=%llu period_ns=%llu threshold_ns=%llu samples=%u on=%d parking=%d cpus=%*pbl active=%*pbl\n",
		   ktime_get_ns(), irqw_irqoff_period_ns, irqw_irqoff_threshold_ns,
		   irqw_irqoff_samples, irqw_irqoff_on, irqw_irqoff_parking,
		   cpumask_pr_args(&irqw_irqoff_cpus),
		   cpumask_pr_args(&irqw_irqoff_active));
	mutex_unlock(&irqw_irqoff_lock);
	for_each_possible_cpu(cpu) {
		ic = per_cpu_ptr(irqw_irqoff_pcpu, cpu);
		seq_printf(m, "cpu=%d active=%d idle=%d parked=%d parks=%llu wakes=%llu ticks=%llu tick_ns=%llu nmis_sent=%llu samples=%llu nmi_ns=%llu windows=%llu max_late_ns=%llu hist=",
			   cpu, READ_ONCE(ic->active), READ_ONCE(ic->idle),
			   READ_ONCE(ic->parked), (u64)local64_read(&ic->parks),
			   (u64)local64_read(&ic->wakes), (u64)local64_read(&ic->ticks),
			   (u64)local64_read(&ic->tick_ns),
			   (u64)local64_read(&ic->nmis_sent),
			   (u64)local64_read(&ic->nmis), (u64)local64_read(&ic->nmi_ns),
			   (u64)local64_read(&ic->windows), READ_ONCE(ic->max_late_ns));
		for (i = 0; i < IRQWATCH_HIST_BUCKETS; i++)
			seq_printf(m, "%s%llu", i ? "," : "",
				   (u64)local64_read(&ic->hist[i]));
		seq_putc(m, '\n');
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(irqw_irqoff);

static int irqw_irqoff_windows_show(struct seq_file *m, void *v)
{
	struct irqw_irqoff_logged *copy;
	unsigned long flags;
	u64 next, id;

	copy = vmalloc(array_size(IRQW_IRQOFF_LOG, sizeof(*copy)));
	if (!copy)
		return -ENOMEM;
	raw_spin_lock_irqsave(&irqw_irqoff_log_lock, flags);
	memcpy(copy, irqw_irqoff_logged, IRQW_IRQOFF_LOG * sizeof(*copy));
	next = irqw_irqoff_log_next;
	raw_spin_unlock_irqrestore(&irqw_irqoff_log_lock, flags);
	for (id = next > IRQW_IRQOFF_LOG ? next - IRQW_IRQOFF_LOG : 0; id < next; id++)
		irqw_irqoff_show_window(m, &copy[id % IRQW_IRQOFF_LOG]);
	vfree(copy);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(irqw_irqoff_windows);

int irqw_irqoff_log_init(void)
{
	irqw_irqoff_logged = vzalloc(array_size(IRQW_IRQOFF_LOG,
						sizeof(*irqw_irqoff_logged)));
	return irqw_irqoff_logged ? 0 : -ENOMEM;
}

/* Once no tick runs. */
void irqw_irqoff_log_exit(void)
{
	vfree(irqw_irqoff_logged);
	irqw_irqoff_logged = NULL;
}

/* After irqw_synth_init(), which makes the directory. */
void irqw_irqoff_debugfs_init(void)
{
	struct dentry *dir;

	dir = debugfs_lookup("irqwatch", NULL);
	if (!dir)
		return;
	irqw_irqoff_dentry = debugfs_create_file("irqoff", 0400, dir, NULL,
						 &irqw_irqoff_fops);
	irqw_irqoff_windows_dentry =
		debugfs_create_file("irqoff_windows", 0400, dir, NULL,
				    &irqw_irqoff_windows_fops);
	dput(dir);
}

/* Before irqw_synth_exit() removes the directory. */
void irqw_irqoff_debugfs_exit(void)
{
	debugfs_remove(irqw_irqoff_windows_dentry);
	debugfs_remove(irqw_irqoff_dentry);
	irqw_irqoff_dentry = NULL;
	irqw_irqoff_windows_dentry = NULL;
}
