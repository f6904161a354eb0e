// SPDX-License-Identifier: GPL-2.0 OR MIT
/* irqwatch record: events and lost records as JSON lines. */

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "jsonl.h"
#include "output.h"
#include "record_prom.h"
#include "stream.h"
#include "cli.h"
#include "units.h"

enum {
	OPT_ROTATE = 0x200,
	OPT_KEEP,
};

const char *record_boot_id_path;
size_t record_pending_max;

struct record {
	const char *path;	/* NULL: standard output */
	uint64_t rotate;
	unsigned int keep;
	struct irqw_out out;
	bool opened;
	char host[HOST_NAME_MAX + 1];
	struct irqw_origin origin;
	int told_error;		/* the write error said on stderr; 0: none */
	int told_rotate;	/* the rotation error said */
	struct record_prom prom;	/* --prom */
};

static const char *out_name(const struct record *r)
{
	return r->path ? r->path : "standard output";
}

/* Prints why the output cannot be opened. */
static void open_error(const struct record *r, int ret)
{
	const char *why = strerror(-ret);

	if (ret == -ELOOP)
		why = "a symbolic link: not followed";
	else if (ret == -EINVAL)
		why = "not a regular file, FIFO, socket or character device";
	else if (ret == -ESPIPE)
		why = "not a regular file: --rotate needs one";
	fprintf(stderr, PROG_NAME ": %s: %s\n", out_name(r), why);
}

/*
 * Where the log ends: in FILE, or in FILE.1 if FILE has no event yet (it
 * was just rotated, by record or by logrotate).
 */
static int resume_point(const struct record *r, struct irqw_resume *res)
{
	size_t len = strlen(r->path) + 3;
	char *prev;
	int ret;

	ret = irqw_resume_last(r->path, res);
	if (ret != -ENOENT && ret != -ENODATA)
		return ret;
	prev = malloc(len);
	if (!prev)
		return -ENOMEM;
	snprintf(prev, len, "%s.1", r->path);
	ret = irqw_resume_last(prev, res);
	free(prev);
	return ret;
}

static int after(struct record *r, int ret);

static int record_start(void *ctx, const struct irqw_baseline *base,
			bool *resume, uint64_t *resume_seq)
{
	struct record *r = ctx;
	struct irqw_resume res;
	int ret;

	/* without a boot id, records carry none and nothing is resumed */
	if (irqw_boot_id_read(record_boot_id_path, r->origin.boot_id))
		r->origin.boot_id[0] = '\0';
	r->origin.has_load_id = base->has_load_id;
	r->origin.load_id = base->load_id;
	ret = irqw_out_open(&r->out, r->path, r->rotate, r->keep);
	if (ret) {
		open_error(r, ret);
		return ret;
	}
	r->opened = true;
	ret = record_prom_start(&r->prom);
	if (ret)
		return ret;
	if (record_pending_max)
		r->out.pending_max = record_pending_max;
	if (!r->out.path || !r->out.regular)
		return after(r, 0);	/* a FIFO without a reader says so */
	/*
	 * Seqs and drop counts start again at every module load: only a log
	 * of this boot and load is continued.
	 */
	ret = resume_point(r, &res);
	if (!ret && irqw_origin_same(&res.origin, &r->origin)) {
		*resume = true;
		*resume_seq = res.seq;
	} else if (ret && ret != -ENOENT && ret != -ENODATA) {
		fprintf(stderr, PROG_NAME ": %s: %s\n", r->path, strerror(-ret));
		return ret;
	}
	return 0;
}

/* A record's object, counted in the metrics, as its line; consumes obj. */
static int to_line(struct record *r, struct json_object *obj, char **line)
{
	int ret = record_prom_count(&r->prom, obj);

	if (ret) {
		json_object_put(obj);
		return ret;
	}
	return irqw_json_line(obj, line);
}

static uint64_t clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/*
 * Says on stderr when writing stops and when it works again (once each per
 * episode), and when a rotation fails; once the lines that waited are
 * written, writes the lost record of those that could not wait.
 */
