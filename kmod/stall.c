// SPDX-License-Identifier: GPL-2.0
/*
 * Stall probes: a kretprobe per kernel function times every call of it, and
 * a call longer than its threshold becomes a stall event naming the caller,
 * its parent, its stack at entry and, for the slab preset, the cache walked.
 *
 * The entry handler keeps the start of the call in the kretprobe instance,
 * which belongs to that one call: calls nest and tasks migrate without
 * confusing the timing. While a call runs it also owns a slot in
 * irqw_slots[], so that the irqoff detector, when a window ends in a task,
 * finds the calls that task is in (irqw_stall_window()): the window's event
 * names the innermost one, and the calls learn the window's seq and length,
 * which their stall events carry. A call that held interrupts off past the
 * irqoff threshold is reported even when it is shorter than its own. The
 * slots are stall_slots.c's; the events' payload is stall_event.c's.
 *
 * Cost: a user probe may take at most irqw_probe_budget calls per second on
 * a CPU (the probe_budget parameter). The call over budget only sets a bit
 * and queues an irq_work; the work item then unregisters the probe, which
 * stays listed as "disabled" with the reason. The slab preset is exempt:
 * any user can call its functions through 0444 files, and each call costs
 * the caller far more than the probe.
 *
 * Slow work is asynchronous: PROBE_DEL and turning the detector off only
 * mark probes and queue irqw_stall_work, which lets the calls in flight
 * return (at most IRQW_DRAIN_MS for a whole batch), unregisters the batch
 * at once, waits for the grace periods once and frees what was deleted.
 * Registration, the probe list and the probes' flags are under
 * irqw_stall_lock (nests inside irqw_cfg_lock), held only briefly; the
 * work runs under irqw_reap_lock with irqw_stall_lock dropped while it
 * waits, its probes marked busy meanwhile.
 *
 * The slab preset's calls are also summed per reader (stall_readers.c).
 */

#include <linux/ctype.h>
#include <linux/delay.h>
#include <linux/irq_work.h>
#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <net/netlink.h>

#include "event.h"
#include "irqwatch.h"
#include "stall.h"

/* Room for the kprobe machinery's frames above the caller's. */
#define IRQW_ENTRY_TRACE	(IRQW_ENTRY_FRAMES + 24)
#define IRQW_PROBES_MAX		(ARRAY_SIZE(irqw_preset_syms) + IRQWATCH_USER_PROBES_MAX)
#define IRQW_REASON_LEN		64

#define IRQW_PROBE_BUDGET_MIN	100
#define IRQW_PROBE_BUDGET_MAX	100000000
#define IRQW_PROBE_BUDGET_DEF	20000

const char *const irqw_preset_syms[IRQW_NR_PRESETS] = {
	"get_slabinfo",			/* /proc/slabinfo */
	"show_slab_objects",		/* /sys/kernel/slab/<cache>/<counter> */
	"validate_slab_cache",		/* /sys/kernel/slab/<cache>/validate */
	"__kmem_cache_do_shrink",	/* /sys/kernel/slab/<cache>/shrink, drop_caches */
};

static struct irqw_probe irqw_presets[ARRAY_SIZE(irqw_preset_syms)];
static LIST_HEAD(irqw_user_probes);
static unsigned int irqw_nr_user_probes;	/* removing ones too */
static DEFINE_MUTEX(irqw_stall_lock);
static DEFINE_MUTEX(irqw_reap_lock);
bool irqw_stall_on;
static bool irqw_stall_exiting;
static u64 irqw_stall_threshold_ns;	/* READ_ONCE() in the handlers */

static struct irqw_cfg_u32 irqw_stall_config[] = {
	{
		.attr = IRQWATCH_CFG_STALL_THRESHOLD_US,
		.name = "stall_threshold_us",
		.offset = offsetof(struct irqw_config, stall_threshold_us),
		.range = {
			.min = IRQWATCH_STALL_THRESHOLD_US_MIN,
			.max = IRQWATCH_THRESHOLD_US_MAX,
		},
	},
};

