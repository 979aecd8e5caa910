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
	volatile u32 stats_seq; /* odd while an exit updates @stats */
	char reason[PRTOS_REASON_LEN];
};

extern char __percpu_start[];

/*
 * The counters of an exit change together: an exit opens them (the
 * sequence turns odd) and settles them once its reason is counted, so
 * that another CPU reads them as one snapshot (cpu_stats_snapshot()).
 */
static inline void cpu_stats_open(struct per_cpu *cpu)
{
	cpu->stats_seq++;
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

/* Also where an exit is abandoned (a park, a restart): idempotent. */
static inline void cpu_stats_settle(struct per_cpu *cpu)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
	if (cpu->stats_seq & 1)
		cpu->stats_seq++;
}

int cpu_stats_snapshot(struct per_cpu *self, const struct per_cpu *target,
		       u64 *out);

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
