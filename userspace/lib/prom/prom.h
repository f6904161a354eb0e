/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Prometheus metrics of a logger process, for node_exporter's textfile
 * collector: counters and histograms kept from the records the logger
 * writes (each as the json-c object of its JSON line, so record and any
 * replay of a log count the same way), written as the text exposition
 * format into a file replaced atomically. Pure but for irqw_prom_write().
 *
 * Series (irqwatch(8) describes them), all labels bounded:
 *   irqwatch_build_info{version,kernel} 1
 *   irqwatch_events_total{type[,cause]}    cause for types that have one
 *   irqwatch_lost_events_total{reason}
 *   irqwatch_{irqoff,softirqoff}_duration_seconds{cause}   histograms
 *   irqwatch_stall_duration_seconds                         histogram
 *   irqwatch_stall_calls_total{probe}
 *   irqwatch_storm_active{kind}            from *_storm records' "phase"
 *   irqwatch_last_event_timestamp_seconds{type}
 * The counters of the types, causes and reasons this version knows start
 * at 0. A table holds IRQW_PROM_SERIES_MAX label sets at most; what comes
 * beyond is counted under the value "[other]".
 */
#ifndef IRQW_PROM_H
#define IRQW_PROM_H

#include <stddef.h>
#include <stdint.h>

#define IRQW_PROM_INTERVAL_NS	(15ULL * 1000000000ULL)	/* --prom-interval */
#define IRQW_PROM_SERIES_MAX	64	/* label sets per table */
#define IRQW_PROM_LABEL_MAX	128	/* bytes of a label value, NUL included */
#define IRQW_PROM_OTHER		"[other]"
/* Upper bounds of the duration histograms' buckets, ns; +Inf follows. */
#define IRQW_PROM_BUCKETS	10

extern const uint64_t irqw_prom_bucket_ns[IRQW_PROM_BUCKETS];

struct json_object;
struct irqw_prom;

/*
 * New metrics with every counter at 0; version and kernel are the labels
 * of irqwatch_build_info. NULL: out of memory.
 */
struct irqw_prom *irqw_prom_new(const char *version, const char *kernel);
void irqw_prom_free(struct irqw_prom *p);

/*
 * Counts one record, the object of a JSON line as "irqwatch record" writes
 * it (jsonl.h): an event ("type" one of the UAPI header's, "time",
 * optionally "cause", "duration_ns", "probe", "phase") or a lost record
 * ("count", "reason"). 0; -ENOENT for a record not counted (schema
 * version "v" other than 1, a type this version does not know);
 * -EBADMSG for a malformed one (nothing is counted then); -ENOMEM.
 */
int irqw_prom_record(struct irqw_prom *p, struct json_object *rec);

/* The exposition text, malloc()ed into *text (NUL-terminated). 0 or -ENOMEM. */
int irqw_prom_text(const struct irqw_prom *p, char **text, size_t *len);

/*
 * s as a label value: backslash, double quote and newline escaped (\\, \",
 * \n), cut whole at size - 1 bytes. Returns the length written.
 */
size_t irqw_prom_escape(char *dst, size_t size, const char *s);

/*
 * Whether the metrics file path can be written as irqw_prom_write() does:
 * its directory exists, is a directory and is writable and searchable by
 * this process, and path is not a directory. 0 or a negative errno.
 */
int irqw_prom_check_path(const char *path);

/*
 * Writes the metrics to path atomically: a new file beside it (".NAME."
 * and six random characters, so that a reader of *.prom never sees it),
 * mode 0644, written whole and synced, then renamed over path. A reader
 * sees the old file or the new one, never a part; a failure removes the
 * new file and leaves the old one. 0 or a negative errno.
 */
int irqw_prom_write(const struct irqw_prom *p, const char *path);

/* irqw_prom_write()'s replacement of path by len bytes of text, mode 0644. */
int irqw_file_replace(const char *path, const char *text, size_t len);

#endif /* IRQW_PROM_H */
