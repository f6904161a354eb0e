// SPDX-License-Identifier: GPL-2.0
/*
 * irqwatch_fault's storms: softirq_storm and hardirq_storm (see fault.c for
 * the interface).
 */

#include <linux/completion.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/smp.h>

#include "fault.h"

/*
 * Storms: the last run's statistics, read back through the fault's file.
 */

struct fault_storm {
	struct mutex lock;		/* one storm at a time, stats */
	struct completion done;
	ktime_t start;
	ktime_t deadline;
	unsigned long count;
	u64 elapsed_ns;
	int cpu;
	unsigned int ms;
};

static void fault_storm_begin(struct fault_storm *storm, unsigned int ms)
{
	storm->cpu = raw_smp_processor_id();	/* bound kworker */
	storm->ms = ms;
	storm->count = 0;
	storm->elapsed_ns = 0;
	storm->start = ktime_get();
	storm->deadline = ktime_add_ms(storm->start, ms);
}

static void fault_storm_end(struct fault_storm *storm)
{
	storm->elapsed_ns = ktime_to_ns(ktime_sub(ktime_get(), storm->start));
}

static void fault_storm_show(struct seq_file *m, struct fault_storm *storm)
{
	seq_printf(m, "cpu=%d ms=%u count=%lu elapsed_us=%llu\n",
		   storm->cpu, storm->ms, storm->count,
		   div_u64(storm->elapsed_ns, NSEC_PER_USEC));
}

/*
 * Softirq storm: a tasklet that reschedules itself until the deadline keeps
 * TASKLET_SOFTIRQ raised on its CPU; __do_softirq() restarts for it and then
 * hands over to ksoftirqd, which runs it back to back.
 */

static struct fault_storm softirq_storm = {
	.lock = __MUTEX_INITIALIZER(softirq_storm.lock),
	.done = COMPLETION_INITIALIZER(softirq_storm.done),
	.cpu = -1,
};

static noinline void irqwatch_fault_softirq_storm(struct tasklet_struct *t)
{
	softirq_storm.count++;
	if (ktime_before(ktime_get(), softirq_storm.deadline))
		tasklet_schedule(t);
	else
		complete(&softirq_storm.done);
}

static DECLARE_TASKLET(softirq_storm_tasklet, irqwatch_fault_softirq_storm);

static int softirq_storm_run(unsigned int ms)
{
	fault_storm_begin(&softirq_storm, ms);
	reinit_completion(&softirq_storm.done);
	tasklet_schedule(&softirq_storm_tasklet);
	wait_for_completion(&softirq_storm.done);
	/* The handler may still be returning: wait until it is not running. */
	tasklet_kill(&softirq_storm_tasklet);
	fault_storm_end(&softirq_storm);
	return 0;
}

static int softirq_storm_show(struct seq_file *m, void *v)
{
	if (mutex_lock_interruptible(&softirq_storm.lock))
		return -EINTR;
	fault_storm_show(m, &softirq_storm);
	mutex_unlock(&softirq_storm.lock);
	return 0;
}

/*
 * Hardirq storm: a software interrupt line (dummy irq_chip, like the old
 * irq_sim) is fired from a hard irq_work, and a kworker bound to the CPU
 * queues that irq_work back to back. Each queueing is a self-IPI, i.e. a real
 * hardware interrupt (the irq_work vector), and each delivers one interrupt of
 * the line "irqwatch_fault": irq:irq_handler_entry fires and /proc/interrupts
 * counts it. The kworker calls cond_resched() and the local timer still gets
 * in between, so the CPU stays usable. A self-raising irq_work (or hrtimer)
 * would be faster but would starve the local timer vector, which has a lower
 * priority than the irq_work vector, for the whole storm.
 */

static struct fault_storm hardirq_storm = {
	.lock = __MUTEX_INITIALIZER(hardirq_storm.lock),
	.cpu = -1,
};

static unsigned int fault_irq;

static irqreturn_t irqwatch_fault_hardirq_handler(int irq, void *dev_id)
{
	struct fault_storm *storm = dev_id;

	storm->count++;
	return IRQ_HANDLED;
}

static void irqwatch_fault_hardirq_work(struct irq_work *work)
{
	generic_handle_irq(fault_irq);
}

static struct irq_work hardirq_storm_work =
	IRQ_WORK_INIT_HARD(irqwatch_fault_hardirq_work);

static noinline int irqwatch_fault_hardirq_storm(unsigned int ms)
{
	unsigned int n = 0;

	fault_storm_begin(&hardirq_storm, ms);
	while (ktime_before(ktime_get(), hardirq_storm.deadline)) {
		irq_work_queue(&hardirq_storm_work);
		irq_work_sync(&hardirq_storm_work);
		if (!(++n % 64))
			cond_resched();
	}
	fault_storm_end(&hardirq_storm);
	return 0;
}

static ssize_t hardirq_storm_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct fault_req req = { .body = irqwatch_fault_hardirq_storm };
	int ret;

	ret = fault_parse_cpu_ms(ubuf, count, &req);
	if (ret)
		return ret;
	if (mutex_lock_interruptible(&hardirq_storm.lock))
		return -EINTR;
	/* Requested only for the storm: the line holds a module reference. */
	ret = request_irq(fault_irq, irqwatch_fault_hardirq_handler,
			  IRQF_NO_THREAD, "irqwatch_fault", &hardirq_storm);
	if (!ret) {
		ret = fault_on_cpu(&req);
		free_irq(fault_irq, &hardirq_storm);
	}
	mutex_unlock(&hardirq_storm.lock);
	return ret ? ret : count;
}

static int hardirq_storm_show(struct seq_file *m, void *v)
{
	if (mutex_lock_interruptible(&hardirq_storm.lock))
		return -EINTR;
	seq_printf(m, "irq=%u ", fault_irq);
	fault_storm_show(m, &hardirq_storm);
	mutex_unlock(&hardirq_storm.lock);
	return 0;
}

static int fault_irq_create(void)
{
	int irq;

	irq = irq_alloc_desc(NUMA_NO_NODE);
	if (irq < 0)
		return irq;
	irq_set_chip_and_handler(irq, &dummy_irq_chip, handle_simple_irq);
	irq_modify_status(irq, IRQ_NOREQUEST | IRQ_NOAUTOEN, IRQ_NOPROBE);
	fault_irq = irq;
	return 0;
}

static void fault_irq_destroy(void)
{
	irq_work_sync(&hardirq_storm_work);
	irq_free_desc(fault_irq);
}

const struct fault_cpu fault_softirq_storm = {
	.body = softirq_storm_run,
	.lock = &softirq_storm.lock,
};

FAULT_SHOW_FOPS(softirq_storm, fault_cpu_write);
FAULT_SHOW_FOPS(hardirq_storm, hardirq_storm_write);

int fault_storm_init(void)
{
	return fault_irq_create();
}

/* No storm runs: an open file holds a module reference. */
void fault_storm_exit(void)
{
	tasklet_kill(&softirq_storm_tasklet);
	fault_irq_destroy();
}

