/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small printf-style formatter for code that has no libc: %d %i %u %x %X
 * %p %s %c %%, with the l and ll length modifiers, '0' padding, a field
 * width and '-' for left alignment. Output is always NUL-terminated.
 */
#ifndef _PRTOS_LIB_FMT_H
#define _PRTOS_LIB_FMT_H

#include <prtos-lib/compat.h>

int prtos_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int prtos_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
