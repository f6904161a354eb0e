/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#ifndef IRQW_SUBCOMMANDS_H
#define IRQW_SUBCOMMANDS_H

#include <stdbool.h>

#define PROG_NAME "irqwatch"

/*
 * The options of a query subcommand: --json, -h/--help. -1 to go on, else
 * the exit status (0 after the help, 1 with the usage for anything else).
 */
int json_option(int argc, char *argv[], const char *usage, bool *json);

/* argv[0] is the subcommand's name; returns the process exit status. */
int status_main(int argc, char *argv[]);
int config_main(int argc, char *argv[]);
int stats_main(int argc, char *argv[]);
int monitor_main(int argc, char *argv[]);
int record_main(int argc, char *argv[]);
int probe_main(int argc, char *argv[]);

#endif /* IRQW_SUBCOMMANDS_H */