module_param_cb(stall_threshold_us, &irqw_cfg_u32_ops, &irqw_stall_config[0], 0444);
MODULE_PARM_DESC(stall_threshold_us,
		 "report probed calls longer than this, in microseconds (1..10000000, default 1000)");

static u32 irqw_probe_budget = IRQW_PROBE_BUDGET_DEF;
static struct irqw_u32_param irqw_param_probe_budget = {
	.val = &irqw_probe_budget,
	.min = IRQW_PROBE_BUDGET_MIN,
	.max = IRQW_PROBE_BUDGET_MAX,
};

module_param_cb(probe_budget, &irqw_u32_ops, &irqw_param_probe_budget, 0644);
MODULE_PARM_DESC(probe_budget,
		 "calls per second per CPU a user stall probe may time before it is disabled, 100..100000000 (default 20000)");

static DEFINE_PER_CPU(unsigned long [IRQW_ENTRY_TRACE], irqw_entry_trace);

static void irqw_stall_work_fn(struct work_struct *work);
static DECLARE_WORK(irqw_stall_work, irqw_stall_work_fn);
static unsigned long irqw_reclaim_wanted;

/* From any context a handler runs in: irq_work is NMI-safe and lockless. */
static void irqw_stall_kick_fn(struct irq_work *work)
{
	if (!READ_ONCE(irqw_stall_exiting))
		queue_work(system_long_wq, &irqw_stall_work);
}

static DEFINE_IRQ_WORK(irqw_stall_kick_work, irqw_stall_kick_fn);

static void irqw_stall_kick(void)
{
	if (!READ_ONCE(irqw_stall_exiting))
		irq_work_queue(&irqw_stall_kick_work);
}

static const void *irqw_first_arg(struct pt_regs *regs)
{
#ifdef CONFIG_HAVE_REGS_AND_STACK_ACCESS_API
	return (const void *)regs_get_kernel_argument(regs, 0);
#else
	return NULL;
#endif
}

static struct irqw_probe *irqw_probe_of(struct kretprobe_instance *ri)
{
	return container_of(get_kretprobe(ri), struct irqw_probe, krp);
}

/*
 * The caller's stack from @ret on (the probed function's return address):
 * the kprobe machinery and the probed function are noise.
 */
static void irqw_call_stack(struct irqw_call *c, unsigned long ret)
{
	unsigned long *trace = this_cpu_ptr(irqw_entry_trace);
	unsigned int n, first = 0;

	n = stack_trace_save(trace, IRQW_ENTRY_TRACE, 0);
	while (ret && first < n && trace[first] != ret)
		first++;
	if (first == n)
		first = 0;
	c->nr_frames = min_t(unsigned int, n - first, IRQW_ENTRY_FRAMES);
	memcpy(c->frames, trace + first, c->nr_frames * sizeof(c->frames[0]));
}

#ifndef IRQW_HAVE_KRETPROBE_UNWIND
/* At a probed function's entry: where it will return to, or 0. */
static unsigned long irqw_entry_ret_addr(struct pt_regs *regs)
{
#ifdef CONFIG_X86
	return *(unsigned long *)kernel_stack_pointer(regs);
#else
	return 0;
#endif
}
#endif

/* Over budget: the work disables the probe; this call only says so. */
static void irqw_probe_trip(struct irqw_probe *p, u32 calls)
{
	if (test_and_set_bit(0, &p->tripped))
		return;
	WRITE_ONCE(p->trip_cpu, smp_processor_id());
	WRITE_ONCE(p->trip_calls, calls);
	irqw_stall_kick();
}

