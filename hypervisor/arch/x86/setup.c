// SPDX-License-Identifier: GPL-2.0
/*
 * Bringing a CPU under the hypervisor on x86: descriptor tables, the
 * choice of vendor backend, and the calls generic code makes on a CPU
 * (start, reset, restart, flush), each handed to the backend.
 */
#include <asm/apic.h>
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <asm/vcpu.h>
#include <prtos-hv/arch.h>
#include <prtos-hv/mem.h>
#include <prtos-hv/setup.h>

const struct vcpu_vendor *vcpu;

extern const struct vcpu_vendor *const __vcpu_vendors_start[];
extern const struct vcpu_vendor *const __vcpu_vendors_end[];

/*
 * The hypervisor's GDT uses the selectors Linux uses for its kernel code
 * and data (0x10, 0x18), so the code segment loaded at entry stays valid.
 */
static const u64 gdt[4] = {
	0, 0, 0x00af9b000000ffffULL, /* 64-bit code */
	0x00cf93000000ffffULL,	     /* data */
};

/**
 * arch_cpu_early_init() - load the hypervisor's descriptor tables
 * @cpu: this CPU
 */
void arch_cpu_early_init(struct per_cpu *cpu)
{
	struct desc_ptr gdtr = { sizeof(gdt) - 1, (u64)(unsigned long)gdt };

	asm volatile("lgdt %0" : : "m"(gdtr));
	exception_init();
}

/**
 * arch_init() - choose the vendor backend, once, on the first CPU
 * @cpu: this CPU
 *
 * Return: 0, or -ENODEV with the reason recorded.
 */
int arch_init(struct per_cpu *cpu)
{
	const struct vcpu_vendor *const *v;

	for (v = __vcpu_vendors_start; v < __vcpu_vendors_end; v++) {
		int err = (*v)->probe(cpu);

		if (!err) {
			vcpu = *v;
			return 0;
		}
		/* a backend that recorded a reason knew the CPU: stop there */
		if (hv_header.error)
			return err;
	}
	return setup_fail(
		-ENODEV,
		"CPU %u has neither AMD SVM nor Intel VMX: PRTOS needs hardware virtualisation",
		cpu->cpu_id);
}

/**
 * arch_cpu_init() - prepare this CPU to run its cell
 * @cpu: this CPU, with cpu->cell set
 *
 * Return: 0 or -errno with the reason recorded.
 */
int arch_cpu_init(struct per_cpu *cpu)
{
	int err = vcpu->probe(cpu);

	err = err ?: vcpu->cpu_init(cpu);
	if (err)
		return err;
	apic_cpu_init(cpu);
	return 0;
}

/**
 * arch_cpu_activate() - run the cell on this CPU from now on
 * @cpu: this CPU
 */
void arch_cpu_activate(struct per_cpu *cpu)
{
	vcpu->activate(cpu);
}

/**
 * arch_cpu_reset() - put this CPU's guest in reset state
 * @cpu: this CPU
 * @vector: SIPI vector, or -1 for the reset vector of a cell
 */
void arch_cpu_reset(struct per_cpu *cpu, int vector)
{
	vcpu->reset(cpu, vector);
	cpu->arch.insn_cache.valid = false;
	apic_quiet(cpu);
}

/**
 * arch_cpu_restart() - abandon the current exit and enter the guest anew
 * @cpu: this CPU, whose guest state was just reset
 */
void arch_cpu_restart(struct per_cpu *cpu)
{
	vcpu->restart(cpu);
}

/**
 * arch_flush_guest_tlb() - flush this CPU's guest TLB on the next entry
 * @cpu: this CPU
 */
void arch_flush_guest_tlb(struct per_cpu *cpu)
{
	vcpu->flush_tlb(cpu);
	/* the cached instruction's host address may belong to nobody now */
	cpu->arch.insn_cache.valid = false;
}

void arch_cpu_halt(void)
{
	for (;;)
		asm volatile("cli; hlt");
}

void arch_cpu_relax(void)
{
	asm volatile("pause" : : : "memory");
}

u64 arch_timestamp(void)
{
	return rdtsc();
}
