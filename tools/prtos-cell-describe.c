// SPDX-License-Identifier: GPL-2.0
/*
 * A cell's description: built from its configuration (sysfs
 * cells/ID/config) and its channels (sysfs channels/NAME) when it is
 * loaded, and shown by 'prtos cell describe' as the driver kept it
 * (sysfs cells/ID/description).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <prtos/cell.h>
#include <prtos/config.h>
#include <prtos-lib/config-check.h>

#include "cell-fdt.h"
#include "cells.h"
#include "device.h"
#include "files.h"
#include "prtos.h"

static int read_channel_attr(const char *name, const char *attr, char *buf,
			     size_t len)
{
	char path[96];

	snprintf(path, sizeof(path), "channels/%s/%s", name, attr);
	return read_sysfs(path, buf, len);
}

/* The kind, size and reader index of a port's channel, from sysfs. */
static int sysfs_channel(const char *cell, const struct prtos_port *port,
			 struct fdt_channel *ch)
{
	char name[PRTOS_CHANNEL_NAME_LEN + 1] = "", size[32];
	char readers[PRTOS_CHANNEL_MAX_READERS * (PRTOS_CELL_NAME_LEN + 1)];
	char *word, *save;
	int err;

	memcpy(name, port->channel, sizeof(port->channel));
	err = read_channel_attr(name, "kind", ch->kind, sizeof(ch->kind));
	if (!err)
		err = read_channel_attr(name, "size", size, sizeof(size));
	if (!err && port->end == PRTOS_PORT_READER)
		err = read_channel_attr(name, "readers", readers,
					sizeof(readers));
	if (err) {
		fprintf(stderr,
			"prtos: cannot read channel '%s' in %s/channels: %s: is prtos.ko from the same build?\n",
			name, sysfs_dir(), strerror(-err));
		return err;
	}
	ch->size = strtoull(size, NULL, 0);
	if (port->end != PRTOS_PORT_READER)
		return 0;
	for (word = strtok_r(readers, " ", &save); word;
	     word = strtok_r(NULL, " ", &save), ch->reader++)
		if (!strncmp(word, cell, PRTOS_CELL_NAME_LEN))
			return 0;
	fprintf(stderr,
		"prtos: cell '%.*s' is not a reader of channel '%s' in sysfs\n",
		PRTOS_CELL_NAME_LEN, cell, name);
	return -EINVAL;
}

/**
 * describe_cell() - build the description 'prtos cell load' gives a cell
 * @ref: the cell, found in sysfs
 * @bootargs: the parameter string loaded with it, or NULL
 * @fdt: out: the malloc'ed tree, NULL when there is none to give
 * @size: out: its size
 *
 * A driver that does not show the configuration (an older one) or a cell
 * whose loadable memory does not cover PRTOS_INMATE_FDT_GPA gets none.
 *
 * Return: 0 (with or without a tree), -1 after saying why.
 */
int describe_cell(const struct cell_ref *ref, const char *bootargs, void **fdt,
		  size_t *size)
{
	char path[64], tsc[32] = "";
	struct prtos_cell_desc *c;
	size_t csize;
	void *data;
	int err;

	*fdt = NULL;
	snprintf(path, sizeof(path), "%s/cells/%u/config", sysfs_dir(),
		 ref->id);
	err = read_file(path, &data, &csize, PRTOS_CONFIG_MAX_SIZE);
	if (err == -ENOENT)
		return 0;
	if (err) {
		fprintf(stderr, "prtos: cannot read %s: %s\n", path,
			strerror(-err));
		return -1;
	}
	c = data;
	if (csize < sizeof(*c) || prtos_cell_config_size(c) > csize) {
		fprintf(stderr,
			"prtos: %s is truncated: is prtos.ko from the same build?\n",
			path);
		free(data);
		return -1;
	}
	if (!cell_fdt_fits(c)) {
		free(data);
		return 0;
	}
	read_sysfs("tsc_khz", tsc, sizeof(tsc));
	*fdt = malloc(PRTOS_INMATE_FDT_SIZE);
	if (!*fdt) {
		fprintf(stderr,
			"prtos: out of memory: close other programs and try again\n");
		free(data);
		return -1;
	}
	err = cell_fdt_build(*fdt, PRTOS_INMATE_FDT_SIZE, c, bootargs,
			     strtoul(tsc, NULL, 10), sysfs_channel);
	free(data);
	if (err) {
		if (err != -FDT_ERR_BADVALUE)
			fprintf(stderr,
				"prtos: cannot describe cell %s in %d bytes: %s\n",
				ref->label, PRTOS_INMATE_FDT_SIZE,
				fdt_strerror(err));
		free(*fdt);
		*fdt = NULL;
		return -1;
	}
	*size = fdt_totalsize(*fdt);
	return 0;
}

/**
 * cmd_cell_describe() - 'prtos cell describe NAME|ID'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] being the command's name
 *
 * Return: EXIT_OK, EXIT_FAIL or EXIT_USAGE.
 */
int cmd_cell_describe(const struct command *cmd, int argc, char **argv)
{
	struct cell_ref ref;
	char path[64];
	size_t size;
	void *fdt;
	int status, err;

	status = parse_help_only(cmd, argc, argv);
	if (status >= 0)
		return status;
	status = parse_known_target(cmd, argc, argv, &ref);
	if (status >= 0)
		return status;
	if (!ref.id) {
		fprintf(stderr,
			"prtos: the root cell has no description: the system configuration describes it\n");
		return EXIT_FAIL;
	}
	snprintf(path, sizeof(path), "%s/cells/%u/description", sysfs_dir(),
		 ref.id);
	err = read_file(path, &fdt, &size, PRTOS_INMATE_FDT_SIZE);
	if (err) {
		fprintf(stderr, "prtos: cannot read %s: %s\n", path,
			strerror(-err));
		return EXIT_FAIL;
	}
	if (!size) {
		fprintf(stderr,
			"prtos: cell %s has no description yet: it gets one with 'prtos cell load'\n",
			ref.label);
		free(fdt);
		return EXIT_FAIL;
	}
	err = cell_fdt_print(fdt, size);
	free(fdt);
	if (err) {
		fprintf(stderr,
			"prtos: the description of cell %s is invalid: %s\n",
			ref.label, fdt_strerror(err));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
