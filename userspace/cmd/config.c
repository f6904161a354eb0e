// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "config_args.h"
#include "ipc.h"
#include "status.h"
#include "cli.h"

#define ERR_LEN	512	/* one line of reason */

static const char config_summary[] = "Show or change the module's configuration";
static const char config_usage[] =
	"Usage: " PROG_NAME " config [-j|--json] [-p|--pretty] [KEY VALUE]...\n"
	"Keys: period, irqoff_threshold, softirq_threshold, stall_threshold\n"
	"        (durations such as 500us, 20ms, 1s; a bare number is us)\n"
	"      detectors (irqoff,softirq,storm,stall, a subset or none)\n"
	"      cpus (a cpulist such as 0-3,8)\n"
	"      storm_interval (100ms to 10s, whole ms; a bare number is ms)\n"
	"      softirq_storm_pct, hardirq_storm_pct, imbalance_pct (1 to 100)\n"
	"      hardirq_storm_rate (interrupts per second, 1 to 10000000)\n"
	"Every key may also be written with its _us or _ms suffix where it has one.\n";

static int config_main(int argc, char *argv[])
{
	struct irqw_config_change chg;
	struct irqw_extack ext;
	struct irqw_config cfg;
	char err[ERR_LEN];
	int ret;

	/* options may stand anywhere: getopt_long() moves KEY VALUE behind */
	ret = cli_parse(&cmd_config, argc, argv, true);
	if (ret >= 0)
		return ret;
	if (config_args_parse(argc - optind, argv + optind, &chg, err, sizeof(err)))
		return cli_usage_error(&cmd_config, false, "%s", err);

	if (chg.set)
		ret = irqw_set_config(&chg, &cfg, &ext);
	else
		ret = irqw_get_config(&cfg, &ext);
	if (ret)
		return cli_error("%s", chg.set ? irqw_strerror_ext(ret, &ext) :
						 irqw_strerror_read(ret));
	ret = status_print_config(stdout, &cfg, cli_json);
	irqw_config_free(&cfg);
	return ret ? cli_error("%s", strerror(-ret)) : IRQW_EXIT_OK;
}

const struct cmd cmd_config = { "config", config_main, config_summary, config_usage };
