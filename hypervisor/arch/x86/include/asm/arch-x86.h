/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interfaces between the x86 files of the hypervisor that are not the
 * vendor interface (asm/vcpu.h) or the local APIC (asm/apic.h).
 */
#ifndef _ASM_ARCH_X86_H
#define _ASM_ARCH_X86_H

#include <prtos-hv/cell.h>
#include <prtos-hv/percpu.h>
#include <prtos-hv/violation.h>

struct vcpu_mode;

/* exits.c: exit handling shared by the vendor backends */
void x86_handle_cpuid(struct per_cpu *cpu);
void x86_handle_hypercall(struct per_cpu *cpu, unsigned int insn_len);
void x86_handle_pio(struct per_cpu *cpu, u16 port, unsigned int size, bool in,
		    bool string);
void x86_handle_nmi(struct per_cpu *cpu);
void __noreturn x86_handle_fault(struct per_cpu *cpu, enum violation_kind kind,
				 u64 code);
void __noreturn x86_handle_delivery_fault(struct per_cpu *cpu, u64 gpa,
					  bool write);
void x86_check_guest_state(struct per_cpu *cpu);
void x86_trace_exit(struct per_cpu *cpu, u64 code, u64 info1, u64 info2);

/* mmio.c: the trapped-memory path */
void x86_nested_fault(struct per_cpu *cpu, u64 gpa, bool write, bool fetch);

/* msr.c */
void msr_cell_init(struct cell *cell);
bool x86_handle_msr(struct per_cpu *cpu, bool write);

/* ioapic.c */
void ioapic_init(const struct cell *root);
int ioapic_cell_init(struct cell *cell);
int ioapic_cell_check(const struct cell *cell);
void ioapic_cell_assign(const struct cell *cell, bool take);
void ioapic_cell_cpus_taken(struct cell *cell);

/* nested-paging.c */
int nested_create(struct cell *cell);
void nested_destroy(struct cell *cell);
int nested_map(struct cell *cell, u64 gpa, u64 hpa, u64 size,
	       unsigned int access);
int nested_unmap(struct cell *cell, u64 gpa, u64 size);
u64 nested_translate(struct cell *cell, u64 gpa, unsigned int *access);

/* guest-mem.c */
u64 guest_linear_rip(struct per_cpu *cpu, const struct vcpu_mode *m);
int guest_fetch_insn(struct per_cpu *cpu, const struct vcpu_mode *m, u8 *buf,
		     unsigned int *len, u64 *hpa);

/* uart.c */
void uart_init(u16 port, u32 baud);
void uart_write(const char *s, unsigned int len);

/* exception.c */
void exception_init(void);

#endif
