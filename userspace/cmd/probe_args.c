// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/irqwatch.h>

#include "cli.h"
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

int probe_args_parse(int argc, char *const argv[], struct probe_args *a,
		     bool *usage, char *err, size_t size)
{
	static const struct option opts[] = {
		{ "threshold", required_argument, NULL, 't' },
		CLI_LONG_OPTS,
		{ 0 },
	};
	struct probe_args p = { 0 };
	const char *threshold = NULL;
	int c, ret;

	/* what is not a bad value is a bad form, which the usage explains */
	*usage = true;
	cli_getopt_init();
	while ((c = getopt_long(argc, argv, ":" CLI_SHORT_OPTS, opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			a->op = PROBE_HELP;
			return 0;
		case 'p':
			p.pretty = true;
			/* fall through */
		case 'j':
			p.json = true;
			break;
		case 't':
			if (threshold)
				return fail(err, size,
					    "--threshold given more than once");
			threshold = optarg;
			break;
		case ':':
			return fail(err, size, "%s needs a value", argv[optind - 1]);
		default:
			return fail(err, size, "probe: unknown option '%s'",
				    argv[optind - 1]);
		}
	}
	if (optind == argc)
		return fail(err, size, "probe needs an action: add, del or list");
	for (p.op = PROBE_ADD; p.op <= PROBE_LIST; p.op++)
		if (!strcmp(argv[optind], actions[p.op]))
			break;
	if (p.op > PROBE_LIST)
		return fail(err, size,
			    "unknown probe action '%s' (valid: add, del, list)",
			    argv[optind]);
	if (p.op != PROBE_LIST && optind + 1 < argc)
		p.symbol = argv[optind + 1];
	if (optind + 1 + (p.symbol != NULL) < argc)
		return fail(err, size, "probe %s: unexpected argument '%s'",
			    actions[p.op], argv[optind + 1 + (p.symbol != NULL)]);
	if (threshold && p.op != PROBE_ADD)
		return fail(err, size, "probe %s: --threshold is for add",
			    actions[p.op]);
	if (p.op != PROBE_LIST && !p.symbol)
		return fail(err, size, "probe %s needs a SYMBOL", actions[p.op]);
	*usage = false;
	if (threshold) {
		ret = parse_threshold(threshold, &p.threshold_us, err, size);
		if (ret)
			return ret;
	}
	if (p.symbol) {
		ret = check_symbol(p.symbol, err, size);
		if (ret)
			return ret;
	}
	*a = p;
	return 0;
}
