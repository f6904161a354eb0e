// SPDX-License-Identifier: GPL-2.0
/*
 * irqwatch_fault - fault injector for irqwatch's VM tests. Never installed.
 * This file has the faults on one CPU, the slab fill, sleep and calls, and
 * the debugfs table; storm.c the storms, noise.c the noise meter.
 *
 * Interface: /sys/kernel/debug/irqwatch_fault/, one file per fault. A write
 * blocks until the fault has finished and then returns the byte count; bad
 * input fails with -EINVAL. Every fault body is a noinline function with a
 * unique name so that tests can assert it in stack traces.
 *
 *   file            write      body (in the stack)
 *   irqoff          "CPU MS"   irqwatch_fault_irqoff()
 *   irqoff_lock     "CPU MS"   irqwatch_fault_irqoff_lock()
 *   irqoff_rawlock  "CPU MS"   irqwatch_fault_irqoff_rawlock()
 *   irqoff_train    "CPU MS"   irqwatch_fault_irqoff_train(): one call of MS
 *                              ms made of 2 ms interrupts-off windows
 *   bhoff           "CPU MS"   irqwatch_fault_bhoff(): bottom halves off,
 *                              a tasklet pending all along
 *   softirq_storm   "CPU MS"   irqwatch_fault_softirq_storm()
 *   hardirq_storm   "CPU MS"   irqwatch_fault_hardirq_storm(),
 *                              irqwatch_fault_hardirq_work(),
 *                              irqwatch_fault_hardirq_handler()
 *   slab_fill       "N"        irqwatch_fault_slab_fill()
 *   sleep           "MS"       irqwatch_fault_sleep()
 *   calls           "N"        irqwatch_fault_call(), N times
 *   noise           "SECONDS"  irqwatch_fault_noise_tick()
 *
 * CPU must be online and MS within 1..10000; these faults run in a kworker
 * bound to CPU (work_on_cpu). sleep takes 1..60000 ms in the writer's
 * context, noise 1..3600 seconds on every online CPU. slab_fill takes
 * 0..10000000 slabs; it replaces the previous fill, "0" frees everything.
 *
 * Reads:
 *   softirq_storm   "cpu=C ms=MS count=K elapsed_us=U" of the last storm
 *   hardirq_storm   "irq=I cpu=C ms=MS count=K elapsed_us=U" of the last storm
 *   slab_fill       "slabs=N objects=M" (M live objects, one per slab)
 *   calls           "calls=N ns=T" of the last run: T ns for N calls
 *   noise           one line per CPU that took part in the last run:
 *                   "cpu=N ticks=T max_us=M over1ms=A over5ms=B over10ms=C
 *                    over20ms=D over30ms=E hist=b0,b1,...,b21"
 *                   overXms counts expiries more than X ms late; hist bucket
 *                   b0 counts lateness < 1us, bK (K = 1..20) [2^(K-1), 2^K) us,
 *                   b21 >= 2^20 us (~1.05 s).
 *
 * Reading a file while its fault runs waits for the fault to finish. A write
 * interrupted while it waits for a fault of the same kind, or a noise run
 * interrupted by a signal, fails with -EINTR.
 */

#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "fault.h"

#define SLEEP_MAX_MS		60000
#define SLAB_FILL_MAX		10000000
#define FAULT_TRAIN_WINDOW_MS	2

static struct dentry *fault_dir;

/*
 * Faults on one CPU: "CPU MS"
 */

static DEFINE_SPINLOCK(fault_lock);
static DEFINE_RAW_SPINLOCK(fault_rawlock);

/*
 * Busy-waits @ms milliseconds of clocksource time: ktime_get_mono_fast_ns()
 * needs neither interrupts nor a timekeeping update on this CPU. mdelay()
 * alone is not enough under emulation: it counts loops calibrated at boot,
 * and in a TCG guest that calibrated on a busy host a 50 ms mdelay() took
 * 9 ms. The udelay() count only bounds the wait (20 x @ms) should the clock
 * not advance.
 */
static __always_inline void fault_busy_wait(unsigned int ms)
{
	u64 end = ktime_get_mono_fast_ns() + (u64)ms * NSEC_PER_MSEC;
	unsigned long guard = 20UL * 200 * ms;

	while (ktime_get_mono_fast_ns() < end && guard--)
		udelay(5);
}

/*
 * The bodies return a value so that their last call is never a tail call:
 * the frame of the body must stay on the stack at the re-enable point.
 */
static noinline int irqwatch_fault_irqoff(unsigned int ms)
{
	local_irq_disable();
	fault_busy_wait(ms);
	local_irq_enable();
	return 0;
}

/*
 * One long call with many windows inside: interrupts off for
 * FAULT_TRAIN_WINDOW_MS, on again (the tick that ends the window runs at
 * once, inside the call), until @ms have passed.
 */
