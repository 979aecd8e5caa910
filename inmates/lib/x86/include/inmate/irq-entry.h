/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the entry stubs of irq-entry.S hand to C: one stub per vector at a
 * fixed distance, and the registers they save as a struct irq_frame.
 * Header only (and usable from assembly), so that the crash report can
 * read a frame without depending on the interrupt table.
 */
#ifndef _INMATE_IRQ_ENTRY_H
#define _INMATE_IRQ_ENTRY_H

#define IRQ_NUM_VECTORS 256
/* Vectors below this one are the CPU's exceptions. */
#define IRQ_FIRST_EXTERNAL 32
/* Stub n starts at irq_stubs + IRQ_STUB_SIZE * n. */
#define IRQ_STUB_SIZE 16

#ifndef __ASSEMBLY__
#include <inmate/types.h>

/**
 * struct irq_frame - state of the interrupted code, as the stubs save it
 * @r15: general-purpose registers, in the reverse order of their pushes
 * @vector: the vector taken
 * @error_code: the CPU's error code, 0 for vectors without one
 * @rip: pushed by the CPU from here on
 */
struct irq_frame {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector, error_code;
	u64 rip, cs, rflags, rsp, ss;
};

extern const u8 irq_stubs[IRQ_NUM_VECTORS * IRQ_STUB_SIZE];
#endif

#endif
