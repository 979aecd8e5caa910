/* SPDX-License-Identifier: GPL-2.0 */
/* Interfaces between the x86 files of the hypervisor. */
#ifndef _ASM_ARCH_X86_H
#define _ASM_ARCH_X86_H

#include <prtos-hv/percpu.h>
#include <prtos-hv/cell.h>

/* svm.c */
void svm_inject_exception(struct vmcb *vmcb, u8 vector, bool has_err,
			  u32 err);
u64 *guest_reg_ptr(struct per_cpu *cpu, unsigned int reg);
void svm_vmcb_init(struct per_cpu *cpu);
/* The guest registers frame svm-run.S keeps at the top of the stack. */
static inline struct guest_regs *guest_regs_frame(struct per_cpu *cpu)
{
	return (struct guest_regs *)((u8 *)cpu + PERCPU_SIZE - 16 -
				     sizeof(struct guest_regs));
}

/* msr.c */
void msr_bitmap_init(struct cell *cell);
bool msr_handle(struct per_cpu *cpu);

/* xapic.c */
#define XAPIC_PHYS	0xfee00000ULL
bool xapic_handle(struct per_cpu *cpu, u64 gpa);
void xapic_cpu_init(struct per_cpu *cpu);
void x2apic_icr_write(struct per_cpu *cpu, u64 val);
void xapic_reset(struct per_cpu *cpu);

/* ioapic.c */
u64 ioapic_init(void);
int ioapic_cell_check(const struct cell *cell);
void ioapic_cell_assign(const struct cell *cell, bool take);
bool ioapic_handle(struct per_cpu *cpu, u64 gpa);

/* npt.c */
bool npt_handle_violation(struct per_cpu *cpu, u64 gpa, u64 info);
void npt_unmap(struct cell *cell, u64 gpa, u64 size);
u64 npt_translate(struct cell *cell, u64 gpa, u64 *flags);

/* guest-mem.c */
int guest_fetch_insn(struct per_cpu *cpu, u8 *buf, unsigned int *len);

/* uart.c */
void uart_init(u16 port, u32 baud);
void uart_write(const char *s, unsigned int len);

/* exception.c */
void exception_init(void);

#endif
