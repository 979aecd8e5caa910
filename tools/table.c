// SPDX-License-Identifier: GPL-2.0
/*
 * Tables of strings for the commands that show things (cells, channels):
 * columns as wide as their widest entry, two spaces apart.
 */
#define _GNU_SOURCE /* vasprintf() */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

int table_init(struct table *t, unsigned int rows, unsigned int cols,
	       bool numbers)
{
	t->rows = rows;
	t->cols = cols;
	t->numbers = numbers;
	t->text = calloc((size_t)rows * cols, sizeof(*t->text));
	return t->text ? 0 : -ENOMEM;
}

void table_set(struct table *t, unsigned int row, unsigned int col,
	       const char *fmt, ...)
{
	char **text = &t->text[row * t->cols + col];
	va_list ap;

	free(*text);
	va_start(ap, fmt);
	if (vasprintf(text, fmt, ap) < 0)
		*text = NULL;
	va_end(ap);
}

void table_print(const struct table *t)
{
	unsigned int row, col;
	size_t *width;
	const char *s;

	width = calloc(t->cols, sizeof(*width));
	if (!width)
		return;
	for (row = 0; row < t->rows; row++)
		for (col = 0; col < t->cols; col++) {
			s = t->text[row * t->cols + col];
			if (s && strlen(s) > width[col])
				width[col] = strlen(s);
		}
	for (row = 0; row < t->rows; row++) {
		for (col = 0; col < t->cols; col++) {
			s = t->text[row * t->cols + col];
			s = s ? s : "";
			if (col)
				fputs("  ", stdout);
			if (t->numbers && col)
				printf("%*s", (int)width[col], s);
			else if (col + 1 < t->cols)
				printf("%-*s", (int)width[col], s);
			else
				fputs(s, stdout);
		}
		putchar('\n');
	}
	free(width);
}

void table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < (size_t)t->rows * t->cols; i++)
		free(t->text[i]);
	free(t->text);
}
