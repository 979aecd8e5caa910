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
#include <prtos/hypercall.h>
#include <prtos/image.h>

#define PERCPU_SIZE 0x10000
#define MAX_CPUS    16

/* Exit statistics, by what the hypervisor had to do (see hypercall.h). */
enum cpu_stat {
	STAT_VMEXITS = PRTOS_STAT_VMEXITS,
	STAT_HYPERCALL = PRTOS_STAT_HYPERCALL,
	STAT_CPUID = PRTOS_STAT_CPUID,
	STAT_MSR = PRTOS_STAT_MSR,
	STAT_PIO = PRTOS_STAT_PIO,
	STAT_XAPIC = PRTOS_STAT_XAPIC,
	STAT_MMIO = PRTOS_STAT_MMIO,
	STAT_VIOLATION = PRTOS_STAT_VIOLATION,
	STAT_MANAGEMENT = PRTOS_STAT_MANAGEMENT,
	STAT_OTHER = PRTOS_STAT_OTHER,
	NUM_CPU_STATS = PRTOS_NUM_CPU_STATS
};

/* What another CPU asks of this one (see control.c). */
struct cpu_requests {
	volatile bool park;	     /* stop the guest, wait here */
	volatile bool parked;	     /* answer: waiting in the park loop */
	volatile bool resume;	     /* continue the guest where it was */
	volatile bool start;	     /* reset and run from @start_vector */
	volatile int start_vector;   /* SIPI vector, -1 for the reset vector */
	volatile bool wait_for_sipi; /* after INIT: only a SIPI starts it */
	volatile bool flush;	     /* flush guest TLB on next entry */
	volatile u32 kicks;	     /* NMIs sent by the hypervisor */
};

struct per_cpu {
	struct arch_cpu arch;
	unsigned int cpu_id;
	unsigned int apic_id;
	struct cell *cell;
	u64 linux_rsp;
	bool failed;
	struct cpu_requests req;
	u64 stats[NUM_CPU_STATS];
	char reason[PRTOS_REASON_LEN];
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
