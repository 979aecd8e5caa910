// SPDX-License-Identifier: GPL-2.0
/*
 * The interrupt descriptor table, shared by all CPUs of the inmate, and
 * the dispatch from the entry stubs to exception reports and handlers.
 */
#include <inmate/apic.h>
#include <inmate/compiler.h>
#include <inmate/excp.h>
#include <inmate/irq.h>
#include <inmate/layout.h>
#include <inmate/percpu.h>
#include <inmate/printk.h>

#define GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate */

struct idt_entry {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;

struct idt_ptr {
	u16 limit;
	u64 base;
} __packed;

static struct idt_entry idt[IRQ_NUM_VECTORS] __aligned(16);
static irq_handler_t handlers[IRQ_NUM_VECTORS];
/* irq_defer_eoi() was called on this CPU since its last EOI */
static bool eoi_deferred[SMP_MAX_CPUS];

/**
 * irq_init() - fill the IDT and load it on the boot CPU
 *
 * Interrupt gates throughout: a handler runs with interrupts off.
 */
void irq_init(void)
{
	unsigned int v;
	u64 addr;

	for (v = 0; v < IRQ_NUM_VECTORS; v++) {
		addr = (u64)(unsigned long)&irq_stubs[v * IRQ_STUB_SIZE];
		idt[v] = (struct idt_entry){
			.offset_low = (u16)addr,
			.selector = GDT_CODE64,
			.type = GATE_INTERRUPT,
			.offset_mid = (u16)(addr >> 16),
			.offset_high = (u32)(addr >> 32),
		};
	}
	irq_cpu_init();
}

/**
 * irq_cpu_init() - load the IDT on the calling CPU
 */
void irq_cpu_init(void)
{
	struct idt_ptr ptr = {
		.limit = sizeof(idt) - 1,
		.base = (u64)(unsigned long)idt,
	};

	asm volatile("lidt %0" : : "m"(ptr));
}

/**
 * irq_set_handler() - call a function when a vector arrives
 * @vector: IRQ_FIRST_EXTERNAL..254
 * @handler: the function, NULL to remove it; runs with interrupts off,
 *	on the CPU that took the interrupt, before end-of-interrupt
 *
 * Return: 0, or -1 if @vector is an exception or the spurious vector.
 */
int irq_set_handler(unsigned int vector, irq_handler_t handler)
{
	if (vector < IRQ_FIRST_EXTERNAL || vector >= IRQ_VECTOR_SPURIOUS)
		return -1;
	WRITE_ONCE(handlers[vector], handler);
	return 0;
}

/**
 * irq_dispatch() - the C side of every entry stub
 * @frame: the registers the stub saved
 */
void irq_dispatch(struct irq_frame *frame)
{
	unsigned int vector = frame->vector;
	irq_handler_t handler;

	if (vector < IRQ_FIRST_EXTERNAL)
		excp_report(frame);
	/* a spurious interrupt is not in service: no EOI */
	if (vector == IRQ_VECTOR_SPURIOUS)
		return;
	handler = READ_ONCE(handlers[vector]);
	if (handler)
		handler(vector);
	else
		printk("inmate: CPU %u: unexpected interrupt, vector 0x%x\n",
		       smp_cpu_id(), vector);
	if (!eoi_deferred[smp_cpu_id()])
		apic_eoi();
}

/**
 * irq_defer_eoi() - end the interrupt in service later, with irq_eoi()
 *
 * For a handler: the end-of-interrupt is a VM exit in a cell on an xAPIC
 * machine, and it need not delay what the interrupt releases. Until
 * irq_eoi(), the APIC holds back interrupts of the same or a lower
 * priority class (the next expiry of a periodic timer, for one: it stays
 * requested, nothing is lost if irq_eoi() comes within the period).
 */
void irq_defer_eoi(void)
{
	eoi_deferred[smp_cpu_id()] = true;
}

/**
 * irq_eoi() - end the interrupt whose end-of-interrupt was deferred
 *
 * Does nothing if none was deferred on this CPU, so that it may be called
 * on every path after a release.
 */
void irq_eoi(void)
{
	unsigned int cpu = smp_cpu_id();

	if (!eoi_deferred[cpu])
		return;
	eoi_deferred[cpu] = false;
	apic_eoi();
}
