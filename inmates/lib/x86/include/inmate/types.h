/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Integer types of the inmate library. They come from the ABI header so
 * that the pure modules (statistics, calibration arithmetic, release grid)
 * compile unchanged into the host's unit tests.
 */
#ifndef _INMATE_TYPES_H
#define _INMATE_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <prtos/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

#define U64_MAX (~(u64)0)
#define S64_MAX ((s64)(U64_MAX >> 1))

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#endif
