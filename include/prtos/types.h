/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width types for the PRTOS ABI headers. Kernel and user-space users
 * take them from <linux/types.h>; the freestanding hypervisor and inmates,
 * which have no libc, define them here.
 */
#ifndef _PRTOS_TYPES_H
#define _PRTOS_TYPES_H

#ifdef __PRTOS_FREESTANDING__
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;
#else
#include <linux/types.h>
#endif

#endif
