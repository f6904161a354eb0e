// SPDX-License-Identifier: GPL-2.0 OR MIT
/* irqwatch monitor: one line per event for people. */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "human.h"
#include "stream.h"
#include "subcommands.h"

static const char monitor_usage[] =
	"Usage: " PROG_NAME " monitor [--duration SECS] [--count N] [--user NAME]\n"
	"                        [--rcvbuf SIZE] [--no-slab-info]\n";

static int written(int ret)
{
	if (ret || fflush(stdout) == EOF) {
		fprintf(stderr, PROG_NAME ": error writing to stdout\n");
		return ret ? ret : -EIO;
	}
	return 0;
}

static int monitor_start(void *ctx __attribute__((unused)),
			 bool *resume __attribute__((unused)),
			 uint64_t *resume_seq __attribute__((unused)))
{
	return 0;
}

static int monitor_event(void *ctx __attribute__((unused)),
			 const struct irqw_event *ev, const struct irqw_extra *x)
{
	return written(irqw_human_event(stdout, ev, x));
}

static int monitor_lost(void *ctx __attribute__((unused)),
			const struct irqw_lost *lost,
			uint64_t mono_ns __attribute__((unused)), uint64_t real_ns)
{
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

int monitor_main(int argc, char *argv[])
{
	struct stream_opts o;
	int i, ret, status = 1;

	stream_opts_init(&o);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(monitor_usage, stdout);
			status = 0;
			goto cleanup;
		}
		ret = stream_parse_opt(argc, argv, &i, "monitor", &o);
		if (ret < 0)
			goto cleanup;
		if (!ret) {
			fprintf(stderr, PROG_NAME ": monitor: unknown argument '%s'\n%s",
				argv[i], monitor_usage);
			goto cleanup;
		}
	}
	status = stream_run(&o, &monitor_sink, NULL);
cleanup:
	stream_opts_free(&o);
	return status;
}
