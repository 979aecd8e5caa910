// SPDX-License-Identifier: GPL-2.0
/*
 * The AMD SVM backend of the vendor interface (asm/vcpu.h): the VMCB of a
 * CPU, the I/O and MSR permission maps in AMD's layout, NPT entries, and
 * the dispatch of VM exits to the shared x86 handlers. This is the only
 * file that knows the VMCB.
 */
#include <asm/apic.h>
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <asm/svm.h>
#include <asm/vcpu.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/control.h>
#include <prtos-hv/mem.h>
#include <prtos-hv/setup.h>

#define GUEST_ASID  1
#define IOPM_PAGES  3
#define MSRPM_PAGES 2
#define X86_EXC_UD  6

_Static_assert(sizeof(struct svm_cpu) <= VCPU_VENDOR_STATE_SIZE,
	       "SVM state fits the vendor area");

static bool has_nrips;

static struct svm_cpu *svm(struct per_cpu *cpu)
{
	return (struct svm_cpu *)cpu->arch.vendor;
}

static struct vmcb *vmcb_of(struct per_cpu *cpu)
{
	return &svm(cpu)->vmcb;
}

/* The guest registers frame svm-run.S keeps at the top of the stack. */
static struct guest_regs *regs_frame(struct per_cpu *cpu)
{
	return (struct guest_regs *)((u8 *)cpu + PERCPU_SIZE - 16 -
				     sizeof(struct guest_regs));
}

static int svm_probe(struct per_cpu *cpu)
{
	struct cpuid_regs r;

	cpuid_count(0, 0, &r);
	if (r.ebx != 0x68747541) /* "Auth"enticAMD */
		return -ENODEV;
	cpuid_count(0x80000000, 0, &r);
	if (r.eax < 0x8000000a)
		return setup_fail(-ENODEV,
				  "CPU %u: no AMD SVM (extended CPUID too short)",
				  cpu->cpu_id);
	cpuid_count(0x80000001, 0, &r);
	if (!(r.ecx & X86_FEATURE_SVM))
		return setup_fail(-ENODEV,
				  "CPU %u has no AMD SVM: PRTOS needs AMD-V",
				  cpu->cpu_id);
	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS)
		return setup_fail(
			-ENODEV,
			"CPU %u: SVM is disabled by the firmware (VM_CR.SVMDIS)",
			cpu->cpu_id);
	cpuid_count(0x8000000a, 0, &r);
	if (!(r.edx & X86_FEATURE_NPT))
		return setup_fail(
			-ENODEV,
			"CPU %u has SVM but no nested paging: PRTOS needs NPT",
			cpu->cpu_id);
	has_nrips = r.edx & X86_FEATURE_NRIPS;
	return 0;
}

static int svm_cpu_init(struct per_cpu *cpu)
{
	struct svm_cpu *s = svm(cpu);

	s->hsave_msr_orig = rdmsr(MSR_VM_HSAVE_PA);
	wrmsr(MSR_VM_HSAVE_PA, virt_to_phys(s->host_save));
	s->hsave_set = true;
	return 0;
}

static void svm_cpu_exit(struct per_cpu *cpu)
{
	struct svm_cpu *s = svm(cpu);

	if (s->hsave_set)
		wrmsr(MSR_VM_HSAVE_PA, s->hsave_msr_orig);
	s->hsave_set = false;
}

static void setup_control(struct per_cpu *cpu)
{
	struct vmcb_control *c = &vmcb_of(cpu)->control;
	struct arch_cell *ac = &cpu->cell->arch;

	memset(c, 0, sizeof(*c));
	/* NMIs are the hypervisor's: it kicks CPUs with them */
	c->intercept_vec3 = SVM_INTERCEPT_CPUID | SVM_INTERCEPT_IOIO |
			    SVM_INTERCEPT_MSR | SVM_INTERCEPT_SHUTDOWN |
			    SVM_INTERCEPT_INVLPGA | SVM_INTERCEPT_NMI;
	c->intercept_vec4 = SVM_INTERCEPT_VMRUN | SVM_INTERCEPT_VMMCALL |
			    SVM_INTERCEPT_VMLOAD | SVM_INTERCEPT_VMSAVE |
			    SVM_INTERCEPT_STGI | SVM_INTERCEPT_CLGI |
			    SVM_INTERCEPT_SKINIT;
	c->iopm_base_pa = virt_to_phys(ac->pio_bitmap);
	c->msrpm_base_pa = virt_to_phys(ac->msr_bitmap);
	/* one ASID per cell; a CPU changing cells also flushes */
	c->asid = GUEST_ASID + cpu->cell->id;
	c->tlb_control = SVM_TLB_FLUSH_ALL;
	c->nested_ctl = SVM_NP_ENABLE;
	c->nested_cr3 = ac->npt_root;
}

