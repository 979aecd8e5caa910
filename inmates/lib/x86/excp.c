// SPDX-License-Identifier: GPL-2.0
/*
 * Crash reports. An exception in an inmate is a bug: the CPU prints what
 * it was doing (vector, error code, RIP, CR2, stack pointer, every
 * general-purpose register) and halts with interrupts off. The report
 * starts with a line that names CPU, exception and RIP, so a test can grep
 * for "FATAL".
 */
#include <inmate/excp.h>
#include <inmate/halt.h>
#include <inmate/irqflags.h>
#include <inmate/percpu.h>
#include <inmate/printk.h>
#include <inmate/processor.h>

static const char *const names[IRQ_FIRST_EXTERNAL] = {
	[0] = "#DE divide error",
	[1] = "#DB debug",
	[2] = "NMI",
	[3] = "#BP breakpoint",
	[4] = "#OF overflow",
	[5] = "#BR bound range exceeded",
	[6] = "#UD invalid opcode",
	[7] = "#NM device not available",
	[8] = "#DF double fault",
	[10] = "#TS invalid TSS",
	[11] = "#NP segment not present",
	[12] = "#SS stack-segment fault",
	[13] = "#GP general protection",
	[14] = "#PF page fault",
	[16] = "#MF x87 floating-point error",
	[17] = "#AC alignment check",
	[18] = "#MC machine check",
	[19] = "#XM SIMD floating-point error",
	[20] = "#VE virtualization exception",
	[21] = "#CP control protection",
	[28] = "#HV hypervisor injection",
	[29] = "#VC VMM communication",
	[30] = "#SX security exception",
};

/**
 * excp_report() - print a crash report for an exception and halt
 * @frame: the registers at the exception
 */
void excp_report(const struct irq_frame *frame)
{
	struct percpu *cpu = this_cpu();
	unsigned int v = frame->vector;
	const char *name = names[v] ? names[v] : "reserved";

	irq_disable();
	/* a fault while reporting would only repeat itself */
	if (cpu->in_crash)
		inmate_halt_crashed();
	cpu->in_crash = true;
	console_unlock_after_crash();
	printk("FATAL: CPU %u: exception %u (%s), error code 0x%llx, RIP 0x%016llx\n",
	       cpu->cpu_id, v, name, frame->error_code, frame->rip);
	printk("  RSP 0x%016llx  RFLAGS 0x%016llx  CS 0x%llx  SS 0x%llx\n",
	       frame->rsp, frame->rflags, frame->cs, frame->ss);
	printk("  CR2 0x%016llx  CR3 0x%016llx\n", read_cr2(), read_cr3());
	printk("  RAX 0x%016llx  RBX 0x%016llx  RCX 0x%016llx\n", frame->rax,
	       frame->rbx, frame->rcx);
	printk("  RDX 0x%016llx  RSI 0x%016llx  RDI 0x%016llx\n", frame->rdx,
	       frame->rsi, frame->rdi);
	printk("  RBP 0x%016llx  R8  0x%016llx  R9  0x%016llx\n", frame->rbp,
	       frame->r8, frame->r9);
	printk("  R10 0x%016llx  R11 0x%016llx  R12 0x%016llx\n", frame->r10,
	       frame->r11, frame->r12);
	printk("  R13 0x%016llx  R14 0x%016llx  R15 0x%016llx\n", frame->r13,
	       frame->r14, frame->r15);
	printk("FATAL: CPU %u halted\n", cpu->cpu_id);
	inmate_halt_crashed();
}
