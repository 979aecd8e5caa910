// SPDX-License-Identifier: GPL-2.0
/*
 * Halting for good. On bare metal (no comm region), "exit_port=<port>" on
 * the command line names an I/O port that ends the machine when written,
 * such as QEMU's isa-debug-exit; the boot CPU writes INMATE_EXIT_HALTED or
 * INMATE_EXIT_CRASHED there before halting, so that a bare run ends by
 * itself. In a cell the CPU just halts until the root stops the cell.
 */
#include <inmate/cmdline.h>
#include <inmate/comm.h>
#include <inmate/halt.h>
#include <inmate/irqflags.h>
#include <inmate/percpu.h>
#include <inmate/processor.h>

/* Values for exit_port; QEMU exits with status value * 2 + 1. */
#define INMATE_EXIT_HALTED  0x10
#define INMATE_EXIT_CRASHED 0x11

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
