// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <string.h>

#include "jv.h"

static const struct irqw_jnode *node(struct irqw_jv v)
{
	return &v.doc->nodes[v.node];
}

enum json_type irqw_jv_type(struct irqw_jv v)
{
	if (v.obj)
		return json_object_get_type(v.obj);
	return v.doc ? node(v)->type : json_type_null;
}

struct irqw_jv irqw_jv_member(struct irqw_jv v, const char *key)
{
	struct irqw_jv m = { 0 };
	const struct irqw_jnode *o;
	struct json_object *val;
	size_t len;
	uint32_t i, at;

	if (v.obj) {
		if (json_object_object_get_ex(v.obj, key, &val))
			m.obj = val;
		return m;
	}
	if (!v.doc || node(v)->type != json_type_object)
		return m;
	o = node(v);
	len = strlen(key);
	/* the scanner refuses repeated keys: the first is the only one */
	for (i = 0, at = v.node + 1; i < o->n; i++, at = v.doc->nodes[at].next) {
		const struct irqw_jnode *c = &v.doc->nodes[at];

		if (c->key_len == len && !memcmp(c->key, key, len)) {
			if (c->type != json_type_null) {
				m.doc = v.doc;
				m.node = at;
			}
			break;
		}
	}
	return m;
}

int64_t irqw_jv_int64(struct irqw_jv v)
{
	if (v.obj || !v.doc)
		return json_object_get_int64(v.obj);
	switch (node(v)->type) {
	case json_type_int:
		return node(v)->u.i;
	case json_type_boolean:
		return node(v)->u.b;
	case json_type_double:	/* as json-c: cut, and clamped */
		if (node(v)->u.d >= (double)INT64_MAX)
			return INT64_MAX;
		if (node(v)->u.d <= (double)INT64_MIN)
			return INT64_MIN;
		return (int64_t)node(v)->u.d;
	default:
		/* a string: the readers never ask (json-c would parse it) */
		return 0;
	}
}

uint64_t irqw_jv_uint64(struct irqw_jv v)
{
	if (v.obj || !v.doc)
		return json_object_get_uint64(v.obj);
	return (uint64_t)irqw_jv_int64(v);
}

double irqw_jv_double(struct irqw_jv v)
{
	if (v.obj || !v.doc)
		return json_object_get_double(v.obj);
	switch (node(v)->type) {
	case json_type_double:
		return node(v)->u.d;
	case json_type_int:
		return (double)node(v)->u.i;
	case json_type_boolean:
		return node(v)->u.b;
	default:
		return 0.0;
	}
}

const char *irqw_jv_string(struct irqw_jv v)
{
	if (v.obj || !v.doc)
		return json_object_get_string(v.obj);
	/* the readers ask only for strings' (json-c would format others) */
	return node(v)->type == json_type_string ? node(v)->u.s : NULL;
}

bool irqw_jv_bool(struct irqw_jv v)
{
	if (v.obj || !v.doc)
		return json_object_get_boolean(v.obj);
	switch (node(v)->type) {
	case json_type_boolean:
		return node(v)->u.b;
	case json_type_int:
		return node(v)->u.i != 0;
	default:
		return false;
	}
}

size_t irqw_jv_len(struct irqw_jv v)
{
	if (v.obj || !v.doc)
		return json_object_array_length(v.obj);
	return node(v)->type == json_type_array ? node(v)->n : 0;
}

struct irqw_jv irqw_jv_idx(struct irqw_jv v, size_t i)
{
	struct irqw_jv e = { 0 };
	struct irqw_jdoc *d = v.doc;
	uint32_t at, k;

	if (v.obj || !d) {
		e.obj = json_object_array_get_idx(v.obj, i);
		return e;
	}
	if (node(v)->type != json_type_array || i >= node(v)->n)
		return e;
	/* arrays are walked in order: go on from the last element found */
	if (d->last_arr == v.node && d->last_node && d->last_i <= i) {
		k = d->last_i;
		at = d->last_node;
	} else {
		k = 0;
		at = v.node + 1;
	}
	for (; k < i; k++)
		at = d->nodes[at].next;
	d->last_arr = v.node;
	d->last_i = (uint32_t)i;
	d->last_node = at;
	if (d->nodes[at].type != json_type_null) {
		e.doc = d;
		e.node = at;
	}
	return e;
}
