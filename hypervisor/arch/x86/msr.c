// SPDX-License-Identifier: GPL-2.0
/*
 * MSR policy. The root reads and writes MSRs directly except those that
 * would let it see or take over SVM, or move its local APIC: these trap
 * and are emulated here. Other cells may read any MSR but those, and
 * write only the per-thread state an operating system needs (segment
 * bases, syscall entry, TSC_AUX, PAT); any other write stops the cell,
 * since it could change the CPU for whoever owns it next.
 */
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/console.h>
#include <prtos-hv/percpu.h>

#define APICBASE_ADDR_MASK	0x000ffffffffff000ULL

static const u32 trapped_msrs[] = {
	MSR_IA32_APICBASE, MSR_EFER, MSR_VM_CR, MSR_VM_HSAVE_PA,
};

static const u32 cell_writable_msrs[] = {
	0x00000174, 0x00000175, 0x00000176,	/* SYSENTER_CS/ESP/EIP */
	MSR_IA32_PAT,
	0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084,	/* STAR..SFMASK */
	0xc0000100, 0xc0000101, 0xc0000102,	/* FS, GS, KERNEL_GS base */
	0xc0000103,				/* TSC_AUX */
};

/* Two bits per MSR (read, write) in three 2 KiB blocks. */
static bool msr_bit(u32 msr, u32 *bit)
{
	if (msr < 0x2000)
		*bit = msr * 2;
	else if (msr - 0xc0000000U < 0x2000)
		*bit = 0x4000 + (msr - 0xc0000000U) * 2;
	else if (msr - 0xc0010000U < 0x2000)
		*bit = 0x8000 + (msr - 0xc0010000U) * 2;
	else
		return false;
	return true;
}

/**
 * msr_bitmap_init() - trap the MSRs of the policy, pass the rest through
 * @cell: the cell whose bitmap (zeroed) to fill
 */
void msr_bitmap_init(struct cell *cell)
{
	u8 *map = cell->arch.msrpm;
	struct cpuid_regs id;
	unsigned int n;
	u32 bit;

	if (cell != &root_cell) {
		/* every write bit set: writes trap unless listed below */
		for (n = 0; n < MSRPM_PAGES * 4096; n++)
			map[n] = 0xaa;
		for (n = 0; n < ARRAY_SIZE(cell_writable_msrs); n++)
			if (msr_bit(cell_writable_msrs[n], &bit))
				map[bit / 8] &= ~(2 << (bit % 8));
	}
	for (n = 0; n < ARRAY_SIZE(trapped_msrs); n++)
		if (msr_bit(trapped_msrs[n], &bit))
			map[bit / 8] |= 3 << (bit % 8);
	/* with x2APIC, IPIs go through this MSR instead of the APIC page */
	cpuid_count(1, 0, &id);
	if (id.ecx & X86_FEATURE_X2APIC && msr_bit(MSR_X2APIC_ICR, &bit))
		map[bit / 8] |= 2 << (bit % 8);
}

static bool write_efer(struct per_cpu *cpu, u64 val)
{
	if (val & EFER_SVME)
		return false;
	cpu->arch.vmcb.save.efer = val | EFER_SVME;
	return true;
}

static bool write_apicbase(struct per_cpu *cpu, u64 val)
{
	u64 cur = rdmsr(MSR_IA32_APICBASE);

	/*
	 * Moving the APIC would escape the trap. A cell may not switch it to
	 * x2APIC mode either (it was not offered); the root may, since its
	 * x2APIC IPIs are trapped through the ICR MSR.
	 */
	if ((val & APICBASE_ADDR_MASK) != (cur & APICBASE_ADDR_MASK) ||
	    (cpu->cell != &root_cell &&
	     (val & APICBASE_EXTD) != (cur & APICBASE_EXTD))) {
		cell_report_violation(cpu->cell, "APIC base MSR", val, 8, true,
				      cpu->arch.vmcb.save.rip);
		return true;
	}
	wrmsr(MSR_IA32_APICBASE, val);
	return true;
}

/**
 * msr_handle() - emulate a trapped RDMSR or WRMSR
 * @cpu: this CPU
 *
 * Return: true if the instruction completed, false if a #GP was injected.
 */
bool msr_handle(struct per_cpu *cpu)
{
	struct vmcb *vmcb = &cpu->arch.vmcb;
	struct guest_regs *r = cpu->arch.regs;
	u32 msr = (u32)r->rcx;
	bool write = vmcb->control.exitinfo1 == 1;
	u64 val = ((r->rdx & 0xffffffffULL) << 32) |
		  (vmcb->save.rax & 0xffffffffULL);
	bool ok = true;

	if (write) {
		switch (msr) {
		case MSR_EFER:
			ok = write_efer(cpu, val);
			break;
		case MSR_IA32_APICBASE:
			ok = write_apicbase(cpu, val);
			break;
		case MSR_VM_CR:
			break;
		case MSR_X2APIC_ICR:
			cpu->stats[STAT_XAPIC]++;
			x2apic_icr_write(cpu, val);
			break;
		default:
			if (cpu->cell != &root_cell)
				cell_fail(cpu, "write of MSR 0x%x, RIP 0x%llx",
					  msr, (unsigned long long)
					  vmcb->save.rip);
			ok = false;
		}
	} else {
		switch (msr) {
		case MSR_EFER:
			val = vmcb->save.efer & ~EFER_SVME;
			break;
		case MSR_IA32_APICBASE:
			val = rdmsr(msr);
			break;
		case MSR_VM_CR:
			val = VM_CR_SVMDIS;
			break;
		default:
			ok = false;
		}
		if (ok) {
			vmcb->save.rax = val & 0xffffffffULL;
			r->rdx = val >> 32;
		}
	}
	if (!ok)
		svm_inject_exception(vmcb, X86_EXC_GP, true, 0);
	return ok;
}
