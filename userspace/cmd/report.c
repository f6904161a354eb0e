// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * irqwatch report: reads logs of record (plain, gzip or zstd; several
 * hosts) and writes what they say: summary, culprits, per CPU, stalls,
 * softirq. Needs no module and no privilege.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/irqwatch.h>

#include "fmt.h"
#include "input.h"
#include "report_fmt.h"
#include "cli.h"
#include "units.h"

#define NSEC_PER_SEC	1000000000ULL
#define HOSTS_MAX	64

enum {
	OPT_SINCE = 0x200,
	OPT_UNTIL,
	OPT_HOST,
	OPT_CPU,
	OPT_TYPE,
	OPT_FORMAT,
};

enum report_format { FORMAT_TEXT, FORMAT_JSON };

/* Width of the text report for out: the terminal's, else $COLUMNS, else 0. */
unsigned int report_width(FILE *out)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	uint64_t n;

	if (isatty(fileno(out)) && !ioctl(fileno(out), TIOCGWINSZ, &ws) && ws.ws_col)
		return ws.ws_col;
	if (cols && !irqw_parse_uint(cols, &n) && n >= 40 && n <= 10000)
		return (unsigned int)n;
	return 0;
}

/* 1-2 digits */
static int digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return -EINVAL;
		v = v * 10 + (**p - '0');
	}
	*out = v;
	return 0;
}

/*
 * RFC 3339: "2026-11-21T10:00:00Z", with a fraction of a second of up to 9
 * digits, 't', 'z' or ' ' alike, and an offset "+02:00" in place of Z; also
 * a date alone ("2026-11-21", its midnight UTC) and "@SECONDS" since the
 * epoch. ns since the epoch, 0 or -EINVAL.
 */
int report_parse_time(const char *s, uint64_t *ns)
{
	struct tm tm = { 0 };
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;
	uint64_t frac = 0, scale = 100000000, n;
	const char *p = s;
	time_t t;

	if (*s == '@') {
		if (irqw_parse_uint(s + 1, &n) || n > UINT64_MAX / NSEC_PER_SEC)
			return -EINVAL;
		*ns = n * NSEC_PER_SEC;
		return 0;
	}
	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) ||
	    *p++ != '-' || digits(&p, 2, &d))
		return -EINVAL;
	if (*p) {
		if (*p != 'T' && *p != 't' && *p != ' ')
			return -EINVAL;
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi) ||
		    *p++ != ':' || digits(&p, 2, &sec))
			return -EINVAL;
		if (*p == '.') {
			for (p++; *p >= '0' && *p <= '9' && scale; p++, scale /= 10)
				frac += (uint64_t)(*p - '0') * scale;
			if (p[-1] == '.' || (*p >= '0' && *p <= '9'))
				return -EINVAL;
		}
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p++ == '+' ? 1 : -1;
			if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) ||
			    oh > 23 || om > 59)
				return -EINVAL;
		} else {
			return -EINVAL;
		}
		if (*p)
			return -EINVAL;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -EINVAL;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	t -= sign * (oh * 3600 + om * 60);
	if (t < 0)
		return -EINVAL;
	*ns = (uint64_t)t * NSEC_PER_SEC + frac;
	return 0;
}

/* "irqoff,stall" -> bits 1 << type. 0 or -EINVAL (*bad: the name). */
static int parse_types(char *s, uint64_t *types, const char **bad)
{
	char buf[IRQW_TYPE_LEN], *tok, *save = NULL;
	uint32_t t;

	*types = 0;
	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (t = 1; t < __IRQWATCH_EVENT_MAX && t < 64; t++)
			if (!strcmp(tok, irqw_event_type_name(t, buf)))
				break;
		if (t >= __IRQWATCH_EVENT_MAX || t >= 64) {
			*bad = tok;
			return -EINVAL;
		}
		*types |= UINT64_C(1) << t;
	}
	if (!*types) {
		*bad = s;
		return -EINVAL;
	}
	return 0;
}

static const char usage[] =
	"Usage: " PROG_NAME " report [--since T] [--until T] [--host H] [--cpu LIST]\n"
	"                       [--type T[,T...]] [--format text|json] [-o OUT] FILE...\n"
	"Reads logs of record (FILE - is standard input; plain, gzip or zstd,\n"
	"rotated files as any other) and reports: summary, culprits, per CPU,\n"
	"stalls, softirq. Needs no module and no privilege.\n"
	"  --since T, --until T  records from T on, and before T: RFC 3339\n"
	"                        (2026-11-21T10:00:00Z, +02:00 offsets, a date\n"
	"                        alone) or @SECONDS since the epoch\n"
	"  --host H              only host H (repeat for more)\n"
	"  --cpu LIST            only events of these CPUs (0-3,8)\n"
	"  --type T[,T...]       only events of these types (irqoff, stall, ...)\n"
	"  --format F            text (default; cut to the terminal's width) or json\n"
	"  -o, --output OUT      write to OUT instead of standard output\n"
	"Exit status 4: the report was written, but lines were not analysed\n"
	"(listed in its last section).\n";

