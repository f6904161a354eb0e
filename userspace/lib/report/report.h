/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The analyzer's model (irqwatch report): records of any number of logs go
 * in one at a time (irqw_report_add()), and what is kept is bounded by the
 * distinct culprits, hosts, CPUs and stall keys, not by the number of
 * records nor by the time they span (the events per minute are kept in at
 * most IRQW_MINUTE_BUCKETS buckets of time). Pure: no I/O; the formatters
 * (cmd/report_text.c, cmd/report_json.c) read it through the section table
 * (cmd/report_fmt.c).
 */
#ifndef IRQW_REPORT_H
#define IRQW_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jsonl_read.h"
#include "pctl.h"
#include "units.h"

#define IRQW_TALLY_MAX	8	/* names kept per tally; the rest is "other" */
#define IRQW_WORST_MAX	10	/* worst windows kept */
#define IRQW_BAD_MAX	20	/* bad lines listed */
#define IRQW_LINKED_MAX	4	/* linked window seqs listed per stall key */
#define IRQW_LINK_RING	4096	/* recent windows a stall's related_seq finds */

/* Counts per name, the IRQW_TALLY_MAX first names kept. */
struct irqw_tally_item {
	char *name;
	uint64_t n;
};

struct irqw_tally {
	size_t nr;
	struct irqw_tally_item item[IRQW_TALLY_MAX];
	uint64_t other;		/* counts of names beyond */
};

struct irqw_culprit {
	char *key;		/* the fingerprint: "irqoff;f;g;h" */
	uint32_t type;
	uint64_t count, total_ns;
	uint64_t first_ns, last_ns;	/* real time */
	struct irqw_pctl pctl;
	struct irqw_cpumask *cpus;
	struct irqw_tally hosts, tasks, parents;
	char **example;		/* the full stack of its longest event */
	size_t nr_example;
	uint64_t example_ns;	/* that event's duration */
	char *within;		/* the probe its windows ended in, if any */
	char *probe;		/* stall events: the probed function */
	/* the hint's context: what linked stall events said last */
	char *cache, *reader, *parent;
	bool has_slab;
	uint64_t partial, objects;
	struct irqw_culprit *next;	/* hash chain */
};

struct irqw_host {
	char *name;
	uint64_t first_ns, last_ns, events, lost;
};

struct irqw_type_cause {
	uint32_t type, cause;	/* cause 0: none */
	uint64_t n, total_ns;
};

struct irqw_worst {
	uint64_t duration_ns, real_ns, seq;
	uint32_t type, cpu;
	char *host, *culprit;
};

struct irqw_cpu_stat {
	uint32_t cpu;
	uint64_t events, total_ns, max_ns;
};

/*
 * The events per CPU over time, in buckets of 1 << minute_shift minutes
 * aligned on the epoch: a bucket of width w minutes holds the minutes m
 * with m / w the same. The width starts at a minute and doubles whenever
 * the events would fall in more than IRQW_MINUTE_BUCKETS distinct buckets
 * (a day of minutes: a day's logs are kept per minute, a month's per 32
 * minutes), two neighbours becoming one with their counts summed. The
 * width is thus the narrowest one at which all the events fit, whatever
 * the order they came in; the counts are exact.
 */
#define IRQW_MINUTE_BUCKETS	1440

struct irqw_minute {
	uint64_t minute;	/* the bucket's first minute: real time / 60 s */
	uint32_t cpu;
	uint64_t n;
};

struct irqw_stall_key {
	char *probe, *cache, *reader;
	uint64_t calls, total_ns, max_ns, irqoff_ns, linked;
	uint64_t linked_seq[IRQW_LINKED_MAX];
};

/* A storm or imbalance: its type, CPU and, for a hardirq storm, line. */
struct irqw_storm_sum {
	uint32_t type, cpu;
	bool has_irq;
	uint32_t irq;
	char what[80];		/* busiest vector, or "irq 24 name" */
	uint64_t starts, ends;
	uint64_t first_ns, last_ns;	/* real time */
	uint64_t longest_ns;	/* of the ends' durations */
	uint32_t peak_share;	/* ppm; the imbalance's load */
	uint64_t peak_rate;	/* hardirq storms, per second */
};

/* softirq_latency events of one vector. */
struct irqw_latency_sum {
	uint32_t vec;
	uint64_t runs, suppressed, by_ksoftirqd;
	uint64_t wait_max_ns, run_max_ns;
};

