// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <stdio.h>
#include <string.h>

#include "subcommands.h"
#include "version.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int help_main(int argc, char *argv[]);
static int version_main(int argc, char *argv[]);

static const struct {
	const char *name;
	int (*main)(int argc, char *argv[]);
	const char *description;
} subcommands[] = {
	{ "status", status_main, "Show the module's version, configuration and CPUs" },
	{ "config", config_main, "Show or change the module's configuration" },
	{ "stats", stats_main, "Show the module's event and drop counters" },
	{ "monitor", monitor_main, "Print events as they happen, one line each" },
	{ "record", record_main, "Write events as JSON lines, to a file or stdout" },
	{ "probe", probe_main, "Add, delete or list stall probes" },
	{ "version", version_main, "Show the version of this tool" },
	{ "help", help_main, "Show this help" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: " PROG_NAME " <cmd> [<args>]\n\n");
	fprintf(f, "Available subcommands:\n");
	for (i = 0; i < ARRAY_SIZE(subcommands); i++)
		fprintf(f, "  %-10s%s\n", subcommands[i].name,
			subcommands[i].description);
}

static int help_main(int argc __attribute__((unused)),
		     char *argv[] __attribute__((unused)))
{
	usage(stdout);
	return 0;
}

static int version_main(int argc __attribute__((unused)),
			char *argv[] __attribute__((unused)))
{
	printf(PROG_NAME " %s\n", IRQWATCH_VERSION);
	return 0;
}

int main(int argc, char *argv[])
{
	const char *cmd = argc > 1 ? argv[1] : NULL;
	size_t i;
	int ret;

	if (!cmd) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V"))
		cmd = "version";
	else if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h"))
		cmd = "help";

	for (i = 0; i < ARRAY_SIZE(subcommands); i++)
		if (!strcmp(cmd, subcommands[i].name))
			break;
	if (i == ARRAY_SIZE(subcommands)) {
		fprintf(stderr, PROG_NAME ": unknown subcommand '%s'\n", cmd);
		usage(stderr);
		return 1;
	}

	ret = subcommands[i].main(argc - 1, argv + 1);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, PROG_NAME ": error writing to stdout\n");
		return 1;
	}
	return ret;
}
