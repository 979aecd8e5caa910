// SPDX-License-Identifier: GPL-2.0
/*
 * MSR policy. A cell reads and writes MSRs directly except those that
 * would let it see or take over SVM, or move its local APIC: these trap
 * and are emulated here.
 */
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/console.h>

#define APICBASE_ADDR_MASK	0x000ffffffffff000ULL
#define APICBASE_EXTD		BIT(10)

static const u32 trapped_msrs[] = {
	MSR_IA32_APICBASE, MSR_EFER, MSR_VM_CR, MSR_VM_HSAVE_PA,
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
	unsigned int n;
	u32 bit;

	for (n = 0; n < ARRAY_SIZE(trapped_msrs); n++)
		if (msr_bit(trapped_msrs[n], &bit))
			cell->arch.msrpm[bit / 8] |= 3 << (bit % 8);
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

	/* moving the APIC or switching its mode would escape the trap */
	if ((val & APICBASE_ADDR_MASK) != (cur & APICBASE_ADDR_MASK) ||
	    (val & APICBASE_EXTD) != (cur & APICBASE_EXTD)) {
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
		default:
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
