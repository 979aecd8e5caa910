/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stack protector canary at %fs:0x28 that Debian's libfdt.a reads
 * (it is built with -fstack-protector-strong); stack-guard.c.
 */
#ifndef _INMATE_STACK_GUARD_H
#define _INMATE_STACK_GUARD_H

void stack_guard_init(void);

#endif
