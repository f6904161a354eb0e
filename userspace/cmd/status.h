/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#ifndef IRQW_STATUS_H
#define IRQW_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ipc.h"

/*
 * Writes st as "irqwatch status" does, with the irqoff counters of each CPU
 * and the slab readers of stats if it is not NULL (the readers' last calls
 * relative to now_ns, CLOCK_MONOTONIC); 0 or a negative errno.
 */
int status_print(FILE *f, const struct irqw_status *st,
		 const struct irqw_stats *stats, uint64_t now_ns, bool json);

/*
 * Writes cfg as the configuration lines of "irqwatch status", or with json
 * as the object that is its "config" member, on one line.
 */
int status_print_config(FILE *f, const struct irqw_config *cfg, bool json);

#endif /* IRQW_STATUS_H */
