// SPDX-License-Identifier: GPL-2.0
/* Bringing a CPU under SVM: checks, host state and the first VMRUN. */
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <prtos-hv/arch.h>
#include <prtos-hv/mem.h>
#include <prtos-hv/setup.h>

/*
 * The hypervisor's GDT uses the selectors Linux uses for its kernel code
 * and data (0x10, 0x18), so the code segment loaded at entry stays valid.
 */
static const u64 gdt[4] = {
	0,
	0,
	0x00af9b000000ffffULL,	/* 64-bit code */
	0x00cf93000000ffffULL,	/* data */
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

static int check_svm(struct per_cpu *cpu)
{
	struct cpuid_regs r;

	cpuid_count(0x80000000, 0, &r);
	if (r.eax < 0x8000000a)
		return setup_fail(-ENODEV, "CPU %u: no AMD SVM (extended CPUID too short)",
				  cpu->cpu_id);
	cpuid_count(0x80000001, 0, &r);
	if (!(r.ecx & X86_FEATURE_SVM))
		return setup_fail(-ENODEV, "CPU %u has no AMD SVM: PRTOS needs AMD-V",
				  cpu->cpu_id);
	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS)
		return setup_fail(-ENODEV, "CPU %u: SVM is disabled by the firmware (VM_CR.SVMDIS)",
				  cpu->cpu_id);
	cpuid_count(0x8000000a, 0, &r);
	if (!(r.edx & X86_FEATURE_NPT))
		return setup_fail(-ENODEV, "CPU %u has SVM but no nested paging: PRTOS needs NPT",
				  cpu->cpu_id);
	return 0;
}

/**
 * arch_cpu_init() - prepare this CPU to run its cell under SVM
 * @cpu: this CPU, with cpu->cell set
 *
 * Return: 0 or -errno with the reason recorded.
 */
int arch_cpu_init(struct per_cpu *cpu)
{
	int err = check_svm(cpu);

	if (err)
		return err;
	cpu->arch.hsave_msr_orig = rdmsr(MSR_VM_HSAVE_PA);
	wrmsr(MSR_VM_HSAVE_PA, virt_to_phys(cpu->arch.host_save));
	cpu->arch.hsave_set = true;
	xapic_cpu_init(cpu);
	return 0;
}

/**
 * arch_cpu_activate() - run the cell on this CPU from now on
 * @cpu: this CPU
 */
void arch_cpu_activate(struct per_cpu *cpu)
{
	svm_vmcb_init(cpu);
	cpu->arch.vmcb_ready = true;
	cpu->arch.regs = guest_regs_frame(cpu);
	svm_run(virt_to_phys(&cpu->arch.vmcb));
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
