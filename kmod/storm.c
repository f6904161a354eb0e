// SPDX-License-Identifier: GPL-2.0
/*
 * The storm detector: softirq storms, hardirq storms and IRQ imbalance.
 *
 * The interrupt tracepoints (irqtp.c) count per CPU; a delayed work item
 * reads the counters of every watched online CPU every storm_interval_ms
 * and applies the rules of the UAPI header ("Storm events") to the
 * differences: three intervals over start a storm, ten quiet ones end it;
 * every ten intervals the irq+softirq loads of the CPUs are compared. All
 * of the detector's state is the work's, under irqw_storm_lock, which
 * GET_STATS takes to list the storms going on. Events are sent from the
 * work, in process context, for the CPU they are about.
 *
 * Teardown: the work re-arms itself only while irqw_storm_running, which
 * the apply clears under irqw_storm_lock before it cancels the work
 * synchronously; then it gives up the tracepoints. Turning the detector off
 * ends the storms going on, with an end event each.
 */

#include <linux/cpumask.h>
#include <linux/irq.h>
#include <linux/kernel.h>
#include <linux/kernel_stat.h>
#include <linux/math64.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sort.h>
#include <linux/tick.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <net/netlink.h>

#include "event.h"
#include "irqtp.h"
#include "irqwatch.h"
#include "storm.h"

#define IRQW_STORM_START	3	/* intervals over that start a storm */
#define IRQW_STORM_END		10	/* quiet intervals that end it */
#define IRQW_STORM_IMB_EVERY	10	/* intervals between imbalance checks */
#define IRQW_STORM_IMB_START	3	/* checks hot that start an imbalance */
#define IRQW_STORM_IMB_END	3	/* checks not hot that end it */
#define IRQW_PCT		(IRQWATCH_PPM / 100)

/* Figures over a span of intervals. */
struct irqw_storm_soft_acc {
	u64 elapsed_ns;
	u64 soft_ns;
	u64 ksoftirqd_ns;
	u64 vec_count[NR_SOFTIRQS];
	u64 vec_ns[NR_SOFTIRQS];
	u64 napi_polls[IRQW_TP_NAPIS];
	u64 napi_packets[IRQW_TP_NAPIS];
	u64 napi_exhausted[IRQW_TP_NAPIS];
};

struct irqw_storm_irq_acc {
	u64 elapsed_ns;
	u64 count;
	u64 ns;
};

/* A storm's course: over intervals before it, then the storm. */
struct irqw_storm_run {
	u32 over;		/* consecutive intervals over, before the start */
	u32 quiet;		/* consecutive quiet intervals, in the storm */
	u32 n;			/* intervals since the start */
	u32 intervals;		/* up to the last one not quiet */
	u32 share;		/* ppm, the last interval */
	u64 rate;		/* per second, the last interval (hardirq) */
	u8 trigger;
	bool active;
	u64 start_ns;		/* CLOCK_MONOTONIC, the first interval's start */
	u64 end_ns;		/* the end of the last interval not quiet */
};

/* What irqw_storm_step() asks of the caller, in this order. */
enum {
	IRQW_ST_RESET = BIT(0),		/* clear the running figures */
	IRQW_ST_ADD = BIT(1),		/* add this interval's */
	IRQW_ST_COMMIT = BIT(2),	/* they are the storm's so far */
	IRQW_ST_START = BIT(3),		/* send the start, with those */
	IRQW_ST_END = BIT(4),		/* send the end, with the storm's */
};

struct irqw_storm_cpu {
	struct irqw_tp_counts prev;
	bool primed;			/* prev was read in the last interval */
	struct irqw_storm_run soft;
	struct irqw_storm_soft_acc soft_acc, soft_done;
	struct irqw_storm_run irq[IRQW_TP_IRQS];
	struct irqw_storm_irq_acc irq_acc[IRQW_TP_IRQS], irq_done[IRQW_TP_IRQS];
	/* since the last imbalance check */
	u64 imb_busy_ns;
	u64 imb_elapsed_ns;
	u64 imb_irq_count[IRQW_TP_IRQS];
	u64 imb_irq_ns[IRQW_TP_IRQS];
	u64 idle_us;			/* at the last check; U64_MAX: unknown */
};

