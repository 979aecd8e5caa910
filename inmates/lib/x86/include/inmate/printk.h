/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatted output on the cell's UART. The formatter is the hypervisor's
 * (lib/fmt.c, declared in prtos-lib/fmt.h): %d %i %u %x %X %c %s %p %%
 * with the length modifiers l, ll and z, a field width, and the flags 0
 * and -.
 */
#ifndef _INMATE_PRINTK_H
#define _INMATE_PRINTK_H

#include <stdarg.h>
#include <prtos-lib/fmt.h>
#include <inmate/compiler.h>
#include <inmate/types.h>

/* Longest text one printk() prints; the rest is cut. */
#define PRINTK_LINE 512

#define vsnprintf   prtos_vsnprintf
#define snprintf    prtos_snprintf

void console_init(void);
u16 console_port(void);
int __printf(1, 2) printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list ap);
void console_unlock_after_crash(void);

#endif
