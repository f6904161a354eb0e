// SPDX-License-Identifier: GPL-2.0 OR MIT
/* irqw_report_add(): one record into the report's tables. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/irqwatch.h>

#include "fingerprint.h"
#include "fmt.h"
#include "report.h"

#define NSEC_PER_MIN	(60ULL * 1000000000ULL)

void irqw_report_init(struct irqw_report *r, const struct irqw_filter *f)
{
	memset(r, 0, sizeof(*r));
	if (f)
		r->filter = *f;
}

uint64_t irqw_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* Grows *arr of *nr elements of size by one zeroed element; NULL: -ENOMEM. */
static void *grow(void *arr_p, size_t *nr, size_t size)
{
	void **arr = arr_p;
	char *n = realloc(*arr, (*nr + 1) * size);

	if (!n)
		return NULL;
	*arr = n;
	memset(n + *nr * size, 0, size);
	return n + (*nr)++ * size;
}

static int tally_add(struct irqw_tally *t, const char *name, uint64_t n)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (!strcmp(t->item[i].name, name)) {
			t->item[i].n += n;
			return 0;
		}
	if (t->nr == IRQW_TALLY_MAX) {
		t->other += n;
		return 0;
	}
	t->item[t->nr].name = strdup(name);
	if (!t->item[t->nr].name)
		return -ENOMEM;
	t->item[t->nr++].n = n;
	return 0;
}

static void tally_free(struct irqw_tally *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		free(t->item[i].name);
	memset(t, 0, sizeof(*t));
}

static int set_string(char **dst, const char *s)
{
	char *n;

	if (!s)
		return 0;
	n = strdup(s);
	if (!n)
		return -ENOMEM;
	free(*dst);
	*dst = n;
	return 0;
}

static bool passes(const struct irqw_filter *f, const struct irqw_record *rec)
{
	const char *const *h;

	if (rec->real_ns < f->since_ns || (f->until_ns && rec->real_ns >= f->until_ns))
		return false;
	if (f->hosts) {
		for (h = f->hosts; *h && strcmp(*h, rec->host); h++)
			;
		if (!*h)
			return false;
	}
	if (rec->kind != IRQW_RECORD_EVENT)
		return true;
	if (f->cpus && (rec->ev.cpu >= IRQW_MAX_CPUS ||
			!irqw_cpumask_test(f->cpus, rec->ev.cpu)))
		return false;
	return !f->types || (rec->ev.type < 64 && (f->types >> rec->ev.type & 1));
}

static struct irqw_host *host_of(struct irqw_report *r, const char *name)
{
	struct irqw_host *h;
	size_t i;

	for (i = 0; i < r->nr_hosts; i++)
		if (!strcmp(r->hosts[i].name, name))
			return &r->hosts[i];
	h = grow(&r->hosts, &r->nr_hosts, sizeof(*h));
	if (h && !(h->name = strdup(name))) {
		r->nr_hosts--;
		return NULL;
	}
	return h;
}

static bool is_window(uint32_t type)
{
	return type == IRQWATCH_EVENT_IRQOFF || type == IRQWATCH_EVENT_SOFTIRQOFF;
}

static struct irqw_culprit *culprit_of(struct irqw_report *r, const char *key,
				       uint32_t type)
{
	struct irqw_culprit **b, *c;
	size_t i, n;

	if (!r->nr_buckets || r->nr_culprits >= 2 * r->nr_buckets) {
		n = r->nr_buckets ? 4 * r->nr_buckets : 64;
		b = calloc(n, sizeof(*b));
		if (!b)
			return NULL;
		for (i = 0; i < r->nr_buckets; i++)
			while ((c = r->buckets[i])) {
				r->buckets[i] = c->next;
				c->next = b[irqw_hash(c->key) % n];
				b[irqw_hash(c->key) % n] = c;
			}
		free(r->buckets);
		r->buckets = b;
		r->nr_buckets = n;
	}
	b = &r->buckets[irqw_hash(key) % r->nr_buckets];
	for (c = *b; c; c = c->next)
		if (!strcmp(c->key, key))
			return c;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->key = strdup(key);
	c->cpus = calloc(1, sizeof(*c->cpus));
	if (!c->key || !c->cpus) {
		free(c->key);
		free(c->cpus);
		free(c);
		return NULL;
	}
	c->type = type;
	c->next = *b;
	*b = c;
	r->nr_culprits++;
	return c;
}

