// SPDX-License-Identifier: GPL-2.0
/*
 * The boot CPU's way from header.S to inmate_main(): the library's
 * services are set up in the order they need each other (the console
 * reads the command line and the comm region; the interrupt table goes
 * in once a crash report can be printed). The top of the library: no
 * other file calls into this one.
 */
#include <inmate/apic.h>
#include <inmate/cell-fdt.h>
#include <inmate/cmdline.h>
#include <inmate/comm.h>
#include <inmate/inmate.h>
#include <inmate/irq.h>
#include <inmate/printk.h>
#include <inmate/smp.h>

/**
 * inmate_start() - set the library up on the boot CPU and run the inmate
 *
 * Entered from header.S on the boot CPU's stack, BSS cleared. Halts the
 * CPU when inmate_main() returns.
 */
void inmate_start(void)
{
	smp_percpu_init(0);
	cmdline_init();
	cell_fdt_init();
	comm_init();
	console_init();
	irq_init();
	apic_init();
	inmate_main();
	inmate_halt();
}
