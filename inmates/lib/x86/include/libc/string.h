/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <string.h> for libfdt's headers in the inmate library (cell-fdt.c):
 * the freestanding string functions of lib/string.c.
 */
#ifndef _INMATE_LIBC_STRING_H
#define _INMATE_LIBC_STRING_H

#include <prtos-lib/string.h>

#endif