static int set_example(struct irqw_culprit *c, const struct irqw_event *ev)
{
	char **n = NULL;
	size_t i;

	if (c->example && ev->duration_ns <= c->example_ns)
		return 0;
	if (ev->nr_frames) {
		n = calloc(ev->nr_frames, sizeof(*n));
		if (!n)
			return -ENOMEM;
		for (i = 0; i < ev->nr_frames; i++)
			if (!(n[i] = strdup(ev->frames[i])))
				goto nomem;
	}
	for (i = 0; i < c->nr_example; i++)
		free(c->example[i]);
	free(c->example);
	c->example = n;
	c->nr_example = ev->nr_frames;
	c->example_ns = ev->duration_ns;
	return 0;
nomem:
	while (i--)
		free(n[i]);
	free(n);
	return -ENOMEM;
}

/* The hint's context of c from a stall record. */
static int stall_context(struct irqw_culprit *c, const struct irqw_record *rec)
{
	const struct irqw_event *ev = &rec->ev;
	int ret;

	ret = set_string(&c->cache, ev->cache);
	if (!ret && (ev->has & IRQW_EV_TASK))
		ret = set_string(&c->reader, ev->task.comm);
	if (!ret && (ev->has & IRQW_EV_PARENT))
		ret = set_string(&c->parent, ev->parent.comm);
	if (rec->x.has_slab) {
		c->has_slab = true;
		c->partial = rec->x.slab_partial;
		c->objects = rec->x.slab_objects;
	}
	return ret;
}

static int add_culprit(struct irqw_report *r, const struct irqw_record *rec,
		       const char *type_name, struct irqw_culprit **out)
{
	const struct irqw_event *ev = &rec->ev;
	char key[IRQW_FP_KEY_MAX];
	const char *const *frames;
	struct irqw_culprit *c;
	size_t nr;
	int ret;

	irqw_fingerprint(ev, type_name, key, &frames, &nr);
	c = culprit_of(r, key, ev->type);
	if (!c)
		return -ENOMEM;
	if (!c->count || rec->real_ns < c->first_ns)
		c->first_ns = rec->real_ns;
	if (rec->real_ns > c->last_ns)
		c->last_ns = rec->real_ns;
	c->count++;
	c->total_ns += ev->duration_ns;
	if (ev->cpu < IRQW_MAX_CPUS)
		irqw_cpumask_set(c->cpus, ev->cpu);
	ret = irqw_pctl_add(&c->pctl, ev->duration_ns);
	if (!ret)
		ret = tally_add(&c->hosts, rec->host, 1);
	if (!ret && (ev->has & IRQW_EV_TASK))
		ret = tally_add(&c->tasks, ev->task.comm, 1);
	if (!ret && (ev->has & IRQW_EV_PARENT))
		ret = tally_add(&c->parents, ev->parent.comm, 1);
	if (!ret)
		ret = set_example(c, ev);
	if (!ret && (ev->has & IRQW_EV_WITHIN))
		ret = set_string(&c->within, ev->within.symbol);
	if (!ret && ev->type == IRQWATCH_EVENT_STALL)
		ret = set_string(&c->probe, ev->probe) ?: stall_context(c, rec);
	*out = c;
	return ret;
}

static int add_worst(struct irqw_report *r, const struct irqw_record *rec,
		     const struct irqw_culprit *c)
{
	struct irqw_worst w = {
		.duration_ns = rec->ev.duration_ns, .real_ns = rec->real_ns,
		.seq = rec->ev.seq, .type = rec->ev.type, .cpu = rec->ev.cpu,
	};
	size_t i = r->nr_worst;

	if (i == IRQW_WORST_MAX) {
		if (w.duration_ns <= r->worst[i - 1].duration_ns)
			return 0;
		i--;
		free(r->worst[i].host);
		free(r->worst[i].culprit);
	} else {
		r->nr_worst++;
	}
	w.host = strdup(rec->host);
	w.culprit = strdup(c->key);
	if (!w.host || !w.culprit) {
		free(w.host);
		free(w.culprit);
		r->nr_worst--;
		memmove(&r->worst[i], &r->worst[i + 1],
			(r->nr_worst - i) * sizeof(w));
		return -ENOMEM;
	}
	/* longest first; ties keep the earlier record first */
	for (; i > 0 && r->worst[i - 1].duration_ns < w.duration_ns; i--)
		r->worst[i] = r->worst[i - 1];
	r->worst[i] = w;
	return 0;
}

