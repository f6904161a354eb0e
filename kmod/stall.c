// SPDX-License-Identifier: GPL-2.0
/*
 * Stall probes: a kretprobe per kernel function times every call of it, and
 * a call longer than its threshold becomes a stall event naming the caller,
 * its parent, its stack at entry and, for the slab preset, the cache walked.
 *
 * The entry handler keeps the start of the call in the kretprobe instance,
 * which belongs to that one call: calls nest and tasks migrate without
 * confusing the timing. While a call runs it also holds a slot in
 * irqw_slots[], so that the irqoff detector, when a window ends in a task,
 * finds the calls that task is in (irqw_stall_window()): the window's event
 * names the innermost one, and the calls learn the window's seq and length,
 * which their stall events carry. A call that held interrupts off past the
 * irqoff threshold is reported even when it is shorter than its own.
 *
 * The slab preset's calls are also summed per probe, cache and reading
 * command in irqw_readers, so that a frequent reader shows even when each
 * call is short.
 *
 * Probes are registered while the "stall" detector is on. Registration,
 * the list of user probes and irqw_stall_on are under irqw_stall_lock,
 * which nests inside irqw_cfg_lock.
 */

#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/ctype.h>
#include <linux/hash.h>
#include <linux/jhash.h>
#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/spinlock.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/uidgid.h>
#include <linux/vmalloc.h>
#include <net/netlink.h>

#include "event.h"
#include "irqwatch.h"

#define IRQW_CALL_SLOTS		64
#define IRQW_ENTRY_FRAMES	IRQW_SAMPLE_FRAMES
/* Room for the kprobe machinery's frames above the caller's. */
#define IRQW_ENTRY_TRACE	(IRQW_ENTRY_FRAMES + 24)
#define IRQW_READER_SETS	256
#define IRQW_READER_WAYS	4
#define IRQW_READERS_SENT	128

struct irqw_probe_pcpu {
	u64 calls;
	u64 stalls;
	u64 total_ns;
	u64 max_ns;
};

struct irqw_probe {
	struct kretprobe krp;
	char symbol[IRQWATCH_SYMBOL_LEN_MAX];
	u8 kind;			/* enum irqwatch_probe_kind */
	u8 preset;			/* index in irqw_presets[] */
	u32 threshold_us;		/* 0: stall_threshold_us */
	int error;			/* positive errno of the last register */
	bool registered;
	atomic_t inflight;		/* calls hooked and not yet returned */
	struct list_head node;		/* irqw_user_probes */
	struct irqw_probe_pcpu __percpu *pcpu;
};

/* What the entry handler leaves for the return handler: one per call. */
struct irqw_call {
	u64 start_ns;
	const void *cache;		/* the slab preset's first argument */
	int slot;			/* in irqw_slots[], or -1 */
	u8 irqs_off;
	u8 nr_frames;
	unsigned long frames[IRQW_ENTRY_FRAMES];
};

/*
 * A call in progress, for the irqoff detector. The entry handler claims a
 * free slot by its task pointer and then sets ready; the return handler
 * clears ready and frees the slot. The detector reads a slot only when its
 * task is the one its tick interrupted, whose calls cannot begin or end
 * meanwhile; and only that tick writes related_seq and irqoff_ns.
 */
struct irqw_call_slot {
	struct task_struct *task;
	const struct irqw_probe *probe;
	u64 start_ns;
	u64 related_seq;
	u64 irqoff_ns;
	bool ready;
};

struct irqw_reader {
	u64 calls;			/* 0: a free entry */
	u64 total_ns;
	u64 max_ns;
	u64 last_ns;
	const void *cache;
	pid_t tgid;
	u8 preset;
	char comm[TASK_COMM_LEN];
	char cache_name[IRQWATCH_CACHE_LEN_MAX];
};

