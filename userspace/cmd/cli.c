// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"
#include "fmt.h"

bool cli_json, cli_pretty;

void cli_getopt_init(void)
{
	optind = 0;	/* glibc: start again, and reset its state */
	opterr = 0;
}

static void vprint(const char *fmt, va_list ap)
{
	fputs(PROG_NAME ": ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int cli_usage_error(const struct cmd *cmd, bool usage, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
	if (usage)
		fputs(cmd->usage, stderr);
	return IRQW_EXIT_USAGE;
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
	return IRQW_EXIT_ERROR;
}

int cli_opt(const struct cmd *cmd, int c, char *const argv[])
{
	const char *arg = argv[optind - 1];

	switch (c) {
	case 'j':
		cli_json = true;
		return -1;
	case 'p':
		cli_json = cli_pretty = true;
		return -1;
	case 'h':
		fputs(cmd->usage, stdout);
		return IRQW_EXIT_OK;
	case ':':
		return cli_usage_error(cmd, true, "%s: %s needs a value",
				       cmd->name, arg);
	default:
		if (optopt && strncmp(arg, "--", 2))
			return cli_usage_error(cmd, true,
					       "%s: unknown option '-%c'",
					       cmd->name, optopt);
		return cli_usage_error(cmd, true, "%s: unknown option '%s'",
				       cmd->name, arg);
	}
}

int cli_no_args(const struct cmd *cmd, int argc, char *argv[])
{
	if (optind >= argc)
		return -1;
	return cli_usage_error(cmd, true, "%s: unexpected argument '%s'",
			       cmd->name, argv[optind]);
}

int cli_parse(const struct cmd *cmd, int argc, char *argv[], bool args)
{
	static const struct option opts[] = { CLI_LONG_OPTS, { 0 } };
	int c, ret;

	cli_getopt_init();
	while ((c = getopt_long(argc, argv, ":" CLI_SHORT_OPTS, opts, NULL)) != -1) {
		ret = cli_opt(cmd, c, argv);
		if (ret >= 0)
			return ret;
	}
	return args ? -1 : cli_no_args(cmd, argc, argv);
}

int cli_print_json(FILE *f, struct json_object *obj)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE;
	const char *text;

	flags |= cli_pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
			      JSON_C_TO_STRING_PLAIN;
	text = json_object_to_json_string_ext(obj, flags);
	if (!text)
		return -ENOMEM;
	fprintf(f, "%s\n", text);
	return ferror(f) ? -EIO : 0;
}

struct json_object *cli_json_root(void)
{
	struct json_object *root = json_object_new_object();

	if (root && irqw_json_put(root, "schema",
				  json_object_new_int(IRQW_QUERY_SCHEMA))) {
		json_object_put(root);
		return NULL;
	}
	return root;
}
