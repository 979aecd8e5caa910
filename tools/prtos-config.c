// SPDX-License-Identifier: GPL-2.0
/*
 * The offline 'prtos config check' command: one line per configuration
 * file, saying whether it is valid and what it describes. When system
 * configurations are among the files, the ports of every cell
 * configuration are also checked against their channels, as the driver
 * and the hypervisor do when the cell is created.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prtos/config.h>
#include <prtos-lib/config-check.h>

#include "config-file.h"
#include "prtos.h"

/* One FILE argument: what reading and checking it alone gave. */
struct config_arg {
	const char *path;
	void *blob; /* NULL when it could not be read */
	size_t size;
	int read_err;
	int err; /* of the check on its own */
	enum config_kind kind;
	char reason[CONFIG_REASON_SIZE];
};

static unsigned int count_cpus(const struct prtos_cell_desc *cell)
{
	unsigned int i, n = 0;

	for (i = 0; i < PRTOS_MAX_CPUS / 64; i++)
		n += __builtin_popcountll(cell->cpus[i]);
	return n;
}

static const char *plural(unsigned int n)
{
	return n == 1 ? "" : "s";
}

/*
 * "'root', 2 CPUs, 1 memory region": a valid cell in a few words; its
 * ports only when it has any.
 */
static void print_cell_summary(const struct prtos_cell_desc *cell)
{
	unsigned int cpus = count_cpus(cell);
	unsigned int mems = cell->num_memory_regions;

	printf("'%.*s', %u CPU%s, %u memory region%s", PRTOS_CELL_NAME_LEN,
	       cell->name, cpus, plural(cpus), mems, plural(mems));
	if (cell->num_ports)
		printf(", %u port%s", cell->num_ports, plural(cell->num_ports));
}

static void read_and_check(struct config_arg *a)
{
	a->read_err = read_config(a->path, &a->blob, &a->size);
	if (a->read_err) {
		a->blob = NULL;
		return;
	}
	a->reason[0] = '\0';
	a->err = check_config(a->blob, a->size, CONFIG_UNKNOWN, &a->kind,
			      a->reason, sizeof(a->reason));
	if (a->err && !a->reason[0])
		snprintf(a->reason, sizeof(a->reason), "%s", strerror(-a->err));
}

static bool is_valid_system(const struct config_arg *a)
{
	return a->blob && !a->err && a->kind == CONFIG_SYSTEM;
}

/*
 * Check the ports of the valid cell configuration @a against every valid
 * system configuration among @args; print its line.
 *
 * Return: 0 if they fit all of them, -1 otherwise.
 */
static int report_cell(const struct config_arg *a,
		       const struct config_arg *args, int n)
{
	const struct prtos_cell_desc *cell = a->blob;
	char reason[CONFIG_REASON_SIZE];
	const struct config_arg *last = NULL;
	int i, systems = 0;

	for (i = 0; i < n && cell->num_ports; i++) {
		if (!is_valid_system(&args[i]))
			continue;
		reason[0] = '\0';
		if (prtos_check_cell_ports(args[i].blob, cell, reason,
					   sizeof(reason))) {
			printf("%s: invalid with %s: %s\n", a->path,
			       args[i].path, reason);
			return -1;
		}
		last = &args[i];
		systems++;
	}
	printf("%s: OK (cell configuration ", a->path);
	print_cell_summary(cell);
	if (systems == 1)
		printf("; ports match %s", last->path);
	else if (systems > 1)
		printf("; ports match all %d system configurations", systems);
	printf(")\n");
	return 0;
}

static int report_one(const struct config_arg *a, const struct config_arg *args,
		      int n)
{
	const struct prtos_system *sys = a->blob;

	if (a->read_err) {
		printf("%s: %s: %s\n", a->path,
		       a->read_err == -ENODATA ? "invalid" : "cannot read",
		       config_read_error(a->read_err));
		return -1;
	}
	if (a->err) {
		printf("%s: invalid: %s\n", a->path, a->reason);
		return -1;
	}
	if (a->kind == CONFIG_CELL)
		return report_cell(a, args, n);
	printf("%s: OK (system configuration, root cell ", a->path);
	print_cell_summary(&sys->root_cell);
	if (sys->num_channels)
		printf(", %u channel%s", sys->num_channels,
		       plural(sys->num_channels));
	printf(")\n");
	return 0;
}

/**
 * cmd_config_check() - 'prtos config check FILE...'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] = "check"
 *
 * Every file is read and checked first, so that a system configuration
 * anywhere among them applies to the cell configurations before it too.
 *
 * Return: EXIT_OK when every file is valid, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_config_check(const struct command *cmd, int argc, char **argv)
{
	struct config_arg *args;
	int status, i, n, ret = EXIT_OK;

	status = parse_help_only(cmd, argc, argv);
	if (status >= 0)
		return status;
	if (optind >= argc)
		return usage_error(cmd, "missing FILE");
	n = argc - optind;
	args = calloc(n, sizeof(*args));
	if (!args) {
		fprintf(stderr,
			"prtos: out of memory: close other programs and try again\n");
		return EXIT_FAIL;
	}
	for (i = 0; i < n; i++) {
		args[i].path = argv[optind + i];
		read_and_check(&args[i]);
	}
	for (i = 0; i < n; i++)
		if (report_one(&args[i], args, n))
			ret = EXIT_FAIL;
	for (i = 0; i < n; i++)
		free(args[i].blob);
	free(args);
	return ret;
}
