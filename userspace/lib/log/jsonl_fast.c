// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl_fast.h"

/* json-c's JSON_TOKENER_DEFAULT_DEPTH: deeper is json-c's to refuse */
#define DEPTH_MAX	32

struct scan {
	struct irqw_jdoc *d;
	char *p, *end;
	int depth;
};

static int ws(struct scan *s)
{
	while (s->p < s->end &&
	       (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
	return s->p < s->end ? (unsigned char)*s->p : -1;
}

/* A new node; its index, or -1 (out of memory). */
static int64_t add(struct scan *s, enum json_type type)
{
	struct irqw_jdoc *d = s->d;
	struct irqw_jnode *n;

	if (d->nr == d->cap) {
		uint32_t cap = d->cap ? 2 * d->cap : 256;

		n = realloc(d->nodes, cap * sizeof(*n));
		if (!n)
			return -1;
		d->nodes = n;
		d->cap = cap;
	}
	n = &d->nodes[d->nr];
	memset(n, 0, sizeof(*n));
	n->type = type;
	return d->nr++;
}

/* A string at s->p (its quote): NUL-terminated in place; -EAGAIN if not plain. */
static int string(struct scan *s, char **str, uint32_t *len)
{
	char *start = ++s->p;
	unsigned char c;

	for (; s->p < s->end; s->p++) {
		c = (unsigned char)*s->p;
		if (c == '"') {
			*s->p++ = '\0';
			*str = start;
			*len = (uint32_t)(s->p - 1 - start);
			return 0;
		}
		if (c == '\\' || c < 0x20)
			return -EAGAIN;
	}
	return -EAGAIN;
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A number: digits, and ".digits" for a double; no sign, no exponent. */
static int number(struct scan *s, struct irqw_jnode *n)
{
	char *start = s->p, *end;
	uint64_t v = 0;

	if (*s->p == '0' && s->p + 1 < s->end && digit(s->p[1]))
		return -EAGAIN;	/* a leading zero */
	while (s->p < s->end && digit(*s->p)) {
		uint64_t dg = (uint64_t)(*s->p - '0');

		if (v > ((uint64_t)INT64_MAX - dg) / 10)
			v = UINT64_MAX;	/* too large for an int64: json-c's */
		else
			v = v * 10 + dg;
		s->p++;
	}
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		if (s->p == s->end || !digit(*s->p))
			return -EAGAIN;
		while (s->p < s->end && digit(*s->p))
			s->p++;
		if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
			return -EAGAIN;
		/* json-c reads doubles with strtod() too */
		n->type = json_type_double;
		n->u.d = strtod(start, &end);
		return end == s->p ? 0 : -EAGAIN;
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
		return -EAGAIN;
	if (v > INT64_MAX)
		return -EAGAIN;
	n->u.i = (int64_t)v;
	return 0;
}

static bool word(struct scan *s, const char *w, size_t len)
{
	if ((size_t)(s->end - s->p) < len || memcmp(s->p, w, len))
		return false;
	s->p += len;
	return true;
}

static int value(struct scan *s, char *key, uint32_t key_len);

/* Whether the object at index o has a member called key already. */
static bool repeated(const struct irqw_jdoc *d, uint32_t o, const char *key,
		     uint32_t len)
{
	uint32_t i, at;

	for (i = 0, at = o + 1; i < d->nodes[o].n; i++, at = d->nodes[at].next)
		if (d->nodes[at].key_len == len && !memcmp(d->nodes[at].key, key, len))
			return true;
	return false;
}

static int object(struct scan *s, uint32_t o)
{
	uint64_t seen = 0, bit;
	uint32_t len;
	char *key;
	int c, ret;

	s->p++;
	if (ws(s) == '}') {
		s->p++;
		return 0;
	}
	for (;;) {
		if (ws(s) != '"')
			return -EAGAIN;
		ret = string(s, &key, &len);
		if (ret)
			return ret;
		/* a key seen before is json-c's to settle */
		bit = 1ULL << ((len * 7U + (len ? (unsigned char)key[0] +
				 3U * (unsigned char)key[len - 1] : 0)) & 63);
		if ((seen & bit) && repeated(s->d, o, key, len))
			return -EAGAIN;
		seen |= bit;
		if (ws(s) != ':')
			return -EAGAIN;
		s->p++;
		ret = value(s, key, len);
		if (ret)
			return ret;
		s->d->nodes[o].n++;
		c = ws(s);
		s->p++;
		if (c == '}')
			return 0;
		if (c != ',')
			return -EAGAIN;
	}
}

static int array(struct scan *s, uint32_t a)
{
	int c, ret;

	s->p++;
	if (ws(s) == ']') {
		s->p++;
		return 0;
	}
	for (;;) {
		ret = value(s, NULL, 0);
		if (ret)
			return ret;
		s->d->nodes[a].n++;
		c = ws(s);
		s->p++;
		if (c == ']')
			return 0;
		if (c != ',')
			return -EAGAIN;
	}
}

static int value(struct scan *s, char *key, uint32_t key_len)
{
	int64_t at;
	int c = ws(s), ret = 0;

	at = add(s, json_type_int);
	if (at < 0)
		return -ENOMEM;
	s->d->nodes[at].key = key;
	s->d->nodes[at].key_len = key_len;
	if (c == '{' || c == '[') {
		if (++s->depth > DEPTH_MAX - 1)
			return -EAGAIN;
		s->d->nodes[at].type = c == '{' ? json_type_object : json_type_array;
		ret = c == '{' ? object(s, (uint32_t)at) : array(s, (uint32_t)at);
		s->depth--;
	} else if (c == '"') {
		s->d->nodes[at].type = json_type_string;
		ret = string(s, (char **)&s->d->nodes[at].u.s, &s->d->nodes[at].n);
	} else if (c >= '0' && c <= '9') {
		ret = number(s, &s->d->nodes[at]);
	} else if (word(s, "true", 4)) {
		s->d->nodes[at].type = json_type_boolean;
		s->d->nodes[at].u.b = true;
	} else if (word(s, "false", 5)) {
		s->d->nodes[at].type = json_type_boolean;
	} else if (word(s, "null", 4)) {
		s->d->nodes[at].type = json_type_null;
	} else {
		ret = -EAGAIN;
	}
	s->d->nodes[at].next = s->d->nr;
	return ret;
}

int irqw_jdoc_scan(struct irqw_jdoc *d, const char *line, size_t len)
{
	struct scan s = { .d = d };
	int ret;

	if (len + 1 > d->buf_cap) {
		char *b = realloc(d->buf, len + 1);

		if (!b)
			return -ENOMEM;
		d->buf = b;
		d->buf_cap = len + 1;
	}
	memcpy(d->buf, line, len + 1);
	d->nr = 0;
	d->last_node = 0;
	s.p = d->buf;
	s.end = d->buf + len;
	if (ws(&s) != '{')
		return -EAGAIN;
	ret = value(&s, NULL, 0);
	if (ret)
		return ret;
	return ws(&s) == -1 ? 0 : -EAGAIN;
}

void irqw_jdoc_free(struct irqw_jdoc *d)
{
	free(d->nodes);
	free(d->buf);
	memset(d, 0, sizeof(*d));
}

int irqw_record_parse_doc(struct irqw_jdoc *d, const char *line, size_t len,
			  struct irqw_record *rec)
{
	int ret = irqw_jdoc_scan(d, line, len);

	if (ret == -EAGAIN)
		return irqw_record_parse_json(line, rec);
	if (ret) {
		memset(rec, 0, sizeof(*rec));
		return ret;
	}
	return irqw_record_from_jv(irqw_jv_doc(d), rec);
}

int irqw_record_parse(const char *line, struct irqw_record *rec)
{
	struct irqw_jdoc d = { 0 };
	int ret = irqw_record_parse_doc(&d, line, strlen(line), rec);

	irqw_jdoc_free(&d);
	return ret;
}
