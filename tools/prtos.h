/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared pieces of the prtos command: the command table, the option and
 * usage helpers every command uses, and the handlers each file provides.
 */
#ifndef _PRTOS_TOOL_H
#define _PRTOS_TOOL_H

#include <getopt.h>
#include <stddef.h>

/* Exit codes: success, the operation failed, the command line was wrong. */
#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2

/**
 * struct command - one entry of a command table
 * @name: the word typed on the command line
 * @run: handler; receives argv with argv[0] = @name. NULL for a group.
 * @sub: for a group ("config", later "cell"): its table, ended by an entry
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

/* Handlers, one per command. */
int cmd_enable(const struct command *cmd, int argc, char **argv);
int cmd_disable(const struct command *cmd, int argc, char **argv);
int cmd_console(const struct command *cmd, int argc, char **argv);
int cmd_config_check(const struct command *cmd, int argc, char **argv);
int cmd_cell_create(const struct command *cmd, int argc, char **argv);
int cmd_cell_load(const struct command *cmd, int argc, char **argv);
int cmd_cell_start(const struct command *cmd, int argc, char **argv);
int cmd_cell_shutdown(const struct command *cmd, int argc, char **argv);
int cmd_cell_destroy(const struct command *cmd, int argc, char **argv);
int cmd_cell_list(const struct command *cmd, int argc, char **argv);
int cmd_cell_stats(const struct command *cmd, int argc, char **argv);

/*
 * Option parsing shared by all commands. Each command passes its own short
 * and long options; -h/--help is added by the caller's tables (see
 * HELP_OPTION). parse_next() returns the next option character, or -1 at
 * the end; it prints --help itself and reports unknown options, in which
 * case *@status holds the exit code and -1 is returned early.
 */
#define HELP_OPTION	{ "help", no_argument, NULL, 'h' }
int parse_next(const struct command *cmd, int argc, char **argv,
	       const char *shortopts, const struct option *longopts,
	       int *status);
int parse_help_only(const struct command *cmd, int argc, char **argv);
void print_help(const struct command *cmd);
int usage_error(const struct command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reading whole files (configurations, sysfs attributes). */
int read_file(const char *path, void **data, size_t *size, size_t max);
int read_sysfs(const char *attr, char *buf, size_t len);
const char *sysfs_dir(void);
const char *device_path(void);

/* Talking to the driver (prtos-driver.c). */

/**
 * struct advice - what an errno from the driver means for one request
 * @err: the errno
 * @problem: the problem, when the driver gave no reason of its own
 * @fix: what the user should do
 */
struct advice {
	int err;
	const char *problem;
	const char *fix;
};

#define SEE_CONSOLE	"see 'prtos console' and 'dmesg' for the details"
#define SEE_DMESG	"see 'dmesg' for the driver's messages"

struct timespec;
int open_device(void);
void tidy_reason(char *reason, size_t len);
const char *report(const char *what, const struct advice *table, int err,
		   const char *reason);
double seconds_since(const struct timespec *start);

/* Inspecting configuration blobs (prtos-config.c). */
enum config_kind { CONFIG_UNKNOWN, CONFIG_SYSTEM, CONFIG_CELL };
enum config_kind config_kind(const void *blob, size_t size);
int load_config(const char *path, enum config_kind want, void **blob,
		size_t *size);

#endif