/* Linux continues on this CPU as the root cell, where the driver left. */
static void __noreturn svm_activate(struct per_cpu *cpu)
{
	const struct prtos_linux_cpu *l = &linux_cpus[cpu->cpu_id];
	struct vmcb *vmcb = vmcb_of(cpu);
	struct vmcb_save *s = &vmcb->save;

	memset(vmcb, 0, sizeof(*vmcb));
	s->cs = l->cs;
	s->ss = l->ss;
	s->ds = l->ds;
	s->es = l->es;
	s->gdtr.base = l->gdtr_base;
	s->gdtr.limit = l->gdtr_limit;
	s->idtr.base = l->idtr_base;
	s->idtr.limit = l->idtr_limit;
	s->cr0 = l->cr0;
	s->cr3 = l->cr3;
	s->cr4 = l->cr4;
	s->efer = l->efer | EFER_SVME;
	s->g_pat = l->pat;
	s->dr7 = l->dr7;
	s->dr6 = 0xffff0ff0;
	s->cr2 = read_cr2();
	s->rflags = 0x2;
	s->rip = hv_header.resume_rip;
	s->rsp = cpu->linux_rsp;
	s->rax = 0;
	s->cpl = 0;
	setup_control(cpu);
	svm(cpu)->vmcb_ready = true;
	svm(cpu)->regs = regs_frame(cpu);
	svm_run(virt_to_phys(vmcb));
}

static void set_seg(struct prtos_segment *seg, u16 sel, u64 base, u16 attrib)
{
	seg->selector = sel;
	seg->base = base;
	seg->limit = 0xffff;
	seg->attrib = attrib;
}

/*
 * The state after INIT (and SIPI @vector), for the CPU's current cell.
 * Everything a previous owner left is cleared: registers, the segment
 * and syscall state VMRUN leaves alone (loaded with VMLOAD), the TLB.
 */
static void svm_reset(struct per_cpu *cpu, int vector)
{
	struct vmcb *vmcb = vmcb_of(cpu);
	struct vmcb_save *s = &vmcb->save;
	struct guest_regs *regs = regs_frame(cpu);
	struct cpuid_regs id;
	u64 pa = virt_to_phys(vmcb);

	memset(s, 0, sizeof(*s));
	if (vector < 0)
		set_seg(&s->cs, 0xf000, 0xf0000, 0x9b);
	else
		set_seg(&s->cs, vector << 8, (u64)vector << 12, 0x9b);
	set_seg(&s->ds, 0, 0, 0x93);
	set_seg(&s->es, 0, 0, 0x93);
	set_seg(&s->ss, 0, 0, 0x93);
	set_seg(&s->fs, 0, 0, 0x93);
	set_seg(&s->gs, 0, 0, 0x93);
	set_seg(&s->ldtr, 0, 0, 0x82);
	set_seg(&s->tr, 0, 0, 0x8b);
	s->gdtr.limit = 0xffff;
	s->idtr.limit = 0xffff;
	s->cr0 = 0x60000010;
	s->efer = EFER_SVME;
	s->rflags = 0x2;
	s->rip = vector < 0 ? 0xfff0 : 0;
	s->dr6 = 0xffff0ff0;
	s->dr7 = 0x400;
	s->g_pat = 0x0007040600070406ULL;
	memset(regs, 0, sizeof(*regs));
	cpuid_count(1, 0, &id);
	regs->rdx = id.eax;
	setup_control(cpu);
	asm volatile("vmload %%rax" : : "a"(pa) : "memory");
	svm(cpu)->vmcb_ready = true;
}

static void __noreturn svm_restart(struct per_cpu *cpu)
{
	svm(cpu)->regs = regs_frame(cpu);
	asm volatile("mov %0, %%rsp\n\tjmp svm_reenter"
		     :
		     : "r"(svm(cpu)->regs)
		     : "memory");
	__builtin_unreachable();
}