/* Returns non-zero to leave the call alone: its return is not hooked. */
static int irqw_stall_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct irqw_call *c = (struct irqw_call *)ri->data;
	struct irqw_probe *p = irqw_probe_of(ri);
	struct irqw_probe_pcpu *pc;
	u64 now;

	if (!READ_ONCE(p->armed) || READ_ONCE(p->tripped))
		return 1;
	pc = this_cpu_ptr(p->pcpu);
	now = ktime_get_mono_fast_ns();
	if (p->kind == IRQWATCH_PROBE_KIND_USER) {
		if (now - pc->win_start_ns >= NSEC_PER_SEC) {
			pc->win_start_ns = now;
			pc->win_calls = 0;
		}
		if (++pc->win_calls > READ_ONCE(irqw_probe_budget)) {
			irqw_probe_trip(p, pc->win_calls);
			return 1;
		}
	}
	c->start_ns = now;
	if (!irqw_slot_claim(p, c)) {
		pc->missed++;
		if (!test_and_set_bit(0, &irqw_reclaim_wanted))
			irqw_stall_kick();
		return 1;
	}
	c->cache = p->kind == IRQWATCH_PROBE_KIND_SLAB ? irqw_first_arg(regs) : NULL;
	c->irqs_off = regs_irqs_disabled(regs) ? IRQWATCH_IRQS_OFF_ENTRY : 0;
	c->nr_frames = 0;
	/*
	 * Where the unwinder sees through the return hook, the return
	 * handler takes the stack, of the calls it reports only: most of a
	 * probe's cost per call is the unwinding (7 of 10 us under QEMU).
	 */
#ifndef IRQW_HAVE_KRETPROBE_UNWIND
	irqw_call_stack(c, irqw_entry_ret_addr(regs));
#endif
	return 0;
}

NOKPROBE_SYMBOL(irqw_stall_entry);

static int irqw_stall_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct irqw_call *c = (struct irqw_call *)ri->data;
	struct irqw_probe *p = irqw_probe_of(ri);
	struct irqw_probe_pcpu *pc = this_cpu_ptr(p->pcpu);
	u64 now = ktime_get_mono_fast_ns(), ns = now - c->start_ns;
	u64 threshold_ns, related_seq = 0, irqoff_ns = 0;
	bool over;

	pc->calls++;
	pc->total_ns += ns;
	if (ns > pc->max_ns)
		pc->max_ns = ns;
	irqw_slot_release(c, &related_seq, &irqoff_ns);
	threshold_ns = p->threshold_us ? (u64)p->threshold_us * NSEC_PER_USEC :
		       READ_ONCE(irqw_stall_threshold_ns);
	over = ns >= threshold_ns || irqoff_ns;
	if (p->kind == IRQWATCH_PROBE_KIND_SLAB)
		over = irqw_reader_add(p->preset, c->cache, now, ns, over);
	if (!over)
		return 0;
	pc->stalls++;
#ifdef IRQW_HAVE_KRETPROBE_UNWIND
	irqw_call_stack(c, get_kretprobe_retaddr(ri));
#endif
	irqw_stall_report(p, c, ns,
			  c->irqs_off |
			  (regs_irqs_disabled(regs) ? IRQWATCH_IRQS_OFF_EXIT : 0),
			  related_seq, irqoff_ns);
	return 0;
}

NOKPROBE_SYMBOL(irqw_stall_ret);

static void irqw_probe_init(struct irqw_probe *p, const char *symbol, u8 kind,
			    u32 threshold_us)
{
	strscpy(p->symbol, symbol, sizeof(p->symbol));
	p->kind = kind;
	p->threshold_us = threshold_us;
	atomic64_set(&p->abandoned, 0);
	INIT_LIST_HEAD(&p->node);
}

static bool irqw_probe_wanted(const struct irqw_probe *p)
{
	lockdep_assert_held(&irqw_stall_lock);
	return irqw_stall_on && !irqw_stall_exiting && !p->removing && !p->disabled;
}

static void irqw_probe_arm(struct irqw_probe *p)
{
	WRITE_ONCE(p->armed, p->registered && irqw_probe_wanted(p));
}

