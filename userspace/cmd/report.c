// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * irqwatch report: reads logs of record (plain, gzip or zstd; several
 * hosts) and writes what they say: summary, culprits, per CPU, stalls,
 * softirq. Needs no module and no privilege.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/irqwatch.h>

#include "compare.h"
#include "fingerprint.h"
#include "fmt.h"
#include "input.h"
#include "report_fmt.h"
#include "cli.h"
#include "units.h"

#define NSEC_PER_SEC	1000000000ULL
#define HOSTS_MAX	64
#define BASELINES_MAX	4096	/* --baseline files */

enum {
	OPT_SINCE = 0x200,
	OPT_UNTIL,
	OPT_HOST,
	OPT_CPU,
	OPT_TYPE,
	OPT_FORMAT,
	OPT_BASELINE,
};

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

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int mo)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return mo == 2 && leap_year(y) ? 29 : days[mo - 1];
}

/* -EINVAL, with why (if any) set as printf() would. */
__attribute__((format(printf, 3, 4)))
static int bad_time(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (why && size) {
		va_start(ap, fmt);
		vsnprintf(why, size, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Whether each field is in range; 0, or -EINVAL naming the first that is not. */
static int check_fields(int y, int mo, int d, int h, int mi, int sec,
			char *why, size_t size)
{
	static const char *const months[] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December",
	};

	if (mo < 1 || mo > 12)
		return bad_time(why, size, "month %02d is not 01-12", mo);
	if (d < 1 || d > days_in_month(y, mo))
		return bad_time(why, size, "day %02d is not in %s %04d (01-%02d)",
				d, months[mo - 1], y, days_in_month(y, mo));
	if (h > 23)
		return bad_time(why, size, "hour %02d is not 00-23", h);
	if (mi > 59)
		return bad_time(why, size, "minute %02d is not 00-59", mi);
	if (sec > 59)
		return bad_time(why, size, "second %02d is not 00-59 (no leap "
				"second: the logs' POSIX time has none)", sec);
	return 0;
}

/*
 * RFC 3339: "2026-11-21T10:00:00Z", with a fraction of a second of up to 9
 * digits, 't', 'z' or ' ' alike, and an offset "+02:00" in place of Z; also
 * a date alone ("2026-11-21", its midnight UTC) and "@SECONDS" since the
 * epoch. Every field must be in range as written (no February 31 taken for
 * March 3; no leap second 60). ns since the epoch, 0 or -EINVAL (and why:
 * the field out of range, or "" for a string that is not of the form).
 */
int report_parse_time(const char *s, uint64_t *ns, char *why, size_t size)
{
	struct tm tm = { 0 }, back;
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0, ret;
	uint64_t frac = 0, scale = 100000000, n;
	const char *p = s;
	time_t t;

	if (why && size)
		*why = '\0';
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
			if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om))
				return -EINVAL;
			if (oh > 23 || om > 59)
				return bad_time(why, size, "offset %c%02d:%02d is not "
						"-23:59 to +23:59", sign > 0 ? '+' : '-',
						oh, om);
		} else {
			return -EINVAL;
		}
		if (*p)
			return -EINVAL;
	}
	ret = check_fields(y, mo, d, h, mi, sec, why, size);
	if (ret)
		return ret;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	/* the fields come back as written, or timegm() moved them */
	if (!gmtime_r(&t, &back) || back.tm_year != y - 1900 ||
	    back.tm_mon != mo - 1 || back.tm_mday != d || back.tm_hour != h ||
	    back.tm_min != mi || back.tm_sec != sec)
		return bad_time(why, size, "not a date and time of the calendar");
	t -= sign * (oh * 3600 + om * 60);
	if (t < 0)
		return bad_time(why, size, "before 1970-01-01T00:00:00Z");
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
	"                       [--type T[,T...]] [--baseline FILE]... [--format F]\n"
	"                       [-o OUT] FILE...\n"
	"Reads logs of record (FILE - is standard input; plain, gzip or zstd,\n"
	"rotated files as any other) and reports: summary, culprits, per CPU,\n"
	"stalls, softirq. Needs no module and no privilege.\n"
	"  --since T, --until T  records from T on, and before T: RFC 3339\n"
	"                        (2026-11-21T10:00:00Z, +02:00 offsets, a date\n"
	"                        alone) or @SECONDS since the epoch\n"
	"  --host H              only host H (repeat for more)\n"
	"  --cpu LIST            only events of these CPUs (0-3,8)\n"
	"  --type T[,T...]       only events of these types (irqoff, stall, ...)\n"
	"  --format F            text (default; cut to the terminal's width), json,\n"
	"                        folded (stacks for flamegraph.pl, weighted in us),\n"
	"                        perfetto (a timeline for ui.perfetto.dev) or html\n"
	"                        (one self-contained page: summary, SVG timeline\n"
	"                        per CPU, durations, culprits, hints, flame graph)\n"
	"  -o, --output OUT      write to OUT instead of standard output\n"
	"  --baseline FILE       compare with the logs FILE (repeat for more: another\n"
	"                        period or set of hosts; --host, --cpu and --type\n"
	"                        apply to them too, --since and --until do not):\n"
	"                        new, grown, gone and shrunk culprits, rates per\n"
	"                        hour; text and json formats only\n"
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
	const struct report_format *format;
	const char *out;
	char **baselines;	/* --baseline files */
	size_t nr_baselines;
};

