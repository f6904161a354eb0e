/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The KEY VALUE arguments of "irqwatch config", checked against the limits of
 * kmod/uapi/linux/irqwatch.h. Pure: no netlink, no output.
 */
#ifndef IRQW_CONFIG_ARGS_H
#define IRQW_CONFIG_ARGS_H

#include <stddef.h>

#include "ipc.h"

/* The keys, as "irqwatch config" lists them. */
#define CONFIG_KEYS \
	"period, irqoff_threshold, softirq_threshold, stall_threshold, " \
	"detectors, cpus, storm_interval, softirq_storm_pct, " \
	"hardirq_storm_rate, hardirq_storm_pct, imbalance_pct"

/*
 * Turns argc arguments KEY VALUE [KEY VALUE...] into *chg (no arguments: an
 * empty change). Keys: period, irqoff_threshold, softirq_threshold and
 * stall_threshold, each also with a "_us" suffix, take durations ("20ms",
 * "500us", "1s", a bare number is microseconds); detectors takes
 * "irqoff,softirq,storm,stall" or a subset, or "none"; cpus a cpulist, kept
 * as given (chg->cpus points into argv). storm_interval (also
 * storm_interval_ms) takes a duration in whole milliseconds,
 * IRQWATCH_STORM_INTERVAL_MS_MIN..MAX ("2s", "500ms"; a bare number is
 * milliseconds); softirq_storm_pct, hardirq_storm_pct and imbalance_pct a
 * percentage 1..100 ("50" or "50%"); hardirq_storm_rate interrupts per
 * second, 1..IRQWATCH_HARDIRQ_STORM_RATE_MAX.
 *
 * Returns 0, or -EINVAL with a one-line reason (no newline) in err, for an
 * unknown key (ring_kb, which is fixed at load, included), a key given twice,
 * a key without value or a bad value; *chg is only written on success.
 */
int config_args_parse(int argc, char *const argv[],
		      struct irqw_config_change *chg, char *err, size_t size);

#endif /* IRQW_CONFIG_ARGS_H */
