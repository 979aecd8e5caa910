// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration files in the prtos command: reading them, recognising a
 * system from a cell configuration and validating them with the shared
 * validator (lib/config-check.c) before the driver ever sees them.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prtos/config.h>
#include <prtos-lib/config-check.h>

#include "config-file.h"
#include "device.h"
#include "files.h"

/* Far above any real configuration; stops us reading a disk image. */
#define CONFIG_MAX_SIZE (16u << 20)

static enum config_kind config_kind(const void *blob, size_t size)
{
	if (size < PRTOS_SIGNATURE_SIZE)
		return CONFIG_UNKNOWN;
	if (!memcmp(blob, PRTOS_SYSTEM_SIGNATURE, PRTOS_SIGNATURE_SIZE))
		return CONFIG_SYSTEM;
	if (!memcmp(blob, PRTOS_CELL_SIGNATURE, PRTOS_SIGNATURE_SIZE))
		return CONFIG_CELL;
	return CONFIG_UNKNOWN;
}

/**
 * config_read_error() - what went wrong reading a configuration file
 * @err: negative errno from read_config()
 *
 * Return: the problem and what to do about it.
 */
const char *config_read_error(int err)
{
	if (err == -ENODATA)
		return "the file is empty: rebuild the configuration";
	return file_error_text(
		err, "it is a directory: give the configuration file itself",
		"it is far too large (over 16 MiB) to be a PRTOS configuration: give a compiled .cell file");
}

static bool looks_like_text(const unsigned char *p, size_t size)
{
	size_t i;

	for (i = 0; i < size && i < 64; i++)
		if (!isprint(p[i]) && !isspace(p[i]))
			return false;
	return true;
}

/**
 * check_config() - recognise and validate a configuration blob
 * @blob: the file's contents
 * @size: their length
 * @want: the kind the caller needs, or CONFIG_UNKNOWN for either
 * @kind: out: the kind found
 * @reason: out: why the blob is invalid
 * @len: size of @reason
 *
 * Return: 0 when valid (and of kind @want), a negative errno otherwise.
 */
int check_config(const void *blob, size_t size, enum config_kind want,
		 enum config_kind *kind, char *reason, size_t len)
{
	*kind = config_kind(blob, size);
	if (*kind == CONFIG_UNKNOWN) {
		snprintf(reason, len, "%s",
			 looks_like_text(blob, size)
				 ? "this is a text file (C source?), not a compiled configuration: give the binary .cell file built from it"
				 : "not a PRTOS configuration: it starts with neither " PRTOS_SYSTEM_SIGNATURE
				   " nor " PRTOS_CELL_SIGNATURE
				   " (give a compiled .cell file)");
		return -EINVAL;
	}
	if (want == CONFIG_SYSTEM && *kind == CONFIG_CELL) {
		snprintf(reason, len,
			 "this is a cell configuration: give a system configuration here, and use cell configurations with 'prtos cell create' once PRTOS is enabled");
		return -EINVAL;
	}
	if (want == CONFIG_CELL && *kind == CONFIG_SYSTEM) {
		snprintf(reason, len,
			 "this is a system configuration: use it with 'prtos enable', and give a cell configuration here");
		return -EINVAL;
	}
	return *kind == CONFIG_SYSTEM
		       ? prtos_check_system_config(blob, size, reason, len)
		       : prtos_check_cell_config(blob, size, reason, len);
}

/**
 * read_config() - read a configuration file
 * @path: the file
 * @blob: out: malloc'ed contents
 * @size: out: their length
 *
 * Return: 0, or a negative errno (-ENODATA for an empty file).
 */
int read_config(const char *path, void **blob, size_t *size)
{
	int err = read_file(path, blob, size, CONFIG_MAX_SIZE);

	if (!err && !*size) {
		free(*blob);
		err = -ENODATA;
	}
	return err;
}

/**
 * load_config() - read and validate a configuration, reporting problems
 * @path: the file
 * @want: CONFIG_SYSTEM or CONFIG_CELL
 * @blob: out: malloc'ed contents
 * @size: out: their length
 *
 * Return: 0, or -1 after printing what is wrong and what to do.
 */
int load_config(const char *path, enum config_kind want, void **blob,
		size_t *size)
{
	char reason[CONFIG_REASON_SIZE];
	enum config_kind kind;
	int err;

	err = read_config(path, blob, size);
	if (err) {
		fprintf(stderr, "prtos: cannot read %s: %s\n", path,
			config_read_error(err));
		return -1;
	}
	reason[0] = '\0';
	err = check_config(*blob, *size, want, &kind, reason, sizeof(reason));
	if (err) {
		fprintf(stderr, "prtos: %s: invalid %s configuration: %s\n",
			path, want == CONFIG_SYSTEM ? "system" : "cell",
			*reason ? reason : strerror(-err));
		free(*blob);
		return -1;
	}
	return 0;
}

/**
 * open_with_config() - load a configuration to hand to the driver, and
 *			open /dev/prtos for it
 * @path: the configuration file
 * @want: CONFIG_SYSTEM or CONFIG_CELL
 * @blob: out: malloc'ed contents, valid when a descriptor is returned
 * @size: out: their length
 *
 * The configuration is validated first: the driver sees only valid ones.
 *
 * Return: the device's file descriptor, or -1 after printing what is
 * wrong (then there is nothing to free).
 */
int open_with_config(const char *path, enum config_kind want, void **blob,
		     size_t *size)
{
	int fd;

	if (load_config(path, want, blob, size))
		return -1;
	fd = open_device();
	if (fd < 0)
		free(*blob);
	return fd;
}
