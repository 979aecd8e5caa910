/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Configuration files: reading them, recognising their kind, validating
 * them with the shared validator and handing them to the driver
 * (config-file.c).
 */
#ifndef _PRTOS_TOOL_CONFIG_FILE_H
#define _PRTOS_TOOL_CONFIG_FILE_H

#include <stddef.h>

/* Room for the validator's longest sentence. */
#define CONFIG_REASON_SIZE 256

enum config_kind {
	CONFIG_UNKNOWN,
	CONFIG_SYSTEM,
	CONFIG_CELL
};

int read_config(const char *path, void **blob, size_t *size);
const char *config_read_error(int err);
int check_config(const void *blob, size_t size, enum config_kind want,
		 enum config_kind *kind, char *reason, size_t len);
int load_config(const char *path, enum config_kind want, void **blob,
		size_t *size);
int open_with_config(const char *path, enum config_kind want, void **blob,
		     size_t *size);

#endif