static int by_minute_cpu(const void *a, const void *b)
{
	const struct irqw_minute *x = a, *y = b;

	if (x->minute != y->minute)
		return x->minute < y->minute ? -1 : 1;
	return x->cpu < y->cpu ? -1 : x->cpu > y->cpu;
}

/*
 * Doubles the buckets' width: each pair of buckets (2k, 2k + 1 of the old
 * width) becomes one, their counts per CPU summed.
 */
static void widen_minutes(struct irqw_report *r)
{
	uint64_t mask;
	size_t i, k;

	r->minute_shift++;
	mask = ~((1ULL << r->minute_shift) - 1);
	for (i = 0; i < r->nr_minutes; i++)
		r->minutes[i].minute &= mask;
	/* sorted by bucket; within one, two runs sorted by CPU */
	qsort(r->minutes, r->nr_minutes, sizeof(*r->minutes), by_minute_cpu);
	r->nr_minute_buckets = 0;
	for (i = k = 0; i < r->nr_minutes; i++) {
		if (k && r->minutes[k - 1].minute == r->minutes[i].minute &&
		    r->minutes[k - 1].cpu == r->minutes[i].cpu) {
			r->minutes[k - 1].n += r->minutes[i].n;
			continue;
		}
		if (!k || r->minutes[k - 1].minute != r->minutes[i].minute)
			r->nr_minute_buckets++;
		r->minutes[k++] = r->minutes[i];
	}
	r->nr_minutes = k;
}

/* Where (m, cpu) is or would go in r->minutes. */
static size_t minute_pos(const struct irqw_report *r, uint64_t m, uint32_t cpu)
{
	size_t lo = 0, hi = r->nr_minutes, mid;

	/* events come mostly in time order: look at the end first */
	if (hi && (r->minutes[hi - 1].minute < m ||
		   (r->minutes[hi - 1].minute == m && r->minutes[hi - 1].cpu < cpu)))
		return hi;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->minutes[mid].minute < m ||
		    (r->minutes[mid].minute == m && r->minutes[mid].cpu < cpu))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Counts an event of cpu in its bucket (report.h: IRQW_MINUTE_BUCKETS). */
static int add_minute(struct irqw_report *r, uint64_t real_ns, uint32_t cpu)
{
	struct irqw_minute *n;
	bool fresh;
	uint64_t m;
	size_t lo;

	for (;;) {
		m = real_ns / NSEC_PER_MIN & ~((1ULL << r->minute_shift) - 1);
		lo = minute_pos(r, m, cpu);
		if (lo < r->nr_minutes && r->minutes[lo].minute == m &&
		    r->minutes[lo].cpu == cpu) {
			r->minutes[lo].n++;
			return 0;
		}
		/* a bucket no CPU has had an event in yet */
		fresh = !(lo && r->minutes[lo - 1].minute == m) &&
			!(lo < r->nr_minutes && r->minutes[lo].minute == m);
		if (!fresh || r->nr_minute_buckets < IRQW_MINUTE_BUCKETS)
			break;
		widen_minutes(r);
	}
	if (r->nr_minutes == r->cap_minutes) {
		n = realloc(r->minutes, (r->cap_minutes ? 2 * r->cap_minutes : 64) *
					sizeof(*n));
		if (!n)
			return -ENOMEM;
		r->minutes = n;
		r->cap_minutes = r->cap_minutes ? 2 * r->cap_minutes : 64;
	}
	memmove(&r->minutes[lo + 1], &r->minutes[lo],
		(r->nr_minutes - lo) * sizeof(*n));
	r->minutes[lo] = (struct irqw_minute){ .minute = m, .cpu = cpu, .n = 1 };
	r->nr_minutes++;
	r->nr_minute_buckets += fresh;
	return 0;
}

