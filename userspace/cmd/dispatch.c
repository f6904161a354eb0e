// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * irqwatch [-j|--json] [-p|--pretty] CMD [ARGS]: the global options, then
 * the subcommand, which takes the same options after its name; help CMD.
 */

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"
#include "fmt.h"
#include "version.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int help_main(int argc, char *argv[]);
static int version_main(int argc, char *argv[]);

static const struct cmd cmd_help = {
	.name = "help",
	.main = help_main,
	.summary = "Show this help, or a command's: help CMD",
	.usage = "Usage: " PROG_NAME " help [CMD]\n"
		 "Shows the commands, or the help of CMD (as CMD --help does).\n",
};

static const struct cmd cmd_version = {
	.name = "version",
	.main = version_main,
	.summary = "Show the version of this tool",
	.usage = "Usage: " PROG_NAME " version [--json]\n",
};

static const struct cmd *const cmds[] = {
	&cmd_status, &cmd_config, &cmd_stats, &cmd_monitor, &cmd_record,
	&cmd_probe, &cmd_report, &cmd_version, &cmd_help,
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: " PROG_NAME " [-j|--json] [-p|--pretty] <cmd> [<args>]\n"
		   "       " PROG_NAME " help <cmd> | <cmd> --help\n\n");
	fprintf(f, "Available subcommands:\n");
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		fprintf(f, "  %-10s%s\n", cmds[i]->name, cmds[i]->summary);
	fprintf(f, "\nExit status: 0 success, 1 error, 2 bad command line,\n"
		   "3 the module went away while record or monitor ran,\n"
		   "4 report skipped lines of its input.\n");
}

static const struct cmd *find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(name, cmds[i]->name))
			return cmds[i];
	return NULL;
}

static int help_main(int argc, char *argv[])
{
	const struct cmd *cmd;
	int ret;

	ret = cli_parse(&cmd_help, argc, argv, true);
	if (ret >= 0)
		return ret;
	if (optind == argc) {
		usage(stdout);
		return IRQW_EXIT_OK;
	}
	if (argc - optind > 1)
		return cli_usage_error(&cmd_help, true, "help: unexpected argument '%s'",
				       argv[optind + 1]);
	cmd = find(argv[optind]);
	if (!cmd)
		return cli_usage_error(&cmd_help, false,
				       "help: unknown subcommand '%s'", argv[optind]);
	fputs(cmd->usage, stdout);
	return IRQW_EXIT_OK;
}

static int version_main(int argc, char *argv[])
{
	struct json_object *root;
	int ret;

	ret = cli_parse(&cmd_version, argc, argv, false);
	if (ret >= 0)
		return ret;
	if (!cli_json) {
		printf(PROG_NAME " %s\n", IRQWATCH_VERSION);
		return IRQW_EXIT_OK;
	}
	root = cli_json_root();
	ret = root ? irqw_json_put(root, "version",
				   json_object_new_string(IRQWATCH_VERSION)) : -1;
	if (!ret)
		ret = cli_print_json(stdout, root);
	json_object_put(root);
	return ret ? cli_error("%s", "out of memory") : IRQW_EXIT_OK;
}

int irqwatch_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		CLI_LONG_OPTS,
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	const struct cmd *cmd;
	int c, ret;

	cli_json = cli_pretty = false;
	/* "+": the first word that is not an option is the subcommand */
	cli_getopt_init();
	while ((c = getopt_long(argc, argv, "+:" CLI_SHORT_OPTS "V", opts,
				NULL)) != -1) {
		if (c == 'V')
			return version_main(1, (char *[]){ "version", NULL });
		if (c == 'h') {
			usage(stdout);
			return IRQW_EXIT_OK;
		}
		if (c != 'j' && c != 'p') {
			fprintf(stderr, PROG_NAME ": unknown option '%s'\n",
				argv[optind - 1]);
			usage(stderr);
			return IRQW_EXIT_USAGE;
		}
		cli_opt(&cmd_help, c, argv);
	}
	if (optind == argc) {
		usage(stderr);
		return IRQW_EXIT_USAGE;
	}
	cmd = find(argv[optind]);
	if (!cmd) {
		fprintf(stderr, PROG_NAME ": unknown subcommand '%s'\n",
			argv[optind]);
		usage(stderr);
		return IRQW_EXIT_USAGE;
	}
	ret = cmd->main(argc - optind, argv + optind);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, PROG_NAME ": error writing to stdout\n");
		return IRQW_EXIT_ERROR;
	}
	return ret;
}
