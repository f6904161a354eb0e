// SPDX-License-Identifier: GPL-2.0 OR MIT
/* irqwatch monitor: one line per event for people. */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "human.h"
#include "jsonl.h"
#include "stream.h"
#include "cli.h"

/* with -j: the JSON lines of record, with this host's name */
static char json_host[HOST_NAME_MAX + 1];

static int written(int ret)
{
	if (ret || fflush(stdout) == EOF) {
		fprintf(stderr, PROG_NAME ": error writing to stdout\n");
		return ret ? ret : -EIO;
	}
	return 0;
}

static int monitor_start(void *ctx __attribute__((unused)),
			 const struct irqw_baseline *base __attribute__((unused)),
			 bool *resume __attribute__((unused)),
			 uint64_t *resume_seq __attribute__((unused)))
{
	return 0;
}

/* Writes and frees line. */
static int json_line(char *line, int ret)
{
	if (!ret && (fputs(line, stdout) == EOF || putchar('\n') == EOF))
		ret = -EIO;
	free(line);
	return written(ret);
}

static int monitor_event(void *ctx __attribute__((unused)),
			 const struct irqw_event *ev, const struct irqw_extra *x)
{
	char *line = NULL;
	int ret;

	if (cli_json) {
		ret = irqw_json_event(ev, x, json_host, NULL, &line);
		return json_line(line, ret);
	}
	return written(irqw_human_event(stdout, ev, x));
}

static int monitor_lost(void *ctx __attribute__((unused)),
			const struct irqw_lost *lost,
			uint64_t mono_ns, uint64_t real_ns)
{
	char *line = NULL;
	int ret;

	if (cli_json) {
		ret = irqw_json_lost(lost, json_host, NULL, mono_ns, real_ns, &line);
		return json_line(line, ret);
	}
	return written(irqw_human_lost(stdout, lost, real_ns));
}

static int monitor_reopen(void *ctx __attribute__((unused)))
{
	return 0;
}

static const struct stream_sink monitor_sink = {
	.start = monitor_start,
	.event = monitor_event,
	.lost = monitor_lost,
	.reopen = monitor_reopen,
};

static const char monitor_summary[] = "Print events as they happen, one line each";
static const char monitor_usage[] =
	"Usage: " PROG_NAME " monitor [--duration SECS] [--count N] [--user NAME]\n"
	"                        [--rcvbuf SIZE] [--no-slab-info] [-j|--json]\n"
	"Prints one line per event for people; with -j (or -p) the JSON\n"
	"lines of record instead. Exit status 3: the module went away.\n";

int monitor_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		CLI_LONG_OPTS, STREAM_LONG_OPTS, { 0 },
	};
	struct stream_opts o;
	int c, ret, status = IRQW_EXIT_USAGE;

	stream_opts_init(&o);
	cli_getopt_init();
	while ((c = getopt_long(argc, argv, ":" CLI_SHORT_OPTS, opts, NULL)) != -1) {
		ret = stream_opt(c, optarg, "monitor", &o);
		if (ret < 0)
			goto cleanup;
		if (ret)
			continue;
		ret = cli_opt(&cmd_monitor, c, argv);
		if (ret >= 0) {
			status = ret;
			goto cleanup;
		}
	}
	ret = cli_no_args(&cmd_monitor, argc, argv);
	if (ret >= 0) {
		status = ret;
		goto cleanup;
	}
	if (cli_json && gethostname(json_host, sizeof(json_host) - 1))
		strcpy(json_host, "localhost");
	status = stream_run(&o, &monitor_sink, NULL);
cleanup:
	stream_opts_free(&o);
	return status;
}

const struct cmd cmd_monitor = { "monitor", monitor_main, monitor_summary, monitor_usage };