static int parse_opt(struct report_opts *o, int c, char *argv[])
{
	const char *bad = NULL;
	char why[128];

	switch (c) {
	case OPT_SINCE:
	case OPT_UNTIL:
		if (report_parse_time(optarg, c == OPT_SINCE ? &o->filter.since_ns :
				      &o->filter.until_ns, why, sizeof(why)))
			return cli_usage_error(&cmd_report, false,
					       "report: %s: %s: '%s'",
					       c == OPT_SINCE ? "--since" : "--until",
					       *why ? why : "not a time (RFC 3339, e.g. "
					       "2026-11-21T10:00:00Z, or @SECONDS)",
					       optarg);
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
		o->format = report_format_find(optarg);
		if (!o->format) {
			report_format_names(why, sizeof(why));
			return cli_usage_error(&cmd_report, false,
					       "report: --format: %s, not '%s'",
					       why, optarg);
		}
		return -1;
	case 'o':
		o->out = optarg;
		return -1;
	case OPT_BASELINE:
		if (o->nr_baselines == BASELINES_MAX)
			return cli_usage_error(&cmd_report, false,
					       "report: more than %d --baseline",
					       BASELINES_MAX);
		o->baselines[o->nr_baselines++] = optarg;
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

/*
 * Where the report goes: standard output, or OUT. A format that streams
 * writes a regular file OUT as a temporary one beside it, renamed over OUT
 * when all went well, so that a failure writes nothing there either.
 */
struct report_out {
	FILE *f;
	const char *path;	/* NULL: standard output */
	char *tmp;		/* the temporary file, renamed to path */
};

static int out_open(struct report_out *out, const char *path, bool streams)
{
	struct stat st;
	mode_t mask;
	int fd;

	out->f = stdout;
	if (!path || !strcmp(path, "-"))
		return 0;
	out->path = path;
	if (streams && (stat(path, &st) ? errno == ENOENT : S_ISREG(st.st_mode))) {
		if (asprintf(&out->tmp, "%s.XXXXXX", path) < 0) {
			out->tmp = NULL;
			return cli_error("out of memory");
		}
		fd = mkostemp(out->tmp, O_CLOEXEC);
		mask = umask(0);
		umask(mask);
		if (fd < 0 || fchmod(fd, 0666 & ~mask) || !(out->f = fdopen(fd, "w"))) {
			int e = errno;

			if (fd >= 0) {
				close(fd);
				unlink(out->tmp);
			}
			free(out->tmp);
			out->tmp = NULL;
			out->f = NULL;
			return cli_error("%s: %s", path, strerror(e));
		}
		return 0;
	}
	out->f = fopen(path, "we");
	return out->f ? 0 : cli_error("%s: %s", path, strerror(errno));
}

/* Closes out; ok: rename the temporary file in place, else remove it. */
static int out_close(struct report_out *out, bool ok)
{
	int ret = 0;

	if (out->f && out->f != stdout && fclose(out->f))
		ret = -EIO;
	else if (out->f == stdout && fflush(stdout))
		ret = -EIO;
	if (out->tmp) {
		if (ok && !ret && rename(out->tmp, out->path))
			ret = -errno;
		if (!ok || ret)
			unlink(out->tmp);
		free(out->tmp);
	}
	memset(out, 0, sizeof(*out));
	return ret;
}

static int write_out(const struct report_opts *o, struct irqw_report *r,
		     struct irqw_report *base, struct report_out *out, void *state)
{
	struct report_view v = { .r = r, .pretty = cli_pretty };
	struct irqw_cmp cmp;
	bool skipped = r->bad || r->skipped;
	int ret;

	irqw_report_sort(r);
	if (base) {
		irqw_report_sort(base);
		if (irqw_compare(r, base, &cmp))
			return cli_error("out of memory");
		v.base = base;
		v.cmp = &cmp;
		skipped = skipped || base->bad || base->skipped;
	}
	v.culprits = irqw_report_culprits(r);
	if (!v.culprits) {
		if (base)
			irqw_cmp_free(&cmp);
		return cli_error("out of memory");
	}
	if (!out->f) {
		ret = out_open(out, o->out, false);
		if (ret) {
			free(v.culprits);
			return ret;
		}
	}
	v.width = report_width(out->f);
	ret = o->format->write(out->f, &v, state);
	free(v.culprits);
	if (base)
		irqw_cmp_free(&cmp);
	ret = out_close(out, !ret) ?: ret;
	if (ret)
		return cli_error("%s: %s", o->out ? o->out : "standard output",
				 strerror(-ret));
	return skipped ? IRQW_EXIT_SKIPPED : IRQW_EXIT_OK;
}

/*
 * The baseline's report: the same filters but --since and --until, which
 * choose this period, not the baseline's.
 */
static int read_baseline(const struct report_opts *o, struct irqw_report *base)
{
	struct irqw_filter f = o->filter;

	f.since_ns = f.until_ns = 0;
	irqw_report_init(base, &f);
	return read_all(base, (int)o->nr_baselines, o->baselines);
}

/* Reads the files into r (and the format's state), then writes the report. */
static int run(const struct report_opts *o, int n, char *files[])
{
	const struct report_format *fmt = o->format;
	struct report_out out = { 0 };
	struct irqw_report r, base;
	void *state = NULL;
	int ret = 0;

	irqw_report_init(&r, &o->filter);
	irqw_report_init(&base, NULL);
	if (fmt->streams)
		ret = out_open(&out, o->out, true);
	if (!ret && fmt->start && (ret = fmt->start(out.f, &state)))
		ret = cli_error("%s", ret == -ENOMEM ? "out of memory" : strerror(-ret));
	if (!ret && fmt->record) {
		r.sink = fmt->record;
		r.sink_ctx = state;
	}
	if (!ret)
		ret = read_all(&r, n, files);
	if (!ret && o->nr_baselines)
		ret = read_baseline(o, &base);
	if (!ret)
		ret = write_out(o, &r, o->nr_baselines ? &base : NULL, &out, state);
	else
		out_close(&out, false);
	if (fmt->free)
		fmt->free(state);
	irqw_report_free(&r);
	irqw_report_free(&base);
	irqw_plumbing_cache_free();
	return ret;
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
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ 0 },
	};
	struct report_opts o = { .format = &report_formats[0] };
	int c, ret;

	o.baselines = calloc((size_t)argc, sizeof(*o.baselines));
	if (!o.baselines)
		return cli_error("out of memory");
	cli_getopt_init();
	while ((c = getopt_long(argc, argv, ":" CLI_SHORT_OPTS "o:", opts,
				NULL)) != -1) {
		ret = parse_opt(&o, c, argv);
		if (ret >= 0)
			goto cleanup;
	}
	ret = -1;
	if (optind == argc)
		ret = cli_usage_error(&cmd_report, true,
				      "report: no FILE (- reads standard input)");
	else if (o.filter.until_ns && o.filter.until_ns <= o.filter.since_ns)
		ret = cli_usage_error(&cmd_report, false,
				      "report: --until is not after --since");
	/* -j: the JSON format, as every subcommand's --json */
	if (ret < 0 && cli_json)
		o.format = report_format_find("json");
	if (ret < 0 && o.nr_baselines && strcmp(o.format->name, "text") &&
	    strcmp(o.format->name, "json"))
		ret = cli_usage_error(&cmd_report, false,
				      "report: --baseline needs --format text or "
				      "json, not %s", o.format->name);
	if (ret < 0)
		ret = run(&o, argc - optind, argv + optind);
cleanup:
	free(o.baselines);
	return ret;
}
