// SPDX-License-Identifier: GPL-2.0
/*
 * Secondary CPUs. The boot CPU starts them one after the other with the
 * INIT, SIPI, SIPI sequence, handing each its logical number and stack
 * through variables that only one starting CPU reads at a time. The cell's
 * CPUs are listed in the comm region; on bare metal there is none, and the
 * boot CPU tries APIC ids 0 to n - 1, n being "cpus=<n>" from the command
 * line or else the logical-processor count of CPUID leaf 1. Every CPU's
 * stack lives here too, with its per-CPU data (percpu.h) at the base.
 */
#include <inmate/apic.h>
#include <inmate/cmdline.h>
#include <inmate/comm.h>
#include <inmate/compiler.h>
#include <inmate/halt.h>
#include <inmate/irq.h>
#include <inmate/printk.h>
#include <inmate/processor.h>
#include <inmate/smp.h>
#include <inmate/stack-guard.h>
#include <inmate/tsc.h>

/* waits of the start-up protocol (Intel SDM, "MP initialization") */
#define INIT_DELAY_US	  10000
#define SIPI_DELAY_US	  200
#define ONLINE_TIMEOUT_US 1000000

u8 smp_stacks[SMP_MAX_CPUS][SMP_STACK_SIZE] __aligned(SMP_STACK_SIZE);
/* read by header.S: the stack of the CPU being started */
u64 smp_ap_stack_top;

static unsigned int ap_cpu_id;
static smp_entry_t ap_entry;
static bool ap_online;
static unsigned int num_cpus = 1;

/**
 * smp_percpu_init() - fill the calling CPU's per-CPU data
 * @cpu_id: its logical number
 */
void smp_percpu_init(unsigned int cpu_id)
{
	struct percpu *cpu = this_cpu();

	cpu->cpu_id = cpu_id;
	cpu->apic_id = apic_id();
	cpu->in_crash = false;
	stack_guard_init();
}

/**
 * smp_ap_start() - set a secondary CPU up and run the inmate's function
 *
 * Entered from header.S on the new CPU's own stack. Halts the CPU when
 * that function returns.
 */
void smp_ap_start(void)
{
	smp_percpu_init(READ_ONCE(ap_cpu_id));
	irq_cpu_init();
	apic_init();
	__atomic_store_n(&ap_online, true, __ATOMIC_RELEASE);
	ap_entry();
	inmate_halt();
}

/**
 * smp_num_cpus() - CPUs running the inmate
 *
 * Return: 1 plus the secondary CPUs that came online.
 */
unsigned int smp_num_cpus(void)
{
	return num_cpus;
}

/* Bare metal: how many APIC ids to try. */
static unsigned int bare_cpu_count(void)
{
	u32 a, b, c, d;
	long long n = cmdline_parse_int("cpus", 0);

	if (n > 0)
		return n;
	cpuid(1, &a, &b, &c, &d);
	/* EDX bit 28: EBX[23:16] is the count of logical processors */
	return d & (1U << 28) ? (b >> 16) & 0xff : 1;
}

static bool start_one(u32 apic, unsigned int cpu_id)
{
	u64 start, timeout = ns_to_tsc(ONLINE_TIMEOUT_US * 1000ULL);

	WRITE_ONCE(ap_cpu_id, cpu_id);
	WRITE_ONCE(smp_ap_stack_top,
		   (u64)(unsigned long)&smp_stacks[cpu_id][SMP_STACK_SIZE]);
	__atomic_store_n(&ap_online, false, __ATOMIC_RELEASE);

	apic_send_init(apic);
	delay_us(INIT_DELAY_US);
	apic_send_sipi(apic, SMP_SIPI_PAGE);
	delay_us(SIPI_DELAY_US);
	/* the second SIPI is ignored by a CPU that took the first one */
	apic_send_sipi(apic, SMP_SIPI_PAGE);

	start = tsc_read();
	while (!__atomic_load_n(&ap_online, __ATOMIC_ACQUIRE))
		if (tsc_read() - start > timeout)
			return false;
	return true;
}

/**
 * smp_start_cpus() - start the cell's other CPUs
 * @entry: what each of them runs, on its own stack, with its local APIC
 *	enabled and interrupts off; when it returns the CPU halts
 *
 * Only the boot CPU may call this, once. A CPU that does not come online
 * within a second is reported and skipped.
 *
 * Return: the number of CPUs now running, the boot CPU included.
 */
unsigned int smp_start_cpus(smp_entry_t entry)
{
	u32 self = this_cpu()->apic_id, apic;
	bool cell = comm_present();
	unsigned int n, i;

	ap_entry = entry;
	n = cell ? comm_num_cpus() : bare_cpu_count();
	/* a cell lists its boot CPU first; bare metal tries ids 0..n-1 */
	for (i = cell ? 1 : 0; i < n && num_cpus < SMP_MAX_CPUS; i++) {
		apic = cell ? comm_cpu_apic_id(i) : i;
		if (apic == self)
			continue;
		if (start_one(apic, num_cpus))
			num_cpus++;
		else
			printk("inmate: CPU with APIC id %u did not start\n",
			       apic);
	}
	return num_cpus;
}
