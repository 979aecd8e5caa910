/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <limits.h> for libfdt's headers in the inmate library (cell-fdt.c):
 * the compiler's own would pull in the C library's once /usr/include is
 * on the path for libfdt.h.
 */
#ifndef _INMATE_LIBC_LIMITS_H
#define _INMATE_LIBC_LIMITS_H

#define INT_MAX	 __INT_MAX__
#define UINT_MAX (__INT_MAX__ * 2U + 1U)

#endif
