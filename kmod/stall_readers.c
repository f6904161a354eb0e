// SPDX-License-Identifier: GPL-2.0
/*
 * The readers table of the stall detector: the slab preset's calls summed
 * per probe, cache and reading command in irqw_readers, 256 sets of 4
 * ways, each set under its own raw lock. A new reader evicts the way that
 * spent the least time, so a reader that churns names only ever replaces
 * itself, not a heavy reader. The stall events of the slab preset are
 * rate-limited per way (the limit stays with the way when its reader
 * changes) and per CPU; the excess is counted per reader.
 */

#include <linux/hash.h>
#include <linux/jhash.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sort.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <net/netlink.h>

#include "irqwatch.h"
#include "stall.h"

#define IRQW_READER_SETS	256
#define IRQW_READER_WAYS	4
#define IRQW_READERS_SENT	128
/* Stall events of the slab preset per second: per readers-table way, per CPU. */
#define IRQW_READER_EVENTS	10
#define IRQW_SLAB_EVENTS_CPU	50

struct irqw_reader {
	u64 calls;			/* 0: a free entry */
	u64 total_ns;
	u64 max_ns;
	u64 last_ns;
	u64 suppressed;			/* stall events over the rate limit */
	u64 ev_start_ns;		/* the rate limit's second (the way's) */
	u32 ev_count;
	const void *cache;
	pid_t tgid;
	u8 preset;
	char comm[TASK_COMM_LEN];
	char cache_name[IRQWATCH_CACHE_LEN_MAX];
};

struct irqw_reader_set {
	raw_spinlock_t lock;
	struct irqw_reader ways[IRQW_READER_WAYS];
} ____cacheline_aligned_in_smp;

struct irqw_slab_rate {
	u64 start_ns;
	u32 count;
};

static struct irqw_reader_set *irqw_readers;	/* SETS, vzalloc'd */
static DEFINE_PER_CPU(u64, irqw_readers_evicted);

static DEFINE_PER_CPU(struct irqw_slab_rate, irqw_slab_rate);

static u32 irqw_reader_hash(u8 preset, const void *cache, const char *comm)
{
	u32 h = jhash(comm, strnlen(comm, TASK_COMM_LEN), preset);

	return hash_ptr((void *)cache, 32) ^ h;
}

/* One more stall event of the slab preset on this CPU this second? */
static bool irqw_slab_rate_ok(u64 now)
{
	struct irqw_slab_rate *r = this_cpu_ptr(&irqw_slab_rate);

	if (now - r->start_ns >= NSEC_PER_SEC) {
		r->start_ns = now;
		r->count = 0;
	}
	return ++r->count <= IRQW_SLAB_EVENTS_CPU;
}

/*
 * Sums a slab preset call into its reader's entry, evicting the way that
 * spent the least time; for a call over threshold (@over), says whether
 * its stall event is within the rate limits.
 */
