// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * genlog -n EVENTS [-H HOSTS] [-s SEED] -o FILE: a deterministic log of
 * EVENTS records of HOSTS hosts (default 8) as "irqwatch record" writes it,
 * for the report bench (tests/bench/report.sh). The lines are written by
 * the tool's own writer (irqw_json_event(), irqw_json_lost()), so their
 * format is record's by construction; the same arguments give the same
 * bytes.
 *
 * What a fleet logs: the hosts' records interleaved in time order, a
 * record every 40 ms on average; per host its boot_id and load_id, seqs
 * from 1, now and then a reboot (new boot, seqs from 1 again), seq gaps
 * and ring overflows with their lost records. Of the records: irqoff
 * windows 45% (most with in-window samples), softirq_latency 30%, stall
 * 7% (slab walks, 3 in 4 linked to the irqoff window inside them),
 * softirqoff 11%, softirq and hardirq storms and imbalances (starts and
 * ends) 9%, lost 0.5%. Culprits: a few hundred stacks of real kernel function names,
 * a few doing most of the harm (Zipf); durations log-normal.
 */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/irqwatch.h>

#include "account.h"
#include "enrich.h"
#include "event.h"
#include "genlog.h"
#include "jsonl.h"
#include "origin.h"

#define NS_PER_US	1000ULL
#define NS_PER_MS	1000000ULL
#define NS_PER_S	1000000000ULL
#define CULPRITS	300
#define SAMPLES_MAX	8
#define START_REAL_NS	(1795219200ULL * NS_PER_S)	/* 2026-11-21T00:00:00Z */

void rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	r->s = (z ^ (z >> 31)) | 1;
}

uint64_t rng_next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)((rng_next(r) >> 32) * n >> 32);
}

double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

uint64_t rng_lognormal(struct rng *r, double mu, double sigma)
{
	double u1 = 1.0 - rng_unit(r), u2 = rng_unit(r);
	double n = sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
	double v = exp(mu + sigma * n);

	return v < 1.0 ? 1 : v > 1e15 ? (uint64_t)1e15 : (uint64_t)v;
}

uint32_t rng_zipf(struct rng *r, uint32_t n)
{
	/* inverse of the harmonic CDF, approximated by exp(u * ln(n + 1)) - 1 */
	double k = exp(rng_unit(r) * log((double)n + 1.0)) - 1.0;

	return k >= n ? n - 1 : (uint32_t)k;
}

struct host {
	char name[32];
	uint32_t cpus;
	struct irqw_origin origin;
	uint64_t seq;		/* the last one given */
	uint64_t boot_real_ns;	/* the real time of mono_ns 0 */
	uint64_t last_irqoff_seq;	/* for a stall's related_seq; 0: none */
	uint32_t storm_on;	/* bits: a storm of kind N started, not ended */
	uint32_t storm_cpu[3];
};

struct gen {
	struct rng r;
	struct host *hosts;
	uint32_t nr_hosts;
	uint64_t now_ns;	/* real time of the record being made */
	uint64_t records, events;	/* written, asked for */
	FILE *out;
};

static const char *const host_names[] = {
	"db", "web", "cache", "kafka", "k8s-node", "lb", "build", "storage",
};

static void new_boot(struct gen *g, struct host *h)
{
	uint64_t a = rng_next(&g->r), b = rng_next(&g->r);

	snprintf(h->origin.boot_id, sizeof(h->origin.boot_id),
		 "%08x-%04x-4%03x-%04x-%012llx", (unsigned int)(a >> 32),
		 (unsigned int)(a >> 16) & 0xffff, (unsigned int)a & 0xfff,
		 0x8000 | ((unsigned int)(b >> 48) & 0x3fff),
		 (unsigned long long)(b & 0xffffffffffffULL));
	h->origin.has_load_id = true;
	h->origin.load_id = rng_next(&g->r);
	h->seq = 0;
	h->last_irqoff_seq = 0;
	h->storm_on = 0;
	/* up for a while already: minutes to weeks */
	h->boot_real_ns = g->now_ns - 60 * NS_PER_S -
			  rng_below(&g->r, 14 * 86400) * NS_PER_S;
}

