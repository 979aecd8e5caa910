/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A table of strings printed with columns as wide as their widest entry,
 * two spaces apart. Row 0 is the header.
 */
#ifndef _PRTOS_TOOL_TABLE_H
#define _PRTOS_TOOL_TABLE_H

#include <stdbool.h>

struct table {
	unsigned int rows, cols;
	bool numbers; /* right-align every column but the first */
	char **text;
};

int table_init(struct table *t, unsigned int rows, unsigned int cols,
	       bool numbers);
void table_set(struct table *t, unsigned int row, unsigned int col,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void table_print(const struct table *t);
void table_free(struct table *t);

#endif
