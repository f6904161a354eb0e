// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "config_args.h"
#include "ipc.h"
#include "status.h"
#include "subcommands.h"

#define ERR_LEN	512	/* one line of reason */

static const char config_usage[] =
	"Usage: " PROG_NAME " config [--json] [KEY VALUE]...\n"
	"Keys: period, irqoff_threshold, softirq_threshold, stall_threshold\n"
	"        (durations such as 500us, 20ms, 1s; a bare number is us)\n"
	"      detectors (irqoff,softirq,storm,stall, a subset or none)\n"
	"      cpus (a cpulist such as 0-3,8)\n";

int config_main(int argc, char *argv[])
{
	struct irqw_config_change chg;
	struct irqw_extack ext;
	struct irqw_config cfg;
	char err[ERR_LEN];
	bool json = false;
	int i, n = 0, ret;

	/*
	 * Options may stand wherever a key may (no key starts with '-'); the
	 * other arguments, KEY VALUE pairs, are moved together to argv[1..n].
	 */
	for (i = 1; i < argc; i++) {
		if (n % 2 || argv[i][0] != '-') {
			argv[1 + n++] = argv[i];
		} else if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(config_usage, stdout);
			return 0;
		} else {
			fprintf(stderr, PROG_NAME ": config: unknown argument '%s'\n%s",
				argv[i], config_usage);
			return 1;
		}
	}
	if (config_args_parse(n, argv + 1, &chg, err, sizeof(err))) {
		fprintf(stderr, PROG_NAME ": %s\n", err);
		return 1;
	}

	if (chg.set)
		ret = irqw_set_config(&chg, &cfg, &ext);
	else
		ret = irqw_get_config(&cfg, &ext);
	if (ret) {
		fprintf(stderr, PROG_NAME ": %s\n", chg.set ?
			irqw_strerror_ext(ret, &ext) : irqw_strerror_read(ret));
		return 1;
	}
	ret = status_print_config(stdout, &cfg, json);
	irqw_config_free(&cfg);
	if (ret) {
		fprintf(stderr, PROG_NAME ": %s\n", strerror(-ret));
		return 1;
	}
	return 0;
}