/* One record's line into the log, and counted; the line is freed. */
static int put_line(struct gen *g, char *line)
{
	fputs(line, g->out);
	putc('\n', g->out);
	free(line);
	g->records++;
	return 0;
}

static int emit(struct gen *g, struct host *h, struct irqw_event *ev,
		const struct irqw_extra *x)
{
	char *line;
	int ret;

	ev->seq = ++h->seq;
	ev->real_ns = g->now_ns + rng_below(&g->r, 1000);
	ev->mono_ns = ev->real_ns - h->boot_real_ns;
	ret = irqw_json_event(ev, x, h->name, &h->origin, &line);
	return ret ?: put_line(g, line);
}

static int emit_lost(struct gen *g, struct host *h, const struct irqw_lost *l)
{
	uint64_t real = g->now_ns;
	char *line;
	int ret;

	ret = irqw_json_lost(l, h->name, &h->origin, real - h->boot_real_ns,
			     real, &line);
	return ret ?: put_line(g, line);
}

static void set_task(struct gen *g, struct irqw_task *t, const char *comm,
		     uint32_t cpu)
{
	t->pid = 1 + rng_below(&g->r, 400000);
	t->tgid = rng_below(&g->r, 4) ? t->pid : t->pid - rng_below(&g->r, t->pid);
	t->comm = comm ? comm : gen_comm(&g->r, cpu);
}

static void set_stack(const struct gen_stack *s, const char ***frames,
		      size_t *nr)
{
	*frames = (const char **)s->frames;
	*nr = s->nr;
}

/* An irqoff or softirqoff window of culprit c. */
static int window(struct gen *g, struct host *h, uint32_t type, uint32_t cpu,
		  const struct gen_culprit *c, const char *within)
{
	struct irqw_sample samples[SAMPLES_MAX];
	struct irqw_event ev = { 0 };
	uint32_t i, n = 0, cause;
	uint64_t d;

	ev.type = type;
	ev.cpu = cpu;
	d = (type == IRQWATCH_EVENT_IRQOFF ? 1 : 2) * NS_PER_MS +
	    rng_lognormal(&g->r, log(3e6), 1.1);
	ev.duration_ns = d;
	ev.has = IRQW_EV_DURATION | IRQW_EV_CAUSE | IRQW_EV_CONTEXT |
		 IRQW_EV_TASK | IRQW_EV_STACK;
	i = rng_below(&g->r, 100);
	if (type == IRQWATCH_EVENT_SOFTIRQOFF) {
		cause = IRQWATCH_CAUSE_BH_DISABLED;
		ev.has |= IRQW_EV_DURATION_MAX | IRQW_EV_PENDING;
		ev.duration_max_ns = d + rng_below(&g->r, 4 * NS_PER_MS);
		ev.pending = 1U << IRQWATCH_SOFTIRQ_TIMER;
		if (rng_below(&g->r, 2))
			ev.pending |= 1U << IRQWATCH_SOFTIRQ_NET_RX;
		if (rng_below(&g->r, 3) == 0)
			ev.pending |= 1U << IRQWATCH_SOFTIRQ_RCU |
				      1U << IRQWATCH_SOFTIRQ_SCHED;
		n = 1;
	} else if (c->kind == GEN_IDLE || i < 5) {
		cause = IRQWATCH_CAUSE_IDLE_EXIT;
		n = i % 2;
	} else if (i < 75) {
		cause = IRQWATCH_CAUSE_IRQS_DISABLED;
		n = 1 + (uint32_t)(d / (5 * NS_PER_MS));
	} else if (i < 88) {
		cause = IRQWATCH_CAUSE_VCPU_STALL;
		n = 1;
	} else {
		cause = IRQWATCH_CAUSE_UNCONFIRMED;
	}
	ev.cause = cause;
	ev.context = c->kind == GEN_IDLE ? IRQWATCH_CONTEXT_IDLE :
		     c->kind == GEN_SOFTIRQ ? IRQWATCH_CONTEXT_SOFTIRQ :
		     IRQWATCH_CONTEXT_TASK;
	if (within) {
		ev.has |= IRQW_EV_WITHIN;
		ev.within.symbol = within;
		ev.within.kind = IRQWATCH_PROBE_KIND_SLAB;
	}
	set_task(g, &ev.task, c->kind == GEN_IDLE ? "swapper/0" :
		 rng_below(&g->r, 3) ? c->comm : NULL, cpu);
	set_stack(&c->end, &ev.frames, &ev.nr_frames);
	if (n > SAMPLES_MAX) {
		ev.samples_omitted = n - SAMPLES_MAX;
		ev.has |= IRQW_EV_SAMPLES_OMITTED;
		n = SAMPLES_MAX;
	}
	memset(samples, 0, sizeof(samples));
	for (i = 0; i < n; i++) {
		struct irqw_sample *s = &samples[i];

		s->offset_ns = d * (i + 1) / (n + 1);
		s->irqs_disabled = cause == IRQWATCH_CAUSE_IRQS_DISABLED;
		s->delay_ns = type == IRQWATCH_EVENT_SOFTIRQOFF ? 0 :
			      rng_lognormal(&g->r, log(1e5), 0.8);
		s->task = ev.task;
		set_stack(cause == IRQWATCH_CAUSE_VCPU_STALL ? &c->end : &c->in,
			  &s->frames, &s->nr_frames);
	}
	ev.nr_samples = n;
	ev.samples = n ? samples : NULL;
	if (type == IRQWATCH_EVENT_IRQOFF)
		h->last_irqoff_seq = h->seq + 1;
	return emit(g, h, &ev, NULL);
}

