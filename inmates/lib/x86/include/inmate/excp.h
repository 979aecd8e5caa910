/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Crash reports: what an exception (vectors 0-31) does to an inmate. The
 * report goes to the console, then the CPU halts for good.
 */
#ifndef _INMATE_EXCP_H
#define _INMATE_EXCP_H

#include <inmate/compiler.h>
#include <inmate/irq-entry.h>

void __noreturn excp_report(const struct irq_frame *frame);

#endif
