// SPDX-License-Identifier: GPL-2.0
/*
 * A cell with several CPUs: the boot CPU starts the others with INIT and
 * SIPI, every CPU reports itself and then prints a heartbeat every
 * "beat=<ms>" milliseconds (default 1000). The boot CPU answers a shutdown
 * request (always approving) and tells the others to stop first.
 *
 * Output (one line each):
 *   smp-demo: CPU <n> (APIC id <id>) online
 *   smp-demo: <n> CPUs online
 *   smp-demo: CPU <n> heartbeat <k>
 *   smp-demo: shutting down
 *   smp-demo: CPU <n> halted
 */
#include <inmate/cmdline.h>
#include <inmate/comm.h>
#include <inmate/inmate.h>
#include <inmate/printk.h>
#include <inmate/smp.h>
#include <inmate/tsc.h>

static u64 beat_ticks;
static bool stop;
static unsigned int halted;

static void report_online(void)
{
	printk("smp-demo: CPU %u (APIC id %u) online\n", smp_cpu_id(),
	       this_cpu()->apic_id);
}

/* Heartbeats until told to stop; the boot CPU also watches the root. */
static void heartbeat(void)
{
	u64 next = tsc_read() + beat_ticks;
	unsigned int beat = 0;

	while (!READ_ONCE(stop)) {
		if (smp_cpu_id() == 0 && comm_shutdown_requested())
			return;
		if ((s64)(tsc_read() - next) >= 0) {
			printk("smp-demo: CPU %u heartbeat %u\n", smp_cpu_id(),
			       ++beat);
			next += beat_ticks;
		}
		cpu_relax();
	}
}

static void secondary(void)
{
	report_online();
	heartbeat();
	printk("smp-demo: CPU %u halted\n", smp_cpu_id());
	__atomic_add_fetch(&halted, 1, __ATOMIC_RELEASE);
}

void inmate_main(void)
{
	long long beat_ms = cmdline_parse_int("beat", 1000);
	unsigned int n;

	if (beat_ms < 1)
		beat_ms = 1000;
	tsc_init();
	beat_ticks = ns_to_tsc(beat_ms * 1000000ULL);
	report_online();
	n = smp_start_cpus(secondary);
	printk("smp-demo: %u CPUs online\n", n);
	heartbeat();

	printk("smp-demo: shutting down\n");
	WRITE_ONCE(stop, true);
	while (__atomic_load_n(&halted, __ATOMIC_ACQUIRE) < n - 1)
		cpu_relax();
	printk("smp-demo: CPU 0 halted\n");
	comm_reply(true);
}