static const char *const slab_probes[] = {
	"get_slabinfo", "show_slab_objects", "__kmem_cache_do_shrink",
	"validate_slab_cache",
};

static const char *const caches[] = {
	"dentry", "kmalloc-64", "kmalloc-192", "buffer_head", "radix_tree_node",
	"ext4_inode_cache", "xfs_inode", "skbuff_head_cache", "filp",
	"inode_cache", "kmalloc-1k", "task_struct", "sock_inode_cache",
};

static const char *const cgroups[] = {
	"/system.slice/postgresql.service", "/system.slice/node_exporter.service",
	"/kubepods.slice/kubepods-burstable.slice/cri-containerd-4f1c.scope",
	"/user.slice/user-1000.slice/session-3.scope", "/system.slice/cron.service",
};

/* A slab walk: its irqoff window first (within the probe), then the call. */
static int stall(struct gen *g, struct host *h, uint32_t cpu)
{
	struct irqw_extra x = { 0 };
	struct irqw_event ev = { 0 };
	struct gen_stack st;
	const char *probe = slab_probes[rng_below(&g->r, 4)];
	uint32_t u = rng_below(&g->r, 4);
	int ret;

	if (g->records + 2 > g->events)
		u = 0;	/* no room for the window: exactly the records asked */

	ev.type = IRQWATCH_EVENT_STALL;
	ev.cpu = cpu;
	ev.has = IRQW_EV_DURATION | IRQW_EV_TASK | IRQW_EV_PARENT |
		 IRQW_EV_STACK | IRQW_EV_IRQS_OFF | IRQW_EV_IRQOFF_NS;
	ev.duration_ns = 10 * NS_PER_MS + rng_lognormal(&g->r, log(2e7), 1.2);
	ev.probe = probe;
	ev.cache = caches[rng_zipf(&g->r, sizeof(caches) / sizeof(caches[0]))];
	if (u) {
		/* the window inside the call came first */
		ret = window(g, h, IRQWATCH_EVENT_IRQOFF, cpu,
			     gen_culprit(rng_below(&g->r, 8)), probe);
		if (ret)
			return ret;
		ev.related_seq = h->last_irqoff_seq;
		ev.has |= IRQW_EV_RELATED_SEQ;
		ev.irqoff_ns = ev.duration_ns * (60 + rng_below(&g->r, 40)) / 100;
	}
	set_task(g, &ev.task, u == 3 ? "node_exporter" : "cat", cpu);
	ev.task.has_uid = true;
	ev.task.uid = u == 3 ? 65534 : 0;
	ev.task.has_cgroup_id = true;
	ev.task.cgroup_id = 1 + rng_below(&g->r, 9000);
	ev.parent.pid = 1 + rng_below(&g->r, 4000);
	ev.parent.comm = u == 3 ? "systemd" : "bash";
	x.has_slab = true;
	x.slab_objects = 1000 + rng_below(&g->r, 4000000);
	x.slab_partial = x.slab_objects / (8 + rng_below(&g->r, 32));
	x.cgroup = cgroups[rng_below(&g->r, sizeof(cgroups) / sizeof(cgroups[0]))];
	gen_stall_stack(&g->r, probe, &st);
	set_stack(&st, &ev.frames, &ev.nr_frames);
	return emit(g, h, &ev, &x);
}

