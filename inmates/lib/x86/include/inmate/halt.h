/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stopping a CPU for good, and on bare metal (no comm region) ending the
 * machine through "exit_port=<port>" when the boot CPU stops.
 */
#ifndef _INMATE_HALT_H
#define _INMATE_HALT_H

#include <inmate/compiler.h>

void __noreturn inmate_halt(void);
void __noreturn inmate_halt_crashed(void);

#endif