static struct irqw_storm_cpu __percpu *irqw_storm_pcpu;
static DEFINE_MUTEX(irqw_storm_lock);
static bool irqw_storm_running;		/* the work re-arms itself */
static struct cpumask irqw_storm_cpus;	/* watched */
static u32 irqw_storm_interval_ms = 1000, irqw_storm_soft_pct = 50;
static u32 irqw_storm_hard_rate = 40000, irqw_storm_hard_pct = 20;
static u32 irqw_storm_imb_pct = 20;
static u64 irqw_storm_last_ns;		/* the last interval's end */
static unsigned int irqw_storm_ticks;	/* intervals since the imbalance check */
static struct irqw_storm_imbalance irqw_storm_imb;	/* the last check */
static bool irqw_storm_imb_checked;
static s32 irqw_storm_imb_cand = -1;	/* the CPU found hot lately */
static struct irqw_storm_run irqw_storm_imb_run;
static struct irqw_storm_imb_payload irqw_storm_imb_pl;	/* the work's */
static u32 *irqw_storm_loads;		/* nr_cpu_ids, the work's */
static struct delayed_work irqw_storm_work;

static struct irqw_cfg_u32 irqw_storm_config[] = {
	{
		.attr = IRQWATCH_CFG_STORM_INTERVAL_MS,
		.name = "storm_interval_ms",
		.offset = offsetof(struct irqw_config, storm_interval_ms),
		.range = { .min = IRQWATCH_STORM_INTERVAL_MS_MIN,
			   .max = IRQWATCH_STORM_INTERVAL_MS_MAX },
	},
	{
		.attr = IRQWATCH_CFG_SOFTIRQ_STORM_PCT,
		.name = "softirq_storm_pct",
		.offset = offsetof(struct irqw_config, softirq_storm_pct),
		.range = { .min = 1, .max = 100 },
	},
	{
		.attr = IRQWATCH_CFG_HARDIRQ_STORM_RATE,
		.name = "hardirq_storm_rate",
		.offset = offsetof(struct irqw_config, hardirq_storm_rate),
		.range = { .min = 1, .max = IRQWATCH_HARDIRQ_STORM_RATE_MAX },
	},
	{
		.attr = IRQWATCH_CFG_HARDIRQ_STORM_PCT,
		.name = "hardirq_storm_pct",
		.offset = offsetof(struct irqw_config, hardirq_storm_pct),
		.range = { .min = 1, .max = 100 },
	},
	{
		.attr = IRQWATCH_CFG_IMBALANCE_PCT,
		.name = "imbalance_pct",
		.offset = offsetof(struct irqw_config, imbalance_pct),
		.range = { .min = 1, .max = 100 },
	},
};

module_param_cb(storm_interval_ms, &irqw_cfg_u32_ops, &irqw_storm_config[0], 0444);
MODULE_PARM_DESC(storm_interval_ms,
		 "the storm detector's interval, in milliseconds (100..10000, default 1000)");
module_param_cb(softirq_storm_pct, &irqw_cfg_u32_ops, &irqw_storm_config[1], 0444);
MODULE_PARM_DESC(softirq_storm_pct,
		 "softirq time share of a CPU that is a storm, in % (default 50)");
module_param_cb(hardirq_storm_rate, &irqw_cfg_u32_ops, &irqw_storm_config[2], 0444);
MODULE_PARM_DESC(hardirq_storm_rate,
		 "interrupts per second of one line on one CPU that are a storm (default 40000)");
module_param_cb(hardirq_storm_pct, &irqw_cfg_u32_ops, &irqw_storm_config[3], 0444);
MODULE_PARM_DESC(hardirq_storm_pct,
		 "share of a CPU in one line's handlers that is a storm, in % (default 20)");
module_param_cb(imbalance_pct, &irqw_cfg_u32_ops, &irqw_storm_config[4], 0444);
MODULE_PARM_DESC(imbalance_pct,
		 "least irq+softirq load of a CPU hot in an imbalance, in % (default 20)");

static u32 irqw_storm_ppm(u64 part, u64 whole)
{
	if (!whole)
		return 0;
	return min_t(u64, div64_u64(part * 1000, div64_u64(whole, 1000) ?: 1),
		     IRQWATCH_PPM);
}

static u64 irqw_storm_per_sec(u64 count, u64 ns)
{
	return ns ? div64_u64(count * NSEC_PER_MSEC, div64_u64(ns, 1000) ?: 1) : 0;
}

/* One interval of a storm's course; @now its end, @len its length. */
static unsigned int irqw_storm_step(struct irqw_storm_run *r, bool over,
				    bool quiet, u64 now, u64 len,
				    unsigned int start, unsigned int end)
{
	unsigned int fl = IRQW_ST_ADD;

	if (!r->active) {
		if (!over) {
			r->over = 0;
			return 0;
		}
		if (!r->over++) {
			r->start_ns = now - len;
			fl |= IRQW_ST_RESET;
		}
		if (r->over < start)
			return fl;
		r->active = true;
		r->quiet = 0;
		r->n = r->over;
		r->intervals = r->n;
		r->end_ns = now;
		return fl | IRQW_ST_COMMIT | IRQW_ST_START;
	}
	r->n++;
	if (!quiet) {
		r->quiet = 0;
		r->intervals = r->n;
		r->end_ns = now;
		return fl | IRQW_ST_COMMIT;
	}
	if (++r->quiet < end)
		return fl;
	r->active = false;
	r->over = 0;
	return fl | IRQW_ST_END;
}

