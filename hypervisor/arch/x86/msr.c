// SPDX-License-Identifier: GPL-2.0
/*
 * MSR policy. The root reads and writes MSRs directly except those that
 * would let it see or take over SVM, or move its local APIC: these trap
 * and are emulated here. Other cells may read any MSR but those, and
 * write only the per-thread state an operating system needs (segment
 * bases, syscall entry, TSC_AUX, PAT); any other write stops the cell,
 * since it could change the CPU for whoever owns it next.
 */
#include <asm/apic.h>
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <asm/vcpu.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/violation.h>

#define APICBASE_ADDR_MASK 0x000ffffffffff000ULL
#define X86_EXC_GP	   13

static const u32 trapped_msrs[] = {
	MSR_IA32_APICBASE,
	MSR_EFER,
	MSR_VM_CR,
	MSR_VM_HSAVE_PA,
};

static const u32 cell_writable_msrs[] = {
	0x00000174,   0x00000175, 0x00000176, /* SYSENTER_CS/ESP/EIP */
	MSR_IA32_PAT, 0xc0000081, 0xc0000082,
	0xc0000083,   0xc0000084,	      /* STAR..SFMASK */
	0xc0000100,   0xc0000101, 0xc0000102, /* FS, GS, KERNEL_GS base */
	0xc0000103,			      /* TSC_AUX */
};

/**
 * msr_traps_writes() - whether @cell's MSR writes trap unless allowed
 * @cell: the cell
 *
 * The vendor backend builds the cell's bitmap with this default.
 */
bool msr_traps_writes(const struct cell *cell)
{
	return !cell_is_root(cell);
}

/**
 * msr_cell_init() - the exceptions to the default of msr_traps_writes()
 * @cell: the cell, whose bitmap the backend has just built
 */
void msr_cell_init(struct cell *cell)
{
	struct cpuid_regs id;
	unsigned int n;

	if (msr_traps_writes(cell))
		for (n = 0; n < ARRAY_SIZE(cell_writable_msrs); n++)
			vcpu->set_msr(cell, cell_writable_msrs[n], false,
				      false);
	for (n = 0; n < ARRAY_SIZE(trapped_msrs); n++)
		vcpu->set_msr(cell, trapped_msrs[n], true, true);
	/* with x2APIC, IPIs go through this MSR instead of the APIC page */
	cpuid_count(1, 0, &id);
	if (id.ecx & X86_FEATURE_X2APIC)
		vcpu->set_msr(cell, MSR_X2APIC_ICR, false, true);
}

static bool write_efer(struct per_cpu *cpu, u64 val)
{
	if (val & EFER_SVME)
		return false;
	vcpu->set_efer(cpu, val);
	return true;
}

/*
 * Moving the APIC would escape the trap. A cell may not switch it to
 * x2APIC mode either (it was not offered); the root may, since its
 * x2APIC IPIs are trapped through the ICR MSR.
 */
static void write_apicbase(struct per_cpu *cpu, u64 val)
{
	u64 cur = rdmsr(MSR_IA32_APICBASE);

	if ((val & APICBASE_ADDR_MASK) != (cur & APICBASE_ADDR_MASK) ||
	    (!cell_is_root(cpu->cell) &&
	     (val & APICBASE_EXTD) != (cur & APICBASE_EXTD))) {
		struct violation v = {
			.kind = VIOLATION_APIC_BASE,
			.address = MSR_IA32_APICBASE,
			.value = val,
			.size = 8,
			.write = true,
		};

		cell_violation(cpu, &v);
		return;
	}
	wrmsr(MSR_IA32_APICBASE, val);
}

static bool handle_write(struct per_cpu *cpu, u32 msr, u64 val)
{
	struct violation v = {
		.kind = VIOLATION_MSR,
		.address = msr,
		.value = val,
		.size = 8,
		.write = true,
	};

	switch (msr) {
	case MSR_EFER:
		return write_efer(cpu, val);
	case MSR_IA32_APICBASE:
		write_apicbase(cpu, val);
		return true;
	case MSR_VM_CR:
		return true;
	case MSR_X2APIC_ICR:
		cpu->stats[STAT_XAPIC]++;
		x2apic_icr_write(cpu, val);
		return true;
	}
	/* the root gets a #GP, as from an MSR that does not exist */
	if (!cell_contains_violations(cpu->cell))
		cell_violation(cpu, &v);
	return false;
}

static bool handle_read(struct per_cpu *cpu, u32 msr, u64 *val)
{
	struct vcpu_mode m;

	switch (msr) {
	case MSR_EFER:
		vcpu_get_mode(cpu, &m);
		*val = m.efer;
		return true;
	case MSR_IA32_APICBASE:
		*val = rdmsr(msr);
		return true;
	case MSR_VM_CR:
		*val = VM_CR_SVMDIS;
		return true;
	}
	return false;
}

/**
 * x86_handle_msr() - emulate a trapped RDMSR or WRMSR
 * @cpu: this CPU
 * @write: WRMSR rather than RDMSR
 *
 * Return: true if the instruction completed (the caller skips it), false
 * if a #GP was injected instead.
 */
bool x86_handle_msr(struct per_cpu *cpu, bool write)
{
	u32 msr = (u32)vcpu_get_reg(cpu, VCPU_RCX);
	u64 val = ((vcpu_get_reg(cpu, VCPU_RDX) & 0xffffffffULL) << 32) |
		  (vcpu_get_reg(cpu, VCPU_RAX) & 0xffffffffULL);
	bool ok;

	cpu->stats[STAT_MSR]++;
	if (write) {
		ok = handle_write(cpu, msr, val);
	} else {
		ok = handle_read(cpu, msr, &val);
		if (ok) {
			vcpu_set_reg(cpu, VCPU_RAX, val & 0xffffffffULL);
			vcpu_set_reg(cpu, VCPU_RDX, val >> 32);
		}
	}
	if (!ok)
		vcpu_inject_exception(cpu, X86_EXC_GP, true, 0);
	return ok;
}