static void svm_linux_state(struct per_cpu *cpu, struct vcpu_linux_state *st)
{
	const struct vmcb_save *s = &vmcb_of(cpu)->save;

	if (!svm(cpu)->vmcb_ready) {
		/* never entered: what the driver captured */
		linux_state_captured(cpu, st);
		st->efer |= EFER_SVME;
		return;
	}
	*st = (struct vcpu_linux_state){
		.cr0 = s->cr0,
		.cr2 = s->cr2,
		.cr3 = s->cr3,
		.cr4 = s->cr4,
		.efer = s->efer,
		.pat = s->g_pat,
		.dr7 = s->dr7,
		.rsp = s->rsp,
		.cs = s->cs.selector,
		.ss = s->ss.selector,
		.ds = s->ds.selector,
		.es = s->es.selector,
		.gdtr_base = s->gdtr.base,
		.gdtr_limit = s->gdtr.limit,
		.idtr_base = s->idtr.base,
		.idtr_limit = s->idtr.limit,
	};
}

static void svm_flush_tlb(struct per_cpu *cpu)
{
	vmcb_of(cpu)->control.tlb_control = SVM_TLB_FLUSH_ALL;
}

static u64 *reg_ptr(struct per_cpu *cpu, enum vcpu_reg reg)
{
	struct guest_regs *r = svm(cpu)->regs;
	struct vmcb_save *s = &vmcb_of(cpu)->save;

	switch (reg & 15) {
	case VCPU_RAX:
		return &s->rax;
	case VCPU_RCX:
		return &r->rcx;
	case VCPU_RDX:
		return &r->rdx;
	case VCPU_RBX:
		return &r->rbx;
	case VCPU_RSP:
		return &s->rsp;
	case VCPU_RBP:
		return &r->rbp;
	case VCPU_RSI:
		return &r->rsi;
	case VCPU_RDI:
		return &r->rdi;
	case VCPU_R8:
		return &r->r8;
	case VCPU_R9:
		return &r->r9;
	case VCPU_R10:
		return &r->r10;
	case VCPU_R11:
		return &r->r11;
	case VCPU_R12:
		return &r->r12;
	case VCPU_R13:
		return &r->r13;
	case VCPU_R14:
		return &r->r14;
	default:
		return &r->r15;
	}
}

static u64 svm_get_reg(struct per_cpu *cpu, enum vcpu_reg reg)
{
	return *reg_ptr(cpu, reg);
}

static void svm_set_reg(struct per_cpu *cpu, enum vcpu_reg reg, u64 val)
{
	*reg_ptr(cpu, reg) = val;
}

static u64 svm_get_rip(struct per_cpu *cpu)
{
	return vmcb_of(cpu)->save.rip;
}

static void svm_set_rip(struct per_cpu *cpu, u64 rip)
{
	vmcb_of(cpu)->save.rip = rip;
}

static bool svm_skip_exit_insn(struct per_cpu *cpu)
{
	struct vmcb *vmcb = vmcb_of(cpu);

	switch (vmcb->control.exitcode) {
	case SVM_EXIT_IOIO:
		/* IOIO always reports the next RIP */
		vmcb->save.rip = vmcb->control.exitinfo2;
		return true;
	case SVM_EXIT_CPUID:
	case SVM_EXIT_MSR:
	case SVM_EXIT_VMMCALL:
		if (!has_nrips)
			return false;
		vmcb->save.rip = vmcb->control.next_rip;
		return true;
	}
	return false;
}

static void svm_get_mode(struct per_cpu *cpu, struct vcpu_mode *m)
{
	const struct vmcb_save *s = &vmcb_of(cpu)->save;

	m->cr0 = s->cr0;
	m->cr3 = s->cr3;
	m->cr4 = s->cr4;
	m->efer = s->efer & ~EFER_SVME;
	m->cs_base = s->cs.base;
	m->code64 = (s->efer & EFER_LMA) && (s->cs.attrib & 0x200);
	m->cpl = s->cpl;
}

static void svm_set_efer(struct per_cpu *cpu, u64 efer)
{
	vmcb_of(cpu)->save.efer = efer | EFER_SVME;
}

static void svm_inject_exception(struct per_cpu *cpu, u8 vector, bool has_err,
				 u32 err)
{
	vmcb_of(cpu)->control.event_inject =
		vector | SVM_EVENT_EXCEPTION | SVM_EVENT_VALID |
		(has_err ? SVM_EVENT_ERR_VALID : 0) | ((u64)err << 32);
}

static void svm_inject_nmi(struct per_cpu *cpu)
{
	vmcb_of(cpu)->control.event_inject = 2 | SVM_EVENT_NMI |
					     SVM_EVENT_VALID;
}

/* GIF and IF open for a moment: pending interrupts reach irq_drain. */
static void svm_drain_interrupts(void)
{
	unsigned int n;

	asm volatile("stgi" : : : "memory");
	for (n = 0; n < 64; n++)
		asm volatile("sti; nop; cli" : : : "memory");
	asm volatile("clgi" : : : "memory");
}

static int svm_cell_init(struct cell *cell)
{
	struct arch_cell *ac = &cell->arch;

	ac->pio_bitmap = page_alloc(IOPM_PAGES);
	ac->msr_bitmap = page_alloc(MSRPM_PAGES);
	if (!ac->pio_bitmap || !ac->msr_bitmap)
		return -ENOMEM;
	/* every port is intercepted until the configuration grants it */
	memset(ac->pio_bitmap, 0xff, IOPM_PAGES * 4096);
	/* two bits per MSR (read, write): writes trap until msr_cell_init() */
	memset(ac->msr_bitmap, 0xaa, MSRPM_PAGES * 4096);
	return 0;
}

static void svm_cell_exit(struct cell *cell)
{
	struct arch_cell *ac = &cell->arch;

	if (ac->pio_bitmap)
		page_free(ac->pio_bitmap, IOPM_PAGES);
	if (ac->msr_bitmap)
		page_free(ac->msr_bitmap, MSRPM_PAGES);
	ac->pio_bitmap = ac->msr_bitmap = NULL;
}

static void svm_set_pio(struct cell *cell, u16 port, bool intercept)
{
	u8 *map = cell->arch.pio_bitmap;

	if (intercept)
		map[port / 8] |= 1 << (port % 8);
	else
		map[port / 8] &= ~(1 << (port % 8));
}

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

static void svm_set_msr(struct cell *cell, u32 msr, bool read, bool write)
{
	u8 *map = cell->arch.msr_bitmap;
	u32 bit;

	/* MSRs outside the map are always intercepted */
	if (!msr_bit(msr, &bit))
		return;
	map[bit / 8] &= ~(3 << (bit % 8));
	map[bit / 8] |= ((read ? 1 : 0) | (write ? 2 : 0)) << (bit % 8);
}

/* NPT entries have the host format; every nested walk is a user access. */
static u64 svm_nested_flags(unsigned int access)
{
	u64 flags = PTE_USER;

	if (access & NESTED_WRITE)
		flags |= PTE_RW;
	if (!(access & NESTED_EXEC))
		flags |= PTE_NX;
	if (access & NESTED_UNCACHED)
		flags |= PTE_PCD | PTE_PWT;
	return flags;
}

static unsigned int svm_nested_access(u64 flags)
{
	unsigned int access = NESTED_READ;

	if (flags & PTE_RW)
		access |= NESTED_WRITE;
	if (!(flags & PTE_NX))
		access |= NESTED_EXEC;
	if (flags & PTE_PCD)
		access |= NESTED_UNCACHED;
	return access;
}

static void *npt_phys_to_virt(void *ctx, u64 phys)
{
	return pool_phys_to_virt(phys);
}

static u64 npt_alloc(void *ctx)
{
	void *p = page_alloc(1);

	return p ? virt_to_phys(p) : 0;
}

static void npt_free(void *ctx, u64 phys)
{
	page_free(pool_phys_to_virt(phys), 1);
}

static const struct paging_env npt_paging = {
	.phys_to_virt = npt_phys_to_virt,
	.alloc_table = npt_alloc,
	.free_table = npt_free,
	.table_flags = PTE_PRESENT | PTE_RW | PTE_USER,
	.large_pages = true,
};

static const struct vcpu_vendor svm_vendor = {
	.name = "AMD SVM",
	.probe = svm_probe,
	.cpu_init = svm_cpu_init,
	.cpu_exit = svm_cpu_exit,
	.activate = svm_activate,
	.reset = svm_reset,
	.restart = svm_restart,
	.linux_state = svm_linux_state,
	.flush_tlb = svm_flush_tlb,
	.get_reg = svm_get_reg,
	.set_reg = svm_set_reg,
	.get_rip = svm_get_rip,
	.set_rip = svm_set_rip,
	.skip_exit_insn = svm_skip_exit_insn,
	.get_mode = svm_get_mode,
	.set_efer = svm_set_efer,
	.inject_exception = svm_inject_exception,
	.inject_nmi = svm_inject_nmi,
	.drain_interrupts = svm_drain_interrupts,
	.cell_init = svm_cell_init,
	.cell_exit = svm_cell_exit,
	.set_pio = svm_set_pio,
	.set_msr = svm_set_msr,
	.nested_paging = &npt_paging,
	.nested_flags = svm_nested_flags,
	.nested_access = svm_nested_access,
};
VCPU_VENDOR(svm_vendor);

/* The intercepted NMI is still pending: take it in the hypervisor. */
static void handle_nmi(struct per_cpu *cpu)
{
	asm volatile("stgi; clgi" : : : "memory");
	x86_handle_nmi(cpu);
}

static void handle_ioio(struct per_cpu *cpu)
{
	u64 info = vmcb_of(cpu)->control.exitinfo1;
	unsigned int size = (info >> SVM_IOIO_SIZE_SHIFT) & 7;

	x86_handle_pio(cpu, info >> SVM_IOIO_PORT_SHIFT,
		       size == 4   ? 4
		       : size == 2 ? 2
				   : 1,
		       info & SVM_IOIO_IN, info & SVM_IOIO_STR);
	svm_skip_exit_insn(cpu);
}

static void handle_npf(struct per_cpu *cpu)
{
	const struct vmcb_control *c = &vmcb_of(cpu)->control;
	bool write = c->exitinfo1 & SVM_NPF_WRITE;

	/* the CPU was delivering an event: there is no instruction */
	if (c->exitintinfo & SVM_EVENT_VALID)
		x86_handle_delivery_fault(cpu, c->exitinfo2, write);
	x86_nested_fault(cpu, c->exitinfo2, write,
			 c->exitinfo1 & SVM_NPF_FETCH);
}

/**
 * svm_handle_exit() - handle one VM exit of this CPU
 * @regs: the guest registers saved by svm-run.S
 */
void svm_handle_exit(struct guest_regs *regs)
{
	struct per_cpu *cpu = this_cpu();
	struct vmcb *vmcb = vmcb_of(cpu);
	struct vmcb_control *c = &vmcb->control;

	svm(cpu)->regs = regs;
	cpu_stats_open(cpu);
	cpu->stats[STAT_VMEXITS]++;
	c->tlb_control = 0;
	x86_trace_exit(cpu, c->exitcode, c->exitinfo1, c->exitinfo2);
	x86_check_guest_state(cpu);
	/*
	 * An interrupt or NMI whose delivery this exit interrupted would be
	 * lost: deliver it on the next entry. (Exceptions and software
	 * interrupts come again when the instruction is executed again.)
	 */
	if ((c->exitintinfo & SVM_EVENT_VALID) && c->exitcode != SVM_EXIT_NPF &&
	    ((c->exitintinfo & SVM_EVENT_TYPE_MASK) == 0 ||
	     (c->exitintinfo & SVM_EVENT_TYPE_MASK) == SVM_EVENT_NMI))
		c->event_inject = c->exitintinfo;

	switch (c->exitcode) {
	case SVM_EXIT_NMI:
		handle_nmi(cpu);
		break;
	case SVM_EXIT_CPUID:
		x86_handle_cpuid(cpu);
		break;
	case SVM_EXIT_VMMCALL:
		x86_handle_hypercall(cpu, 3);
		break;
	case SVM_EXIT_MSR:
		if (x86_handle_msr(cpu, c->exitinfo1 == 1))
			vcpu_skip_insn(cpu, 2);
		break;
	case SVM_EXIT_IOIO:
		handle_ioio(cpu);
		break;
	case SVM_EXIT_NPF:
		handle_npf(cpu);
		break;
	case SVM_EXIT_VMRUN:
	case SVM_EXIT_VMLOAD:
	case SVM_EXIT_VMSAVE:
	case SVM_EXIT_STGI:
	case SVM_EXIT_CLGI:
	case SVM_EXIT_SKINIT:
	case SVM_EXIT_INVLPGA:
		/* no nested virtualisation: as on a CPU without SVM */
		cpu->stats[STAT_OTHER]++;
		svm_inject_exception(cpu, X86_EXC_UD, false, 0);
		break;
	case SVM_EXIT_SHUTDOWN:
		x86_handle_fault(cpu, VIOLATION_TRIPLE_FAULT, c->exitcode);
	case SVM_EXIT_INVALID:
		x86_handle_fault(cpu, VIOLATION_GUEST_STATE, c->exitcode);
	default:
		x86_handle_fault(cpu, VIOLATION_EXIT, c->exitcode);
	}
	cpu_stats_settle(cpu);
	cpu_check_requests(cpu);
}