static noinline int irqwatch_fault_irqoff_train(unsigned int ms)
{
	u64 end = ktime_get_mono_fast_ns() + (u64)ms * NSEC_PER_MSEC;

	do {
		local_irq_disable();
		fault_busy_wait(FAULT_TRAIN_WINDOW_MS);
		local_irq_enable();
		cond_resched();
	} while (ktime_get_mono_fast_ns() < end);
	return 0;
}

/*
 * On PREEMPT_RT a spinlock_t is a sleeping lock and spin_lock_irqsave() does
 * not disable interrupts, so this is an interrupts-off window only on !RT
 * kernels. irqwatch_fault_irqoff_rawlock() disables them on RT too.
 */
static noinline int irqwatch_fault_irqoff_lock(unsigned int ms)
{
	unsigned long flags;

	spin_lock_irqsave(&fault_lock, flags);
	fault_busy_wait(ms);
	spin_unlock_irqrestore(&fault_lock, flags);
	return 0;
}

static noinline int irqwatch_fault_irqoff_rawlock(unsigned int ms)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&fault_rawlock, flags);
	fault_busy_wait(ms);
	raw_spin_unlock_irqrestore(&fault_rawlock, flags);
	return 0;
}

/* What the bottom halves have to do in a bhoff window: being run. */
static void irqwatch_fault_bhoff_tasklet(struct tasklet_struct *t)
{
}

static DECLARE_TASKLET(fault_bhoff_tasklet, irqwatch_fault_bhoff_tasklet);

/*
 * Bottom halves off for @ms, with a softirq pending all along (a tasklet,
 * scheduled as a packet that came in would be), which runs in
 * local_bh_enable().
 */
static noinline int irqwatch_fault_bhoff(unsigned int ms)
{
	local_bh_disable();
	tasklet_schedule(&fault_bhoff_tasklet);
	fault_busy_wait(ms);
	local_bh_enable();
	return 0;
}

static long fault_req_fn(void *arg)
{
	const struct fault_req *req = arg;

	return req->body(req->ms);
}

/* Runs req->body(req->ms) in a kworker bound to req->cpu and waits for it. */
int fault_on_cpu(struct fault_req *req)
{
	return work_on_cpu_safe(req->cpu, fault_req_fn, req);
}

int fault_parse_cpu_ms(const char __user *ubuf, size_t count,
		       struct fault_req *req)
{
	char buf[32], *arg, *cpu;

	if (!count || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	arg = strim(buf);
	cpu = strsep(&arg, " \t");
	if (!arg)
		return -EINVAL;
	arg = skip_spaces(arg);
	if (kstrtouint(cpu, 10, &req->cpu) || kstrtouint(arg, 10, &req->ms))
		return -EINVAL;
	if (req->cpu >= nr_cpu_ids || !cpu_online(req->cpu))
		return -EINVAL;
	if (req->ms < 1 || req->ms > FAULT_MAX_MS)
		return -EINVAL;
	return 0;
}

ssize_t fault_cpu_write(struct file *file, const char __user *ubuf,
			size_t count, loff_t *ppos)
{
	const struct fault_cpu *fault = file_inode(file)->i_private;
	struct fault_req req = { .body = fault->body };
	int ret;

	ret = fault_parse_cpu_ms(ubuf, count, &req);
	if (ret)
		return ret;
	if (fault->lock && mutex_lock_interruptible(fault->lock))
		return -EINTR;
	ret = fault_on_cpu(&req);
	if (fault->lock)
		mutex_unlock(fault->lock);
	return ret ? ret : count;
}

/*
 * Slab fill: N partial slabs in the unmergeable cache "irqwatch_fault", so
 * that walking its partial list (/proc/slabinfo, /sys/kernel/slab) holds the
 * node's list_lock with interrupts off for a long time.
 *
 * An object is 248 bytes; SLUB adds the free pointer it keeps outside the
 * objects of caches with a constructor, which makes 256: 16 objects fill an
 * order-0 page exactly. SLUB raises the order to fit 4 * (fls(cpus) + 1)
 * objects, so slabs are single pages below 8 CPUs; the fill does not depend
 * on the order. Objects are chained through their first word; only one
 * pointer per slab is kept in an array.
 *
 * A slab joins the partial list when its first object is freed. Those first
 * frees happen in random slab order, so that neighbours on the list are not
 * neighbours in memory (as on a long-running machine) and the walk misses the
 * cache at every step instead of streaming through the struct pages.
 */

#define FAULT_OBJ_SIZE		248

struct fault_obj {
	struct fault_obj *next;
	u8 payload[FAULT_OBJ_SIZE - sizeof(struct fault_obj *)];
};

struct slab_fill {
	unsigned int want;		/* slabs to leave partial */
	unsigned int slabs;
	struct fault_obj *keep;		/* one object per slab, kept */
	struct fault_obj **first;	/* one object per slab, freed first */
	struct fault_obj *spare;	/* the rest, freed last */
};

static struct kmem_cache *fault_cache;
static DEFINE_MUTEX(slab_lock);
static struct fault_obj *slab_keep;
static unsigned int slab_slabs;

/* A constructor makes the cache unmergeable, so it keeps its own name. */
static void fault_obj_ctor(void *obj)
{
	memset(obj, 0, sizeof(struct fault_obj));
}

/*
 * Runs in a kworker bound to one CPU, so all objects come from that CPU's
 * slabs: SLUB hands out every free object of its current slab before it
 * takes the next one, and since nothing is freed during the fill, no slab
 * is visited twice. A new head page therefore means a new slab, unless the
 * object was sampled by KFENCE and lives in its pool.
 */
static noinline long irqwatch_fault_slab_fill(void *arg)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN;
	struct slab_fill *fill = arg;
	struct fault_obj *obj, **first = NULL;
	struct page *slab = NULL, *page;
	unsigned long n = 0;

