/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The fast path of the JSONL reader: a small scanner of strict JSON into a
 * flat document (jv.h), with no allocation per line once its buffers have
 * grown to the longest line, read into a record by the same code as
 * json-c's tree (irqw_record_from_jv()). What it does not fully know, it
 * leaves to json-c (irqw_record_parse_json()): a string with an escape or
 * a control byte, a number with a sign or an exponent or beyond int64, a
 * leading zero, a repeated key, nesting deeper than json-c's 32, anything
 * after the object, anything not JSON (json-c's own extensions included);
 * so a line gives the same record, or the same error, either way. Pure.
 */
#ifndef IRQW_JSONL_FAST_H
#define IRQW_JSONL_FAST_H

#include <stddef.h>

#include "jsonl_read.h"
#include "jv.h"

/*
 * Scans line (len bytes, NUL-terminated) into d: 0, -EAGAIN for a line to
 * leave to json-c, -ENOMEM. d starts zeroed and is reused line after line.
 */
int irqw_jdoc_scan(struct irqw_jdoc *d, const char *line, size_t len);

/* Frees d's buffers and zeroes it. */
void irqw_jdoc_free(struct irqw_jdoc *d);

/* irqw_record_parse() with d's buffers: one line of len bytes. */
int irqw_record_parse_doc(struct irqw_jdoc *d, const char *line, size_t len,
			  struct irqw_record *rec);

#endif /* IRQW_JSONL_FAST_H */
