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
#include <prtos-hv/setup.h>

/*
 * How long the timer is watched against the TSC. The hypervisor reads the
 * APIC directly, so each end is known to within a read (well under a
 * microsecond even under TCG): 20 ms give the ratio to some ten parts per
 * million, and the cyclic inmates correct the rest from the timer's own
 * expiries. A cell measuring itself needs a second, its reads trapped.
 */
#define TIMER_MEASURE_MS 20
#define TIMER_SAMPLES	 7

/* kHz, 0 until measured */
static u32 timer_khz;

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

/* The TSC in the middle of the quickest of a few reads of the count. */
static u64 timer_sample(u32 *count)
{
	u64 best = ~0ULL, mid = 0, before, after;
	unsigned int n;
	u32 c;

	for (n = 0; n < TIMER_SAMPLES; n++) {
		before = rdtsc();
		c = *apic_reg(APIC_TMCCT);
		after = rdtsc();
		if (after - before < best) {
			best = after - before;
			mid = before + (after - before) / 2;
			*count = c;
		}
	}
	return mid;
}

/**
 * arch_timer_khz() - the local APIC timer's input frequency
 *
 * Measured once, against the TSC whose rate Linux gave at enable, on a
 * CPU that is being handed to a cell (its timer then belongs to nobody).
 * The TSC rate cancels out of the ratio an inmate derives from the two
 * frequencies, so an error in Linux's calibration does not matter.
 *
 * Return: kHz, or 0 when the TSC rate is unknown or the timer does not
 * count.
 */
u32 arch_timer_khz(void)
{
	u64 tsc_khz = hv_header.tsc_khz, t0, t1, khz;
	u32 c0 = 0, c1 = 0;

	if (READ_ONCE(timer_khz) || !tsc_khz)
		return READ_ONCE(timer_khz);
	*apic_reg(APIC_LVT_TIMER) = LVT_MASKED;
	*apic_reg(APIC_TDCR) = TDCR_DIVIDE_BY_1;
	*apic_reg(APIC_TMICT) = 0xffffffff;
	t0 = timer_sample(&c0);
	while (rdtsc() - t0 < tsc_khz * TIMER_MEASURE_MS)
		arch_cpu_relax();
	t1 = timer_sample(&c1);
	*apic_reg(APIC_TMICT) = 0;
	if (c1 >= c0 || t1 <= t0)
		return 0;
	khz = ((u64)(c0 - c1) * tsc_khz + (t1 - t0) / 2) / (t1 - t0);
	if (!khz || khz > 0xffffffffULL)
		return 0;
	WRITE_ONCE(timer_khz, (u32)khz);
	return (u32)khz;
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