	for (;;) {
		obj = kmem_cache_alloc(fault_cache, gfp);
		if (!obj)
			return -ENOMEM;
		page = virt_to_head_page(obj);
		if (is_kfence_address(obj) || (page == slab && *first)) {
			obj->next = fill->spare;
			fill->spare = obj;
		} else if (page == slab) {
			*first = obj;
		} else {
			if (fill->slabs == fill->want) {
				kmem_cache_free(fault_cache, obj);
				return 0;
			}
			slab = page;
			first = &fill->first[fill->slabs++];
			obj->next = fill->keep;
			fill->keep = obj;
		}
		if (!(++n % 256))
			cond_resched();
	}
}

static void fault_obj_free_list(struct fault_obj *obj)
{
	struct fault_obj *next;
	unsigned long n = 0;

	for (; obj; obj = next) {
		next = obj->next;
		kmem_cache_free(fault_cache, obj);
		if (!(++n % 1024))
			cond_resched();
	}
}

/* Frees first[0..nr) in a random order (Fisher-Yates, xorshift64). */
static void fault_obj_free_shuffled(struct fault_obj **first, unsigned int nr)
{
	u64 x = ktime_get_ns() | 1;
	unsigned int i, j;

	for (i = nr; i > 0; i--) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		j = (u32)x % i;
		if (first[j])
			kmem_cache_free(fault_cache, first[j]);
		first[j] = first[i - 1];
		if (!(i % 1024))
			cond_resched();
	}
}

static void slab_release(void)
{
	fault_obj_free_list(slab_keep);
	slab_keep = NULL;
	slab_slabs = 0;
	kmem_cache_shrink(fault_cache);
}

static int slab_fill(unsigned int want)
{
	struct slab_fill fill = { .want = want };
	int ret;

	fill.first = __vmalloc(array_size(want, sizeof(*fill.first)),
			       GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
	if (!fill.first)
		return -ENOMEM;
	ret = work_on_cpu_safe(raw_smp_processor_id(),
			       irqwatch_fault_slab_fill, &fill);
	fault_obj_free_shuffled(fill.first, fill.slabs);
	vfree(fill.first);
	fault_obj_free_list(fill.spare);
	if (ret) {
		fault_obj_free_list(fill.keep);
	} else {
		slab_keep = fill.keep;
		slab_slabs = fill.slabs;
	}
	/* Move the slabs from per-CPU partial lists to the node's. */
	kmem_cache_shrink(fault_cache);
	return ret;
}

static ssize_t slab_fill_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	unsigned int n;
	int ret = 0;

	if (kstrtouint_from_user(ubuf, count, 10, &n) || n > SLAB_FILL_MAX)
		return -EINVAL;
	if (mutex_lock_interruptible(&slab_lock))
		return -EINTR;
	slab_release();
	if (n)
		ret = slab_fill(n);
	mutex_unlock(&slab_lock);
	return ret ? ret : count;
}

static int slab_fill_show(struct seq_file *m, void *v)
{
	if (mutex_lock_interruptible(&slab_lock))
		return -EINTR;
	/* Each slab holds exactly one live object. */
	seq_printf(m, "slabs=%u objects=%u\n", slab_slabs, slab_slabs);
	mutex_unlock(&slab_lock);
	return 0;
}

/*
 * Sleep: a function that takes MS milliseconds, for stall-probe tests.
 */

static noinline int irqwatch_fault_sleep(unsigned int ms)
{
	msleep(ms);
	return 0;
}

static ssize_t sleep_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	const struct fault_cpu *fault = file_inode(file)->i_private;
	unsigned int ms;

	if (kstrtouint_from_user(ubuf, count, 10, &ms) ||
	    ms < 1 || ms > SLEEP_MAX_MS)
		return -EINVAL;
	/* Called in the writer's context, through a pointer: never cloned. */
	fault->body(ms);
	return count;
}

