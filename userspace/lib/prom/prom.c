// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The metrics' counting: one record at a time into bounded tables. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <linux/irqwatch.h>

#include "family.h"
#include "fmt.h"
#include "jsonl.h"
#include "jsonl_read.h"
#include "prom_int.h"

const uint64_t irqw_prom_bucket_ns[IRQW_PROM_BUCKETS] = {
	1000000, 2000000, 5000000, 10000000, 20000000, 50000000,
	100000000, 200000000, 500000000, 1000000000,
};

const char *const prom_hist_types[] = { "irqoff", "softirqoff", "stall", NULL };

/* The series counted from the start, so that rate() has a 0 to start from. */
static const char *const seed_events[][2] = {
	{ "irqoff", "irqs_disabled" },
	{ "irqoff", "vcpu_stall" },
	{ "irqoff", "idle_exit" },
	{ "irqoff", "unconfirmed" },
	{ "softirqoff", "bh_disabled" },
	{ "stall", "" },
};

static bool has_hist(const char *type)
{
	size_t i;

	for (i = 0; prom_hist_types[i]; i++)
		if (!strcmp(type, prom_hist_types[i]))
			return true;
	return false;
}

static struct prom_series *find(struct prom_table *t, const char *a,
				const char *b)
{
	unsigned int i;

	for (i = 0; i < t->nr; i++)
		if (!strcmp(t->s[i].value[0], a) && !strcmp(t->s[i].value[1], b))
			return &t->s[i];
	return NULL;
}

/*
 * The series of label values a and b (b may be NULL: none) in t, added if
 * new; in a full table, the series of IRQW_PROM_OTHER for every label (its
 * last place is kept for it).
 */
static struct prom_series *series(struct prom_table *t, const char *a,
				  const char *b)
{
	char va[IRQW_PROM_LABEL_MAX], vb[IRQW_PROM_LABEL_MAX];
	struct prom_series *s;

	irqw_clean_string(va, sizeof(va), a, false);
	irqw_clean_string(vb, sizeof(vb), b ? b : "", false);
	s = find(t, va, vb);
	if (s)
		return s;
	if (t->nr >= IRQW_PROM_SERIES_MAX - 1) {
		strcpy(va, IRQW_PROM_OTHER);
		if (b)
			strcpy(vb, IRQW_PROM_OTHER);
		s = find(t, va, vb);
		if (s)
			return s;
	}
	s = &t->s[t->nr++];
	memset(s, 0, sizeof(*s));
	strcpy(s->value[0], va);
	strcpy(s->value[1], vb);
	return s;
}

struct irqw_prom *irqw_prom_new(const char *version, const char *kernel)
{
	static const char *const reasons[] = { "seq_gap", "ring_full", "write_error" };
	struct irqw_prom *p = calloc(1, sizeof(*p));
	struct prom_series *s;
	size_t i;

	if (!p)
		return NULL;
	irqw_clean_string(p->version, sizeof(p->version), version, false);
	irqw_clean_string(p->kernel, sizeof(p->kernel), kernel, false);
	for (i = 0; i < sizeof(seed_events) / sizeof(seed_events[0]); i++) {
		s = series(&p->events, seed_events[i][0],
			   *seed_events[i][1] ? seed_events[i][1] : NULL);
		s->has_hist = has_hist(seed_events[i][0]);
	}
	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		series(&p->lost, reasons[i], NULL);
	return p;
}

void irqw_prom_free(struct irqw_prom *p)
{
	free(p);
}

/* The string member key of obj: 0 and *s, -ENOENT if absent, -EBADMSG. */
static int get_string(struct json_object *obj, const char *key, const char **s)
{
	struct json_object *val;

	if (!json_object_object_get_ex(obj, key, &val))
		return -ENOENT;
	if (!json_object_is_type(val, json_type_string))
		return -EBADMSG;
	*s = json_object_get_string(val);
	return 0;
}

