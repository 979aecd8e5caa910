// SPDX-License-Identifier: GPL-2.0
/*
 * The offline 'prtos config check' command: one line per configuration
 * file, saying whether it is valid and what it describes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prtos/config.h>

#include "config-file.h"
#include "prtos.h"

static unsigned int count_cpus(const struct prtos_cell_desc *cell)
{
	unsigned int i, n = 0;

	for (i = 0; i < PRTOS_MAX_CPUS / 64; i++)
		n += __builtin_popcountll(cell->cpus[i]);
	return n;
}

/* "'root', 2 CPUs, 1 memory region": a valid cell in a few words. */
static void print_cell_summary(const struct prtos_cell_desc *cell)
{
	unsigned int cpus = count_cpus(cell);
	unsigned int mems = cell->num_memory_regions;

	printf("'%.*s', %u CPU%s, %u memory region%s", PRTOS_CELL_NAME_LEN,
	       cell->name, cpus, cpus == 1 ? "" : "s", mems,
	       mems == 1 ? "" : "s");
}

static int check_one(const char *path)
{
	char reason[CONFIG_REASON_SIZE];
	enum config_kind kind;
	size_t size;
	void *blob;
	int err;

	err = read_config(path, &blob, &size);
	if (err) {
		printf("%s: %s: %s\n", path,
		       err == -ENODATA ? "invalid" : "cannot read",
		       config_read_error(err));
		return -1;
	}
	reason[0] = '\0';
	err = check_config(blob, size, CONFIG_UNKNOWN, &kind, reason,
			   sizeof(reason));
	if (err) {
		printf("%s: invalid: %s\n", path,
		       *reason ? reason : strerror(-err));
	} else if (kind == CONFIG_SYSTEM) {
		const struct prtos_system *sys = blob;

		printf("%s: OK (system configuration, root cell ", path);
		print_cell_summary(&sys->root_cell);
		printf(")\n");
	} else {
		printf("%s: OK (cell configuration ", path);
		print_cell_summary(blob);
		printf(")\n");
	}
	free(blob);
	return err ? -1 : 0;
}

/**
 * cmd_config_check() - 'prtos config check FILE...'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] = "check"
 *
 * Return: EXIT_OK when every file is valid, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_config_check(const struct command *cmd, int argc, char **argv)
{
	int status, i, ret = EXIT_OK;

	status = parse_help_only(cmd, argc, argv);
	if (status >= 0)
		return status;
	if (optind >= argc)
		return usage_error(cmd, "missing FILE");
	for (i = optind; i < argc; i++)
		if (check_one(argv[i]))
			ret = EXIT_FAIL;
	return ret;
}
