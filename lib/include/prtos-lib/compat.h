/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few basics that code shared between the hypervisor, the driver and
 * the prtos tool (lib/) needs, taken from wherever the build at
 * hand has them: the kernel's headers, libc, or our own freestanding lib.
 */
#ifndef _PRTOS_LIB_COMPAT_H
#define _PRTOS_LIB_COMPAT_H

#if defined(__KERNEL__)
#include <linux/errno.h>
#include <linux/types.h>
#include <linux/string.h>
#include <linux/stdarg.h>
#elif defined(__PRTOS_FREESTANDING__)
#include <stddef.h>
#include <stdarg.h>
#include <prtos/types.h>
#include <prtos/errno.h>
#define bool _Bool
#define true 1
#define false 0
#include <prtos-lib/string.h>
#else
#include <stddef.h>
#include <stdarg.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <linux/types.h>
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#endif
