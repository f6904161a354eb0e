/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * record --prom FILE [--prom-interval D]: the Prometheus metrics of the
 * records written (lib/prom), replaced in FILE every interval and at exit.
 * A FILE whose directory cannot be written stops record before it
 * subscribes; a write that fails later is said on stderr (once, and once
 * when writing works again) and tried again at the next interval, while
 * the log goes on.
 */
#ifndef IRQW_RECORD_PROM_H
#define IRQW_RECORD_PROM_H

#include <stdbool.h>
#include <stdint.h>

struct json_object;
struct irqw_prom;

enum {
	RECORD_OPT_PROM = 0x300,
	RECORD_OPT_PROM_INTERVAL,
};

#define RECORD_PROM_LONG_OPTS						\
	{ "prom", required_argument, NULL, RECORD_OPT_PROM },		\
	{ "prom-interval", required_argument, NULL, RECORD_OPT_PROM_INTERVAL }

/* Bounds of --prom-interval. */
#define RECORD_PROM_INTERVAL_MIN_NS	(1000ULL * 1000000ULL)	/* 1 s */
#define RECORD_PROM_INTERVAL_MAX_NS	(3600ULL * 1000000000ULL)	/* 1 h */

struct record_prom {
	const char *path;	/* NULL: no --prom */
	uint64_t interval_ns;
	bool has_interval;
	struct irqw_prom *m;	/* from record_prom_start() on */
	uint64_t failed;	/* writes failed since the last that worked */
	int told;		/* the errno said on stderr; 0: none */
};

void record_prom_init(struct record_prom *p);

/* Option c of RECORD_PROM_LONG_OPTS: 1, -1 after saying why, 0: not one. */
int record_prom_opt(struct record_prom *p, int c, const char *val);

/*
 * After the options, before subscribing: -1 (exit status 2) for
 * --prom-interval without --prom, -2 (exit status 1) for a FILE that
 * cannot be written there (said), else 0.
 */
int record_prom_check(const struct record_prom *p);

/* Once privileges are dropped: the metrics, written once. 0 or -errno (said). */
int record_prom_start(struct record_prom *p);

/* Counts a record about to be written. 0 or -ENOMEM. */
int record_prom_count(struct record_prom *p, struct json_object *rec);

/* The stream's tick: writes the metrics every interval. Always 0. */
int record_prom_tick(struct record_prom *p, uint64_t now_ns, uint64_t *next_ns);

/* At exit: writes the metrics a last time and frees them. */
void record_prom_finish(struct record_prom *p);

#endif /* IRQW_RECORD_PROM_H */
