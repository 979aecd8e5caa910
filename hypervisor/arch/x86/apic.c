// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's own use of the local APIC of each CPU: sending IPIs and
 * kicks, and quietening an APIC when its CPU changes owner. The APIC page
 * is identity-mapped in the hypervisor's address space. Emulating a
 * guest's accesses to the APIC is xapic.c's business.
 */
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/vcpu.h>
#include <prtos-hv/arch.h>
#include <prtos-hv/mem.h>
#include <prtos-hv/percpu.h>

/**
 * apic_reg() - a register of this CPU's local APIC
 * @offset: register offset in the APIC page
 */
volatile u32 *apic_reg(unsigned int offset)
{
	return (volatile u32 *)phys_to_virt(XAPIC_PHYS + offset);
}

/**
 * apic_send_ipi() - send an IPI from this CPU to one APIC
 * @apic_id: destination (physical)
 * @low: ICR bits 31:0 (mode, vector, level)
 */
void apic_send_ipi(u32 apic_id, u32 low)
{
	*apic_reg(APIC_ICR2) = apic_id << 24;
	*apic_reg(APIC_ICR) = low;
}

/**
 * arch_cpu_kick() - make another CPU leave its guest with an NMI
 * @target: the CPU
 */
void arch_cpu_kick(struct per_cpu *target)
{
	apic_send_ipi(target->apic_id, (ICR_MODE_NMI << 8) | ICR_ASSERT);
}

/**
 * arch_cpu_send_vector() - raise a fixed interrupt on another CPU
 * @target: the CPU
 * @vector: 32..255
 */
void arch_cpu_send_vector(struct per_cpu *target, unsigned int vector)
{
	apic_send_ipi(target->apic_id,
		      (ICR_MODE_FIXED << 8) | ICR_ASSERT | (vector & 0xff));
}

/**
 * apic_cpu_init() - note the logical destination Linux gave this CPU
 * @cpu: this CPU
 */
void apic_cpu_init(struct per_cpu *cpu)
{
	cpu->arch.ldr = *apic_reg(APIC_LDR);
	cpu->arch.dfr = *apic_reg(APIC_DFR);
}

/**
 * apic_quiet() - quiet this CPU's local APIC for a new owner
 * @cpu: this CPU
 *
 * After a real INIT the APIC would be idle in xAPIC mode; INIT is
 * emulated here, so its effects are made by hand: timer stopped, LVTs
 * masked, TPR zero, interrupts the previous owner left requested taken
 * and dropped, and whatever it was in the middle of ended.
 */
void apic_quiet(struct per_cpu *cpu)
{
	u64 base = rdmsr(MSR_IA32_APICBASE);
	unsigned int reg, n;

	/* x2APIC mode can only be left through disabled */
	if (base & APICBASE_EXTD) {
		wrmsr(MSR_IA32_APICBASE, base & ~(APICBASE_EXTD | APICBASE_EN));
		wrmsr(MSR_IA32_APICBASE, (base & ~APICBASE_EXTD) | APICBASE_EN);
	}

	*apic_reg(APIC_TMICT) = 0;
	for (reg = APIC_LVT_TIMER; reg <= APIC_LVT_LAST; reg += 0x10)
		*apic_reg(reg) = LVT_MASKED;
	*apic_reg(APIC_TPR) = 0;
	/*
	 * As after INIT, no logical destination: the IPI checks model the
	 * logical destinations from what each owner writes, and the real
	 * APIC must not answer to its previous owner's.
	 */
	*apic_reg(APIC_DFR) = 0xffffffff;
	*apic_reg(APIC_LDR) = 0;
	/* a software-disabled APIC would hold them back until the new owner */
	*apic_reg(APIC_SVR) = APIC_SVR_ENABLE | 0xff;
	vcpu->drain_interrupts();
	for (n = 0; n < 64; n++) {
		bool in_service = false;

		for (reg = APIC_ISR; reg < APIC_ISR + 0x80; reg += 0x10)
			in_service |= *apic_reg(reg) != 0;
		if (!in_service)
			break;
		*apic_reg(APIC_EOI) = 0;
	}
	cpu->arch.ldr = 0;
	cpu->arch.dfr = 0xffffffff;
}
