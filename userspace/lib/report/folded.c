// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fingerprint.h"
#include "folded.h"
#include "report.h"

/* Appends the frame's function name, sanitized, to s (room is there). */
static size_t put_frame(char *s, const char *frame)
{
	size_t len = strcspn(frame, "+ "), i;

	if (!len) {
		memcpy(s, IRQW_FOLDED_UNKNOWN, strlen(IRQW_FOLDED_UNKNOWN));
		return strlen(IRQW_FOLDED_UNKNOWN);
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)frame[i];

		s[i] = c == ';' || c <= ' ' || c == 0x7f ? '_' : (char)c;
	}
	return len;
}

char *irqw_folded_stack(const struct irqw_event *ev, const char *type_name)
{
	const char *const *f;
	size_t n, i, len, kept = 0, last = 0;
	char *s, *p;

	f = irqw_event_stack(ev, &n);
	/* room: the type, and each frame with its ';' */
	len = strlen(type_name) + 1 + sizeof(IRQW_FOLDED_NO_STACK);
	for (i = 0; i < n; i++) {
		len += strlen(f[i]) + sizeof(IRQW_FOLDED_UNKNOWN) + 1;
		if (!irqw_is_plumbing(f[i]))
			kept++;
	}
	s = malloc(len);
	if (!s)
		return NULL;
	p = s;
	len = strlen(type_name);
	memcpy(p, type_name, len);
	p += len;
	if (!n) {
		*p++ = ';';
		p = stpcpy(p, IRQW_FOLDED_NO_STACK);
		return s;
	}
	/* root first: from the outermost frame in */
	for (i = n; i-- > 0;) {
		if (kept ? irqw_is_plumbing(f[i]) : i != last)
			continue;
		*p++ = ';';
		p += put_frame(p, f[i]);
	}
	*p = '\0';
	return s;
}

static int rehash(struct irqw_folded *f)
{
	size_t n = f->nr_buckets ? 4 * f->nr_buckets : 64, i;
	struct irqw_fstack **b = calloc(n, sizeof(*b)), *s;

	if (!b)
		return -ENOMEM;
	for (i = 0; i < f->nr_buckets; i++)
		while ((s = f->buckets[i])) {
			f->buckets[i] = s->next;
			s->next = b[irqw_hash(s->stack) % n];
			b[irqw_hash(s->stack) % n] = s;
		}
	free(f->buckets);
	f->buckets = b;
	f->nr_buckets = n;
	return 0;
}

int irqw_folded_add(struct irqw_folded *f, const struct irqw_event *ev,
		    const char *type_name)
{
	struct irqw_fstack **b, *s;
	char *key;

	f->events++;
	/* a storm's duration is no time a stack held the CPU up */
	if (!ev->duration_ns || irqw_report_is_storm(ev->type)) {
		f->no_duration++;
		return 0;
	}
	if ((!f->nr_buckets || f->nr >= 2 * f->nr_buckets) && rehash(f))
		return -ENOMEM;
	key = irqw_folded_stack(ev, type_name);
	if (!key)
		return -ENOMEM;
	b = &f->buckets[irqw_hash(key) % f->nr_buckets];
	for (s = *b; s && strcmp(s->stack, key); s = s->next)
		;
	if (s) {
		free(key);
	} else {
		s = calloc(1, sizeof(*s));
		if (!s) {
			free(key);
			return -ENOMEM;
		}
		s->stack = key;
		s->next = *b;
		*b = s;
		f->nr++;
	}
	s->ns += ev->duration_ns;
	s->n++;
	return 0;
}

static int by_stack(const void *a, const void *b)
{
	return strcmp((*(struct irqw_fstack *const *)a)->stack,
		      (*(struct irqw_fstack *const *)b)->stack);
}

struct irqw_fstack **irqw_folded_sorted(const struct irqw_folded *f)
{
	struct irqw_fstack **v = calloc(f->nr + 1, sizeof(*v)), *s;
	size_t i, n = 0;

	if (!v)
		return NULL;
	for (i = 0; i < f->nr_buckets; i++)
		for (s = f->buckets[i]; s; s = s->next)
			v[n++] = s;
	if (n)
		qsort(v, n, sizeof(*v), by_stack);
	return v;
}

void irqw_folded_free(struct irqw_folded *f)
{
	struct irqw_fstack *s;
	size_t i;

	for (i = 0; i < f->nr_buckets; i++)
		while ((s = f->buckets[i])) {
			f->buckets[i] = s->next;
			free(s->stack);
			free(s);
		}
	free(f->buckets);
	memset(f, 0, sizeof(*f));
}