static int add_cpu(struct irqw_report *r, const struct irqw_event *ev)
{
	struct irqw_cpu_stat *s = NULL;
	size_t i;

	for (i = 0; i < r->nr_cpus && !s; i++)
		if (r->cpus[i].cpu == ev->cpu)
			s = &r->cpus[i];
	if (!s) {
		s = grow(&r->cpus, &r->nr_cpus, sizeof(*s));
		if (!s)
			return -ENOMEM;
		s->cpu = ev->cpu;
	}
	s->events++;
	/* a storm's duration is no time the CPU was held up: the Storms section */
	if (irqw_report_is_storm(ev->type))
		return 0;
	s->total_ns += ev->duration_ns;
	if (ev->duration_ns > s->max_ns)
		s->max_ns = ev->duration_ns;
	return 0;
}

static int add_type_cause(struct irqw_report *r, const struct irqw_event *ev)
{
	uint32_t cause = (ev->has & IRQW_EV_CAUSE) ? ev->cause : 0;
	struct irqw_type_cause *tc;
	size_t i;

	for (i = 0; i < r->nr_tc; i++)
		if (r->tc[i].type == ev->type && r->tc[i].cause == cause)
			break;
	if (i < r->nr_tc) {
		tc = &r->tc[i];
	} else {
		tc = grow(&r->tc, &r->nr_tc, sizeof(*tc));
		if (!tc)
			return -ENOMEM;
		tc->type = ev->type;
		tc->cause = cause;
	}
	tc->n++;
	tc->total_ns += ev->duration_ns;
	return 0;
}

#define OR_EMPTY(s) ((s) ? (s) : "")

static int add_stall(struct irqw_report *r, const struct irqw_record *rec)
{
	const struct irqw_event *ev = &rec->ev;
	const char *reader = (ev->has & IRQW_EV_TASK) ? ev->task.comm : "";
	struct irqw_stall_key *k = NULL;
	uint64_t hh = irqw_hash(rec->host);
	size_t i;

	for (i = 0; i < r->nr_stalls && !k; i++)
		if (!strcmp(r->stalls[i].probe, OR_EMPTY(ev->probe)) &&
		    !strcmp(r->stalls[i].cache, OR_EMPTY(ev->cache)) &&
		    !strcmp(r->stalls[i].reader, reader))
			k = &r->stalls[i];
	if (!k) {
		k = grow(&r->stalls, &r->nr_stalls, sizeof(*k));
		if (!k)
			return -ENOMEM;
		k->probe = strdup(OR_EMPTY(ev->probe));
		k->cache = strdup(OR_EMPTY(ev->cache));
		k->reader = strdup(reader);
		if (!k->probe || !k->cache || !k->reader)
			return -ENOMEM;
	}
	k->calls++;
	k->total_ns += ev->duration_ns;
	k->irqoff_ns += ev->irqoff_ns;
	if (ev->duration_ns > k->max_ns)
		k->max_ns = ev->duration_ns;
	if (!(ev->has & IRQW_EV_RELATED_SEQ))
		return 0;
	if (k->linked < IRQW_LINKED_MAX)
		k->linked_seq[k->linked] = ev->related_seq;
	k->linked++;
	/* the window it links gets this call's hint context */
	for (i = 0; r->link && i < IRQW_LINK_RING; i++)
		if (r->link[i].c && r->link[i].host_hash == hh &&
		    r->link[i].seq == ev->related_seq)
			return stall_context(r->link[i].c, rec);
	return 0;
}

static int remember_window(struct irqw_report *r, const struct irqw_record *rec,
			   struct irqw_culprit *c)
{
	if (!r->link) {
		r->link = calloc(IRQW_LINK_RING, sizeof(*r->link));
		if (!r->link)
			return -ENOMEM;
	}
	r->link[r->link_next].host_hash = irqw_hash(rec->host);
	r->link[r->link_next].seq = rec->ev.seq;
	r->link[r->link_next].c = c;
	r->link_next = (r->link_next + 1) % IRQW_LINK_RING;
	return 0;
}

static int add_softirq(struct irqw_report *r, const struct irqw_event *ev)
{
	char buf[IRQW_NAME_LEN];
	uint32_t v;
	int ret = 0;

	r->soft_n++;
	r->soft_total_ns += ev->duration_ns;
	v = (ev->has & IRQW_EV_DURATION_MAX) ? ev->duration_max_ns : ev->duration_ns;
	if (v > r->soft_max_ns)
		r->soft_max_ns = v;
	for (v = 0; v < 32 && !ret; v++)
		if (ev->pending >> v & 1)
			ret = tally_add(&r->soft_pending, irqw_softirq_name(v, buf), 1);
	return ret;
}

