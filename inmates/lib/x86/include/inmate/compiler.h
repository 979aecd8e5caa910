/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compiler attributes and the access macros built on them. Header only,
 * at the bottom of the library: every file may include it.
 */
#ifndef _INMATE_COMPILER_H
#define _INMATE_COMPILER_H

#define __noreturn	 __attribute__((noreturn))
#define __aligned(n)	 __attribute__((aligned(n)))
#define __packed	 __attribute__((packed))
#define __printf(a, b)	 __attribute__((format(printf, a, b)))

#define barrier()	 asm volatile("" : : : "memory")
#define READ_ONCE(x)	 (*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile typeof(x) *)&(x) = (v))

#endif
