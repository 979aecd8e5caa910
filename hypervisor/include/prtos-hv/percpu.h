/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU state. Each CPU owns a PERCPU_SIZE area behind the image: its
 * architecture state (page-aligned structures first), the generic fields,
 * and its stack at the top, so masking the stack pointer finds the area.
 */
#ifndef _PRTOS_HV_PERCPU_H
#define _PRTOS_HV_PERCPU_H

#include <prtos-hv/types.h>
#include <asm/percpu.h>

#define PERCPU_SIZE	0x10000
#define MAX_CPUS	16

/* Exit statistics, by what the hypervisor had to do. */
enum cpu_stat {
	STAT_VMEXITS,
	STAT_HYPERCALL,
	STAT_CPUID,
	STAT_MSR,
	STAT_PIO,
	STAT_XAPIC,
	STAT_MMIO,
	STAT_VIOLATION,
	STAT_OTHER,
	NUM_CPU_STATS
};

struct per_cpu {
	struct arch_cpu arch;
	unsigned int cpu_id;
	unsigned int apic_id;
	struct cell *cell;
	u64 linux_rsp;
	u64 stats[NUM_CPU_STATS];
};

extern char __percpu_start[];

static inline struct per_cpu *per_cpu(unsigned int cpu)
{
	return (struct per_cpu *)(__percpu_start + cpu * PERCPU_SIZE);
}

static inline struct per_cpu *this_cpu(void)
{
	unsigned long sp;

	asm volatile("mov %%rsp, %0" : "=r"(sp));
	return (struct per_cpu *)(sp & ~(unsigned long)(PERCPU_SIZE - 1));
}

#endif
