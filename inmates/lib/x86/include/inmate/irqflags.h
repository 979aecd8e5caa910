/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Turning interrupts off and on for the calling CPU (the IF flag). Header
 * only, at the bottom of the library, so that the console and the crash
 * report can mask interrupts without depending on the interrupt table.
 */
#ifndef _INMATE_IRQFLAGS_H
#define _INMATE_IRQFLAGS_H

#define X86_FLAGS_IF 0x200

static inline void irq_enable(void)
{
	asm volatile("sti" : : : "memory");
}

static inline void irq_disable(void)
{
	asm volatile("cli" : : : "memory");
}

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
