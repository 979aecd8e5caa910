/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The string and memory functions the inmates use (and the compiler may
 * call on its own for structure copies).
 */
#ifndef _INMATE_STRING_H
#define _INMATE_STRING_H

#include <inmate/types.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif
