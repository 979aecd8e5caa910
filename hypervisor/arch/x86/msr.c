// SPDX-License-Identifier: GPL-2.0
/*
 * MSR policy. Every cell, the root included, writes only what a list
 * allows; everything else traps. A cell writes the per-thread state an
 * operating system needs (segment bases, syscall entry, TSC_AUX, PAT); any
 * other write stops it, since it could change the CPU for whoever owns it
 * next. The root writes in addition what Linux 6.1 writes on its own CPUs
 * while PRTOS runs (measured on the QEMU machine: CPU hand-back brings up
 * a CPU again; each entry says why it is safe); any other write is
 * refused with a #GP, which Linux reports as an unchecked MSR access, and
 * reported as a violation. SVM's own MSRs, EFER and the APIC base trap
 * for everybody and are emulated here.
 */
#include <asm/apic.h>
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <asm/vcpu.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/violation.h>

#define APICBASE_ADDR_MASK 0x000ffffffffff000ULL
#define X86_EXC_GP	   13
#define MSR_K7_HWCR	   0xc0010015
/* HWCR bits Linux sets: flush filter off (K8), boost off, IRPERF on */
#define HWCR_LINUX_BITS (BIT(6) | BIT(25) | BIT(30))

/* read and write emulated here, for every cell */
static const u32 trapped_msrs[] = {
	MSR_IA32_APICBASE,
	MSR_EFER,
	MSR_VM_CR,
	MSR_VM_HSAVE_PA,
};

/* A range of MSRs that writes reach directly. */
struct msr_range {
	u32 first, last;
};

/* Per-thread state: any cell's to write. */
static const struct msr_range cell_writable[] = {
	{ 0x00000174, 0x00000176 }, /* SYSENTER_CS/ESP/EIP */
	{ MSR_IA32_PAT, MSR_IA32_PAT },
	{ 0xc0000081, 0xc0000084 }, /* STAR, LSTAR, CSTAR, SFMASK */
	{ 0xc0000100, 0xc0000103 }, /* FS, GS, KERNEL_GS base, TSC_AUX */
};

/*
 * What else Linux writes on the root's CPUs. Each affects only the CPU
 * that writes it, and the root owns that CPU.
 */
static const struct msr_range root_writable[] = {
	/* speculation controls (SPEC_CTRL, PRED_CMD), L1D flush: per thread */
	{ 0x00000048, 0x00000049 },
	{ 0x0000010b, 0x0000010b },
	/* Intel performance counters, for perf and the NMI watchdog */
	{ 0x000000c1, 0x000000c8 },
	{ 0x00000186, 0x0000018d },
	{ 0x00000309, 0x0000030b },
	{ 0x0000038d, 0x00000390 },
	/* machine-check status and control: a CPU coming online sets them */
	{ 0x0000017a, 0x0000017b },
	{ 0x00000400, 0x0000047f },
	/* Intel MISC_ENABLE: a CPU's feature switches at bring-up */
	{ 0x000001a0, 0x000001a0 },
	/* DEBUGCTL: branch recording of the thread */
	{ 0x000001d9, 0x000001d9 },
	/*
	 * MTRRs: Linux copies the boot CPU's onto a CPU coming online; they
	 * set the caching of this CPU's accesses only.
	 */
	{ 0x00000200, 0x0000021f },
	{ 0x00000250, 0x00000250 },
	{ 0x00000258, 0x00000259 },
	{ 0x00000268, 0x0000026f },
	{ 0x000002ff, 0x000002ff },
	/* the TSC deadline timer of the CPU's own APIC */
	{ 0x000006e0, 0x000006e0 },
	/* x2APIC registers of its own APIC (the ICR traps: IPIs are checked) */
	{ 0x00000800, MSR_X2APIC_ICR - 1 },
	{ MSR_X2APIC_ICR + 1, 0x000008ff },
	/* XSS: the supervisor state XSAVES keeps per thread */
	{ 0x00000da0, 0x00000da0 },
	/* AMD performance counters (legacy and core extension) */
	{ 0xc0010000, 0xc0010007 },
	{ 0xc0010200, 0xc001020b },
	/* AMD DE_CFG: LFENCE made serialising, a Spectre mitigation */
	{ 0xc0011029, 0xc0011029 },
};

static void allow_writes(struct cell *cell, const struct msr_range *r,
			 unsigned int n)
{
	u32 msr;

	for (; n--; r++)
		for (msr = r->first; msr <= r->last; msr++)
			vcpu->set_msr(cell, msr, false, false);
}

/**
 * msr_cell_init() - open the cell's MSR bitmap where the policy allows
 * @cell: the cell, whose bitmap the backend has just built with every
 *	  write trapped and every read direct
 */
void msr_cell_init(struct cell *cell)
{
	struct cpuid_regs id;
	unsigned int n;

	allow_writes(cell, cell_writable, ARRAY_SIZE(cell_writable));
	if (cell_is_root(cell))
		allow_writes(cell, root_writable, ARRAY_SIZE(root_writable));
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
	case MSR_VM_HSAVE_PA:
		/*
		 * It reads as 0, as where nobody uses SVM; writing that 0
		 * back is what Linux's emergency reboot path does to
		 * "disable" SVM, and changes nothing. Any other address
		 * would aim the CPU's host save area at memory.
		 */
		if (val)
			break;
		return true;
	case MSR_K7_HWCR:
		/* the bits Linux sets on an AMD CPU coming online */
		if (!cell_is_root(cpu->cell) ||
		    (val ^ rdmsr(msr)) & ~HWCR_LINUX_BITS)
			break;
		wrmsr(msr, val);
		return true;
	case MSR_X2APIC_ICR:
		cpu->stats[STAT_XAPIC]++;
		x2apic_icr_write(cpu, val);
		return true;
	}
	/* reported; the root then gets a #GP, as from an MSR it lacks */
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
	case MSR_VM_HSAVE_PA:
		/* as on a CPU whose SVM nobody uses */
		*val = 0;
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
