/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What main.c and the subcommands share: the subcommand table's entry, the
 * exit statuses, the output options (-j/--json, -p/--pretty, given before
 * or after the subcommand) and the getopt_long() options every subcommand
 * takes.
 */
#ifndef IRQW_CLI_H
#define IRQW_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#define PROG_NAME "irqwatch"

/* Exit statuses (irqwatch(8), EXIT STATUS). */
enum {
	IRQW_EXIT_OK		= 0,
	IRQW_EXIT_ERROR		= 1,	/* runtime: module, kernel, I/O */
	IRQW_EXIT_USAGE		= 2,	/* the command line is wrong */
	IRQW_EXIT_MODULE_GONE	= 3,	/* record/monitor: the module went away */
	IRQW_EXIT_SKIPPED	= 4,	/* report: written, but lines not analysed */
};

/* Schema version of every --json query output ("schema"). */
#define IRQW_QUERY_SCHEMA	1

/* One subcommand. */
struct cmd {
	const char *name;
	/* argv[0] is the subcommand's name; returns the exit status */
	int (*main)(int argc, char *argv[]);
	const char *summary;	/* one line for the global help */
	const char *usage;	/* its help: "Usage: ..." lines and more */
};

extern const struct cmd cmd_status, cmd_config, cmd_stats, cmd_monitor,
	cmd_record, cmd_probe, cmd_report;

/* The whole command line of the tool: what main() runs (dispatch.c). */
int irqwatch_main(int argc, char *argv[]);

/* The mains that the unit tests run. */
int monitor_main(int argc, char *argv[]);
int record_main(int argc, char *argv[]);
int probe_main(int argc, char *argv[]);
int report_main(int argc, char *argv[]);

/*
 * report: "2026-11-21T10:00:00Z" and the rest of RFC 3339, or @SECONDS;
 * every field in range. 0, or -EINVAL with why (size bytes; NULL: not
 * said) naming the field out of range, or "" for a string not of the form.
 */
#include <stdint.h>
int report_parse_time(const char *s, uint64_t *ns, char *why, size_t size);
/* report: the width of the text report written to out; 0: lines not cut */
unsigned int report_width(FILE *out);

/* -j/--json and -p/--pretty (which implies --json), wherever given. */
extern bool cli_json, cli_pretty;

/* The options every subcommand takes, for its getopt_long() tables. */
#define CLI_SHORT_OPTS	"jph"
#define CLI_LONG_OPTS						\
	{ "json", no_argument, NULL, 'j' },			\
	{ "pretty", no_argument, NULL, 'p' },			\
	{ "help", no_argument, NULL, 'h' }

/*
 * Starts a subcommand's getopt_long() loop: parsing starts again at
 * argv[1], errors are left to cli_opt().
 */
void cli_getopt_init(void);

/*
 * Handles what getopt_long() returned that the subcommand does not take
 * itself: -1 after -j or -p (go on), 0 after printing the help to stdout
 * for -h, 2 after printing the usage error for an unknown option or a
 * missing value. argv is the subcommand's.
 */
int cli_opt(const struct cmd *cmd, int c, char *const argv[]);

/*
 * The whole getopt_long() loop of a subcommand that takes no options of its
 * own: -1 to go on, with optind at the first argument (which there may be
 * only with args), else the exit status cli_opt() or the usage error gave.
 */
int cli_parse(const struct cmd *cmd, int argc, char *argv[], bool args);

/* After a subcommand's options: -1 if no argument is left, else 2 (printed). */
int cli_no_args(const struct cmd *cmd, int argc, char *argv[]);

/*
 * Prints "irqwatch: MESSAGE" and, with usage, the subcommand's help to
 * stderr; returns IRQW_EXIT_USAGE.
 */
__attribute__((format(printf, 3, 4)))
int cli_usage_error(const struct cmd *cmd, bool usage, const char *fmt, ...);

/* Prints "irqwatch: MESSAGE" to stderr; returns IRQW_EXIT_ERROR. */
__attribute__((format(printf, 1, 2)))
int cli_error(const char *fmt, ...);

/*
 * Writes a query's JSON object and a newline to f: on one line, or
 * indented with -p. 0 or a negative errno.
 */
struct json_object;
int cli_print_json(FILE *f, struct json_object *obj);

/* A new JSON object that starts with "schema"; NULL without memory. */
struct json_object *cli_json_root(void);

#endif /* IRQW_CLI_H */
