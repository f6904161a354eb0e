/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A JSON value as the event families read it (family.c), from either of
 * two parsers: json-c's tree, or the document of the fast JSONL scanner
 * (lib/log/jsonl_fast.c), a flat array of nodes over a copy of the line.
 * The accessors answer as json-c's do (json_object_get_int64() and the
 * rest), for every value the scanner accepts; the scanner leaves to
 * json-c whatever it does not know to give the same (escapes, exponents,
 * negative or huge numbers, duplicate keys, json-c's extensions), so one
 * reading code gives the same record from both. Pure.
 */
#ifndef IRQW_JV_H
#define IRQW_JV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

/* A node of a scanned document: a value, and its key in an object. */
struct irqw_jnode {
	enum json_type type;
	uint32_t n;		/* objects, arrays: members; strings: bytes */
	uint32_t next;		/* the node after this value and its members */
	uint32_t key_len;
	const char *key;	/* NULL outside an object */
	union {
		const char *s;	/* NUL-terminated */
		int64_t i;	/* >= 0 */
		double d;
		bool b;
	} u;
};

struct irqw_jdoc {
	struct irqw_jnode *nodes;	/* nodes[0]: the line's object */
	uint32_t nr, cap;
	char *buf;		/* the line's copy, the strings' NULs in it */
	size_t buf_cap;
	/* the last array element found, for walks in order */
	uint32_t last_arr, last_i, last_node;
};

/* A value: json-c's (obj), or a document's node; neither: absent (null). */
struct irqw_jv {
	struct json_object *obj;
	struct irqw_jdoc *doc;
	uint32_t node;
};

static inline struct irqw_jv irqw_jv_of(struct json_object *obj)
{
	return (struct irqw_jv){ .obj = obj };
}

static inline struct irqw_jv irqw_jv_doc(struct irqw_jdoc *doc)
{
	return (struct irqw_jv){ .doc = doc, .node = 0 };
}

/* Present: neither missing nor null (json-c gives NULL for both). */
static inline bool irqw_jv_present(struct irqw_jv v)
{
	return v.obj || v.doc;
}

/* As json_object_get_type(): json_type_null for an absent value. */
enum json_type irqw_jv_type(struct irqw_jv v);

static inline bool irqw_jv_is(struct irqw_jv v, enum json_type t)
{
	return irqw_jv_type(v) == t;
}

/* An object's member called key (the last if repeated); absent if none. */
struct irqw_jv irqw_jv_member(struct irqw_jv v, const char *key);

/* As json_object_get_int64(), _uint64() (errno included), _double(),
 * _string(), _boolean(), array_length() and array_get_idx(). */
int64_t irqw_jv_int64(struct irqw_jv v);
uint64_t irqw_jv_uint64(struct irqw_jv v);
double irqw_jv_double(struct irqw_jv v);
const char *irqw_jv_string(struct irqw_jv v);
bool irqw_jv_bool(struct irqw_jv v);
size_t irqw_jv_len(struct irqw_jv v);
struct irqw_jv irqw_jv_idx(struct irqw_jv v, size_t i);

#endif /* IRQW_JV_H */