/*
 * Calls: a cheap function called N times in a loop, for the cost of a
 * stall probe on it (make bench). Preemption stays on; the time is the
 * clock's, not the CPU's.
 */

#define CALLS_MAX	100000000

static DEFINE_MUTEX(calls_lock);
static u64 calls_n, calls_ns;

static noinline unsigned long irqwatch_fault_call(unsigned long x)
{
	/* not folded into the loop: the call is what is measured */
	barrier();
	return x + 1;
}

static ssize_t calls_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	unsigned long x = 0;
	unsigned int n, i;
	u64 t0;

	if (kstrtouint_from_user(ubuf, count, 10, &n) || n < 1 || n > CALLS_MAX)
		return -EINVAL;
	mutex_lock(&calls_lock);
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		x = irqwatch_fault_call(x);
		if (!(i % 4096))
			cond_resched();
	}
	calls_ns = ktime_get_ns() - t0;
	calls_n = x;
	mutex_unlock(&calls_lock);
	return count;
}

static int calls_show(struct seq_file *m, void *v)
{
	mutex_lock(&calls_lock);
	seq_printf(m, "calls=%llu ns=%llu\n", calls_n, calls_ns);
	mutex_unlock(&calls_lock);
	return 0;
}

/*
 * debugfs
 */

static const struct fault_cpu fault_irqoff = {
	.body = irqwatch_fault_irqoff,
};

static const struct fault_cpu fault_irqoff_lock = {
	.body = irqwatch_fault_irqoff_lock,
};

static const struct fault_cpu fault_irqoff_rawlock = {
	.body = irqwatch_fault_irqoff_rawlock,
};

static const struct fault_cpu fault_irqoff_train = {
	.body = irqwatch_fault_irqoff_train,
};

static const struct fault_cpu fault_bhoff = {
	.body = irqwatch_fault_bhoff,
};

static const struct fault_cpu fault_sleep = {
	.body = irqwatch_fault_sleep,
};

static const struct file_operations fault_cpu_fops = {
	.owner = THIS_MODULE,
	.write = fault_cpu_write,
	.llseek = noop_llseek,
};

static const struct file_operations sleep_fops = {
	.owner = THIS_MODULE,
	.write = sleep_write,
	.llseek = noop_llseek,
};

FAULT_SHOW_FOPS(slab_fill, slab_fill_write);
FAULT_SHOW_FOPS(calls, calls_write);

static const struct {
	const char *name;
	umode_t mode;
	const struct file_operations *fops;
	const struct fault_cpu *fault;
} fault_files[] = {
	{ "irqoff", 0200, &fault_cpu_fops, &fault_irqoff },
	{ "irqoff_lock", 0200, &fault_cpu_fops, &fault_irqoff_lock },
	{ "irqoff_rawlock", 0200, &fault_cpu_fops, &fault_irqoff_rawlock },
	{ "irqoff_train", 0200, &fault_cpu_fops, &fault_irqoff_train },
	{ "bhoff", 0200, &fault_cpu_fops, &fault_bhoff },
	{ "softirq_storm", 0600, &softirq_storm_fops, &fault_softirq_storm },
	{ "hardirq_storm", 0600, &hardirq_storm_fops, NULL },
	{ "slab_fill", 0600, &slab_fill_fops, NULL },
	{ "sleep", 0200, &sleep_fops, &fault_sleep },
	{ "calls", 0600, &calls_fops, NULL },
	{ "noise", 0600, &noise_fops, NULL },
};

static int __init irqwatch_fault_init(void)
{
	unsigned int i;
	int ret;

	fault_cache = kmem_cache_create("irqwatch_fault",
					sizeof(struct fault_obj), 0, 0,
					fault_obj_ctor);
	if (!fault_cache)
		return -ENOMEM;

	ret = fault_storm_init();
	if (ret)
		goto err_cache;

	noise_init();

	fault_dir = debugfs_create_dir("irqwatch_fault", NULL);
	for (i = 0; i < ARRAY_SIZE(fault_files); i++)
		debugfs_create_file(fault_files[i].name, fault_files[i].mode,
				    fault_dir, (void *)fault_files[i].fault,
				    fault_files[i].fops);
	return 0;

err_cache:
	kmem_cache_destroy(fault_cache);
	return ret;
}

static void __exit irqwatch_fault_exit(void)
{
	/* An open file holds a module reference: nothing is running here. */
	debugfs_remove_recursive(fault_dir);
	tasklet_kill(&fault_bhoff_tasklet);
	noise_cancel();
	fault_storm_exit();
	slab_release();
	kmem_cache_destroy(fault_cache);
}

module_init(irqwatch_fault_init);
module_exit(irqwatch_fault_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("irqwatch fault injector for tests (never install)");