static int latency(struct gen *g, struct host *h, uint32_t cpu)
{
	static const uint32_t vecs[] = {
		IRQWATCH_SOFTIRQ_TIMER, IRQWATCH_SOFTIRQ_NET_RX,
		IRQWATCH_SOFTIRQ_NET_RX, IRQWATCH_SOFTIRQ_RCU,
		IRQWATCH_SOFTIRQ_SCHED, IRQWATCH_SOFTIRQ_BLOCK,
		IRQWATCH_SOFTIRQ_TASKLET, IRQWATCH_SOFTIRQ_NET_TX,
	};
	struct irqw_event ev = { 0 };
	struct gen_stack st;
	char comm[24];

	ev.type = IRQWATCH_EVENT_SOFTIRQ_LATENCY;
	ev.cpu = cpu;
	ev.has = IRQW_EV_DURATION | IRQW_EV_VECTOR | IRQW_EV_WAIT | IRQW_EV_RUN |
		 IRQW_EV_SERVED_BY | IRQW_EV_RAISER | IRQW_EV_WAIT_SOFTIRQ |
		 IRQW_EV_WAIT_HARDIRQ | IRQW_EV_TASK | IRQW_EV_STACK;
	ev.vector = vecs[rng_below(&g->r, 8)];
	ev.wait_ns = 2 * NS_PER_MS + rng_lognormal(&g->r, log(2e6), 1.0);
	ev.run_ns = rng_lognormal(&g->r, log(1.5e5), 1.0);
	ev.duration_ns = ev.wait_ns + ev.run_ns;
	gen_latency_stack(&g->r, &st);
	ev.served_by = !strcmp(st.frames[2], "run_ksoftirqd") ?
		       IRQWATCH_SERVED_KSOFTIRQD : IRQWATCH_SERVED_IRQ_EXIT;
	set_task(g, &ev.raiser, NULL, cpu);
	ev.wait_softirq_ns = rng_below(&g->r, 2) ? 0 : ev.wait_ns / 3;
	ev.wait_hardirq_ns = rng_below(&g->r, 4) ? 0 : ev.wait_ns / 10;
	if (rng_below(&g->r, 20) == 0) {
		ev.has |= IRQW_EV_SUPPRESSED;
		ev.suppressed = 1 + rng_below(&g->r, 50);
	}
	if (ev.served_by == IRQWATCH_SERVED_KSOFTIRQD) {
		snprintf(comm, sizeof(comm), "ksoftirqd/%u", cpu);
		set_task(g, &ev.task, comm, cpu);
	} else {
		ev.task = ev.raiser;
	}
	set_stack(&st, &ev.frames, &ev.nr_frames);
	return emit(g, h, &ev, NULL);
}

static const char *const irq_names[] = {
	"nvme0q3", "mlx5_comp5@pci:0000:3b:00.0", "eth0-TxRx-4", "ahci[0000:00:17.0]",
	"virtio0-input.0", "i8042",
};

