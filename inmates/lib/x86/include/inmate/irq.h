/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupts and exceptions. Every vector has an entry stub that saves
 * the general-purpose registers into a struct irq_frame (irq-entry.h).
 * Vectors 0-31 (exceptions) print a crash report and halt the CPU; the
 * others call the handler set with irq_set_handler() and then signal
 * end-of-interrupt to the local APIC (later, if the handler deferred it
 * with irq_defer_eoi()), except for the spurious vector.
 * The IF-flag helpers (irq_enable() ...) come with this header.
 */
#ifndef _INMATE_IRQ_H
#define _INMATE_IRQ_H

#include <inmate/irq-entry.h>
#include <inmate/irqflags.h>

/* Vectors the library itself uses. */
#define IRQ_VECTOR_TIMER    0x20
#define IRQ_VECTOR_SPURIOUS 0xff

typedef void (*irq_handler_t)(unsigned int vector);

void irq_init(void);
void irq_cpu_init(void);
int irq_set_handler(unsigned int vector, irq_handler_t handler);
void irq_dispatch(struct irq_frame *frame);
void irq_defer_eoi(void);
void irq_eoi(void);

#endif
