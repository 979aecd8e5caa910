/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupts and exceptions. Every vector has an entry stub that saves
 * the general-purpose registers into a struct irq_frame. Vectors 0-31
 * (exceptions) print a crash report and halt the CPU; the others call the
 * handler set with irq_set_handler() and then signal end-of-interrupt to
 * the local APIC, except for the spurious vector.
 */
#ifndef _INMATE_IRQ_H
#define _INMATE_IRQ_H

#include <inmate/inmate.h>

#define IRQ_NUM_VECTORS		256
#define IRQ_FIRST_EXTERNAL	32
/* Vectors the library itself uses. */
#define IRQ_VECTOR_TIMER	0x20
#define IRQ_VECTOR_SPURIOUS	0xff

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

typedef void (*irq_handler_t)(unsigned int vector);

void irq_init(void);
void irq_cpu_init(void);
int irq_set_handler(unsigned int vector, irq_handler_t handler);
void irq_dispatch(struct irq_frame *frame);
void __noreturn excp_report(const struct irq_frame *frame);

static inline void irq_enable(void)
{
	asm volatile("sti" : : : "memory");
}

static inline void irq_disable(void)
{
	asm volatile("cli" : : : "memory");
}

#define X86_FLAGS_IF	0x200

/* Disables interrupts; returns the flags to give irq_restore(). */
static inline unsigned long irq_save(void)
{
	unsigned long flags;

	asm volatile("pushf; pop %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

/* Enables interrupts again if irq_save() found them enabled. */
static inline void irq_restore(unsigned long flags)
{
	if (flags & X86_FLAGS_IF)
		irq_enable();
}

/*
 * Enables interrupts and waits for one. STI takes effect after the next
 * instruction, so an interrupt that is already pending wakes the HLT
 * instead of slipping in between and being missed.
 */
static inline void irq_enable_and_wait(void)
{
	asm volatile("sti; hlt" : : : "memory");
}

#endif
