// SPDX-License-Identifier: GPL-2.0 OR MIT
/* irqwatch record: events and lost records as JSON lines. */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonl.h"
#include "output.h"
#include "stream.h"
#include "cli.h"
#include "units.h"

enum {
	OPT_ROTATE = 0x200,
	OPT_KEEP,
};

struct record {
	const char *path;	/* NULL: standard output */
	uint64_t rotate;
	unsigned int keep;
	struct irqw_out out;
	bool opened;
	char host[HOST_NAME_MAX + 1];
};

static const char *out_name(const struct record *r)
{
	return r->path ? r->path : "standard output";
}

static int record_start(void *ctx, bool *resume, uint64_t *resume_seq)
{
	struct record *r = ctx;
	int ret;

	if (r->path) {
		ret = irqw_resume_seq(r->path, resume_seq);
		if (!ret) {
			*resume = true;
		} else if (ret != -ENOENT && ret != -ENODATA) {
			fprintf(stderr, PROG_NAME ": %s: %s\n", r->path, strerror(-ret));
			return ret;
		}
	}
	ret = irqw_out_open(&r->out, r->path, r->rotate, r->keep);
	if (ret) {
		fprintf(stderr, PROG_NAME ": %s: %s\n", out_name(r), strerror(-ret));
		return ret;
	}
	r->opened = true;
	return 0;
}

/* Writes and frees line. */
static int write_line(struct record *r, char *line, int ret)
{
	if (!ret)
		ret = irqw_out_write(&r->out, line);
	free(line);
	if (ret)
		fprintf(stderr, PROG_NAME ": %s: %s\n", out_name(r), strerror(-ret));
	return ret;
}

static int record_event(void *ctx, const struct irqw_event *ev,
			const struct irqw_extra *x)
{
	struct record *r = ctx;
	char *line = NULL;
	int ret;

	ret = irqw_json_event(ev, x, r->host, &line);
	return write_line(r, line, ret);
}

static int record_lost(void *ctx, const struct irqw_lost *lost,
		       uint64_t mono_ns, uint64_t real_ns)
{
	struct record *r = ctx;
	char *line = NULL;
	int ret;

	ret = irqw_json_lost(lost, r->host, mono_ns, real_ns, &line);
	return write_line(r, line, ret);
}

static int record_reopen(void *ctx)
{
	struct record *r = ctx;
	int ret;

	ret = irqw_out_reopen(&r->out);
	if (ret)
		fprintf(stderr, PROG_NAME ": %s: %s\n", out_name(r), strerror(-ret));
	return ret;
}

static const struct stream_sink record_sink = {
	.start = record_start,
	.event = record_event,
	.lost = record_lost,
	.reopen = record_reopen,
};

/* Options of record's own; 1 taken, 0 not one, -1 bad (printed). */
static int record_opt(int c, const char *val, struct record *r, bool *has_keep)
{
	uint64_t n;

	switch (c) {
	case 'o':
		r->path = strcmp(val, "-") ? val : NULL;
		return 1;
	case OPT_ROTATE:
		if (irqw_parse_size(val, &r->rotate) || !r->rotate) {
			fprintf(stderr, PROG_NAME ": record: bad --rotate '%s': "
				"a size such as 100M\n", val);
			return -1;
		}
		return 1;
	case OPT_KEEP:
		if (irqw_parse_uint(val, &n) || n > IRQW_KEEP_MAX) {
			fprintf(stderr, PROG_NAME ": record: bad --keep '%s': "
				"a number of files from 0 to %d\n", val,
				IRQW_KEEP_MAX);
			return -1;
		}
		r->keep = (unsigned int)n;
		*has_keep = true;
		return 1;
	default:
		return 0;
	}
}

static const char record_summary[] = "Write events as JSON lines, to a file or stdout";
static const char record_usage[] =
	"Usage: " PROG_NAME " record [-o FILE|-] [--duration SECS] [--count N]\n"
	"                       [--rotate SIZE] [--keep N] [--user NAME]\n"
	"                       [--rcvbuf SIZE] [--no-slab-info]\n"
	"Writes one JSON object per event and lost record (irqwatch(8)); -j\n"
	"and -p are accepted and change nothing. Exit status 3: the module\n"
	"went away.\n";

int record_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		CLI_LONG_OPTS, STREAM_LONG_OPTS,
		{ "output", required_argument, NULL, 'o' },
		{ "rotate", required_argument, NULL, OPT_ROTATE },
		{ "keep", required_argument, NULL, OPT_KEEP },
		{ 0 },
	};
	struct record r = { .keep = IRQW_KEEP_DEFAULT };
	struct stream_opts o;
	bool has_keep = false;
	int c, ret, status = IRQW_EXIT_USAGE;

	stream_opts_init(&o);
	cli_getopt_init();
	while ((c = getopt_long(argc, argv, ":o:" CLI_SHORT_OPTS, opts,
				NULL)) != -1) {
		ret = record_opt(c, optarg, &r, &has_keep);
		if (!ret)
			ret = stream_opt(c, optarg, "record", &o);
		if (ret < 0)
			goto cleanup;
		if (ret)
			continue;
		/* -j and -p change nothing: record writes JSON lines anyway */
		ret = cli_opt(&cmd_record, c, argv);
		if (ret >= 0) {
			status = ret;
			goto cleanup;
		}
	}
	ret = cli_no_args(&cmd_record, argc, argv);
	if (ret >= 0) {
		status = ret;
		goto cleanup;
	}
	if (r.rotate && !r.path) {
		fprintf(stderr, PROG_NAME ": record: --rotate needs -o FILE\n");
		goto cleanup;
	}
	if (has_keep && !r.rotate) {
		fprintf(stderr, PROG_NAME ": record: --keep needs --rotate\n");
		goto cleanup;
	}
	if (gethostname(r.host, sizeof(r.host) - 1))
		strcpy(r.host, "localhost");

	status = stream_run(&o, &record_sink, &r);
	ret = r.opened ? irqw_out_close(&r.out) : 0;
	if (ret) {
		fprintf(stderr, PROG_NAME ": %s: %s\n", out_name(&r), strerror(-ret));
		status = IRQW_EXIT_ERROR;
	}
cleanup:
	stream_opts_free(&o);
	return status;
}

const struct cmd cmd_record = { "record", record_main, record_summary, record_usage };