static void irqw_storm_head(struct irqw_storm_head *h,
			    const struct irqw_storm_run *r, unsigned int phase,
			    u32 share)
{
	h->phase = phase;
	h->trigger = r->trigger;
	h->intervals = r->intervals;
	h->share = share;
}

static void irqw_storm_emit(const struct irqw_event_class *cls, int cpu,
			    const struct irqw_storm_run *r, const void *pl,
			    unsigned int len)
{
	struct irqw_event ev = {
		.cls = cls,
		.mono_ns = r->start_ns,
		.duration_ns = r->end_ns - r->start_ns,
		.on_cpu = true,
		.cpu = cpu,
		.payload = pl,
		.payload_len = len,
	};

	irqw_emit(&ev);
}

/*
 * Ranking, most first: of the @n slots that counted something (@count) and
 * are not @used yet, the one with the largest @key, now marked used; @n
 * when none is left.
 */
static unsigned int irqw_storm_next(const u64 *key, const u64 *count,
				    bool *used, unsigned int n)
{
	unsigned int i, best = n;

	for (i = 0; i < n; i++)
		if (!used[i] && count[i] && (best == n || key[i] > key[best]))
			best = i;
	if (best < n)
		used[best] = true;
	return best;
}

static void irqw_storm_send_soft(int cpu, struct irqw_storm_cpu *sc,
				 unsigned int phase)
{
	const struct irqw_storm_soft_acc *a =
		phase == IRQWATCH_PHASE_START ? &sc->soft_acc : &sc->soft_done;
	struct irqw_storm_soft_payload pl = {};
	bool used[IRQW_TP_NAPIS] = {};
	unsigned int i, best;

	BUILD_BUG_ON(sizeof(pl) > IRQW_PAYLOAD_MAX);
	irqw_storm_head(&pl.head, &sc->soft, phase,
			irqw_storm_ppm(a->soft_ns, a->elapsed_ns));
	pl.ksoftirqd_share = irqw_storm_ppm(a->ksoftirqd_ns, a->soft_ns);
	for (i = 0; i < NR_SOFTIRQS; i++) {
		if (!a->vec_count[i])
			continue;
		pl.vec[pl.nr_vec].id = i;
		pl.vec[pl.nr_vec].count = a->vec_count[i];
		pl.vec[pl.nr_vec].ns = a->vec_ns[i];
		pl.vec[pl.nr_vec].share = irqw_storm_ppm(a->vec_ns[i], a->elapsed_ns);
		pl.nr_vec++;
	}
	/* the NAPI contexts that polled, most packets first */
	while ((best = irqw_storm_next(a->napi_packets, a->napi_polls, used,
				       IRQW_TP_NAPIS)) < IRQW_TP_NAPIS) {
		if (!irqw_tp_napi(cpu, best, pl.napi[pl.nr_napi].dev,
				  sizeof(pl.napi[0].dev)))
			continue;
		pl.napi[pl.nr_napi].polls = a->napi_polls[best];
		pl.napi[pl.nr_napi].packets = a->napi_packets[best];
		pl.napi[pl.nr_napi].exhausted = a->napi_exhausted[best];
		pl.nr_napi++;
	}
	irqw_storm_emit(&irqw_storm_soft_event, cpu, &sc->soft, &pl, sizeof(pl));
}

/* A cpulist into @buf; one that does not fit ends in "...". */
static void irqw_storm_cpulist(char *buf, size_t len, const struct cpumask *m)
{
	if (scnprintf(buf, len, "%*pbl", cpumask_pr_args(m)) == len - 1)
		strscpy(buf + len - 4, "...", 4);
}

