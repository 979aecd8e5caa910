/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cell's CPUs. CPU 0 is the boot CPU; it starts the others (INIT,
 * SIPI, SIPI to vector 0xf0, which enters the image at 0xf0000) one at a
 * time. Each CPU runs on its own stack, at whose base its per-CPU data
 * lives, so that smp_cpu_id() costs no APIC access.
 */
#ifndef _INMATE_SMP_H
#define _INMATE_SMP_H

#include <inmate/inmate.h>
#include <inmate/layout.h>

/* SIPI vector: the CPU starts in real mode at 0xf000:0000 = 0xf0000. */
#define SMP_SIPI_PAGE		0xf0

/**
 * struct percpu - data of one CPU, at the lowest address of its stack
 * @cpu_id: logical number, 0 for the boot CPU
 * @apic_id: local APIC id
 * @in_crash: set while this CPU prints a crash report
 */
struct percpu {
	u32 cpu_id;
	u32 apic_id;
	bool in_crash;
};

typedef void (*smp_entry_t)(void);

extern u8 smp_stacks[SMP_MAX_CPUS][SMP_STACK_SIZE];

static inline struct percpu *this_cpu(void)
{
	u64 sp;

	asm("mov %%rsp, %0" : "=r"(sp));
	return (struct percpu *)(sp & ~(u64)(SMP_STACK_SIZE - 1));
}

static inline unsigned int smp_cpu_id(void)
{
	return this_cpu()->cpu_id;
}

void smp_percpu_init(unsigned int cpu_id);
unsigned int smp_num_cpus(void);
unsigned int smp_start_cpus(smp_entry_t entry);

#endif
