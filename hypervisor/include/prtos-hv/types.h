/* SPDX-License-Identifier: GPL-2.0 */
/* Basic definitions for hypervisor code. */
#ifndef _PRTOS_HV_TYPES_H
#define _PRTOS_HV_TYPES_H

#include <prtos-lib/compat.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;

#define __noreturn	 __attribute__((noreturn))
#define __aligned(x)	 __attribute__((aligned(x)))
#define __packed	 __attribute__((packed))
#define __section(s)	 __attribute__((section(s)))
#define __printf(a, b)	 __attribute__((format(printf, a, b)))
#define __unused	 __attribute__((unused))

#define ALIGN_UP(x, a)	 (((x) + (a)-1) & ~((__typeof__(x))(a)-1))
#define MIN(a, b)	 ((a) < (b) ? (a) : (b))
#define MAX(a, b)	 ((a) > (b) ? (a) : (b))
#define BIT(n)		 (1ULL << (n))

#define READ_ONCE(x)	 (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#ifndef offsetof
#define offsetof(t, m) __builtin_offsetof(t, m)
#endif
#define container_of(p, t, m) ((t *)((char *)(p)-offsetof(t, m)))

#endif