static const char *const irqw_preset_syms[] = {
	"get_slabinfo",			/* /proc/slabinfo */
	"show_slab_objects",		/* /sys/kernel/slab/<cache>/<counter> */
	"validate_slab_cache",		/* /sys/kernel/slab/<cache>/validate */
	"__kmem_cache_do_shrink",	/* /sys/kernel/slab/<cache>/shrink, drop_caches */
};

static struct irqw_probe irqw_presets[ARRAY_SIZE(irqw_preset_syms)];
static LIST_HEAD(irqw_user_probes);
static unsigned int irqw_nr_user_probes;
static DEFINE_MUTEX(irqw_stall_lock);
static bool irqw_stall_on;
static u64 irqw_stall_threshold_ns;	/* READ_ONCE() in the handlers */

static struct irqw_call_slot irqw_slots[IRQW_CALL_SLOTS];
static DEFINE_PER_CPU(unsigned long [IRQW_ENTRY_TRACE], irqw_entry_trace);

static DEFINE_RAW_SPINLOCK(irqw_readers_lock);
static struct irqw_reader *irqw_readers;	/* SETS x WAYS, vzalloc'd */
static u64 irqw_readers_evicted;

static const void *irqw_first_arg(struct pt_regs *regs)
{
#ifdef CONFIG_HAVE_REGS_AND_STACK_ACCESS_API
	return (const void *)regs_get_kernel_argument(regs, 0);
#else
	return NULL;
#endif
}

static bool irqw_regs_irqs_off(struct pt_regs *regs)
{
#ifdef CONFIG_X86
	return !(regs->flags & X86_EFLAGS_IF);
#else
	return irqs_disabled();
#endif
}

static struct irqw_probe *irqw_probe_of(struct kretprobe_instance *ri)
{
	return container_of(get_kretprobe(ri), struct irqw_probe, krp);
}

static int irqw_slot_claim(const struct irqw_probe *p, u64 start_ns)
{
	struct irqw_call_slot *s;
	int i, n;

	for (n = 0, i = smp_processor_id() % IRQW_CALL_SLOTS; n < IRQW_CALL_SLOTS;
	     n++, i = (i + 1) % IRQW_CALL_SLOTS) {
		s = &irqw_slots[i];
		if (READ_ONCE(s->task) || cmpxchg(&s->task, NULL, current))
			continue;
		s->probe = p;
		s->start_ns = start_ns;
		s->related_seq = 0;
		s->irqoff_ns = 0;
		/* the detector on this CPU must see the fields first */
		barrier();
		WRITE_ONCE(s->ready, true);
		return i;
	}
	return -1;
}

static void irqw_slot_release(int i)
{
	WRITE_ONCE(irqw_slots[i].ready, false);
	WRITE_ONCE(irqw_slots[i].probe, NULL);
	/* the slot is cleared before another call may claim it */
	smp_store_release(&irqw_slots[i].task, NULL);
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

static int irqw_stall_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct irqw_call *c = (struct irqw_call *)ri->data;
	struct irqw_probe *p = irqw_probe_of(ri);

	c->start_ns = ktime_get_mono_fast_ns();
	c->cache = p->kind == IRQWATCH_PROBE_KIND_SLAB ? irqw_first_arg(regs) : NULL;
	c->irqs_off = irqw_regs_irqs_off(regs) ? IRQWATCH_IRQS_OFF_ENTRY : 0;
	c->nr_frames = 0;
	/*
	 * Where the unwinder sees through the return hook, the return
	 * handler takes the stack, of the calls it reports only: most of a
	 * probe's cost per call is the unwinding (7 of 10 us under QEMU).
	 */
#ifndef IRQW_HAVE_KRETPROBE_UNWIND
	irqw_call_stack(c, irqw_entry_ret_addr(regs));
#endif
	c->slot = irqw_slot_claim(p, c->start_ns);
	atomic_inc(&p->inflight);
	return 0;
}

NOKPROBE_SYMBOL(irqw_stall_entry);

