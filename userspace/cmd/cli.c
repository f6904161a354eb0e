// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <stdio.h>
#include <string.h>

#include "subcommands.h"

int json_option(int argc, char *argv[], const char *usage, bool *json)
{
	int i;

	*json = false;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			*json = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return 0;
		} else {
			fprintf(stderr, PROG_NAME ": %s: unknown argument '%s'\n%s",
				argv[0], argv[i], usage);
			return 1;
		}
	}
	return -1;
}