/* A line's figures and, if it still exists, its affinity. */
static void irqw_storm_irq_info(int cpu, unsigned int slot, u64 count, u64 ns,
				u64 elapsed, struct irqw_storm_irq *info)
{
	const struct cpumask *aff, *eff;
	struct irq_data *d;
	int irq;

	info->affinity[0] = '\0';
	info->effective[0] = '\0';
	irq = irqw_tp_irq(cpu, slot, info->name, sizeof(info->name));
	info->irq = irq;
	info->count = count;
	info->ns = ns;
	info->rate = irqw_storm_per_sec(count, elapsed);
	info->share = irqw_storm_ppm(ns, elapsed);
	info->has_affinity = 0;
	if (irq < 0)
		return;
	/* irq descriptors are freed after an RCU grace period */
	rcu_read_lock();
	d = irq_get_irq_data(irq);
	if (d) {
		aff = irq_data_get_affinity_mask(d);
		eff = irq_data_get_effective_affinity_mask(d);
		irqw_storm_cpulist(info->affinity, sizeof(info->affinity), aff);
		/* none where the irq chip does not set one */
		if (!cpumask_empty(eff))
			irqw_storm_cpulist(info->effective,
					   sizeof(info->effective), eff);
		info->has_affinity = 1;
	}
	rcu_read_unlock();
}

static void irqw_storm_send_hard(int cpu, struct irqw_storm_cpu *sc,
				 unsigned int slot, unsigned int phase)
{
	const struct irqw_storm_irq_acc *a = phase == IRQWATCH_PHASE_START ?
		&sc->irq_acc[slot] : &sc->irq_done[slot];
	struct irqw_storm_hard_payload pl = {};

	BUILD_BUG_ON(sizeof(pl) > IRQW_PAYLOAD_MAX);
	irqw_storm_irq_info(cpu, slot, a->count, a->ns, a->elapsed_ns, &pl.irq);
	irqw_storm_head(&pl.head, &sc->irq[slot], phase, pl.irq.share);
	irqw_storm_emit(&irqw_storm_hard_event, cpu, &sc->irq[slot], &pl,
			sizeof(pl));
}

static void irqw_storm_soft_add(struct irqw_storm_soft_acc *a,
				const struct irqw_tp_counts *cur,
				const struct irqw_tp_counts *prev, u64 len)
{
	unsigned int i;

	a->elapsed_ns += len;
	a->soft_ns += cur->soft_ns - prev->soft_ns;
	a->ksoftirqd_ns += cur->ksoftirqd_ns - prev->ksoftirqd_ns;
	for (i = 0; i < NR_SOFTIRQS; i++) {
		a->vec_count[i] += cur->vec_count[i] - prev->vec_count[i];
		a->vec_ns[i] += cur->vec_ns[i] - prev->vec_ns[i];
	}
	for (i = 0; i < IRQW_TP_NAPIS; i++) {
		a->napi_polls[i] += cur->napi_polls[i] - prev->napi_polls[i];
		a->napi_packets[i] += cur->napi_packets[i] - prev->napi_packets[i];
		a->napi_exhausted[i] += cur->napi_exhausted[i] -
					prev->napi_exhausted[i];
	}
}

/* The softirq rules on one interval of @cpu. */
static void irqw_storm_soft(int cpu, struct irqw_storm_cpu *sc,
			    const struct irqw_tp_counts *cur, u64 now, u64 len)
{
	u64 soft = cur->soft_ns - sc->prev.soft_ns;
	u32 share = irqw_storm_ppm(soft, len);
	u32 ks = irqw_storm_ppm(cur->ksoftirqd_ns - sc->prev.ksoftirqd_ns, soft);
	u32 pct = READ_ONCE(irqw_storm_soft_pct) * IRQW_PCT;
	bool by_share = share >= pct;
	bool takeover = share >= 10 * IRQW_PCT && ks >= 50 * IRQW_PCT;
	bool quiet = share < pct / 2 && !(share >= 5 * IRQW_PCT && ks >= 25 * IRQW_PCT);
	unsigned int fl;

	sc->soft.share = share;
	fl = irqw_storm_step(&sc->soft, by_share || takeover, quiet, now, len,
			     IRQW_STORM_START, IRQW_STORM_END);
	if (fl & IRQW_ST_RESET) {
		memset(&sc->soft_acc, 0, sizeof(sc->soft_acc));
		sc->soft.trigger = by_share ? IRQWATCH_TRIGGER_SHARE :
					      IRQWATCH_TRIGGER_TAKEOVER;
	}
	if (fl & IRQW_ST_ADD)
		irqw_storm_soft_add(&sc->soft_acc, cur, &sc->prev, len);
	if (fl & IRQW_ST_COMMIT)
		sc->soft_done = sc->soft_acc;
	if (fl & IRQW_ST_START)
		irqw_storm_send_soft(cpu, sc, IRQWATCH_PHASE_START);
	if (fl & IRQW_ST_END)
		irqw_storm_send_soft(cpu, sc, IRQWATCH_PHASE_END);
}

