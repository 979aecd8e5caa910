/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <stdlib.h> for libfdt's headers in the inmate library (cell-fdt.c):
 * they include it but use nothing from it.
 */
#ifndef _INMATE_LIBC_STDLIB_H
#define _INMATE_LIBC_STDLIB_H

#include <stddef.h>

#endif
