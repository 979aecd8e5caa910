/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line of the prtos command: what a command is, its exit
 * codes, option parsing, usage errors and --help (cli.c).
 */
#ifndef _PRTOS_TOOL_CLI_H
#define _PRTOS_TOOL_CLI_H

#include <getopt.h>
#include <stdbool.h>

/* Exit codes: success, the operation failed, the command line was wrong. */
#define EXIT_OK	   0
#define EXIT_FAIL  1
#define EXIT_USAGE 2

/**
 * struct command - one entry of a command table
 * @name: the word typed on the command line
 * @run: handler; receives argv with argv[0] = @name. NULL for a group.
 * @sub: for a group ("config", "cell"): its table, ended by an entry
 *	 with a NULL @name
 * @path: the full command as typed after "prtos", e.g. "config check"
 * @args: synopsis of options and arguments, e.g. "[-f|--follow]"
 * @summary: one line for the command list
 * @help: the rest of the command's --help: description, options, examples
 */
struct command {
	const char *name;
	int (*run)(const struct command *cmd, int argc, char **argv);
	const struct command *sub;
	const char *path;
	const char *args;
	const char *summary;
	const char *help;
};

/*
 * Option parsing shared by all commands. Each command passes its own short
 * and long options; -h/--help is added by the caller's tables (see
 * HELP_OPTION). parse_next() returns the next option character, or -1 at
 * the end; it prints --help itself and reports unknown options, in which
 * case *@status holds the exit code and -1 is returned early.
 */
#define HELP_OPTION                            \
	{                                      \
		"help", no_argument, NULL, 'h' \
	}
/* -j/--json: the machine-readable output of the commands that show things. */
#define JSON_OPTION                            \
	{                                      \
		"json", no_argument, NULL, 'j' \
	}
int parse_next(const struct command *cmd, int argc, char **argv,
	       const char *shortopts, const struct option *longopts,
	       int *status);
int parse_help_only(const struct command *cmd, int argc, char **argv);
int parse_no_args(const struct command *cmd, int argc, char **argv);
int parse_one_arg(const struct command *cmd, int argc, char **argv,
		  const char *missing);
int parse_json_only(const struct command *cmd, int argc, char **argv,
		    bool *json);
void print_help(const struct command *cmd);
int usage_error(const struct command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
