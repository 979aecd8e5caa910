/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cell's CPUs. CPU 0 is the boot CPU; it starts the others (INIT,
 * SIPI, SIPI to vector 0xf0, which enters the image at 0xf0000) one at a
 * time. Each CPU runs on its own stack, at whose base its per-CPU data
 * lives (percpu.h, included here), so that smp_cpu_id() costs no APIC
 * access.
 */
#ifndef _INMATE_SMP_H
#define _INMATE_SMP_H

#include <inmate/compiler.h>
#include <inmate/layout.h>
#include <inmate/percpu.h>

/* SIPI vector: the CPU starts in real mode at 0xf000:0000 = 0xf0000. */
#define SMP_SIPI_PAGE 0xf0

typedef void (*smp_entry_t)(void);

extern u8 smp_stacks[SMP_MAX_CPUS][SMP_STACK_SIZE];

void smp_percpu_init(unsigned int cpu_id);
unsigned int smp_num_cpus(void);
unsigned int smp_start_cpus(smp_entry_t entry);

/* Entered from header.S on a secondary CPU; not for inmates. */
void __noreturn smp_ap_start(void);

#endif