static u32 irqw_reader_hash(u8 preset, const void *cache, const char *comm)
{
	u32 h = jhash(comm, strnlen(comm, TASK_COMM_LEN), preset);

	return hash_ptr((void *)cache, 32) ^ h;
}

/* Sums a slab preset call into its reader's entry; evicts the stalest. */
static void irqw_reader_add(const struct irqw_probe *p, const struct irqw_call *c,
			    u64 now, u64 ns)
{
	char comm[TASK_COMM_LEN];
	struct irqw_reader *set, *r = NULL, *victim;
	const char *name;
	unsigned long flags;
	int i;

	if (!irqw_readers)
		return;
	memcpy(comm, current->comm, sizeof(comm));
	comm[sizeof(comm) - 1] = '\0';
	set = &irqw_readers[(irqw_reader_hash(p->preset, c->cache, comm) %
			     IRQW_READER_SETS) * IRQW_READER_WAYS];
	raw_spin_lock_irqsave(&irqw_readers_lock, flags);
	victim = &set[0];
	for (i = 0; i < IRQW_READER_WAYS; i++) {
		if (set[i].calls && set[i].preset == p->preset &&
		    set[i].cache == c->cache && !strcmp(set[i].comm, comm)) {
			r = &set[i];
			break;
		}
		if (set[i].last_ns < victim->last_ns)
			victim = &set[i];
	}
	if (!r) {
		r = victim;
		if (r->calls)
			irqw_readers_evicted += r->calls;
		memset(r, 0, sizeof(*r));
		r->preset = p->preset;
		r->cache = c->cache;
		memcpy(r->comm, comm, sizeof(comm));
		name = irqw_cache_name(c->cache);
		if (name)
			strscpy(r->cache_name, name, sizeof(r->cache_name));
	}
	r->calls++;
	r->total_ns += ns;
	r->max_ns = max(r->max_ns, ns);
	r->last_ns = now;
	r->tgid = current->tgid;
	raw_spin_unlock_irqrestore(&irqw_readers_lock, flags);
}

static void irqw_stall_fill(struct irqw_stall_info *si, const struct irqw_probe *p,
			    const struct irqw_call *c)
{
	const struct task_struct *parent;
	const char *name;

	memset(si, 0, sizeof(*si));
	strscpy(si->probe, p->symbol, sizeof(si->probe));
	name = irqw_cache_name(c->cache);
	if (name)
		strscpy(si->cache, name, sizeof(si->cache));
	si->kind = p->kind;
	si->uid = from_kuid_munged(&init_user_ns, current_uid());
	rcu_read_lock();
#ifdef CONFIG_CGROUPS
	si->cgroup_id = cgroup_id(task_dfl_cgroup(current));
#endif
	parent = rcu_dereference(current->real_parent);
	si->ppid = parent->tgid;
	memcpy(si->pcomm, parent->comm, sizeof(si->pcomm));
	rcu_read_unlock();
	si->pcomm[sizeof(si->pcomm) - 1] = '\0';
}

static int irqw_stall_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct irqw_call *c = (struct irqw_call *)ri->data;
	struct irqw_probe *p = irqw_probe_of(ri);
	struct irqw_probe_pcpu *pc = this_cpu_ptr(p->pcpu);
	u64 now = ktime_get_mono_fast_ns(), ns = now - c->start_ns;
	u64 threshold_ns, related_seq = 0, irqoff_ns = 0;
	struct irqw_stall_info si;
	struct irqw_event ev = {
		.type = IRQWATCH_EVENT_STALL,
		.mono_ns = c->start_ns,
		.duration_ns = ns,
		.task = current,
		.frames = c->frames,
		.stall = &si,
	};

	atomic_dec(&p->inflight);
	pc->calls++;
	pc->total_ns += ns;
	if (ns > pc->max_ns)
		pc->max_ns = ns;
	if (c->slot >= 0 && READ_ONCE(irqw_slots[c->slot].task) == current) {
		related_seq = irqw_slots[c->slot].related_seq;
		irqoff_ns = irqw_slots[c->slot].irqoff_ns;
		irqw_slot_release(c->slot);
	}
	if (p->kind == IRQWATCH_PROBE_KIND_SLAB)
		irqw_reader_add(p, c, now, ns);
	threshold_ns = p->threshold_us ? (u64)p->threshold_us * NSEC_PER_USEC :
		       READ_ONCE(irqw_stall_threshold_ns);
	if (ns < threshold_ns && !irqoff_ns)
		return 0;
	pc->stalls++;
