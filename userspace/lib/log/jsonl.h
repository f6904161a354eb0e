/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The JSON lines of "irqwatch record" (DESIGN.md section 3), built with
 * json-c: one object per record, keys in a fixed order, no newline. Pure.
 */
#ifndef IRQW_JSONL_H
#define IRQW_JSONL_H

#include <stdint.h>

#include "account.h"
#include "enrich.h"
#include "ipc.h"
#include "origin.h"

#define IRQW_JSON_VERSION	1	/* "v" */

/*
 * An event: v, seq, type, host, time (of real_ns), mono_ns, cpu, then where
 * the event has them duration_ns, index (synth_index), cause, context,
 * probe, cache, slab (objects, partial: from x), irqs_off (entry, exit),
 * irqoff_ns, related_seq, within (probe, kind), task (pid, tgid, comm, uid,
 * cgroup_id, cgroup from x, parent: pid, comm), stack, samples (each
 * offset_ns, irqs_disabled, delay_ns, task, stack) and samples_omitted
 * (when not 0), and last, where origin (may be NULL) knows them, boot_id
 * and load_id. x may be NULL. *line is malloc()ed; 0 or -ENOMEM.
 */
int irqw_json_event(const struct irqw_event *ev, const struct irqw_extra *x,
		    const char *host, const struct irqw_origin *origin,
		    char **line);

/*
 * A lost record found at mono_ns / real_ns: v, type "lost", host, time,
 * mono_ns, count, reason, for seq_gap first_seq and last_seq, then
 * boot_id and load_id as for events.
 */
int irqw_json_lost(const struct irqw_lost *lost, const char *host,
		   const struct irqw_origin *origin, uint64_t mono_ns,
		   uint64_t real_ns, char **line);

/*
 * The same records as json-c objects, *out the caller's (for a reader of
 * the record before it is written, such as the Prometheus metrics), and
 * an object as its line: irqw_json_line() consumes obj.
 */
struct json_object;
int irqw_json_event_obj(const struct irqw_event *ev,
			const struct irqw_extra *x, const char *host,
			const struct irqw_origin *origin,
			struct json_object **out);
int irqw_json_lost_obj(const struct irqw_lost *lost, const char *host,
		       const struct irqw_origin *origin, uint64_t mono_ns,
		       uint64_t real_ns, struct json_object **out);
int irqw_json_line(struct json_object *obj, char **line);

#endif /* IRQW_JSONL_H */