/* A storm (kind 0 softirq, 1 hardirq) or imbalance (2): start, later end. */
static int storm(struct gen *g, struct host *h, uint32_t kind)
{
	struct irqw_vec vecs[3];
	struct irqw_napi napi[2];
	struct irqw_irq irq = { 0 };
	struct irqw_cpuload loads[64];
	struct irqw_event ev = { 0 };
	bool end = h->storm_on >> kind & 1;
	uint32_t i, cpu = end ? h->storm_cpu[kind] : rng_below(&g->r, h->cpus);

	h->storm_on ^= 1U << kind;
	h->storm_cpu[kind] = cpu;
	ev.cpu = cpu;
	ev.has = IRQW_EV_DURATION | IRQW_EV_PHASE | IRQW_EV_TRIGGER |
		 IRQW_EV_INTERVALS;
	ev.phase = end ? IRQWATCH_PHASE_END : IRQWATCH_PHASE_START;
	ev.intervals = end ? 3 + rng_below(&g->r, 200) : 3;
	ev.duration_ns = ev.intervals * 204 * NS_PER_MS;
	if (kind == 0) {
		ev.type = IRQWATCH_EVENT_SOFTIRQ_STORM;
		ev.has |= IRQW_EV_SHARE | IRQW_EV_KSOFTIRQD_SHARE;
		ev.trigger = rng_below(&g->r, 2) ? IRQWATCH_TRIGGER_SHARE :
			     IRQWATCH_TRIGGER_TAKEOVER;
		ev.share = 300000 + rng_below(&g->r, 600000);
		ev.ksoftirqd_share = rng_below(&g->r, 1000001);
		vecs[0] = (struct irqw_vec){ IRQWATCH_SOFTIRQ_TIMER, 40, 300000, 500 };
		vecs[1] = (struct irqw_vec){ IRQWATCH_SOFTIRQ_NET_RX,
			100000 + rng_below(&g->r, 900000),
			(uint64_t)ev.share * 600, ev.share - 3000 };
		vecs[2] = (struct irqw_vec){ IRQWATCH_SOFTIRQ_RCU, 30, 1400000, 2500 };
		ev.vecs = vecs;
		ev.nr_vecs = 3;
		napi[0] = (struct irqw_napi){ "eth0", 50000, 3000000, 20000 };
		napi[1] = (struct irqw_napi){ "backlog", 400, 9000, 0 };
		ev.napis = napi;
		ev.nr_napis = 2;
	} else if (kind == 1) {
		ev.type = IRQWATCH_EVENT_HARDIRQ_STORM;
		ev.has |= IRQW_EV_SHARE | IRQW_EV_RATE;
		ev.trigger = IRQWATCH_TRIGGER_RATE;
		irq.irq = 24 + rng_below(&g->r, 6);
		irq.name = irq_names[irq.irq - 24];
		irq.rate = 100000 + rng_below(&g->r, 200000);
		irq.count = irq.rate / 5;
		irq.ns = irq.count * 600;
		irq.share = 100000 + rng_below(&g->r, 200000);
		irq.affinity = "0-15";
		irq.effective = rng_below(&g->r, 2) ? "3" : NULL;
		ev.share = irq.share;
		ev.rate = irq.rate;
		ev.irqs = &irq;
		ev.nr_irqs = 1;
	} else {
		ev.type = IRQWATCH_EVENT_IRQ_IMBALANCE;
		ev.has |= IRQW_EV_IMBALANCE;
		ev.trigger = IRQWATCH_TRIGGER_LOAD;
		ev.imb.has_hot_cpu = true;
		ev.imb.hot_cpu = cpu;
		ev.imb.has_load = true;
		ev.imb.load = 500000 + rng_below(&g->r, 400000);
		ev.imb.has_over = true;
		ev.imb.over = ev.intervals;
		for (i = 0; i < h->cpus && i < 64; i++) {
			loads[i].cpu = i;
			loads[i].load = i == cpu ? ev.imb.load : rng_below(&g->r, 20000);
			loads[i].idle = i == cpu ? 0 : 900000 + rng_below(&g->r, 90000);
		}
		ev.imb.nr_cpus = i;
		ev.imb.cpus = loads;
		ev.imb.mean = ev.imb.load / i + 10000;
		ev.imb.stddev = ev.imb.load / 4;
		ev.imb.median = 9000;
		irq.irq = 24;
		irq.name = irq_names[0];
		irq.rate = 30000;
		irq.count = 6000;
		irq.ns = 90000000;
		irq.share = 400000;
		irq.affinity = "0-15";
		ev.irqs = &irq;
		ev.nr_irqs = 1;
	}
	return emit(g, h, &ev, NULL);
}

