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
#include <prtos-hv/console.h>
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

static u32 timer_khz;

/* The TSC ticks of @ns nanoseconds at @tsc_khz. */
static u64 tsc_ticks(u32 tsc_khz, u64 ns)
{
	return (u64)tsc_khz * ns / 1000000;
}

/**
 * apic_measure_timer() - measure the local APIC timer's input frequency
 * @tsc_khz: the TSC frequency Linux measured
 *
 * Once, at enable, on the first CPU to arrive while Linux is stopped on
 * all of them: the timer Linux programmed is borrowed for 2 ms of TSC
 * (masked, divide by 1, counting down from the top) and then given back
 * with what was left of Linux's count, so its next tick comes that much
 * late. Cells find the result in their comm region (apic_khz) and need
 * not calibrate for themselves. Not measured in x2APIC mode (the page is
 * not the APIC then): cells calibrate as before.
 */
void apic_measure_timer(u32 tsc_khz)
{
	u32 lvt, tdcr, left, c0, c1;
	u64 t0, t1, window = tsc_ticks(tsc_khz, 2000000);

	if (!tsc_khz || rdmsr(MSR_IA32_APICBASE) & APICBASE_EXTD)
		return;
	lvt = *apic_reg(APIC_LVT_TIMER);
	tdcr = *apic_reg(APIC_TDCR);
	left = *apic_reg(APIC_TMCCT);
	*apic_reg(APIC_LVT_TIMER) = lvt | LVT_MASKED;
	*apic_reg(APIC_TDCR) = 0xb; /* divide by 1 */
	*apic_reg(APIC_TMICT) = 0xffffffff;
	c0 = *apic_reg(APIC_TMCCT);
	t0 = rdtsc();
	do
		t1 = rdtsc();
	while (t1 - t0 < window);
	c1 = *apic_reg(APIC_TMCCT);
	*apic_reg(APIC_TMICT) = 0;
	*apic_reg(APIC_TDCR) = tdcr;
	*apic_reg(APIC_LVT_TIMER) = lvt;
	/* a stopped timer stays stopped; a running one ends as it would */
	if (left)
		*apic_reg(APIC_TMICT) = left;
	if (c1 < c0 && t1 > t0)
		timer_khz = (u32)((u64)(c0 - c1) * tsc_khz / (t1 - t0));
	printk("Local APIC timer: %u kHz\n", timer_khz);
}

/**
 * arch_apic_timer_khz() - the local APIC timer's input frequency
 *
 * Return: kHz, 0 if it was not measured.
 */
u32 arch_apic_timer_khz(void)
{
	return timer_khz;
}