/* The hardirq rules on one interval of each of @cpu's lines. */
static void irqw_storm_hard(int cpu, struct irqw_storm_cpu *sc,
			    const struct irqw_tp_counts *cur, u64 now, u64 len)
{
	u64 rate_max = READ_ONCE(irqw_storm_hard_rate);
	u32 pct = READ_ONCE(irqw_storm_hard_pct) * IRQW_PCT;
	struct irqw_storm_irq_acc *a;
	struct irqw_storm_run *r;
	unsigned int i, fl;
	u64 count, ns, rate;
	u32 share;

	for (i = 0; i < IRQW_TP_IRQS; i++) {
		count = cur->irq_count[i] - sc->prev.irq_count[i];
		ns = cur->irq_ns[i] - sc->prev.irq_ns[i];
		sc->imb_irq_count[i] += count;
		sc->imb_irq_ns[i] += ns;
		r = &sc->irq[i];
		if (!count && !r->active && !r->over)
			continue;
		rate = irqw_storm_per_sec(count, len);
		share = irqw_storm_ppm(ns, len);
		r->share = share;
		r->rate = rate;
		fl = irqw_storm_step(r, rate >= rate_max || share >= pct,
				     2 * rate < rate_max && share < pct / 2,
				     now, len, IRQW_STORM_START, IRQW_STORM_END);
		a = &sc->irq_acc[i];
		if (fl & IRQW_ST_RESET) {
			memset(a, 0, sizeof(*a));
			r->trigger = rate >= rate_max ? IRQWATCH_TRIGGER_RATE :
							IRQWATCH_TRIGGER_SHARE;
		}
		if (fl & IRQW_ST_ADD) {
			a->elapsed_ns += len;
			a->count += count;
			a->ns += ns;
		}
		if (fl & IRQW_ST_COMMIT)
			sc->irq_done[i] = *a;
		if (fl & IRQW_ST_START)
			irqw_storm_send_hard(cpu, sc, i, IRQWATCH_PHASE_START);
		if (fl & IRQW_ST_END)
			irqw_storm_send_hard(cpu, sc, i, IRQWATCH_PHASE_END);
	}
}

static u64 irqw_storm_idle_us(int cpu)
{
	u64 us = get_cpu_idle_time_us(cpu, NULL);

	if (us != (u64)-1)
		return us;
	return div_u64(kcpustat_cpu(cpu).cpustat[CPUTIME_IDLE], NSEC_PER_USEC);
}

static void irqw_storm_interval(int cpu, u64 now, u64 len)
{
	static struct irqw_tp_counts counts;	/* the work's */
	struct irqw_storm_cpu *sc = per_cpu_ptr(irqw_storm_pcpu, cpu);
	struct irqw_tp_counts *cur = &counts;

	irqw_tp_read(cpu, cur);
	if (!sc->primed) {
		sc->prev = *cur;
		sc->primed = true;
		sc->idle_us = irqw_storm_idle_us(cpu);
		sc->imb_busy_ns = 0;
		sc->imb_elapsed_ns = 0;
		return;
	}
	irqw_storm_soft(cpu, sc, cur, now, len);
	irqw_storm_hard(cpu, sc, cur, now, len);
	sc->imb_busy_ns += (cur->soft_ns - sc->prev.soft_ns) +
			   (cur->hard_ns - sc->prev.hard_ns);
	sc->imb_elapsed_ns += len;
	sc->prev = *cur;
}

static int irqw_storm_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

static int irqw_storm_cmp_load(const void *a, const void *b)
{
	const struct irqw_storm_cpuload *x = a, *y = b;

	return x->load > y->load ? -1 : x->load < y->load;
}

/* The hot CPU's busiest lines since the last check, most time first. */
static void irqw_storm_imb_irqs(int cpu, u64 elapsed,
				struct irqw_storm_imb_payload *pl)
{
	struct irqw_storm_cpu *sc = per_cpu_ptr(irqw_storm_pcpu, cpu);
	bool used[IRQW_TP_IRQS] = {};
	unsigned int best;

	pl->nr_irqs = 0;
	while (pl->nr_irqs < IRQWATCH_IMBALANCE_IRQS_MAX &&
	       (best = irqw_storm_next(sc->imb_irq_ns, sc->imb_irq_count, used,
				       IRQW_TP_IRQS)) < IRQW_TP_IRQS)
		irqw_storm_irq_info(cpu, best, sc->imb_irq_count[best],
				    sc->imb_irq_ns[best], elapsed,
				    &pl->irqs[pl->nr_irqs++]);
}

