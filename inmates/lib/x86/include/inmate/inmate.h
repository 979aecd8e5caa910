/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every inmate needs: its entry point, halting, and the handful of
 * x86 instructions (port I/O, TSC, MSRs, control registers) that the rest
 * of the library is built from. For inmates: the library's own files
 * include the narrower headers this one gathers, and only setup.c, which
 * calls inmate_main(), includes this one.
 */
#ifndef _INMATE_INMATE_H
#define _INMATE_INMATE_H

#include <inmate/compiler.h>
#include <inmate/halt.h>
#include <inmate/processor.h>
#include <inmate/types.h>

/**
 * inmate_main() - the inmate's own code, provided by each inmate
 *
 * Called on the boot CPU once the library is set up (long mode, console,
 * command line, comm region, interrupt table, local APIC). When it
 * returns, the CPU halts.
 */
void inmate_main(void);

/* Entered from header.S on the boot CPU (setup.c); calls inmate_main(). */
void __noreturn inmate_start(void);

#endif
