// SPDX-License-Identifier: GPL-2.0
/*
 * The smallest useful inmate: it greets, reports the TSC frequency it
 * measured with the PIT (and the root's value when in a cell), then
 * prints a heartbeat every second until the root asks it to shut down,
 * which it always approves.
 *
 * Output (one line each):
 *   tiny-demo: hello from CPU <apic id>, cmdline "<cmdline>"
 *   tiny-demo: TSC <khz> kHz (PIT), <khz> kHz (root)   [root: "unknown"
 *              outside a cell]
 *   tiny-demo: heartbeat <n>                           [n = 1, 2, ...]
 *   tiny-demo: shutting down
 */
#include <inmate/cmdline.h>
#include <inmate/comm.h>
#include <inmate/inmate.h>
#include <inmate/printk.h>
#include <inmate/smp.h>
#include <inmate/tsc.h>

#define HEARTBEAT_NS 1000000000ULL

void inmate_main(void)
{
	u32 pit_khz, root_khz = comm_tsc_khz();
	u64 next, interval;
	unsigned int beat = 0;

	printk("tiny-demo: hello from CPU %u, cmdline \"%s\"\n",
	       this_cpu()->apic_id, cmdline_get());
	pit_khz = tsc_calibrate_pit();
	if (root_khz)
		printk("tiny-demo: TSC %u kHz (PIT), %u kHz (root)\n", pit_khz,
		       root_khz);
	else
		printk("tiny-demo: TSC %u kHz (PIT), unknown (root)\n",
		       pit_khz);
	tsc_init();

	interval = ns_to_tsc(HEARTBEAT_NS);
	next = tsc_read() + interval;
	for (;;) {
		if (comm_shutdown_requested()) {
			printk("tiny-demo: shutting down\n");
			comm_reply(true);
			return;
		}
		if ((s64)(tsc_read() - next) >= 0) {
			printk("tiny-demo: heartbeat %u\n", ++beat);
			next += interval;
		}
		cpu_relax();
	}
}
