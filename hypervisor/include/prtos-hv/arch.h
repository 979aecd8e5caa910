/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What generic hypervisor code asks of the architecture. Implemented once
 * per architecture under arch/; on x86 the vendor backend (AMD SVM, Intel
 * VMX) sits behind these calls too.
 */
#ifndef _PRTOS_HV_ARCH_H
#define _PRTOS_HV_ARCH_H

#include <prtos-hv/types.h>
#include <prtos/config.h>

struct per_cpu;
struct cell;

/* Per-CPU tables (GDT, IDT) so that faults in the hypervisor get reported. */
void arch_cpu_early_init(struct per_cpu *cpu);
/* Once, on the first CPU: what the machine offers; 0 or -errno (reason). */
int arch_init(struct per_cpu *cpu);
/* Check the CPU and prepare it to run its cell; 0 or -errno with a reason. */
int arch_cpu_init(struct per_cpu *cpu);
/* Start running the CPU's cell as a guest. */
void __noreturn arch_cpu_activate(struct per_cpu *cpu);
/*
 * Give the CPU back to Linux with @result as the return value of the call
 * that entered the hypervisor (enable) or of the disable hypercall.
 */
void __noreturn arch_cpu_leave(struct per_cpu *cpu, int result);
/* Stop the CPU for good (interrupts off). */
void __noreturn arch_cpu_halt(void);
/* Make another CPU leave its guest (it then checks its requests). */
void arch_cpu_kick(struct per_cpu *target);
/* Raise interrupt @vector on @target (a doorbell). */
void arch_cpu_send_vector(struct per_cpu *target, unsigned int vector);
/* Raise the root's interrupt of an IOAPIC pin (its doorbells). */
bool arch_raise_pin(const struct cell *owner, unsigned int pin);
/* Put this CPU's guest in reset state: reset vector, or SIPI @vector. */
void arch_cpu_reset(struct per_cpu *cpu, int vector);
/* Drop whatever this CPU was handling and (re-)enter its guest. */
void __noreturn arch_cpu_restart(struct per_cpu *cpu);
void arch_flush_guest_tlb(struct per_cpu *cpu);

/* Cell memory, I/O ports and the rest of its isolation. */
int arch_cell_init(struct cell *cell);
void arch_cell_exit(struct cell *cell);
/* Resources beyond memory, CPUs and ports (interrupt pins). */
long arch_cell_check(struct per_cpu *cpu, struct cell *cell);
void arch_cell_assign(struct cell *cell, bool take);
int arch_map_memory(struct cell *cell, const struct prtos_memory *mem);
int arch_unmap_memory(struct cell *cell, const struct prtos_memory *mem);
/* Map hypervisor pages (comm region, channels) into a cell. */
int arch_map_pages(struct cell *cell, u64 gpa, void *pages, u64 size,
		   bool writable);
/* Copy from guest-physical memory of @cell, checking it may read it. */
int arch_copy_from_guest(struct cell *cell, void *dst, u64 gpa, u64 len);
void arch_cell_set_pio(struct cell *cell, const struct prtos_pio *pio,
		       bool allow);
/* Copy to guest-physical memory of @cell, checking the cell may write it. */
int arch_copy_to_guest(struct cell *cell, u64 gpa, const void *src, u64 len);

void arch_console_init(const struct prtos_console *con);
void arch_console_write(const char *s, unsigned int len);

/* Print what this CPU did last (its recent exits), for a panic report. */
void arch_dump_trace(struct per_cpu *cpu);
/* The guest instruction pointer of this CPU, in an exit. */
u64 arch_guest_rip(struct per_cpu *cpu);

u64 arch_timestamp(void);
void arch_cpu_relax(void);
/*
 * The input frequency of this CPU's interrupt timer in kHz, measured on
 * the first call from a CPU no guest owns at that moment (every CPU's
 * timer runs at one rate); 0 if it cannot be measured.
 */
u32 arch_timer_khz(void);

#endif