static int lost(struct gen *g, struct host *h)
{
	struct irqw_lost l = { 0 };
	uint32_t k = rng_below(&g->r, 10);

	if (k < 6) {
		l.reason = IRQW_LOST_SEQ_GAP;
		l.count = 1 + rng_below(&g->r, 4);
		l.first_seq = h->seq + 1;
		l.last_seq = h->seq + l.count;
		h->seq += l.count;
	} else {
		l.reason = k < 9 ? IRQW_LOST_RING_FULL : IRQW_LOST_WRITE_ERROR;
		l.count = 1 + rng_below(&g->r, k < 9 ? 20 : 3);
	}
	return emit_lost(g, h, &l);
}

static int one(struct gen *g)
{
	struct host *h = &g->hosts[rng_below(&g->r, g->nr_hosts)];
	uint32_t cpu = rng_below(&g->r, h->cpus), t = rng_below(&g->r, 1000);
	uint32_t c = rng_zipf(&g->r, CULPRITS);

	g->now_ns += rng_lognormal(&g->r, log(2.5e7), 1.0);
	if (rng_below(&g->r, 400000) == 0)
		new_boot(g, h);
	if (t < 410)
		return window(g, h, IRQWATCH_EVENT_IRQOFF, cpu, gen_culprit(c), NULL);
	if (t < 720)
		return latency(g, h, cpu);
	if (t < 790)	/* and 3 in 4 with their window */
		return stall(g, h, cpu);
	if (t < 900)
		return window(g, h, IRQWATCH_EVENT_SOFTIRQOFF, cpu, gen_culprit(c),
			      NULL);
	if (t < 995)
		return storm(g, h, t < 940 ? 0 : t < 985 ? 1 : 2);
	return lost(g, h);
}

static void usage(void)
{
	fprintf(stderr, "usage: genlog -n EVENTS [-H HOSTS] [-s SEED] -o FILE\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long long events = 0, seed = 1, hosts = 8, n;
	const char *out = NULL;
	struct gen g = { 0 };
	char *end;
	int opt, ret = 0;
	uint32_t i;

	while ((opt = getopt(argc, argv, "n:H:s:o:")) != -1) {
		errno = 0;
		if (opt == 'o') {
			out = optarg;
			continue;
		}
		n = strtoull(optarg, &end, 0);
		if (errno || *end || !*optarg)
			usage();
		if (opt == 'n')
			events = n;
		else if (opt == 'H')
			hosts = n;
		else if (opt == 's')
			seed = n;
		else
			usage();
	}
	if (optind != argc || !out || !events || !hosts || hosts > 1000)
		usage();
	rng_seed(&g.r, seed);
	g.now_ns = START_REAL_NS;
	g.nr_hosts = (uint32_t)hosts;
	g.hosts = calloc(hosts, sizeof(*g.hosts));
	if (!g.hosts || gen_stacks_init(&g.r, CULPRITS)) {
		perror("genlog");
		return 1;
	}
	for (i = 0; i < g.nr_hosts; i++) {
		struct host *h = &g.hosts[i];

		snprintf(h->name, sizeof(h->name), "%s%u",
			 host_names[i % (sizeof(host_names) / sizeof(host_names[0]))],
			 i / 8 + 1);
		h->cpus = i % 3 ? 16 : 64;
		new_boot(&g, h);
	}
	g.out = fopen(out, "we");
	if (!g.out) {
		perror(out);
		return 1;
	}
	setvbuf(g.out, NULL, _IOFBF, 1 << 20);
	g.events = events;
	while (g.records < events && !ret)
		ret = one(&g);
	if (fclose(g.out) && !ret)
		ret = -errno;
	gen_stacks_free();
	free(g.hosts);
	if (ret) {
		fprintf(stderr, "genlog: %s: %s\n", out, strerror(-ret));
		return 1;
	}
	return 0;
}
