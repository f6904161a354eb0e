// SPDX-License-Identifier: GPL-2.0
/*
 * irqwatch_fault - fault injector for irqwatch's VM tests. Never installed.
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
 *   bhoff           "CPU MS"   irqwatch_fault_bhoff()
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

#define FAULT_MAX_MS		10000
#define SLEEP_MAX_MS		60000
#define NOISE_MAX_SECS		3600
#define SLAB_FILL_MAX		10000000
#define FAULT_TRAIN_WINDOW_MS	2
#define NOISE_PERIOD_NS		NSEC_PER_MSEC
/* <1us, [1,2)us, [2,4)us, ..., [2^19,2^20)us, >=2^20us (~1.05s) */
#define NOISE_BUCKETS		22

static struct dentry *fault_dir;

/*
 * Faults on one CPU: "CPU MS"
 */

struct fault_req {
	int (*body)(unsigned int ms);
	unsigned int cpu;
	unsigned int ms;
};

struct fault_cpu {
	int (*body)(unsigned int ms);
	struct mutex *lock;		/* serializes faults sharing state */
};

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

static noinline int irqwatch_fault_bhoff(unsigned int ms)
{
	local_bh_disable();
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
static int fault_on_cpu(struct fault_req *req)
{
	return work_on_cpu_safe(req->cpu, fault_req_fn, req);
}

static int fault_parse_cpu_ms(const char __user *ubuf, size_t count,
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

static ssize_t fault_cpu_write(struct file *file, const char __user *ubuf,
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

static void noise_cancel(void)
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

static void noise_init(void)
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

static const struct fault_cpu fault_softirq_storm = {
	.body = softirq_storm_run,
	.lock = &softirq_storm.lock,
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

#define FAULT_SHOW_FOPS(_name, _write)					\
static int _name##_open(struct inode *inode, struct file *file)		\
{									\
	return single_open(file, _name##_show, inode->i_private);	\
}									\
									\
static const struct file_operations _name##_fops = {			\
	.owner = THIS_MODULE,						\
	.open = _name##_open,						\
	.read = seq_read,						\
	.write = _write,						\
	.llseek = seq_lseek,						\
	.release = single_release,					\
}

FAULT_SHOW_FOPS(softirq_storm, fault_cpu_write);
FAULT_SHOW_FOPS(hardirq_storm, hardirq_storm_write);
FAULT_SHOW_FOPS(slab_fill, slab_fill_write);
FAULT_SHOW_FOPS(noise, noise_write);
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

	ret = fault_irq_create();
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
	noise_cancel();
	tasklet_kill(&softirq_storm_tasklet);
	fault_irq_destroy();
	slab_release();
	kmem_cache_destroy(fault_cache);
}

module_init(irqwatch_fault_init);
module_exit(irqwatch_fault_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("irqwatch fault injector for tests (never install)");
