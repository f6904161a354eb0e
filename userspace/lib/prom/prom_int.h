/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The tables of the metrics, shared by prom.c (counting) and prom_text.c. */
#ifndef IRQW_PROM_INT_H
#define IRQW_PROM_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "prom.h"

struct prom_hist {
	uint64_t buckets[IRQW_PROM_BUCKETS];	/* not cumulative */
	uint64_t count;
	uint64_t sum_ns;
};

/* One label set of a table: one or two label values and what they count. */
struct prom_series {
	char value[2][IRQW_PROM_LABEL_MAX];	/* "" : no such label */
	uint64_t n;		/* a counter; storms: storms in progress */
	uint64_t real_ns;	/* last event's wall-clock time */
	bool has_hist;		/* events of irqoff, softirqoff, stall */
	struct prom_hist hist;
};

struct prom_table {
	struct prom_series s[IRQW_PROM_SERIES_MAX];
	unsigned int nr;
};

struct irqw_prom {
	char version[IRQW_PROM_LABEL_MAX];
	char kernel[IRQW_PROM_LABEL_MAX];
	struct prom_table events;	/* type, cause */
	struct prom_table lost;		/* reason */
	struct prom_table probes;	/* probe: stall events */
	struct prom_table storms;	/* kind */
	struct prom_table last;		/* type: real_ns */
};

/* Types with a duration histogram, by name; NULL-terminated. */
extern const char *const prom_hist_types[];

#endif /* IRQW_PROM_INT_H */
