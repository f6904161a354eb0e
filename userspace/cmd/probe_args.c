// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/irqwatch.h>

#include "probe.h"
#include "units.h"

static const char *const actions[] = {
	[PROBE_ADD] = "add", [PROBE_DEL] = "del", [PROBE_LIST] = "list",
};

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Letters, digits, '_' and '.' (as in "foo.isra.0"). */
static int check_symbol(const char *s, char *err, size_t size)
{
	size_t len = strlen(s), i;

	if (len >= IRQWATCH_SYMBOL_LEN_MAX)
		return fail(err, size, "symbol too long (at most %d characters)",
			    IRQWATCH_SYMBOL_LEN_MAX - 1);
	for (i = 0; i < len; i++)
		if (!(s[i] >= 'a' && s[i] <= 'z') && !(s[i] >= 'A' && s[i] <= 'Z') &&
		    !(s[i] >= '0' && s[i] <= '9') && s[i] != '_' && s[i] != '.')
			break;
	if (!len || i < len)
		return fail(err, size,
			    "invalid symbol '%s': expected a kernel function name such as get_slabinfo",
			    s);
	return 0;
}

static int parse_threshold(const char *val, uint32_t *us_out, char *err,
			   size_t size)
{
	uint64_t us;
	int ret;

	ret = irqw_parse_duration_us(val, &us);
	if (ret == -EINVAL)
		return fail(err, size,
			    "invalid threshold '%s': expected a duration such as 500us, 2ms or 1s",
			    val);
	if (ret || us < IRQWATCH_STALL_THRESHOLD_US_MIN ||
	    us > IRQWATCH_THRESHOLD_US_MAX)
		return fail(err, size,
			    "threshold must be from %d to %d us (whole microseconds), not '%s'",
			    IRQWATCH_STALL_THRESHOLD_US_MIN,
			    IRQWATCH_THRESHOLD_US_MAX, val);
	*us_out = (uint32_t)us;
	return 0;
}

/* --threshold VALUE or --threshold=VALUE at argv[*i]; NULL if not it. */
static const char *threshold_value(int argc, char *const argv[], int *i,
				   bool *missing)
{
	static const char name[] = "--threshold";
	const char *arg = argv[*i];

	*missing = false;
	if (strncmp(arg, name, sizeof(name) - 1))
		return NULL;
	if (arg[sizeof(name) - 1] == '=')
		return arg + sizeof(name);
	if (arg[sizeof(name) - 1])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

int probe_args_parse(int argc, char *const argv[], struct probe_args *a,
		     bool *usage, char *err, size_t size)
{
	struct probe_args p = { 0 };
	bool has_threshold = false, missing;
	const char *val;
	int i, ret;

	/* what is not a bad value is a bad form, which the usage explains */
	*usage = true;
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			a->op = PROBE_HELP;
			return 0;
		}
	if (argc < 2)
		return fail(err, size, "probe needs an action: add, del or list");
	for (p.op = PROBE_ADD; p.op <= PROBE_LIST; p.op++)
		if (!strcmp(argv[1], actions[p.op]))
			break;
	if (p.op > PROBE_LIST)
		return fail(err, size,
			    "unknown probe action '%s' (valid: add, del, list)",
			    argv[1]);
	for (i = 2; i < argc; i++) {
		val = threshold_value(argc, argv, &i, &missing);
		if (missing)
			return fail(err, size, "--threshold needs a value");
		if (val && p.op != PROBE_ADD)
			return fail(err, size, "probe %s: --threshold is for add",
				    actions[p.op]);
		if (val) {
			if (has_threshold)
				return fail(err, size,
					    "--threshold given more than once");
			*usage = false;
			ret = parse_threshold(val, &p.threshold_us, err, size);
			if (ret)
				return ret;
			*usage = true;
			has_threshold = true;
		} else if (!val && p.op == PROBE_LIST &&
			   !strcmp(argv[i], "--json")) {
			p.json = true;
		} else if (!val && argv[i][0] != '-' && p.op != PROBE_LIST &&
			   !p.symbol) {
			p.symbol = argv[i];
		} else {
			return fail(err, size, "probe %s: unexpected argument '%s'",
				    actions[p.op], argv[i]);
		}
	}
	if (p.op != PROBE_LIST && !p.symbol)
		return fail(err, size, "probe %s needs a SYMBOL", actions[p.op]);
	*usage = false;
	if (p.symbol) {
		ret = check_symbol(p.symbol, err, size);
		if (ret)
			return ret;
	}
	*a = p;
	return 0;
}