#ifdef IRQW_HAVE_KRETPROBE_UNWIND
	irqw_call_stack(c, get_kretprobe_retaddr(ri));
#endif
	irqw_stall_fill(&si, p, c);
	si.irqs_off = c->irqs_off |
		      (irqw_regs_irqs_off(regs) ? IRQWATCH_IRQS_OFF_EXIT : 0);
	si.related_seq = related_seq;
	si.irqoff_ns = irqoff_ns;
	ev.nr_frames = c->nr_frames;
	irqw_emit(&ev);
	return 0;
}

NOKPROBE_SYMBOL(irqw_stall_ret);

/*
 * The irqoff detector's tick found a window that ended in @task (the task
 * it interrupted): fills @within with the innermost call of @task, if any.
 */
bool irqw_stall_within(struct task_struct *task, struct irqw_stall_info *within)
{
	const struct irqw_call_slot *s, *inner = NULL;
	int i;

	if (!READ_ONCE(irqw_stall_on))
		return false;
	for (i = 0; i < IRQW_CALL_SLOTS; i++) {
		s = &irqw_slots[i];
		if (READ_ONCE(s->task) != task || !READ_ONCE(s->ready))
			continue;
		if (!inner || s->start_ns > inner->start_ns)
			inner = s;
	}
	if (!inner)
		return false;
	memset(within, 0, sizeof(*within));
	strscpy(within->probe, inner->probe->symbol, sizeof(within->probe));
	within->kind = inner->probe->kind;
	return true;
}

/* The window @seq of @ns that ended in @task is linked to its calls. */
void irqw_stall_window(struct task_struct *task, u64 seq, u64 ns)
{
	struct irqw_call_slot *s;
	int i;

	for (i = 0; i < IRQW_CALL_SLOTS; i++) {
		s = &irqw_slots[i];
		if (READ_ONCE(s->task) != task || !READ_ONCE(s->ready))
			continue;
		if (!s->related_seq)
			s->related_seq = seq;
		s->irqoff_ns += ns;
	}
}

static void irqw_probe_init(struct irqw_probe *p, const char *symbol, u8 kind,
			    u32 threshold_us)
{
	strscpy(p->symbol, symbol, sizeof(p->symbol));
	p->kind = kind;
	p->threshold_us = threshold_us;
	INIT_LIST_HEAD(&p->node);
}

static int irqw_probe_register(struct irqw_probe *p)
{
	int err;

	lockdep_assert_held(&irqw_stall_lock);
	if (p->registered)
		return 0;
	memset(&p->krp, 0, sizeof(p->krp));
	p->krp.kp.symbol_name = p->symbol;
	p->krp.entry_handler = irqw_stall_entry;
	p->krp.handler = irqw_stall_ret;
	p->krp.data_size = sizeof(struct irqw_call);
	p->krp.maxactive = max_t(int, 20, 4 * num_possible_cpus());
	atomic_set(&p->inflight, 0);
	err = register_kretprobe(&p->krp);
	p->error = -err;
	p->registered = !err;
	return err;
}

/*
 * Slots of calls whose return handler will never run are freed here; then
 * no irqoff tick still looks at them, and the probes may be freed.
 */
static void irqw_probes_unregistered(void)
{
	const struct irqw_probe *p;
	int i;

	/* no entry or return handler of the unregistered probes still runs */
	synchronize_rcu();
	for (i = 0; i < IRQW_CALL_SLOTS; i++) {
		p = READ_ONCE(irqw_slots[i].probe);
		if (p && !READ_ONCE(p->registered))
			irqw_slot_release(i);
	}
	/* the ticks run with interrupts off: RCU readers */
	synchronize_rcu();
	/* and no task preempted in the probes' trampolines comes back there */
	synchronize_rcu_tasks();
}