const struct cmd cmd_report = {
	.name = "report",
	.main = report_main,
	.summary = "Analyse logs of record: culprits, hints, per CPU, stalls",
	.usage = usage,
};

struct report_opts {
	struct irqw_filter filter;
	const char *hosts[HOSTS_MAX + 1];
	size_t nr_hosts;
	struct irqw_cpumask cpus;
	enum report_format format;
	const char *out;
};

static int parse_opt(struct report_opts *o, int c, char *argv[])
{
	const char *bad = NULL;

	switch (c) {
	case OPT_SINCE:
	case OPT_UNTIL:
		if (report_parse_time(optarg, c == OPT_SINCE ? &o->filter.since_ns :
							       &o->filter.until_ns))
			return cli_usage_error(&cmd_report, false,
					       "report: %s: not a time (RFC 3339, e.g. "
					       "2026-11-21T10:00:00Z, or @SECONDS): '%s'",
					       argv[optind - 1], optarg);
		return -1;
	case OPT_HOST:
		if (o->nr_hosts == HOSTS_MAX)
			return cli_usage_error(&cmd_report, false,
					       "report: more than %d --host", HOSTS_MAX);
		o->hosts[o->nr_hosts++] = optarg;
		o->filter.hosts = o->hosts;
		return -1;
	case OPT_CPU:
		if (irqw_cpulist_parse(optarg, &o->cpus))
			return cli_usage_error(&cmd_report, false,
					       "report: --cpu: not a CPU list: '%s'", optarg);
		o->filter.cpus = &o->cpus;
		return -1;
	case OPT_TYPE:
		if (parse_types(optarg, &o->filter.types, &bad))
			return cli_usage_error(&cmd_report, false,
					       "report: --type: unknown event type '%s'", bad);
		return -1;
	case OPT_FORMAT:
		if (!strcmp(optarg, "text"))
			o->format = FORMAT_TEXT;
		else if (!strcmp(optarg, "json"))
			o->format = FORMAT_JSON;
		else
			return cli_usage_error(&cmd_report, false,
					       "report: --format: text or json, not '%s'",
					       optarg);
		return -1;
	case 'o':
		o->out = optarg;
		return -1;
	default:
		return cli_opt(&cmd_report, c, argv);
	}
}

static int read_all(struct irqw_report *r, int n, char *files[])
{
	FILE *f;
	int i, ret;

	for (i = 0; i < n; i++) {
		f = irqw_input_open(files[i]);
		if (!f)
			return cli_error("%s: %s", files[i], strerror(errno));
		ret = irqw_input_read(r, f, strcmp(files[i], "-") ? files[i] :
								  "(standard input)");
		fclose(f);
		if (ret == -ENOMEM)
			return cli_error("out of memory");
		if (ret)
			return cli_error("%s: %s", files[i], ret == -EIO ?
					 "read error, or not a valid gzip or zstd file" :
					 strerror(-ret));
	}
	return IRQW_EXIT_OK;
}

static int write_out(const struct report_opts *o, struct irqw_report *r)
{
	struct report_view v = { .r = r };
	FILE *f = stdout;
	int ret;

	irqw_report_sort(r);
	v.culprits = irqw_report_culprits(r);
	if (!v.culprits)
		return cli_error("out of memory");
	if (o->out && strcmp(o->out, "-")) {
		f = fopen(o->out, "we");
		if (!f) {
			free(v.culprits);
			return cli_error("%s: %s", o->out, strerror(errno));
		}
	}
	ret = o->format == FORMAT_JSON ?
	      report_write_json(f, &v, cli_pretty) :
	      report_write_text(f, &v, report_width(f));
	free(v.culprits);
	if (f != stdout && fclose(f) && !ret)
		ret = -EIO;
	if (ret)
		return cli_error("%s: %s", o->out ? o->out : "standard output",
				 strerror(-ret));
	return (r->bad || r->skipped) ? IRQW_EXIT_SKIPPED : IRQW_EXIT_OK;
}

int report_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		CLI_LONG_OPTS,
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "cpu", required_argument, NULL, OPT_CPU },
		{ "type", required_argument, NULL, OPT_TYPE },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ 0 },
	};
	struct report_opts o = { .format = FORMAT_TEXT };
	struct irqw_report r;
	int c, ret;

	cli_getopt_init();
	while ((c = getopt_long(argc, argv, ":" CLI_SHORT_OPTS "o:", opts,
				NULL)) != -1) {
		ret = parse_opt(&o, c, argv);
		if (ret >= 0)
			return ret;
	}
	if (optind == argc)
		return cli_usage_error(&cmd_report, true,
				       "report: no FILE (- reads standard input)");
	if (o.filter.until_ns && o.filter.until_ns <= o.filter.since_ns)
		return cli_usage_error(&cmd_report, false,
				       "report: --until is not after --since");
	/* -j: the JSON format, as every subcommand's --json */
	if (cli_json)
		o.format = FORMAT_JSON;
	irqw_report_init(&r, &o.filter);
	ret = read_all(&r, argc - optind, argv + optind);
	if (!ret)
		ret = write_out(&o, &r);
	irqw_report_free(&r);
	return ret;
}
