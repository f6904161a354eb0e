/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The reader of "irqwatch record" logs: each JSON line back into the event
 * model that record wrote it from (event.h, family.h), or into a lost
 * record. Lines of a type it does not know (a newer tool's, or a schema
 * version "v" other than 1) are skipped; members it does not know are
 * ignored; a malformed line is counted and skipped, never fatal. Pure: it
 * prints nothing.
 *
 * What a line does not carry does not come back: "time" has microseconds
 * (real_ns is cut to them), a parent task has no tgid, uid or cgroup_id, an
 * empty stack and samples_omitted 0 are not written.
 */
#ifndef IRQW_JSONL_READ_H
#define IRQW_JSONL_READ_H

#include <stdint.h>
#include <stdio.h>

#include "account.h"
#include "enrich.h"
#include "event.h"
#include "jv.h"
#include "origin.h"

struct json_object;

enum irqw_record_kind {
	IRQW_RECORD_EVENT,
	IRQW_RECORD_LOST,
};

/* One line of a log; owns everything it points to. */
struct irqw_record {
	enum irqw_record_kind kind;
	char *host;
	uint64_t mono_ns;	/* of the event or the lost record */
	uint64_t real_ns;	/* of "time", microseconds */
	struct irqw_event ev;	/* IRQW_RECORD_EVENT */
	struct irqw_extra x;	/* what the host added; x.cgroup owned */
	struct irqw_lost lost;	/* IRQW_RECORD_LOST */
	struct irqw_origin origin;	/* boot_id, load_id: where written */
};

/*
 * The boot_id and load_id members of a record's object obj, each optional:
 * 0, or -EBADMSG if one is there but malformed.
 */
int irqw_json_get_origin(struct json_object *obj, struct irqw_origin *o);

/*
 * Parses one line (without its newline) into *rec: 0 (free *rec with
 * irqw_record_free()), -ENOENT for a line to skip (unknown type, reason or
 * schema version), -EBADMSG for a malformed one, -ENOMEM. The fast path
 * (jsonl_fast.c; irqw_record_parse_doc() keeps its buffers from line to
 * line), which leaves what it does not know to json-c.
 */
int irqw_record_parse(const char *line, struct irqw_record *rec);

/* The same with json-c alone: the reference the fast path must match. */
int irqw_record_parse_json(const char *line, struct irqw_record *rec);

/* The same from a parsed object of either parser (jv.h). */
int irqw_record_from_jv(struct irqw_jv obj, struct irqw_record *rec);

/* Frees what *rec owns and zeroes it; a zeroed *rec is fine. */
void irqw_record_free(struct irqw_record *rec);

/* What a reader met so far. */
struct irqw_reader_stats {
	uint64_t lines;		/* read, the current one included */
	uint64_t records;	/* returned */
	uint64_t skipped;	/* of types or versions not known */
	uint64_t malformed;	/* not JSON, or not as record writes it */
	uint64_t first_malformed;	/* its line number; 0: none */
};

/*
 * The next record of the log f: 1 and *rec, 0 at the end, or a negative
 * errno (-ENOMEM, an I/O error). Skipped and malformed lines are counted
 * in *st, which starts zeroed, and passed over.
 */
int irqw_jsonl_next(FILE *f, struct irqw_record *rec,
		    struct irqw_reader_stats *st);

/*
 * "2026-11-21T10:00:00.123456Z" as ns since the epoch (microseconds); the
 * inverse of irqw_format_time(). 0 or -EINVAL.
 */
int irqw_parse_time(const char *s, uint64_t *real_ns);

#endif /* IRQW_JSONL_READ_H */