/*
 * A call still in the probed function when its kretprobe goes returns
 * through a hook whose handler is gone, and its stall is never reported.
 * So the probe is disabled first, and the calls in flight get up to
 * IRQW_DRAIN_MS to return through live hooks before it goes (one that
 * sleeps for good, in a user probe, only delays the unregistering).
 */
#define IRQW_DRAIN_MS	1000

static void irqw_probe_unregister(struct irqw_probe *p)
{
	unsigned int waited = 0;

	lockdep_assert_held(&irqw_stall_lock);
	if (!p->registered)
		return;
	disable_kretprobe(&p->krp);
	/* no entry handler runs after this: none counts a new call */
	synchronize_rcu();
	while (atomic_read(&p->inflight) > 0 && waited < IRQW_DRAIN_MS) {
		usleep_range(1000, 2000);
		waited++;
	}
	if (atomic_read(&p->inflight) > 0)
		pr_info("%s: %d calls still in flight after %u ms, unregistering\n",
			p->symbol, atomic_read(&p->inflight), waited);
	unregister_kretprobe(&p->krp);
	WRITE_ONCE(p->registered, false);
}

static void irqw_probes_set(bool on)
{
	struct irqw_probe *p;
	int i;

	lockdep_assert_held(&irqw_stall_lock);
	for (i = 0; i < ARRAY_SIZE(irqw_presets); i++) {
		if (on)
			irqw_probe_register(&irqw_presets[i]);
		else
			irqw_probe_unregister(&irqw_presets[i]);
	}
	list_for_each_entry(p, &irqw_user_probes, node) {
		if (on)
			irqw_probe_register(p);
		else
			irqw_probe_unregister(p);
	}
	if (!on)
		irqw_probes_unregistered();
}