/* Every IRQW_STORM_IMB_EVERY intervals: the loads of the watched CPUs. */
static void irqw_storm_imbalance_check(u64 now)
{
	struct irqw_storm_imb_payload *pl = &irqw_storm_imb_pl;
	struct irqw_storm_imbalance *imb = &irqw_storm_imb;
	struct irqw_storm_run *r = &irqw_storm_imb_run;
	struct irqw_storm_cpuload *all = imb->cpus;
	u64 sum = 0, var = 0, idle, span = 0;
	unsigned int n = 0, i, listed = 0, fl;
	u32 pct = READ_ONCE(irqw_storm_imb_pct) * IRQW_PCT, load;
	s64 d;
	bool hot;
	int cpu, top = -1;

	memset(imb, 0, sizeof(*imb));
	imb->hot = -1;
	for_each_cpu(cpu, &irqw_storm_cpus) {
		struct irqw_storm_cpu *sc = per_cpu_ptr(irqw_storm_pcpu, cpu);

		if (!cpu_online(cpu) || !sc->imb_elapsed_ns)
			continue;
		load = irqw_storm_ppm(sc->imb_busy_ns, sc->imb_elapsed_ns);
		idle = irqw_storm_idle_us(cpu);
		irqw_storm_loads[n++] = load;
		sum += load;
		if (top < 0 || load > imb->load) {
			top = cpu;
			imb->load = load;
			span = sc->imb_elapsed_ns;
		}
		/* the most loaded first, the rest dropped (sorted below) */
		if (listed < IRQW_STORM_IMB_CPUS) {
			all[listed].cpu = cpu;
			all[listed].load = load;
			all[listed].idle = sc->idle_us == U64_MAX || idle < sc->idle_us ?
				0 : irqw_storm_ppm((idle - sc->idle_us) * NSEC_PER_USEC,
						   sc->imb_elapsed_ns);
			listed++;
		}
		sc->idle_us = idle;
	}
	if (n < 2)
		goto out;
	imb->mean = div_u64(sum, n);
	for (i = 0; i < n; i++) {
		d = (s64)irqw_storm_loads[i] - imb->mean;
		var += d * d;
	}
	imb->stddev = int_sqrt(div_u64(var, n));
	sort(irqw_storm_loads, n, sizeof(u32), irqw_storm_cmp_u32, NULL);
	imb->median = irqw_storm_loads[(n - 1) / 2];
	sort(all, listed, sizeof(all[0]), irqw_storm_cmp_load, NULL);
	imb->nr_cpus = listed;
	hot = imb->load >= (u64)imb->mean + imb->stddev && imb->load >= pct &&
	      imb->load >= 3ULL * imb->median;
	if (hot)
		imb->hot = top;
	/* the same CPU must stay hot */
	if (hot && !r->active && top != irqw_storm_imb_cand)
		r->over = 0;
	if (hot && r->active && top != irqw_storm_imb_cand)
		hot = false;
	if (!r->active)
		irqw_storm_imb_cand = hot ? top : -1;
	fl = irqw_storm_step(r, hot, !hot, now, span, IRQW_STORM_IMB_START,
			     IRQW_STORM_IMB_END);
	imb->over = r->active ? r->intervals : r->over;
	if (fl & IRQW_ST_RESET)
		r->trigger = IRQWATCH_TRIGGER_LOAD;
	if (fl & (IRQW_ST_START | IRQW_ST_END)) {
		memset(&pl->head, 0, sizeof(pl->head));
		irqw_storm_head(&pl->head, r, fl & IRQW_ST_START ?
				IRQWATCH_PHASE_START : IRQWATCH_PHASE_END,
				imb->load);
		pl->imb = *imb;
		pl->imb.hot = irqw_storm_imb_cand;
		irqw_storm_imb_irqs(irqw_storm_imb_cand, span, pl);
		irqw_storm_emit(&irqw_storm_imb_event, irqw_storm_imb_cand, r,
				pl, sizeof(*pl));
	}
	if (fl & IRQW_ST_END)
		irqw_storm_imb_cand = -1;
out:
	irqw_storm_imb_checked = true;
	for_each_possible_cpu(cpu) {
		struct irqw_storm_cpu *sc = per_cpu_ptr(irqw_storm_pcpu, cpu);

		sc->imb_busy_ns = 0;
		sc->imb_elapsed_ns = 0;
		memset(sc->imb_irq_count, 0, sizeof(sc->imb_irq_count));
		memset(sc->imb_irq_ns, 0, sizeof(sc->imb_irq_ns));
	}
}