static int irqw_probe_register(struct irqw_probe *p)
{
	int err;

	lockdep_assert_held(&irqw_stall_lock);
	if (p->registered || p->busy)
		return 0;
	p->missed_base += p->krp.nmissed;
	memset(&p->krp, 0, sizeof(p->krp));
	p->krp.kp.symbol_name = p->symbol;
	p->krp.entry_handler = irqw_stall_entry;
	p->krp.handler = irqw_stall_ret;
	p->krp.data_size = sizeof(struct irqw_call);
	p->krp.maxactive = max_t(int, 20, 4 * num_possible_cpus());
	WRITE_ONCE(p->gone, false);
	err = register_kretprobe(&p->krp);
	p->error = -err;
	p->registered = !err;
	irqw_probe_arm(p);
	return err;
}

static void irqw_probe_free(struct irqw_probe *p)
{
	free_percpu(p->pcpu);
	kfree(p);
}

/* Every probe, presets first; under irqw_stall_lock. */
#define irqw_for_each_probe(p, i)					\
	for ((i) = 0, (p) = &irqw_presets[0]; (p);			\
	     (p) = ++(i) < ARRAY_SIZE(irqw_presets) ? &irqw_presets[i] : \
		   irqw_user_probe_at((i) - ARRAY_SIZE(irqw_presets)))

static struct irqw_probe *irqw_user_probe_at(unsigned int n)
{
	struct irqw_probe *p;

	list_for_each_entry(p, &irqw_user_probes, node)
		if (!n--)
			return p;
	return NULL;
}

/*
 * A call in flight when its kretprobe goes returns through a hook whose
 * handler is gone, and its stall is never reported. So a probe is disarmed
 * first, and the calls in flight of a batch get IRQW_DRAIN_MS in all to
 * return through live hooks (one that sleeps for good only delays this
 * work); then the batch is unregistered at once.
 */
#define IRQW_DRAIN_MS	1000

static void irqw_stall_unregister(struct irqw_probe **batch, unsigned int n)
{
	struct kretprobe *krps[IRQW_PROBES_MAX];
	unsigned int i, waited = 0, left;

	for (i = 0; i < n; i++) {
		disable_kretprobe(&batch[i]->krp);
		krps[i] = &batch[i]->krp;
	}
	for (;;) {
		for (left = 0, i = 0; i < n; i++)
			left += irqw_probe_inflight(batch[i]);
		if (!left || waited >= IRQW_DRAIN_MS)
			break;
		msleep(20);
		waited += 20;
	}
	if (left)
		pr_info("%u calls still in flight after %u ms, unregistering\n",
			left, waited);
	unregister_kretprobes(krps, n);
	/* no entry or return handler of the batch still runs */
	synchronize_rcu();
	for (i = 0; i < n; i++)
		WRITE_ONCE(batch[i]->gone, true);
}

/*
 * The work: disables probes over budget, unregisters the probes nobody
 * wants any more (deleted, over budget, detector off), frees the deleted
 * ones, registers again those wanted meanwhile, and reclaims slots.
 */