/* Follows the configuration: the detector on or off, the threshold. */
void irqw_stall_apply(const struct irqw_config *cfg)
{
	bool on = cfg->detectors & BIT(IRQWATCH_DET_STALL);

	mutex_lock(&irqw_stall_lock);
	WRITE_ONCE(irqw_stall_threshold_ns,
		   (u64)cfg->stall_threshold_us * NSEC_PER_USEC);
	if (on != irqw_stall_on) {
		/* the detector stops looking at slots before they go */
		WRITE_ONCE(irqw_stall_on, on);
		irqw_probes_set(on);
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

static void irqw_probe_free(struct irqw_probe *p)
{
	free_percpu(p->pcpu);
	kfree(p);
}

int irqw_stall_probe_add(const char *symbol, u32 threshold_us,
			 struct irqw_probe **out, struct netlink_ext_ack *extack)
{
	struct irqw_probe *p;
	int i, err;

	if (!irqw_symbol_valid(symbol)) {
		NL_SET_ERR_MSG(extack, "a symbol is a function name: letters, digits, _ and .");
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
	if (irqw_user_probe_find(symbol))
		goto out_exists;
	err = -ENOSPC;
	if (irqw_nr_user_probes >= IRQWATCH_USER_PROBES_MAX) {
		NL_SET_ERR_MSG(extack, "too many user probes (at most 16)");
		goto out_unlock;
	}
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
	if (!irqw_stall_on) {
		irqw_probe_unregister(p);
		irqw_probes_unregistered();
	}
	list_add_tail(&p->node, &irqw_user_probes);
	irqw_nr_user_probes++;
	*out = p;
	mutex_unlock(&irqw_stall_lock);
	return 0;

out_exists:
	NL_SET_ERR_MSG(extack, "the function is already probed");
out_unlock:
	mutex_unlock(&irqw_stall_lock);
	irqw_probe_free(p);
	return err;
}

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
	list_del(&p->node);
	irqw_nr_user_probes--;
	irqw_probe_unregister(p);
	irqw_probes_unregistered();
	mutex_unlock(&irqw_stall_lock);
	irqw_probe_free(p);
	return 0;
}

size_t irqw_stall_probe_size(void)
{
	return nla_total_size(0) +				/* nest */
	       nla_total_size(IRQWATCH_SYMBOL_LEN_MAX) +
	       5 * nla_total_size(sizeof(u32)) +		/* threshold ... missed */
	       4 * nla_total_size_64bit(sizeof(u64));
}

int irqw_stall_put_probe(struct sk_buff *msg, const struct irqw_probe *p)
{
	u64 calls = 0, stalls = 0, total = 0, max_ns = 0;
	const struct irqw_probe_pcpu *pc;
	struct nlattr *nest;
	u32 state;
	int cpu;

	for_each_possible_cpu(cpu) {
		pc = per_cpu_ptr(p->pcpu, cpu);
		calls += READ_ONCE(pc->calls);
		stalls += READ_ONCE(pc->stalls);
		total += READ_ONCE(pc->total_ns);
		max_ns = max(max_ns, READ_ONCE(pc->max_ns));
	}
	if (p->registered)
		state = IRQWATCH_PROBE_STATE_ACTIVE;
	else if (p->error)
		state = IRQWATCH_PROBE_STATE_MISSING;
	else
		state = IRQWATCH_PROBE_STATE_OFF;
	nest = nla_nest_start(msg, IRQWATCH_A_PROBE);
	if (!nest ||
	    nla_put_string(msg, IRQWATCH_PROBE_SYMBOL, p->symbol) ||
	    nla_put_u32(msg, IRQWATCH_PROBE_THRESHOLD_US, p->threshold_us) ||
	    nla_put_u32(msg, IRQWATCH_PROBE_KIND, p->kind) ||
	    nla_put_u32(msg, IRQWATCH_PROBE_STATE, state) ||
	    (state == IRQWATCH_PROBE_STATE_MISSING &&
	     nla_put_u32(msg, IRQWATCH_PROBE_ERROR, p->error)) ||
	    nla_put_u64_64bit(msg, IRQWATCH_PROBE_CALLS, calls, IRQWATCH_PROBE_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_PROBE_STALLS, stalls, IRQWATCH_PROBE_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_PROBE_TOTAL_NS, total, IRQWATCH_PROBE_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_PROBE_MAX_NS, max_ns, IRQWATCH_PROBE_PAD) ||
	    nla_put_u32(msg, IRQWATCH_PROBE_MISSED, p->krp.nmissed))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * PROBE_LIST: the reply is sized for every probe there can be, so the lock
 * is held across it and nothing changes meanwhile.
 */
size_t irqw_stall_list_size(void)
{
	return (ARRAY_SIZE(irqw_presets) + IRQWATCH_USER_PROBES_MAX) *
	       irqw_stall_probe_size();
}

int irqw_stall_put_list(struct sk_buff *msg)
{
	struct irqw_probe *p;
	int i, err = 0;

	mutex_lock(&irqw_stall_lock);
	for (i = 0; i < ARRAY_SIZE(irqw_presets) && !err; i++)
		err = irqw_stall_put_probe(msg, &irqw_presets[i]);
	list_for_each_entry(p, &irqw_user_probes, node) {
		if (err)
			break;
		err = irqw_stall_put_probe(msg, p);
	}
	mutex_unlock(&irqw_stall_lock);
	return err;
}

size_t irqw_stall_readers_size(void)
{
	return IRQW_READERS_SENT *
	       (nla_total_size(0) +
		nla_total_size(IRQWATCH_SYMBOL_LEN_MAX) +
		nla_total_size(IRQWATCH_CACHE_LEN_MAX) +
		nla_total_size(sizeof(u32)) +
		nla_total_size(TASK_COMM_LEN) +
		4 * nla_total_size_64bit(sizeof(u64)));
}

static int irqw_reader_cmp(const void *a, const void *b)
{
	const struct irqw_reader *ra = a, *rb = b;

	if (ra->total_ns != rb->total_ns)
		return ra->total_ns < rb->total_ns ? 1 : -1;
	return 0;
}

/* Calls not summed any more: their reader's entry was evicted. */
u64 irqw_stall_readers_evicted(void)
{
	unsigned long flags;
	u64 n;

	raw_spin_lock_irqsave(&irqw_readers_lock, flags);
	n = irqw_readers_evicted;
	raw_spin_unlock_irqrestore(&irqw_readers_lock, flags);
	return n;
}

/* The readers who spent the most time, for GET_STATS. */
int irqw_stall_put_readers(struct sk_buff *msg)
{
	size_t n = IRQW_READER_SETS * IRQW_READER_WAYS, i;
	struct irqw_reader *snap, *r;
	struct nlattr *nest;
	unsigned long flags;
	int err = 0;

	if (!irqw_readers)
		return 0;
	snap = vmalloc(array_size(n, sizeof(*snap)));
	if (!snap)
		return -ENOMEM;
	raw_spin_lock_irqsave(&irqw_readers_lock, flags);
	memcpy(snap, irqw_readers, n * sizeof(*snap));
	raw_spin_unlock_irqrestore(&irqw_readers_lock, flags);
	sort(snap, n, sizeof(*snap), irqw_reader_cmp, NULL);

	for (i = 0; i < min_t(size_t, n, IRQW_READERS_SENT) && snap[i].calls; i++) {
		r = &snap[i];
		nest = nla_nest_start(msg, IRQWATCH_A_READER);
		if (!nest ||
		    nla_put_string(msg, IRQWATCH_READER_PROBE,
				   irqw_presets[r->preset].symbol) ||
		    (r->cache_name[0] &&
		     nla_put_string(msg, IRQWATCH_READER_CACHE, r->cache_name)) ||
		    nla_put_u32(msg, IRQWATCH_READER_TGID, r->tgid) ||
		    nla_put_string(msg, IRQWATCH_READER_COMM, r->comm) ||
		    nla_put_u64_64bit(msg, IRQWATCH_READER_CALLS, r->calls,
				      IRQWATCH_READER_PAD) ||
		    nla_put_u64_64bit(msg, IRQWATCH_READER_TOTAL_NS, r->total_ns,
				      IRQWATCH_READER_PAD) ||
		    nla_put_u64_64bit(msg, IRQWATCH_READER_MAX_NS, r->max_ns,
				      IRQWATCH_READER_PAD) ||
		    nla_put_u64_64bit(msg, IRQWATCH_READER_LAST_NS, r->last_ns,
				      IRQWATCH_READER_PAD)) {
			err = -EMSGSIZE;
			break;
		}
		nla_nest_end(msg, nest);
	}
	vfree(snap);
	return err;
}

int __init irqw_stall_init(void)
{
	int i;

	irqw_readers = vzalloc(array_size(IRQW_READER_SETS * IRQW_READER_WAYS,
					  sizeof(*irqw_readers)));
	if (!irqw_readers)
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

/* Unregisters every probe and frees the user probes. */
void irqw_stall_exit(void)
{
	struct irqw_probe *p, *tmp;
	int i;

	mutex_lock(&irqw_stall_lock);
	WRITE_ONCE(irqw_stall_on, false);
	irqw_probes_set(false);
	list_for_each_entry_safe(p, tmp, &irqw_user_probes, node) {
		list_del(&p->node);
		irqw_probe_free(p);
	}
	irqw_nr_user_probes = 0;
	mutex_unlock(&irqw_stall_lock);
	for (i = 0; i < ARRAY_SIZE(irqw_presets); i++) {
		free_percpu(irqw_presets[i].pcpu);
		irqw_presets[i].pcpu = NULL;
	}
	vfree(irqw_readers);
	irqw_readers = NULL;
}