#define IRQW_STORMS_MAX		256	/* storm keys kept; the rest counted */
#define IRQW_LATENCY_MAX	32	/* vectors kept */

struct irqw_bad {
	char *file;
	uint64_t line;
	char *why;
};

/* What is let through; zeroed: everything. */
struct irqw_filter {
	uint64_t since_ns, until_ns;	/* real time; until 0: no end */
	const char *const *hosts;	/* NULL-terminated; NULL: all */
	const struct irqw_cpumask *cpus;	/* NULL: all */
	uint64_t types;		/* bits 1 << type; 0: all */
};

struct irqw_report {
	struct irqw_filter filter;
	uint64_t records, events, filtered;
	uint64_t lost[3], lost_records;	/* per enum irqw_lost_reason */
	struct irqw_host *hosts;
	size_t nr_hosts;
	struct irqw_type_cause *tc;
	size_t nr_tc;
	struct irqw_worst worst[IRQW_WORST_MAX];
	size_t nr_worst;
	struct irqw_culprit **buckets;	/* hash of the culprits */
	size_t nr_buckets, nr_culprits;
	struct irqw_cpu_stat *cpus;
	size_t nr_cpus;
	struct irqw_minute *minutes;	/* sorted by minute, cpu */
	size_t nr_minutes, cap_minutes;
	size_t nr_minute_buckets;	/* distinct minutes[].minute */
	unsigned int minute_shift;	/* buckets of 1 << minute_shift minutes */
	struct irqw_stall_key *stalls;
	size_t nr_stalls;
	/* softirqoff */
	uint64_t soft_n, soft_total_ns, soft_max_ns;
	struct irqw_tally soft_pending;
	/* storms and softirq latency (storms.c) */
	struct irqw_storm_sum *storms;
	size_t nr_storms;
	uint64_t storms_other;	/* events of keys beyond IRQW_STORMS_MAX */
	struct irqw_latency_sum latency[IRQW_LATENCY_MAX];
	size_t nr_latency;
	uint64_t latency_other;
	/* input */
	uint64_t files, lines, bad, skipped;
	struct irqw_bad badv[IRQW_BAD_MAX];
	size_t nr_badv;
	struct irqw_link {
		uint64_t host_hash, seq;
		struct irqw_culprit *c;
	} *link;		/* IRQW_LINK_RING recent windows, a ring */
	size_t link_next;
	/*
	 * Also given every record the filter lets through (events and lost
	 * records), if set: what a format keeps of them (folded stacks, the
	 * Perfetto timeline). 0, or a negative errno that ends the input.
	 */
	int (*sink)(void *ctx, const struct irqw_record *rec);
	void *sink_ctx;
};

void irqw_report_init(struct irqw_report *r, const struct irqw_filter *f);

/* Accounts one record (a filtered one is only counted). 0 or -ENOMEM. */
int irqw_report_add(struct irqw_report *r, const struct irqw_record *rec);

/*
 * Accounts a line that was not analysed: bad (malformed, torn) or skipped
 * (a version, type or reason unknown); why is copied. 0 or -ENOMEM.
 */
int irqw_report_bad(struct irqw_report *r, const char *file, uint64_t line,
		    bool skipped, const char *why);

/* The culprits by total time, then count, then key; free() the array. */
struct irqw_culprit **irqw_report_culprits(const struct irqw_report *r);

/* Sorts the tables for output (hosts, cpus, stalls, tallies). */
void irqw_report_sort(struct irqw_report *r);

/* The tally's items by count, then name (sorted in place). */
void irqw_tally_sort(struct irqw_tally *t);

void irqw_report_free(struct irqw_report *r);

/*
 * storms.c: accounts a storm, imbalance or softirq_latency event (others
 * are ignored); sorts the storms by type, CPU and line and the vectors by
 * runs; frees them. Whether a type is a storm or imbalance (they have no
 * stack: no culprit).
 */
int irqw_report_storms_add(struct irqw_report *r, const struct irqw_record *rec);
void irqw_report_storms_sort(struct irqw_report *r);
void irqw_report_storms_free(struct irqw_report *r);
bool irqw_report_is_storm(uint32_t type);

/* FNV-1a of the string, for the tables' hashes. */
uint64_t irqw_hash(const char *s);

#endif /* IRQW_REPORT_H */
