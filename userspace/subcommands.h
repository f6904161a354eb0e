/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#ifndef IRQW_SUBCOMMANDS_H
#define IRQW_SUBCOMMANDS_H

#define PROG_NAME "irqwatch"

/* argv[0] is the subcommand's name; returns the process exit status. */
int status_main(int argc, char *argv[]);
int config_main(int argc, char *argv[]);
int stats_main(int argc, char *argv[]);
int monitor_main(int argc, char *argv[]);
int record_main(int argc, char *argv[]);

#endif /* IRQW_SUBCOMMANDS_H */
