/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#ifndef IRQW_STATS_H
#define IRQW_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ipc.h"

/*
 * Writes st as "irqwatch stats" does, the readers' last calls relative to
 * now_ns (CLOCK_MONOTONIC); 0 or a negative errno.
 */
int stats_print(FILE *f, const struct irqw_stats *st, uint64_t now_ns,
		bool json);

#endif /* IRQW_STATS_H */
