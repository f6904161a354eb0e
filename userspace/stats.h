/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#ifndef IRQW_STATS_H
#define IRQW_STATS_H

#include <stdbool.h>
#include <stdio.h>

#include "ipc.h"

/* Writes st as "irqwatch stats" does; 0 or a negative errno. */
int stats_print(FILE *f, const struct irqw_stats *st, bool json);

#endif /* IRQW_STATS_H */
