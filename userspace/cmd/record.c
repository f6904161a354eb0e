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
#include "subcommands.h"
#include "units.h"

static const char record_usage[] =
	"Usage: " PROG_NAME " record [-o FILE|-] [--duration SECS] [--count N]\n"
	"                       [--rotate SIZE] [--keep N] [--user NAME]\n"
	"                       [--rcvbuf SIZE] [--no-slab-info]\n";

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
static int parse_opt(int argc, char *argv[], int *i, struct record *r,
		     bool *has_keep)
{
	const char *val;
	uint64_t n;
	bool missing;

	if ((val = stream_opt_value(argc, argv, i, "-o", &missing))) {
		r->path = strcmp(val, "-") ? val : NULL;
		return 1;
	}
	if (missing)
		goto missing;
	if ((val = stream_opt_value(argc, argv, i, "--rotate", &missing))) {
		if (irqw_parse_size(val, &r->rotate) || !r->rotate) {
			fprintf(stderr, PROG_NAME ": record: bad --rotate '%s': "
				"a size such as 100M\n", val);
			return -1;
		}
		return 1;
	}
	if (missing)
		goto missing;
	if ((val = stream_opt_value(argc, argv, i, "--keep", &missing))) {
		if (irqw_parse_uint(val, &n) || n > IRQW_KEEP_MAX) {
			fprintf(stderr, PROG_NAME ": record: bad --keep '%s': "
				"a number of files from 0 to %d\n", val,
				IRQW_KEEP_MAX);
			return -1;
		}
		r->keep = (unsigned int)n;
		*has_keep = true;
		return 1;
	}
	if (missing)
		goto missing;
	return 0;

missing:
	fprintf(stderr, PROG_NAME ": record: %s needs a value\n", argv[*i]);
	return -1;
}

int record_main(int argc, char *argv[])
{
	struct record r = { .keep = IRQW_KEEP_DEFAULT };
	struct stream_opts o;
	bool has_keep = false;
	int i, ret, status = 1;

	stream_opts_init(&o);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(record_usage, stdout);
			status = 0;
			goto cleanup;
		}
		ret = parse_opt(argc, argv, &i, &r, &has_keep);
		if (!ret)
			ret = stream_parse_opt(argc, argv, &i, "record", &o);
		if (ret < 0)
			goto cleanup;
		if (!ret) {
			fprintf(stderr, PROG_NAME ": record: unknown argument '%s'\n%s",
				argv[i], record_usage);
			goto cleanup;
		}
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
		status = 1;
	}
cleanup:
	stream_opts_free(&o);
	return status;
}