static void irqw_stall_reap(void)
{
	struct irqw_probe *batch[IRQW_PROBES_MAX], *p, *tmp;
	LIST_HEAD(freed);
	unsigned int i, n = 0;

	lockdep_assert_held(&irqw_reap_lock);
	mutex_lock(&irqw_stall_lock);
	irqw_for_each_probe(p, i) {
		if (test_bit(0, &p->tripped) && !p->disabled) {
			p->disabled = true;
			irqw_probe_arm(p);
			pr_info("%s: over budget, %u calls/s on CPU %u: disabled\n",
				p->symbol, READ_ONCE(p->trip_calls),
				READ_ONCE(p->trip_cpu));
		}
		if (p->registered && !p->busy && !irqw_probe_wanted(p) &&
		    n < ARRAY_SIZE(batch)) {
			p->busy = true;
			batch[n++] = p;
		}
	}
	mutex_unlock(&irqw_stall_lock);

	if (n)
		irqw_stall_unregister(batch, n);
	lockdep_assert_held(&irqw_reap_lock);
	clear_bit(0, &irqw_reclaim_wanted);
	irqw_slots_reclaim();
	if (n) {
		/* the ticks read no slot of the batch (the reclaim waited) */
		synchronize_rcu();
		/* and no task preempted in a trampoline of theirs comes back */
		synchronize_rcu_tasks();
	}

	mutex_lock(&irqw_stall_lock);
	for (i = 0; i < n; i++) {
		batch[i]->registered = false;
		batch[i]->busy = false;
	}
	list_for_each_entry_safe(p, tmp, &irqw_user_probes, node) {
		if (p->removing && !p->registered && !p->busy) {
			list_move(&p->node, &freed);
			irqw_nr_user_probes--;
		}
	}
	/* wanted again while busy (not those that failed: apply retries them) */
	irqw_for_each_probe(p, i)
		if (!p->registered && !p->busy && !p->error && irqw_probe_wanted(p))
			irqw_probe_register(p);
	mutex_unlock(&irqw_stall_lock);

	/* unregistered before the last grace periods above, or never */
	list_for_each_entry_safe(p, tmp, &freed, node)
		irqw_probe_free(p);
}

static void irqw_stall_work_fn(struct work_struct *work)
{
	mutex_lock(&irqw_reap_lock);
	irqw_stall_reap();
	mutex_unlock(&irqw_reap_lock);
}

static void irqw_stall_queue(void)
{
	lockdep_assert_held(&irqw_stall_lock);
	if (!irqw_stall_exiting)
		queue_work(system_long_wq, &irqw_stall_work);
}

/* Follows the configuration: the detector on or off, the threshold. */
static void irqw_stall_apply(const struct irqw_config *cfg)
{
	bool on = cfg->detectors & BIT(IRQWATCH_DET_STALL);
	struct irqw_probe *p;
	unsigned int i;

	mutex_lock(&irqw_stall_lock);
	WRITE_ONCE(irqw_stall_threshold_ns,
		   (u64)cfg->stall_threshold_us * NSEC_PER_USEC);
	if (on != irqw_stall_on && !irqw_stall_exiting) {
		/* the detector stops looking at slots before they go */
		WRITE_ONCE(irqw_stall_on, on);
		irqw_for_each_probe(p, i) {
			/* turning the detector on gives probes over budget another go */
			if (on && p->disabled && !p->busy) {
				p->disabled = false;
				clear_bit(0, &p->tripped);
			}
			if (on && irqw_probe_wanted(p))
				irqw_probe_register(p);
			irqw_probe_arm(p);
		}
		if (!on)
			irqw_stall_queue();
	}
	mutex_unlock(&irqw_stall_lock);
}

static struct irqw_probe *irqw_user_probe_find(const char *symbol)
{
	struct irqw_probe *p;

	list_for_each_entry(p, &irqw_user_probes, node)
		if (!strcmp(p->symbol, symbol))
			return p;
	return NULL;
}

static bool irqw_symbol_valid(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum(*s) && *s != '_' && *s != '.')
			return false;
	return true;
}

/*
 * A ".cold" part of a function (GCC's -freorder-blocks-and-partition) is
 * jumped to, not called: a kretprobe there takes a return address that is
 * not one and corrupts the stack.
 */
static bool irqw_symbol_fragment(const char *s)
{
	const char *dot = strstr(s, ".cold");

	return dot && (!dot[5] || dot[5] == '.');
}

int irqw_stall_probe_add(const char *symbol, u32 threshold_us,
			 struct sk_buff *reply, struct netlink_ext_ack *extack)
{
	struct irqw_probe *p, *old;
	int i, err;