/* The u64 member key of obj: 0 and *n, -ENOENT if absent, -EBADMSG. */
static int get_u64(struct json_object *obj, const char *key, uint64_t *n)
{
	struct json_object *val;

	if (!json_object_object_get_ex(obj, key, &val))
		return -ENOENT;
	return irqw_json_get_u64(val, n);
}

static bool known_type(const char *name)
{
	char buf[IRQW_TYPE_LEN];
	uint32_t t;

	for (t = 1; t <= IRQWATCH_EVENT_MAX; t++)
		if (!strcmp(name, irqw_event_type_name(t, buf)))
			return true;
	return false;
}

static void hist_add(struct prom_hist *h, uint64_t ns)
{
	size_t i;

	for (i = 0; i < IRQW_PROM_BUCKETS && ns > irqw_prom_bucket_ns[i]; i++)
		;
	if (i < IRQW_PROM_BUCKETS)
		h->buckets[i]++;
	h->count++;
	h->sum_ns += ns;
}

static int lost_record(struct irqw_prom *p, struct json_object *rec)
{
	const char *reason;
	uint64_t count;

	if (get_string(rec, "reason", &reason) || get_u64(rec, "count", &count))
		return -EBADMSG;
	series(&p->lost, reason, NULL)->n += count;
	return 0;
}

/*
 * A storm record's phase: "start" counts a storm of its kind (the type's
 * name before "_storm", "imbalance" for irq_imbalance) as in progress,
 * "end" one less; others change nothing. Never below 0: an end whose start
 * this logger did not see.
 */
static void storm_record(struct irqw_prom *p, const char *type,
			 const char *phase)
{
	char kind[IRQW_PROM_LABEL_MAX];
	size_t len = strlen(type) - strlen("_storm");
	struct prom_series *s;

	if (!strcmp(type, "irq_imbalance")) {
		type = "imbalance";
		len = strlen(type);
	}
	if (len >= sizeof(kind))
		len = sizeof(kind) - 1;
	memcpy(kind, type, len);
	kind[len] = '\0';
	s = series(&p->storms, kind, NULL);
	if (!strcmp(phase, "start"))
		s->n++;
	else if (!strcmp(phase, "end") && s->n)
		s->n--;
}

static bool is_storm(const char *type)
{
	size_t len = strlen(type);

	if (!strcmp(type, "irq_imbalance"))
		return true;
	return len > strlen("_storm") &&
	       !strcmp(type + len - strlen("_storm"), "_storm");
}

int irqw_prom_record(struct irqw_prom *p, struct json_object *rec)
{
	const char *type, *cause = NULL, *probe = NULL, *phase = NULL, *time;
	uint64_t v, duration = 0, real_ns;
	struct prom_series *s;
	int ret, dret;

	if (!json_object_is_type(rec, json_type_object) || get_u64(rec, "v", &v) ||
	    get_string(rec, "type", &type))
		return -EBADMSG;
	if (v != IRQW_JSON_VERSION)
		return -ENOENT;
	if (!strcmp(type, "lost"))
		return lost_record(p, rec);
	if (!known_type(type))
		return -ENOENT;
	if (get_string(rec, "time", &time) || irqw_parse_time(time, &real_ns))
		return -EBADMSG;
	ret = get_string(rec, "cause", &cause);
	if (ret == -EBADMSG || (ret = get_string(rec, "probe", &probe)) == -EBADMSG ||
	    (ret = get_string(rec, "phase", &phase)) == -EBADMSG)
		return -EBADMSG;
	dret = get_u64(rec, "duration_ns", &duration);
	if (dret == -EBADMSG)
		return -EBADMSG;

	s = series(&p->events, type, cause);
	s->n++;
	if (has_hist(type)) {
		s->has_hist = true;
		if (!dret)
			hist_add(&s->hist, duration);
	}
	s = series(&p->last, type, NULL);
	if (real_ns > s->real_ns)
		s->real_ns = real_ns;
	if (!strcmp(type, "stall") && probe)
		series(&p->probes, probe, NULL)->n++;
	if (is_storm(type) && phase)
		storm_record(p, type, phase);
	return 0;
}