bool irqw_reader_add(u8 preset, const void *cache, u64 now, u64 ns, bool over)
{
	char comm[TASK_COMM_LEN];
	struct irqw_reader *r = NULL, *victim;
	struct irqw_reader_set *set;
	unsigned long flags;
	const char *name;
	bool ok = true;
	u64 ev_start;
	u32 ev_count;
	int i;

	if (!irqw_readers)
		return over && irqw_slab_rate_ok(now);
	memcpy(comm, current->comm, sizeof(comm));
	comm[sizeof(comm) - 1] = '\0';
	set = &irqw_readers[irqw_reader_hash(preset, cache, comm) %
			    IRQW_READER_SETS];
	raw_spin_lock_irqsave(&set->lock, flags);
	victim = &set->ways[0];
	for (i = 0; i < IRQW_READER_WAYS; i++) {
		if (set->ways[i].calls && set->ways[i].preset == preset &&
		    set->ways[i].cache == cache &&
		    !strcmp(set->ways[i].comm, comm)) {
			r = &set->ways[i];
			break;
		}
		if (set->ways[i].total_ns < victim->total_ns)
			victim = &set->ways[i];
	}
	if (!r) {
		r = victim;
		if (r->calls)
			this_cpu_add(irqw_readers_evicted, r->calls);
		/* the rate limit stays with the way */
		ev_start = r->ev_start_ns;
		ev_count = r->ev_count;
		memset(r, 0, sizeof(*r));
		r->ev_start_ns = ev_start;
		r->ev_count = ev_count;
		r->preset = preset;
		r->cache = cache;
		memcpy(r->comm, comm, sizeof(comm));
		name = irqw_cache_name(cache);
		if (name)
			strscpy(r->cache_name, name, sizeof(r->cache_name));
	}
	r->calls++;
	r->total_ns += ns;
	r->max_ns = max(r->max_ns, ns);
	r->last_ns = now;
	r->tgid = current->tgid;
	if (over) {
		if (now - r->ev_start_ns >= NSEC_PER_SEC) {
			r->ev_start_ns = now;
			r->ev_count = 0;
		}
		ok = r->ev_count < IRQW_READER_EVENTS && irqw_slab_rate_ok(now);
		if (ok)
			r->ev_count++;
		else
			r->suppressed++;
	}
	raw_spin_unlock_irqrestore(&set->lock, flags);
	return over && ok;
}

size_t irqw_stall_readers_size(void)
{
	return IRQW_READERS_SENT *
	       (nla_total_size(0) +
		nla_total_size(IRQWATCH_SYMBOL_LEN_MAX) +
		nla_total_size(IRQWATCH_CACHE_LEN_MAX) +
		nla_total_size(sizeof(u32)) +
		nla_total_size(TASK_COMM_LEN) +
		5 * nla_total_size_64bit(sizeof(u64)));
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
	u64 n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += READ_ONCE(*per_cpu_ptr(&irqw_readers_evicted, cpu));
	return n;
}

/* The readers who spent the most time, for GET_STATS. */
int irqw_stall_put_readers(struct sk_buff *msg)
{
	size_t n = IRQW_READER_SETS * IRQW_READER_WAYS, i;
	struct irqw_reader *snap, *r;
	struct irqw_reader_set *set;
	struct nlattr *nest;
	unsigned long flags;
	int err = 0;

	if (!irqw_readers)
		return 0;
	snap = vmalloc(array_size(n, sizeof(*snap)));
	if (!snap)
		return -ENOMEM;
	/* a set at a time: interrupts are off for 4 entries' copy */
	for (i = 0; i < IRQW_READER_SETS; i++) {
		set = &irqw_readers[i];
		raw_spin_lock_irqsave(&set->lock, flags);
		memcpy(&snap[i * IRQW_READER_WAYS], set->ways, sizeof(set->ways));
		raw_spin_unlock_irqrestore(&set->lock, flags);
	}
	sort(snap, n, sizeof(*snap), irqw_reader_cmp, NULL);

	for (i = 0; i < min_t(size_t, n, IRQW_READERS_SENT) && snap[i].calls; i++) {
		r = &snap[i];
		nest = nla_nest_start(msg, IRQWATCH_A_READER);
		if (!nest ||
		    nla_put_string(msg, IRQWATCH_READER_PROBE,
				   irqw_preset_syms[r->preset]) ||
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
				      IRQWATCH_READER_PAD) ||
		    nla_put_u64_64bit(msg, IRQWATCH_READER_SUPPRESSED, r->suppressed,
				      IRQWATCH_READER_PAD)) {
			err = -EMSGSIZE;
			break;
		}
		nla_nest_end(msg, nest);
	}
	vfree(snap);
	return err;
}

int irqw_readers_init(void)
{
	int i;

	irqw_readers = vzalloc(array_size(IRQW_READER_SETS, sizeof(*irqw_readers)));
	if (!irqw_readers)
		return -ENOMEM;
	for (i = 0; i < IRQW_READER_SETS; i++)
		raw_spin_lock_init(&irqw_readers[i].lock);
	return 0;
}

/* Once no handler of the slab preset runs. */
void irqw_readers_exit(void)
{
	vfree(irqw_readers);
	irqw_readers = NULL;
}