static void irqw_storm_work_fn(struct work_struct *work)
{
	u64 now, len;
	int cpu;

	mutex_lock(&irqw_storm_lock);
	if (!irqw_storm_running)
		goto out;
	now = ktime_get_ns();
	len = now - irqw_storm_last_ns;
	irqw_storm_last_ns = now;
	for_each_possible_cpu(cpu) {
		if (cpumask_test_cpu(cpu, &irqw_storm_cpus) && cpu_online(cpu))
			irqw_storm_interval(cpu, now, len);
		else
			per_cpu_ptr(irqw_storm_pcpu, cpu)->primed = false;
	}
	if (++irqw_storm_ticks >= IRQW_STORM_IMB_EVERY) {
		irqw_storm_ticks = 0;
		if (irqw_tp_hardirq_on())
			irqw_storm_imbalance_check(now);
	}
	queue_delayed_work(system_unbound_wq, &irqw_storm_work,
			   msecs_to_jiffies(READ_ONCE(irqw_storm_interval_ms)));
out:
	mutex_unlock(&irqw_storm_lock);
}

/* The detector goes off: the storms going on end now. */
static void irqw_storm_stop_all(void)
{
	struct irqw_storm_run *r;
	unsigned int i;
	int cpu;

	lockdep_assert_held(&irqw_storm_lock);
	for_each_possible_cpu(cpu) {
		struct irqw_storm_cpu *sc = per_cpu_ptr(irqw_storm_pcpu, cpu);

		if (sc->soft.active)
			irqw_storm_send_soft(cpu, sc, IRQWATCH_PHASE_END);
		for (i = 0; i < IRQW_TP_IRQS; i++)
			if (sc->irq[i].active)
				irqw_storm_send_hard(cpu, sc, i, IRQWATCH_PHASE_END);
		memset(sc, 0, sizeof(*sc));
		sc->idle_us = U64_MAX;
	}
	r = &irqw_storm_imb_run;
	if (r->active) {
		irqw_storm_head(&irqw_storm_imb_pl.head, r, IRQWATCH_PHASE_END,
				irqw_storm_imb.load);
		irqw_storm_imb_pl.imb = irqw_storm_imb;
		irqw_storm_imb_pl.imb.hot = irqw_storm_imb_cand;
		irqw_storm_imb_pl.nr_irqs = 0;
		irqw_storm_emit(&irqw_storm_imb_event, irqw_storm_imb_cand, r,
				&irqw_storm_imb_pl, sizeof(irqw_storm_imb_pl));
	}
	memset(r, 0, sizeof(*r));
	irqw_storm_imb_cand = -1;
	irqw_storm_imb_checked = false;
	irqw_storm_ticks = 0;
}

/* @cfg's values in force, and the detector @on or off. */
static void irqw_storm_switch(const struct irqw_config *cfg, bool on)
{
	bool was;

	lockdep_assert_held(&irqw_cfg_lock);
	mutex_lock(&irqw_storm_lock);
	WRITE_ONCE(irqw_storm_interval_ms, cfg->storm_interval_ms);
	WRITE_ONCE(irqw_storm_soft_pct, cfg->softirq_storm_pct);
	WRITE_ONCE(irqw_storm_hard_rate, cfg->hardirq_storm_rate);
	WRITE_ONCE(irqw_storm_hard_pct, cfg->hardirq_storm_pct);
	WRITE_ONCE(irqw_storm_imb_pct, cfg->imbalance_pct);
	cpumask_copy(&irqw_storm_cpus, &cfg->cpus);
	was = irqw_storm_running;
	irqw_storm_running = on;
	if (was && !on)
		irqw_storm_stop_all();
	mutex_unlock(&irqw_storm_lock);
	if (was && !on) {
		/* it does not re-arm now; one may be queued */
		cancel_delayed_work_sync(&irqw_storm_work);
		irqw_tp_use(IRQW_TP_STORM, false);
	} else if (on && !was) {
		irqw_tp_use(IRQW_TP_STORM, true);
		mutex_lock(&irqw_storm_lock);
		irqw_storm_last_ns = ktime_get_ns();
		mutex_unlock(&irqw_storm_lock);
		queue_delayed_work(system_unbound_wq, &irqw_storm_work,
				   msecs_to_jiffies(cfg->storm_interval_ms));
	} else if (on) {
		/* a new interval applies now */
		mod_delayed_work(system_unbound_wq, &irqw_storm_work,
				 msecs_to_jiffies(cfg->storm_interval_ms));
	}
}

static void irqw_storm_apply(const struct irqw_config *cfg)
{
	irqw_storm_switch(cfg, cfg->detectors & BIT(IRQWATCH_DET_STORM));
}

static size_t irqw_storm_stats_size(void)
{
	size_t storm = nla_total_size(0) + 4 * nla_total_size(sizeof(u32)) +
		       2 * nla_total_size_64bit(sizeof(u64));

	return IRQWATCH_STORMS_LISTED_MAX * storm + nla_total_size(sizeof(u32)) +
	       irqw_storm_imbalance_size();
}

