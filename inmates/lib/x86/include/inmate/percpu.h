/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The calling CPU's own data, at the lowest address of its stack, so that
 * finding it costs no APIC access. Header only: smp.c fills the data in
 * as each CPU starts; the files below smp.c only read it.
 */
#ifndef _INMATE_PERCPU_H
#define _INMATE_PERCPU_H

#include <inmate/layout.h>
#include <inmate/types.h>

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

#endif
