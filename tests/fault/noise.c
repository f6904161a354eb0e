// SPDX-License-Identifier: GPL-2.0
/*
 * irqwatch_fault's noise meter (see fault.c for the interface).
 */

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "fault.h"

#define NOISE_MAX_SECS		3600
#define NOISE_PERIOD_NS		NSEC_PER_MSEC
/* <1us, [1,2)us, [2,4)us, ..., [2^19,2^20)us, >=2^20us (~1.05s) */
#define NOISE_BUCKETS		22

/*
 * Noise: a pinned hard hrtimer with a 1 ms period on every online CPU records
 * how late each expiry is (now - expected expiry). After a late expiry the
 * timer is forwarded past now: missed periods are skipped, not counted, so
 * ticks falls short of SECONDS * 1000 by the time spent late.
 */

static const unsigned int noise_over_ms[] = { 1, 5, 10, 20, 30 };

struct noise_stats {
	bool ran;
	u64 ticks;
	u64 max_ns;
	u64 over[ARRAY_SIZE(noise_over_ms)];
	u64 hist[NOISE_BUCKETS];
};

struct noise_cpu {
	struct hrtimer timer;
	ktime_t end;
	struct noise_stats stats;
};

static DEFINE_PER_CPU(struct noise_cpu, noise_cpu);
static DEFINE_MUTEX(noise_lock);
static DECLARE_COMPLETION(noise_done);
static atomic_t noise_running;

static enum hrtimer_restart irqwatch_fault_noise_tick(struct hrtimer *timer)
{
	struct noise_cpu *nc = container_of(timer, struct noise_cpu, timer);
	struct noise_stats *st = &nc->stats;
	ktime_t now = ktime_get();
	ktime_t late = ktime_sub(now, hrtimer_get_expires(timer));
	u64 late_ns = late > 0 ? ktime_to_ns(late) : 0;
	unsigned int i;

	st->ticks++;
	if (late_ns > st->max_ns)
		st->max_ns = late_ns;
	for (i = 0; i < ARRAY_SIZE(noise_over_ms); i++)
		if (late_ns > (u64)noise_over_ms[i] * NSEC_PER_MSEC)
			st->over[i]++;
	i = fls64(div_u64(late_ns, NSEC_PER_USEC));
	st->hist[min_t(unsigned int, i, NOISE_BUCKETS - 1)]++;

	if (!ktime_before(now, nc->end)) {
		if (atomic_dec_and_test(&noise_running))
			complete(&noise_done);
		return HRTIMER_NORESTART;
	}
	hrtimer_forward(timer, now, ns_to_ktime(NOISE_PERIOD_NS));
	return HRTIMER_RESTART;
}

/* IPI on each online CPU: a pinned timer is queued on the CPU starting it. */
static void noise_start(void *info)
{
	struct noise_cpu *nc = this_cpu_ptr(&noise_cpu);

	nc->end = *(ktime_t *)info;
	nc->stats.ran = true;
	atomic_inc(&noise_running);
	hrtimer_start(&nc->timer, ktime_add_ns(ktime_get(), NOISE_PERIOD_NS),
		      HRTIMER_MODE_ABS_PINNED_HARD);
}

void noise_cancel(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		hrtimer_cancel(&per_cpu_ptr(&noise_cpu, cpu)->timer);
}

static ssize_t noise_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	unsigned int secs;
	ktime_t end;
	int cpu, ret;

	if (kstrtouint_from_user(ubuf, count, 10, &secs) ||
	    secs < 1 || secs > NOISE_MAX_SECS)
		return -EINVAL;
	if (mutex_lock_interruptible(&noise_lock))
		return -EINTR;
	for_each_possible_cpu(cpu)
		memset(&per_cpu_ptr(&noise_cpu, cpu)->stats, 0,
		       sizeof(struct noise_stats));
	reinit_completion(&noise_done);
	atomic_set(&noise_running, 1);	/* bias: no completion while starting */
	end = ktime_add_ms(ktime_get(), (u64)secs * MSEC_PER_SEC);
	cpus_read_lock();
	on_each_cpu(noise_start, &end, 1);
	cpus_read_unlock();
	if (atomic_dec_and_test(&noise_running))
		complete(&noise_done);
	ret = wait_for_completion_interruptible(&noise_done) ? -EINTR : 0;
	/* Stops the timers after a signal; otherwise waits for the last return. */
	noise_cancel();
	mutex_unlock(&noise_lock);
	return ret ? ret : count;
}

static int noise_show(struct seq_file *m, void *v)
{
	const struct noise_stats *st;
	unsigned int i;
	int cpu;

	if (mutex_lock_interruptible(&noise_lock))
		return -EINTR;
	for_each_possible_cpu(cpu) {
		st = &per_cpu_ptr(&noise_cpu, cpu)->stats;
		if (!st->ran)
			continue;
		seq_printf(m, "cpu=%d ticks=%llu max_us=%llu", cpu, st->ticks,
			   div_u64(st->max_ns, NSEC_PER_USEC));
		for (i = 0; i < ARRAY_SIZE(noise_over_ms); i++)
			seq_printf(m, " over%ums=%llu", noise_over_ms[i],
				   st->over[i]);
		seq_puts(m, " hist=");
		for (i = 0; i < NOISE_BUCKETS; i++)
			seq_printf(m, "%s%llu", i ? "," : "", st->hist[i]);
		seq_putc(m, '\n');
	}
	mutex_unlock(&noise_lock);
	return 0;
}

void noise_init(void)
{
	struct noise_cpu *nc;
	int cpu;

	for_each_possible_cpu(cpu) {
		nc = per_cpu_ptr(&noise_cpu, cpu);
		hrtimer_init(&nc->timer, CLOCK_MONOTONIC,
			     HRTIMER_MODE_ABS_PINNED_HARD);
		nc->timer.function = irqwatch_fault_noise_tick;
	}
}

FAULT_SHOW_FOPS(noise, noise_write);
