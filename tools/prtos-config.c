// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration files in the prtos command: loading and validating them
 * with the shared validator (lib/config-check.c), and the
 * offline 'prtos config check' command.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <prtos/config.h>
#include <prtos-lib/config-check.h>

#include "prtos.h"

/* Far above any real configuration; stops us reading a disk image. */
#define CONFIG_MAX_SIZE		(16u << 20)
/* Room for the validator's longest sentence. */
#define REASON_SIZE		256

enum config_kind config_kind(const void *blob, size_t size)
{
	if (size < PRTOS_SIGNATURE_SIZE)
		return CONFIG_UNKNOWN;
	if (!memcmp(blob, PRTOS_SYSTEM_SIGNATURE, PRTOS_SIGNATURE_SIZE))
		return CONFIG_SYSTEM;
	if (!memcmp(blob, PRTOS_CELL_SIGNATURE, PRTOS_SIGNATURE_SIZE))
		return CONFIG_CELL;
	return CONFIG_UNKNOWN;
}

/* What went wrong reading a configuration file, and what to do. */
static const char *read_error_text(int err)
{
	switch (err) {
	case -ENOENT:
		return "no such file: check the path";
	case -EACCES:
	case -EPERM:
		return "permission denied: check the file's permissions";
	case -EISDIR:
		return "it is a directory: give the configuration file itself";
	case -EFBIG:
		return "it is far too large (over 16 MiB) to be a PRTOS configuration: give a compiled .cell file";
	case -ENODATA:
		return "the file is empty: rebuild the configuration";
	}
	return strerror(-err);
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
 * check_blob() - recognise and validate a configuration blob
 * @blob: the file's contents
 * @size: their length
 * @want: the kind the caller needs, or CONFIG_UNKNOWN for either
 * @kind: out: the kind found
 * @reason: out: why the blob is invalid
 * @len: size of @reason
 *
 * Return: 0 when valid (and of kind @want), a negative errno otherwise.
 */
static int check_blob(const void *blob, size_t size, enum config_kind want,
		      enum config_kind *kind, char *reason, size_t len)
{
	*kind = config_kind(blob, size);
	if (*kind == CONFIG_UNKNOWN) {
		snprintf(reason, len, "%s",
			 looks_like_text(blob, size) ?
			 "this is a text file (C source?), not a compiled configuration: give the binary .cell file built from it" :
			 "not a PRTOS configuration: it starts with neither " PRTOS_SYSTEM_SIGNATURE " nor " PRTOS_CELL_SIGNATURE " (give a compiled .cell file)");
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
	return *kind == CONFIG_SYSTEM ?
	       prtos_check_system_config(blob, size, reason, len) :
	       prtos_check_cell_config(blob, size, reason, len);
}

static int read_config(const char *path, void **blob, size_t *size)
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
	char reason[REASON_SIZE];
	enum config_kind kind;
	int err;

	err = read_config(path, blob, size);
	if (err) {
		fprintf(stderr, "prtos: cannot read %s: %s\n", path,
			read_error_text(err));
		return -1;
	}
	reason[0] = '\0';
	err = check_blob(*blob, *size, want, &kind, reason, sizeof(reason));
	if (err) {
		fprintf(stderr, "prtos: %s: invalid %s configuration: %s\n",
			path, want == CONFIG_SYSTEM ? "system" : "cell",
			*reason ? reason : strerror(-err));
		free(*blob);
		return -1;
	}
	return 0;
}

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
	char reason[REASON_SIZE];
	enum config_kind kind;
	size_t size;
	void *blob;
	int err;

	err = read_config(path, &blob, &size);
	if (err) {
		printf("%s: %s: %s\n", path,
		       err == -ENODATA ? "invalid" : "cannot read",
		       read_error_text(err));
		return -1;
	}
	reason[0] = '\0';
	err = check_blob(blob, size, CONFIG_UNKNOWN, &kind, reason,
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

int cmd_config_check(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = { HELP_OPTION, { } };
	int status, i, ret = EXIT_OK;

	while (parse_next(cmd, argc, argv, ":h", opts, &status) != -1)
		;
	if (status >= 0)
		return status;
	if (optind >= argc)
		return usage_error(cmd, "missing FILE");
	for (i = optind; i < argc; i++)
		if (check_one(argv[i]))
			ret = EXIT_FAIL;
	return ret;
}