static int irqw_storm_put_one(struct sk_buff *msg, u32 type, int cpu, int irq,
			      const struct irqw_storm_run *r)
{
	struct nlattr *nest = nla_nest_start(msg, IRQWATCH_STATS_STORM);

	if (!nest || nla_put_u32(msg, IRQWATCH_STORM_TYPE, type) ||
	    nla_put_u32(msg, IRQWATCH_STORM_CPU, cpu) ||
	    (irq >= 0 && nla_put_u32(msg, IRQWATCH_STORM_IRQ, irq)) ||
	    nla_put_u64_64bit(msg, IRQWATCH_STORM_SINCE_NS, r->start_ns,
			      IRQWATCH_STORM_PAD) ||
	    nla_put_u32(msg, IRQWATCH_STORM_SHARE, r->share) ||
	    (type == IRQWATCH_EVENT_HARDIRQ_STORM &&
	     nla_put_u64_64bit(msg, IRQWATCH_STORM_RATE, r->rate,
			       IRQWATCH_STORM_PAD)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* The storms going on (the first IRQWATCH_STORMS_LISTED_MAX), the check. */
static int irqw_storm_put_stats(struct sk_buff *msg)
{
	char name[IRQW_TP_IRQ_NAME];
	unsigned int active = 0, i;
	int cpu, err = 0;

	mutex_lock(&irqw_storm_lock);
	for_each_possible_cpu(cpu) {
		struct irqw_storm_cpu *sc = per_cpu_ptr(irqw_storm_pcpu, cpu);

		if (sc->soft.active && active++ < IRQWATCH_STORMS_LISTED_MAX)
			err = err ?: irqw_storm_put_one(msg, IRQWATCH_EVENT_SOFTIRQ_STORM,
							cpu, -1, &sc->soft);
		for (i = 0; i < IRQW_TP_IRQS; i++)
			if (sc->irq[i].active &&
			    active++ < IRQWATCH_STORMS_LISTED_MAX)
				err = err ?: irqw_storm_put_one(msg,
					IRQWATCH_EVENT_HARDIRQ_STORM, cpu,
					irqw_tp_irq(cpu, i, name, sizeof(name)),
					&sc->irq[i]);
	}
	if (irqw_storm_imb_run.active && active++ < IRQWATCH_STORMS_LISTED_MAX)
		err = err ?: irqw_storm_put_one(msg, IRQWATCH_EVENT_IRQ_IMBALANCE,
						irqw_storm_imb_cand, -1,
						&irqw_storm_imb_run);
	err = err ?: nla_put_u32(msg, IRQWATCH_STATS_STORMS_ACTIVE, active);
	if (irqw_storm_imb_checked)
		err = err ?: irqw_storm_put_imbalance(msg, IRQWATCH_STATS_IMBALANCE,
						      &irqw_storm_imb);
	mutex_unlock(&irqw_storm_lock);
	return err;
}

static int irqw_storm_init(void)
{
	int cpu;

	INIT_DELAYED_WORK(&irqw_storm_work, irqw_storm_work_fn);
	irqw_storm_loads = kcalloc(nr_cpu_ids, sizeof(u32), GFP_KERNEL);
	irqw_storm_pcpu = alloc_percpu(struct irqw_storm_cpu);
	if (!irqw_storm_loads || !irqw_storm_pcpu) {
		kfree(irqw_storm_loads);
		free_percpu(irqw_storm_pcpu);
		return -ENOMEM;
	}
	for_each_possible_cpu(cpu)
		per_cpu_ptr(irqw_storm_pcpu, cpu)->idle_us = U64_MAX;
	mutex_lock(&irqw_cfg_lock);
	irqw_storm_apply(&irqw_cfg);
	mutex_unlock(&irqw_cfg_lock);
	return 0;
}

/* Off, as the apply turns it off: the work is gone, then the memory. */
static void irqw_storm_exit(void)
{
	mutex_lock(&irqw_cfg_lock);
	irqw_storm_switch(&irqw_cfg, false);
	mutex_unlock(&irqw_cfg_lock);
	free_percpu(irqw_storm_pcpu);
	kfree(irqw_storm_loads);
}

const struct irqw_detector irqw_storm_detector = {
	.name = "storm",
	.id = IRQWATCH_DET_STORM,
	.init = irqw_storm_init,
	.exit = irqw_storm_exit,
	.apply = irqw_storm_apply,
	.put_stats = irqw_storm_put_stats,
	.stats_size = irqw_storm_stats_size,
	.config = irqw_storm_config,
	.nr_config = ARRAY_SIZE(irqw_storm_config),
};