static int settle(struct record *r)
{
	struct irqw_out *o = &r->out;
	struct irqw_lost lost = { .reason = IRQW_LOST_WRITE_ERROR };
	struct json_object *obj;
	char *line = NULL;
	int ret;

	if (o->rotate_error && o->rotate_error != r->told_rotate)
		fprintf(stderr, PROG_NAME ": %s: cannot rotate: %s; writing on "
			"to it and trying again\n", out_name(r),
			strerror(o->rotate_error));
	else if (!o->rotate_error && r->told_rotate)
		fprintf(stderr, PROG_NAME ": %s: rotated\n", out_name(r));
	r->told_rotate = o->rotate_error;
	if (o->error && !r->told_error) {
		fprintf(stderr, PROG_NAME ": %s: %s; records wait until they can "
			"be written (%zu KiB at most, the rest are counted as "
			"lost: write_error)\n", out_name(r),
			o->error == ENXIO ? "no reader on the FIFO" :
			strerror(o->error), o->pending_max >> 10);
		r->told_error = o->error;
	} else if (!o->error && r->told_error) {
		fprintf(stderr, PROG_NAME ": %s: writing again; %" PRIu64
			" event%s could not be written\n", out_name(r),
			o->unwritten, o->unwritten == 1 ? "" : "s");
		r->told_error = 0;
	}
	if (o->error || o->head || !o->unwritten)
		return 0;
	lost.count = o->unwritten;
	o->unwritten = 0;
	ret = irqw_json_lost_obj(&lost, r->host, &r->origin,
				 clock_ns(CLOCK_MONOTONIC),
				 clock_ns(CLOCK_REALTIME), &obj);
	if (!ret)
		ret = to_line(r, obj, &line);
	if (!ret)
		ret = irqw_out_put(o, line, lost.count);
	free(line);
	return ret;
}

/* After a write or a retry: what went wrong, or 0. */
static int after(struct record *r, int ret)
{
	if (!ret)
		ret = settle(r);
	/* the reader went away: nothing to say, nobody to say it to */
	if (ret && ret != -EPIPE)
		fprintf(stderr, PROG_NAME ": %s: %s\n", out_name(r), strerror(-ret));
	return ret;
}

/* Writes and frees line, which stands for events events. */
static int write_line(struct record *r, char *line, int ret, uint64_t events)
{
	if (!ret)
		ret = irqw_out_put(&r->out, line, events);
	free(line);
	return after(r, ret);
}

static int record_event(void *ctx, const struct irqw_event *ev,
			const struct irqw_extra *x)
{
	struct record *r = ctx;
	struct json_object *obj;
	char *line = NULL;
	int ret;

	ret = irqw_json_event_obj(ev, x, r->host, &r->origin, &obj);
	if (!ret)
		ret = to_line(r, obj, &line);
	return write_line(r, line, ret, 1);
}

static int record_lost(void *ctx, const struct irqw_lost *lost,
		       uint64_t mono_ns, uint64_t real_ns)
{
	struct record *r = ctx;
	struct json_object *obj;
	char *line = NULL;
	int ret;

	ret = irqw_json_lost_obj(lost, r->host, &r->origin, mono_ns, real_ns,
				 &obj);
	if (!ret)
		ret = to_line(r, obj, &line);
	return write_line(r, line, ret, lost->count);
}

/* A file that cannot be opened again is tried again; records wait. */
static int record_reopen(void *ctx)
{
	struct record *r = ctx;

	irqw_out_reopen(&r->out);
	return after(r, 0);
}

static int record_tick(void *ctx, uint64_t now_ns, uint64_t *next_ns)
{
	struct record *r = ctx;

	return record_prom_tick(&r->prom, now_ns, next_ns);
}

static int record_retry(void *ctx)
{
	struct record *r = ctx;
	int ret;

	ret = irqw_out_retry(&r->out);
	ret = after(r, ret < 0 ? ret : 0);
	if (ret)
		return ret;
	return r->out.head || r->out.fd < 0 ? 1 : 0;
}

