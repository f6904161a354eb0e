/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Event families: one table entry per event type says its name, its
 * fields in JSON order with their keys and how each is written to and read
 * from JSON, and how monitor renders it as text. The JSON writer
 * (lib/log/jsonl.c), the JSONL reader (lib/log/jsonl_read.c) and monitor's
 * lines (human.c) all go through it, so a new event type is one entry here
 * (family.c) plus its fields.
 *
 * A record's JSON is: the head (v, seq, type, host, time, mono_ns, cpu),
 * then the family's fields, then the tail every family shares (task,
 * stack, samples, samples_omitted).
 */
#ifndef IRQW_FAMILY_H
#define IRQW_FAMILY_H

#include <stdint.h>
#include <stdio.h>

#include "enrich.h"
#include "event.h"
#include "jv.h"

struct json_object;

/* One field of the model as a JSON member. */
struct irqw_field {
	const char *key;
	/* adds the member to obj if ev (or x, which may be NULL) has it */
	int (*put)(struct json_object *obj, const struct irqw_field *f,
		   const struct irqw_event *ev, const struct irqw_extra *x);
	/*
	 * reads the member's value into ev and x: 0, -EBADMSG for a value
	 * that is not what put writes, -ENOMEM
	 */
	int (*get)(struct irqw_jv val, struct irqw_event *ev,
		   struct irqw_extra *x);
};

struct irqw_family {
	uint32_t type;		/* enum irqwatch_event_type */
	const char *name;	/* "type" in JSON, as in the UAPI header */
	const struct irqw_field *const *fields;	/* NULL-terminated */
	/* monitor's line after "[time] seq N ", the newline and samples included */
	void (*text)(FILE *f, const struct irqw_event *ev,
		     const struct irqw_extra *x);
};

/* The fields of the tail, after the family's: task, stack, samples, ... */
extern const struct irqw_field *const irqw_tail_fields[];

/*
 * The family of an event type; a type without one of its own (known to the
 * UAPI header but not built yet, or from a newer module) gets the generic
 * family, which has every field, and name NULL: its name is then
 * irqw_event_type_name()'s. Never NULL.
 */
/* A JSON int in [0, 2^64): 0, or -EBADMSG (not an int, negative, too large). */
int irqw_json_get_u64(struct json_object *val, uint64_t *out);

const struct irqw_family *irqw_family_of(uint32_t type);

/* The family called name, for the JSONL reader; NULL for a name unknown. */
const struct irqw_family *irqw_family_by_name(const char *name);

/* Adds the family's fields and then the tail's to obj. 0 or -ENOMEM. */
int irqw_family_put(const struct irqw_family *fam, struct json_object *obj,
		    const struct irqw_event *ev, const struct irqw_extra *x);

/*
 * Reads the family's fields and the tail's from obj (json-c's or the fast
 * scanner's: jv.h), those present; other members are skipped. 0, -EBADMSG
 * or -ENOMEM. The strings of ev and x->cgroup point into obj until
 * irqw_event_own().
 */
int irqw_family_get(const struct irqw_family *fam, struct irqw_jv obj,
		    struct irqw_event *ev, struct irqw_extra *x);

#endif /* IRQW_FAMILY_H */
