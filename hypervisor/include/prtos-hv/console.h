/* SPDX-License-Identifier: GPL-2.0 */
/* Hypervisor console: the UART named in the system config plus a ring. */
#ifndef _PRTOS_HV_CONSOLE_H
#define _PRTOS_HV_CONSOLE_H

#include <prtos-hv/types.h>
#include <prtos/config.h>
#include <prtos/console.h>

extern struct prtos_console_ring console_ring;

void console_init(const struct prtos_console *con);
void printk(const char *fmt, ...) __printf(1, 2);
void console_putc(char c);
/* For panic: print even if another CPU died holding the console lock. */
void printk_force(const char *fmt, ...) __printf(1, 2);

#endif
