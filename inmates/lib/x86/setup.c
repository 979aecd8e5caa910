// SPDX-License-Identifier: GPL-2.0
/*
 * The boot CPU's way from header.S to inmate_main(), and the way out:
 * halting. On bare metal (no comm region), "exit_port=<port>" on the
 * command line names an I/O port that ends the machine when written, such
 * as QEMU's isa-debug-exit; the boot CPU writes INMATE_EXIT_HALTED or
 * INMATE_EXIT_CRASHED there before halting, so that a bare run ends by
 * itself. In a cell the CPU just halts until the root stops the cell.
 */
#include <inmate/apic.h>
#include <inmate/cmdline.h>
#include <inmate/comm.h>
#include <inmate/irq.h>
#include <inmate/printk.h>
#include <inmate/smp.h>

/* Values for exit_port; QEMU exits with status value * 2 + 1. */
#define INMATE_EXIT_HALTED	0x10
#define INMATE_EXIT_CRASHED	0x11

/* Entered from header.S on the boot CPU's stack, BSS cleared. */
void __noreturn inmate_start(void)
{
	smp_percpu_init(0);
	cmdline_init();
	comm_init();
	console_init();
	irq_init();
	apic_init();
	inmate_main();
	inmate_halt();
}

static void __noreturn halt(u8 status)
{
	long long port;

	irq_disable();
	if (!comm_present() && smp_cpu_id() == 0) {
		port = cmdline_parse_int("exit_port", 0);
		if (port > 0 && port <= 0xffff)
			outb((u16)port, status);
	}
	for (;;)
		asm volatile("hlt");
}

/**
 * inmate_halt() - stop the calling CPU for good, interrupts off
 */
void inmate_halt(void)
{
	halt(INMATE_EXIT_HALTED);
}

/**
 * inmate_halt_crashed() - stop the calling CPU after a fatal error
 */
void inmate_halt_crashed(void)
{
	halt(INMATE_EXIT_CRASHED);
}