int irqw_report_add(struct irqw_report *r, const struct irqw_record *rec)
{
	const struct irqw_event *ev = &rec->ev;
	char tbuf[IRQW_TYPE_LEN];
	struct irqw_culprit *c = NULL;
	struct irqw_host *h;
	int ret;

	r->records++;
	if (!passes(&r->filter, rec)) {
		r->filtered++;
		return 0;
	}
	if (r->sink) {
		ret = r->sink(r->sink_ctx, rec);
		if (ret)
			return ret;
	}
	h = host_of(r, rec->host);
	if (!h)
		return -ENOMEM;
	if (!h->events && !h->lost)
		h->first_ns = rec->real_ns;
	if (rec->real_ns < h->first_ns)
		h->first_ns = rec->real_ns;
	if (rec->real_ns > h->last_ns)
		h->last_ns = rec->real_ns;
	if (rec->kind == IRQW_RECORD_LOST) {
		h->lost += rec->lost.count;
		r->lost_records++;
		if (rec->lost.reason < 3)
			r->lost[rec->lost.reason] += rec->lost.count;
		return 0;
	}
	h->events++;
	r->events++;
	ret = add_type_cause(r, ev);
	if (!ret)
		ret = add_cpu(r, ev);
	if (!ret)
		ret = add_minute(r, rec->real_ns, ev->cpu);
	if (!ret && !irqw_report_is_storm(ev->type))
		ret = add_culprit(r, rec, irqw_event_type_name(ev->type, tbuf), &c);
	if (!ret && is_window(ev->type))
		ret = add_worst(r, rec, c);
	if (!ret && ev->type == IRQWATCH_EVENT_IRQOFF)
		ret = remember_window(r, rec, c);
	if (!ret && ev->type == IRQWATCH_EVENT_STALL)
		ret = add_stall(r, rec);
	if (!ret && ev->type == IRQWATCH_EVENT_SOFTIRQOFF)
		ret = add_softirq(r, ev);
	if (!ret)
		ret = irqw_report_storms_add(r, rec);
	return ret;
}

int irqw_report_bad(struct irqw_report *r, const char *file, uint64_t line,
		    bool skipped, const char *why)
{
	struct irqw_bad *b;

	if (skipped)
		r->skipped++;
	else
		r->bad++;
	if (r->nr_badv == IRQW_BAD_MAX)
		return 0;
	b = &r->badv[r->nr_badv];
	b->file = strdup(file);
	b->why = strdup(why);
	b->line = line;
	if (!b->file || !b->why) {
		free(b->file);
		free(b->why);
		return -ENOMEM;
	}
	r->nr_badv++;
	return 0;
}

static void culprit_free(struct irqw_culprit *c)
{
	size_t i;

	free(c->key);
	free(c->cpus);
	irqw_pctl_free(&c->pctl);
	tally_free(&c->hosts);
	tally_free(&c->tasks);
	tally_free(&c->parents);
	for (i = 0; i < c->nr_example; i++)
		free(c->example[i]);
	free(c->example);
	free(c->within);
	free(c->probe);
	free(c->cache);
	free(c->reader);
	free(c->parent);
	free(c);
}

void irqw_report_free(struct irqw_report *r)
{
	struct irqw_culprit *c;
	size_t i;

	for (i = 0; i < r->nr_buckets; i++)
		while ((c = r->buckets[i])) {
			r->buckets[i] = c->next;
			culprit_free(c);
		}
	free(r->buckets);
	for (i = 0; i < r->nr_hosts; i++)
		free(r->hosts[i].name);
	free(r->hosts);
	free(r->tc);
	for (i = 0; i < r->nr_worst; i++) {
		free(r->worst[i].host);
		free(r->worst[i].culprit);
	}
	free(r->cpus);
	free(r->minutes);
	for (i = 0; i < r->nr_stalls; i++) {
		free(r->stalls[i].probe);
		free(r->stalls[i].cache);
		free(r->stalls[i].reader);
	}
	free(r->stalls);
	tally_free(&r->soft_pending);
	irqw_report_storms_free(r);
	for (i = 0; i < r->nr_badv; i++) {
		free(r->badv[i].file);
		free(r->badv[i].why);
	}
	free(r->link);
	memset(r, 0, sizeof(*r));
}
