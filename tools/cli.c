// SPDX-License-Identifier: GPL-2.0
/*
 * The command line every prtos command shares: option parsing, usage
 * errors and the --help text built from a command table entry.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* "prtos" or "prtos config check": how to name @cmd to the user. */
static void print_name(FILE *f, const struct command *cmd)
{
	fprintf(f, "prtos%s%s", *cmd->path ? " " : "", cmd->path);
}

static void print_usage_line(FILE *f, const struct command *cmd)
{
	fputs("usage: ", f);
	print_name(f, cmd);
	fprintf(f, "%s%s\n", *cmd->args ? " " : "", cmd->args);
}

#define LIST_COLUMN 28

/* The command list of a group, subgroups expanded. */
static void print_command_list(const struct command *table)
{
	const struct command *c;
	char left[128];

	for (c = table; c->name; c++) {
		if (c->sub) {
			print_command_list(c->sub);
			continue;
		}
		snprintf(left, sizeof(left), "%s%s%s", c->path,
			 *c->args ? " " : "", c->args);
		/* A long synopsis gets the summary on a line of its own. */
		if (strlen(left) > LIST_COLUMN)
			printf("  %s\n  %-*s %s\n", left, LIST_COLUMN, "",
			       c->summary);
		else
			printf("  %-*s %s\n", LIST_COLUMN, left, c->summary);
	}
}

/**
 * print_help() - print a command's --help to standard output
 * @cmd: the command; for a group, its command list comes first
 */
void print_help(const struct command *cmd)
{
	print_usage_line(stdout, cmd);
	printf("\n");
	if (cmd->sub) {
		printf("%c%s.\n\nCommands:\n", toupper(cmd->summary[0]),
		       cmd->summary + 1);
		print_command_list(cmd->sub);
		printf("\n");
	}
	fputs(cmd->help, stdout);
}

/**
 * usage_error() - report a wrong command line
 * @cmd: the command whose usage was wrong
 * @fmt: what is wrong, printf-style
 *
 * Prints the problem, the usage line and where to find help.
 *
 * Return: EXIT_USAGE.
 */
int usage_error(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	print_name(stderr, cmd);
	fputs(": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	print_usage_line(stderr, cmd);
	fputs("run '", stderr);
	print_name(stderr, cmd);
	fputs(" --help'\n", stderr);
	return EXIT_USAGE;
}

/**
 * parse_next() - the next option of a command's command line
 * @cmd: the command, for --help and usage errors
 * @argc: argument count, argv[0] being the command's name
 * @argv: the arguments
 * @shortopts: getopt_long() short options, starting with ':'
 * @longopts: getopt_long() long options, HELP_OPTION among them
 * @status: out: -1, or the exit code once the command should end
 *
 * Return: the option character, or -1 at the end of the options or when
 * *@status was set (help printed, usage error reported).
 */
int parse_next(const struct command *cmd, int argc, char **argv,
	       const char *shortopts, const struct option *longopts,
	       int *status)
{
	const char *arg;
	int c;

	*status = -1;
	opterr = 0;
	c = getopt_long(argc, argv, shortopts, longopts, NULL);
	switch (c) {
	case 'h':
		print_help(cmd);
		*status = EXIT_OK;
		return -1;
	case ':':
		*status = usage_error(cmd, "option '%s' needs a value",
				      argv[optind - 1]);
		return -1;
	case '?':
		arg = argv[optind - 1];
		/* A known long option given a value it does not take. */
		if (optopt && !strncmp(arg, "--", 2))
			*status = usage_error(cmd,
					      "option '%.*s' takes no value",
					      (int)strcspn(arg, "="), arg);
		else if (optopt)
			*status = usage_error(cmd, "unknown option '-%c'",
					      optopt);
		else
			*status = usage_error(cmd, "unknown option '%s'", arg);
		return -1;
	}
	return c;
}

/**
 * parse_help_only() - option parsing for a command with no options but -h
 * @cmd: the command
 * @argc: argument count
 * @argv: the arguments; optind is left at the first operand
 *
 * Return: -1 to go on, or the exit code (help printed, usage error).
 */
int parse_help_only(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = { HELP_OPTION, {} };
	int status;

	while (parse_next(cmd, argc, argv, ":h", opts, &status) != -1)
		;
	return status;
}

/**
 * parse_no_args() - the command line of a command that takes nothing
 * @cmd: the command
 * @argc: argument count
 * @argv: the arguments
 *
 * Nothing but -h/--help is accepted.
 *
 * Return: -1 to go on, or the exit code (help printed, usage error).
 */
int parse_no_args(const struct command *cmd, int argc, char **argv)
{
	int status = parse_help_only(cmd, argc, argv);

	if (status < 0 && optind < argc)
		status = usage_error(cmd, "unexpected argument '%s'",
				     argv[optind]);
	return status;
}

/**
 * parse_one_arg() - the command line of a command that takes one operand
 * @cmd: the command
 * @argc: argument count
 * @argv: the arguments; on success argv[optind] is the operand
 * @missing: the usage error when it is missing, e.g. "missing FILE"
 *
 * Nothing but -h/--help is accepted besides the operand.
 *
 * Return: -1 to go on, or the exit code (help printed, usage error).
 */
int parse_one_arg(const struct command *cmd, int argc, char **argv,
		  const char *missing)
{
	int status = parse_help_only(cmd, argc, argv);

	if (status < 0 && optind >= argc)
		status = usage_error(cmd, "%s", missing);
	else if (status < 0 && argc - optind > 1)
		status = usage_error(cmd, "too many arguments");
	return status;
}

/**
 * parse_json_only() - the command line of a command that takes only --json
 * @cmd: the command
 * @argc: argument count
 * @argv: the arguments
 * @json: out: whether -j/--json was given
 *
 * Nothing but -j/--json and -h/--help is accepted.
 *
 * Return: -1 to go on, or the exit code (help printed, usage error).
 */
int parse_json_only(const struct command *cmd, int argc, char **argv,
		    bool *json)
{
	static const struct option opts[] = { HELP_OPTION, JSON_OPTION, {} };
	int status;

	*json = false;
	while (parse_next(cmd, argc, argv, ":hj", opts, &status) != -1)
		*json = true;
	if (status < 0 && optind < argc)
		status = usage_error(cmd, "unexpected argument '%s'",
				     argv[optind]);
	return status;
}