/* At the end: what waits is tried once more; what is never written is said. */
static int record_finish(struct record *r, int status)
{
	uint64_t lost = 0;
	int ret;

	if (!r->opened)
		return status;
	if (irqw_out_retry(&r->out) >= 0)
		settle(r);
	record_prom_finish(&r->prom);
	ret = irqw_out_close(&r->out, &lost);
	if (lost) {
		fprintf(stderr, PROG_NAME ": %s: %" PRIu64 " event%s never "
			"written: %s\n", out_name(r), lost, lost == 1 ? "" : "s",
			strerror(ret ? -ret : EIO));
		return IRQW_EXIT_ERROR;
	}
	return status;
}

static const struct stream_sink record_sink = {
	.start = record_start,
	.event = record_event,
	.lost = record_lost,
	.reopen = record_reopen,
	.retry = record_retry,
	.tick = record_tick,
};

/* Options of record's own; 1 taken, 0 not one, -1 bad (printed). */
static int record_opt(int c, const char *val, struct record *r, bool *has_keep)
{
	uint64_t n;

	switch (c) {
	case 'o':
		r->path = strcmp(val, "-") && strcmp(val, "/dev/stdout") ?
			  val : NULL;
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
		return record_prom_opt(&r->prom, c, val);
	}
}

static const char record_summary[] = "Write events as JSON lines, to a file or stdout";
static const char record_usage[] =
	"Usage: " PROG_NAME " record [-o FILE|-] [--duration SECS] [--count N]\n"
	"                       [--rotate SIZE] [--keep N] [--user NAME]\n"
	"                       [--rcvbuf SIZE] [--no-slab-info]\n"
	"                       [--prom FILE [--prom-interval SECS]]\n"
	"Writes one JSON object per event and lost record (irqwatch(8)); -j\n"
	"and -p are accepted and change nothing. Exit status 3: the module\n"
	"went away.\n"
	"  --prom FILE           also Prometheus metrics of what was recorded,\n"
	"                        for node_exporter's textfile collector: FILE\n"
	"                        (NAME.prom) replaced every --prom-interval\n"
	"                        (default 15s) and at exit\n";

int record_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		CLI_LONG_OPTS, STREAM_LONG_OPTS,
		{ "output", required_argument, NULL, 'o' },
		{ "rotate", required_argument, NULL, OPT_ROTATE },
		{ "keep", required_argument, NULL, OPT_KEEP },
		RECORD_PROM_LONG_OPTS,
		{ 0 },
	};
	struct record r = { .keep = IRQW_KEEP_DEFAULT };
	struct stream_opts o;
	bool has_keep = false;
	int c, ret, status = IRQW_EXIT_USAGE;
	struct stat st;

	stream_opts_init(&o);
	record_prom_init(&r.prom);
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
	if (r.rotate && (!r.path || irqw_out_is_fd(r.path))) {
		fprintf(stderr, PROG_NAME ": record: --rotate needs -o FILE\n");
		goto cleanup;
	}
	if (r.rotate && !stat(r.path, &st) && !S_ISREG(st.st_mode)) {
		fprintf(stderr, PROG_NAME ": record: --rotate needs a regular "
			"file: %s is not one\n", r.path);
		goto cleanup;
	}
	if (has_keep && !r.rotate) {
		fprintf(stderr, PROG_NAME ": record: --keep needs --rotate\n");
		goto cleanup;
	}
	ret = record_prom_check(&r.prom);
	if (ret) {
		status = ret == -1 ? IRQW_EXIT_USAGE : IRQW_EXIT_ERROR;
		goto cleanup;
	}
	if (gethostname(r.host, sizeof(r.host) - 1))
		strcpy(r.host, "localhost");

	/*
	 * A reader of standard output that goes away ends the stream (EPIPE),
	 * and a file size limit is a write error like a full disk.
	 */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
	status = stream_run(&o, &record_sink, &r);
	status = record_finish(&r, status);
cleanup:
	stream_opts_free(&o);
	return status;
}

const struct cmd cmd_record = { "record", record_main, record_summary, record_usage };
