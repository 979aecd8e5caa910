/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading whole files into memory, and the words for a file that cannot
 * be read (files.c).
 */
#ifndef _PRTOS_TOOL_FILES_H
#define _PRTOS_TOOL_FILES_H

#include <stddef.h>

int read_file(const char *path, void **data, size_t *size, size_t max);
const char *file_error_text(int err, const char *directory,
			    const char *too_big);

#endif
