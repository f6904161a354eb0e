/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * irqwatch probe add|del|list: the stall probes. The arguments are checked
 * here without netlink or output (probe_args_parse()), so that tests can.
 */
#ifndef IRQW_PROBE_H
#define IRQW_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ipc.h"

enum probe_op { PROBE_ADD, PROBE_DEL, PROBE_LIST, PROBE_HELP };

struct probe_args {
	enum probe_op op;
	const char *symbol;	/* add, del: points into argv */
	uint32_t threshold_us;	/* add: 0 follows stall_threshold_us */
	bool json;		/* list, add: -j, --json, -p */
	bool pretty;		/* -p, --pretty */
};

/*
 * argv[0] is "probe", then "add SYMBOL [--threshold DURATION]", "del
 * SYMBOL" or "list [--json]" (options as "--opt VALUE" or "--opt=VALUE",
 * anywhere after the action); -h or --help anywhere is PROBE_HELP. A
 * SYMBOL is 1 to IRQWATCH_SYMBOL_LEN_MAX - 1 letters, digits, '_' and '.';
 * a DURATION is as for "irqwatch config" ("2ms", "500us", a bare number is
 * us), from IRQWATCH_STALL_THRESHOLD_US_MIN to IRQWATCH_THRESHOLD_US_MAX.
 * 0, or -EINVAL with a one-line reason (no newline) in err and *usage set
 * if the arguments do not have the form of one of these (rather than a bad
 * value), so that the usage may follow; *a is only written on success.
 */
int probe_args_parse(int argc, char *const argv[], struct probe_args *a,
		     bool *usage, char *err, size_t size);

/*
 * Why the module refused op: its extack message if it gave one, else what
 * the errno means for op ("already probed", "no such user probe", ...).
 */
const char *probe_strerror(enum probe_op op, int err,
			   const struct irqw_extack *ext);

/*
 * The probes as a table (symbol, kind, state with the errno of a missing
 * one, threshold or "global", calls, stalls, avg, max, missed), or with
 * json as {"probes":[...]} on one line. 0 or a negative errno.
 */
int probe_print(FILE *f, const struct irqw_probes *l, bool json);

#endif /* IRQW_PROBE_H */