	if (!irqw_symbol_valid(symbol)) {
		NL_SET_ERR_MSG(extack, "a symbol is a function name: letters, digits, _ and .");
		return -EINVAL;
	}
	if (irqw_symbol_fragment(symbol)) {
		NL_SET_ERR_MSG(extack, ".cold: a jump target, not a function entry");
		return -EINVAL;
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->pcpu = alloc_percpu(struct irqw_probe_pcpu);
	if (!p->pcpu) {
		kfree(p);
		return -ENOMEM;
	}
	irqw_probe_init(p, symbol, IRQWATCH_PROBE_KIND_USER, threshold_us);

	mutex_lock(&irqw_stall_lock);
	err = -EEXIST;
	for (i = 0; i < ARRAY_SIZE(irqw_presets); i++)
		if (!strcmp(irqw_presets[i].symbol, symbol))
			goto out_exists;
	old = irqw_user_probe_find(symbol);
	if (old && old->removing) {
		NL_SET_ERR_MSG(extack, "still being removed: try again shortly");
		err = -EBUSY;
		goto out_unlock;
	}
	if (old)
		goto out_exists;
	err = -ENOSPC;
	if (irqw_nr_user_probes >= IRQWATCH_USER_PROBES_MAX) {
		NL_SET_ERR_MSG(extack, "too many user probes (at most 16, removing included)");
		goto out_unlock;
	}
	err = -ESHUTDOWN;
	if (irqw_stall_exiting)
		goto out_unlock;
	/* registered even while the detector is off: that checks it */
	err = irqw_probe_register(p);
	if (err == -ENOENT) {
		NL_SET_ERR_MSG(extack, "no such function (inlined, or static and renamed?)");
		goto out_unlock;
	} else if (err == -EINVAL || err == -EILSEQ) {
		NL_SET_ERR_MSG(extack, "cannot be probed: blacklisted, notrace or no entry");
		err = -EINVAL;
		goto out_unlock;
	} else if (err) {
		NL_SET_ERR_MSG(extack, "registering the kretprobe failed");
		goto out_unlock;
	}
	list_add_tail(&p->node, &irqw_user_probes);
	irqw_nr_user_probes++;
	/* the detector is off: the work unregisters it again */
	if (!irqw_stall_on)
		irqw_stall_queue();
	/* under the lock: a concurrent PROBE_DEL cannot free it meanwhile */
	err = irqw_stall_put_probe(reply, p);
	mutex_unlock(&irqw_stall_lock);
	return err;

out_exists:
	NL_SET_ERR_MSG(extack, "the function is already probed");
out_unlock:
	mutex_unlock(&irqw_stall_lock);
	irqw_probe_free(p);
	return err;
}

/* Marks the probe removing and answers: the work unregisters and frees it. */
int irqw_stall_probe_del(const char *symbol, struct netlink_ext_ack *extack)
{
	struct irqw_probe *p;
	int i;

	mutex_lock(&irqw_stall_lock);
	p = irqw_user_probe_find(symbol);
	if (!p) {
		for (i = 0; i < ARRAY_SIZE(irqw_presets); i++) {
			if (strcmp(irqw_presets[i].symbol, symbol))
				continue;
			mutex_unlock(&irqw_stall_lock);
			NL_SET_ERR_MSG(extack, "a slab preset probe follows the stall detector");
			return -EPERM;
		}
		mutex_unlock(&irqw_stall_lock);
		NL_SET_ERR_MSG(extack, "no such user probe");
		return -ENOENT;
	}
	if (p->removing) {
		mutex_unlock(&irqw_stall_lock);
		NL_SET_ERR_MSG(extack, "the probe is already being removed");
		return -EALREADY;
	}
	p->removing = true;
	irqw_probe_arm(p);
	irqw_stall_queue();
	mutex_unlock(&irqw_stall_lock);
	return 0;
}

size_t irqw_stall_probe_size(void)
{
	return nla_total_size(0) +				/* nest */
	       nla_total_size(IRQWATCH_SYMBOL_LEN_MAX) +
	       nla_total_size(IRQW_REASON_LEN) +
	       6 * nla_total_size(sizeof(u32)) +		/* threshold ... inflight */
	       6 * nla_total_size_64bit(sizeof(u64));		/* calls ... abandoned */
}

int irqw_stall_put_probe(struct sk_buff *msg, const struct irqw_probe *p)
{
	u64 calls = 0, stalls = 0, total = 0, max_ns = 0, missed;
	const struct irqw_probe_pcpu *pc;
	char reason[IRQW_REASON_LEN] = "";
	struct nlattr *nest;
	u32 state;
	int cpu;

	lockdep_assert_held(&irqw_stall_lock);
	missed = p->missed_base + p->krp.nmissed;
	for_each_possible_cpu(cpu) {
		pc = per_cpu_ptr(p->pcpu, cpu);
		calls += READ_ONCE(pc->calls);
		stalls += READ_ONCE(pc->stalls);
		total += READ_ONCE(pc->total_ns);
		max_ns = max(max_ns, READ_ONCE(pc->max_ns));
		missed += READ_ONCE(pc->missed);
	}
	if (p->removing) {
		state = IRQWATCH_PROBE_STATE_REMOVING;
	} else if (p->disabled) {
		state = IRQWATCH_PROBE_STATE_DISABLED;
		snprintf(reason, sizeof(reason), "budget: %u calls/s on CPU %u",
			 READ_ONCE(p->trip_calls), READ_ONCE(p->trip_cpu));
	} else if (p->registered && irqw_stall_on) {
		state = IRQWATCH_PROBE_STATE_ACTIVE;
	} else if (!p->registered && p->error) {
		state = IRQWATCH_PROBE_STATE_MISSING;
	} else {
		state = IRQWATCH_PROBE_STATE_OFF;
	}
	nest = nla_nest_start(msg, IRQWATCH_A_PROBE);
	if (!nest ||
	    nla_put_string(msg, IRQWATCH_PROBE_SYMBOL, p->symbol) ||
	    nla_put_u32(msg, IRQWATCH_PROBE_THRESHOLD_US, p->threshold_us) ||
	    nla_put_u32(msg, IRQWATCH_PROBE_KIND, p->kind) ||
	    nla_put_u32(msg, IRQWATCH_PROBE_STATE, state) ||
	    (state == IRQWATCH_PROBE_STATE_MISSING &&
	     nla_put_u32(msg, IRQWATCH_PROBE_ERROR, p->error)) ||
	    (reason[0] && nla_put_string(msg, IRQWATCH_PROBE_REASON, reason)) ||
	    nla_put_u64_64bit(msg, IRQWATCH_PROBE_CALLS, calls, IRQWATCH_PROBE_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_PROBE_STALLS, stalls, IRQWATCH_PROBE_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_PROBE_TOTAL_NS, total, IRQWATCH_PROBE_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_PROBE_MAX_NS, max_ns, IRQWATCH_PROBE_PAD) ||
	    nla_put_u32(msg, IRQWATCH_PROBE_MISSED, min_t(u64, missed, U32_MAX)) ||
	    nla_put_u64_64bit(msg, IRQWATCH_PROBE_MISSED_TOTAL, missed,
			      IRQWATCH_PROBE_PAD) ||
	    nla_put_u32(msg, IRQWATCH_PROBE_INFLIGHT, irqw_probe_inflight(p)) ||
	    nla_put_u64_64bit(msg, IRQWATCH_PROBE_ABANDONED,
			      atomic64_read(&p->abandoned), IRQWATCH_PROBE_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * PROBE_LIST: the reply is sized for every probe there can be, so the lock
 * is held across it and nothing changes meanwhile. It also has the work
 * look for calls that will never return.
 */
size_t irqw_stall_list_size(void)
{
	return IRQW_PROBES_MAX * irqw_stall_probe_size();
}

int irqw_stall_put_list(struct sk_buff *msg)
{
	struct irqw_probe *p;
	unsigned int i;
	int err = 0;

	mutex_lock(&irqw_stall_lock);
	irqw_for_each_probe(p, i) {
		err = irqw_stall_put_probe(msg, p);
		if (err)
			break;
	}
	irqw_stall_queue();
	mutex_unlock(&irqw_stall_lock);
	return err;
}

static void irqw_stall_exit(void);

static int irqw_stall_init(void)
{
	int i;

	if (irqw_readers_init())
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(irqw_presets); i++) {
		irqw_probe_init(&irqw_presets[i], irqw_preset_syms[i],
				IRQWATCH_PROBE_KIND_SLAB, 0);
		irqw_presets[i].preset = i;
		irqw_presets[i].pcpu = alloc_percpu(struct irqw_probe_pcpu);
		if (!irqw_presets[i].pcpu) {
			irqw_stall_exit();
			return -ENOMEM;
		}
	}
	mutex_lock(&irqw_cfg_lock);
	irqw_stall_apply(&irqw_cfg);
	mutex_unlock(&irqw_cfg_lock);
	return 0;
}

/*
 * Nothing re-arms once irqw_stall_exiting is set: no registration, no
 * kick, no queueing of the work. Then the work is flushed, run once more
 * here to unregister and free everything, and what is left is checked.
 */
static void irqw_stall_exit(void)
{
	struct irqw_probe *p;
	unsigned int i;

	mutex_lock(&irqw_stall_lock);
	WRITE_ONCE(irqw_stall_exiting, true);
	WRITE_ONCE(irqw_stall_on, false);
	irqw_for_each_probe(p, i) {
		if (p->kind == IRQWATCH_PROBE_KIND_USER)
			p->removing = true;
		irqw_probe_arm(p);
	}
	mutex_unlock(&irqw_stall_lock);
	/* a kick from before the flag may still queue the work: wait for both */
	irq_work_sync(&irqw_stall_kick_work);
	cancel_work_sync(&irqw_stall_work);

	mutex_lock(&irqw_reap_lock);
	irqw_stall_reap();
	mutex_unlock(&irqw_reap_lock);
	/* handlers that ran until the unregistering may have kicked again */
	irq_work_sync(&irqw_stall_kick_work);
	cancel_work_sync(&irqw_stall_work);

	mutex_lock(&irqw_stall_lock);
	WARN_ON(irqw_nr_user_probes || !list_empty(&irqw_user_probes));
	for (i = 0; i < ARRAY_SIZE(irqw_presets); i++)
		WARN_ON(irqw_presets[i].registered || irqw_presets[i].busy);
	mutex_unlock(&irqw_stall_lock);
	WARN_ON(irqw_slots_in_use());
	for (i = 0; i < ARRAY_SIZE(irqw_presets); i++) {
		free_percpu(irqw_presets[i].pcpu);
		irqw_presets[i].pcpu = NULL;
	}
	irqw_readers_exit();
}

static int irqw_stall_put_stats(struct sk_buff *msg)
{
	return nla_put_u64_64bit(msg, IRQWATCH_STATS_READERS_OVERFLOW,
				 irqw_stall_readers_evicted(), IRQWATCH_STATS_PAD);
}

static size_t irqw_stall_stats_size(void)
{
	return nla_total_size_64bit(sizeof(u64));
}

const struct irqw_detector irqw_stall_detector = {
	.name = "stall",
	.id = IRQWATCH_DET_STALL,
	.init = irqw_stall_init,
	.exit = irqw_stall_exit,
	.apply = irqw_stall_apply,
	.put_stats = irqw_stall_put_stats,
	.stats_size = irqw_stall_stats_size,
	.put_details = irqw_stall_put_readers,
	.details_size = irqw_stall_readers_size,
	.config = irqw_stall_config,
	.nr_config = ARRAY_SIZE(irqw_stall_config),
	.ops = irqw_stall_nl_ops,
	.nr_ops = IRQW_STALL_NL_OPS,
};
