// SPDX-License-Identifier: GPL-2.0
/*
 * The SVM backend: the VMCB of a CPU and the dispatch of VM exits. Each
 * exit reason is handled by one short function; anything unexpected stops
 * with a report rather than being guessed at.
 */
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <prtos-hv/console.h>
#include <prtos-hv/hypercall.h>
#include <prtos-hv/mem.h>
#include <prtos-hv/setup.h>

#define GUEST_ASID	1

/**
 * svm_vmcb_init() - let Linux continue on this CPU as the root cell
 * @cpu: this CPU
 *
 * The guest resumes at the driver's resume point with the state the driver
 * captured, as if the call into the hypervisor had returned 0.
 */
void svm_vmcb_init(struct per_cpu *cpu)
{
	const struct prtos_linux_cpu *l = &linux_cpus[cpu->cpu_id];
	struct vmcb *vmcb = &cpu->arch.vmcb;
	struct vmcb_control *c = &vmcb->control;
	struct vmcb_save *s = &vmcb->save;
	struct arch_cell *ac = &cpu->cell->arch;

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

	c->intercept_vec3 = SVM_INTERCEPT_CPUID | SVM_INTERCEPT_IOIO |
			    SVM_INTERCEPT_MSR | SVM_INTERCEPT_SHUTDOWN |
			    SVM_INTERCEPT_INVLPGA;
	c->intercept_vec4 = SVM_INTERCEPT_VMRUN | SVM_INTERCEPT_VMMCALL |
			    SVM_INTERCEPT_VMLOAD | SVM_INTERCEPT_VMSAVE |
			    SVM_INTERCEPT_STGI | SVM_INTERCEPT_CLGI |
			    SVM_INTERCEPT_SKINIT;
	c->iopm_base_pa = virt_to_phys(ac->iopm);
	c->msrpm_base_pa = virt_to_phys(ac->msrpm);
	c->asid = GUEST_ASID;
	/* the ASID may hold translations from an earlier enable */
	c->tlb_control = SVM_TLB_FLUSH_ALL;
	c->nested_ctl = SVM_NP_ENABLE;
	c->nested_cr3 = ac->npt_root;
}

/**
 * svm_inject_exception() - deliver an exception to the guest on entry
 * @vmcb: the CPU's VMCB
 * @vector: exception vector
 * @has_err: whether an error code is pushed
 * @err: the error code
 */
void svm_inject_exception(struct vmcb *vmcb, u8 vector, bool has_err, u32 err)
{
	vmcb->control.event_inject = vector | SVM_EVENT_EXCEPTION |
				     SVM_EVENT_VALID |
				     (has_err ? SVM_EVENT_ERR_VALID : 0) |
				     ((u64)err << 32);
}

/**
 * guest_reg_ptr() - a guest general-purpose register by its number
 * @cpu: this CPU, in an exit
 * @reg: 0 (RAX) to 15 (R15), in instruction-encoding order
 */
u64 *guest_reg_ptr(struct per_cpu *cpu, unsigned int reg)
{
	struct guest_regs *r = cpu->arch.regs;
	struct vmcb_save *s = &cpu->arch.vmcb.save;
	u64 *map[16] = {
		&s->rax, &r->rcx, &r->rdx, &r->rbx, &s->rsp, &r->rbp,
		&r->rsi, &r->rdi, &r->r8, &r->r9, &r->r10, &r->r11,
		&r->r12, &r->r13, &r->r14, &r->r15,
	};

	return map[reg & 15];
}

static void skip_insn(struct vmcb *vmcb, unsigned int len)
{
	vmcb->save.rip += len;
}

static void handle_cpuid(struct per_cpu *cpu)
{
	struct vmcb_save *s = &cpu->arch.vmcb.save;
	struct guest_regs *r = cpu->arch.regs;
	u32 leaf = (u32)s->rax;
	struct cpuid_regs c;

	cpu->stats[STAT_CPUID]++;
	cpuid_count(leaf, (u32)r->rcx, &c);
	/* a guest never sees SVM: nested virtualisation is not offered */
	if (leaf == 0x80000001)
		c.ecx &= ~X86_FEATURE_SVM;
	else if (leaf == 0x8000000a)
		c.eax = c.ebx = c.ecx = c.edx = 0;
	s->rax = c.eax;
	r->rbx = c.ebx;
	r->rcx = c.ecx;
	r->rdx = c.edx;
	skip_insn(&cpu->arch.vmcb, 2);
}

static void handle_vmmcall(struct per_cpu *cpu)
{
	struct vmcb_save *s = &cpu->arch.vmcb.save;
	struct guest_regs *r = cpu->arch.regs;

	if (s->cpl != 0)
		s->rax = (u64)-EPERM;
	else
		s->rax = hypercall(cpu, s->rax, r->rdi, r->rsi);
	skip_insn(&cpu->arch.vmcb, 3);
}

/* Ports the cell does not own: reported; reads see all ones. */
static void handle_ioio(struct per_cpu *cpu)
{
	struct vmcb *vmcb = &cpu->arch.vmcb;
	u64 info = vmcb->control.exitinfo1;
	unsigned int port = info >> SVM_IOIO_PORT_SHIFT;
	unsigned int size = (info >> SVM_IOIO_SIZE_SHIFT) & 7;
	bool in = info & SVM_IOIO_IN;

	cpu->stats[STAT_PIO]++;
	size = size == 4 ? 4 : size == 2 ? 2 : 1;
	cell_report_violation(cpu->cell, "port", port, size, !in,
			      vmcb->save.rip);
	if (in && !(info & SVM_IOIO_STR))
		vmcb->save.rax |= size == 4 ? 0xffffffffULL :
				  size == 2 ? 0xffffULL : 0xffULL;
	vmcb->save.rip = vmcb->control.exitinfo2;
}

static void handle_npf(struct per_cpu *cpu)
{
	struct vmcb *vmcb = &cpu->arch.vmcb;
	u64 gpa = vmcb->control.exitinfo2;

	if ((gpa & ~0xfffULL) == XAPIC_PHYS && xapic_handle(cpu, gpa))
		return;
	npt_handle_violation(cpu, gpa, vmcb->control.exitinfo1);
}

static void __noreturn stop_unexpected(struct per_cpu *cpu, const char *why)
{
	struct vmcb *vmcb = &cpu->arch.vmcb;

	panic_stop("cell '%s': %s (exit 0x%llx, info 0x%llx/0x%llx) at RIP 0x%llx",
		   cpu->cell->config->name, why,
		   (unsigned long long)vmcb->control.exitcode,
		   (unsigned long long)vmcb->control.exitinfo1,
		   (unsigned long long)vmcb->control.exitinfo2,
		   (unsigned long long)vmcb->save.rip);
}

void svm_handle_exit(struct guest_regs *regs);

/**
 * svm_handle_exit() - handle one VM exit of this CPU
 * @regs: the guest registers saved by svm-run.S
 */
void svm_handle_exit(struct guest_regs *regs)
{
	struct per_cpu *cpu = this_cpu();
	struct vmcb *vmcb = &cpu->arch.vmcb;

	cpu->arch.regs = regs;
	cpu->stats[STAT_VMEXITS]++;
	vmcb->control.tlb_control = 0;

	switch (vmcb->control.exitcode) {
	case SVM_EXIT_CPUID:
		handle_cpuid(cpu);
		break;
	case SVM_EXIT_VMMCALL:
		handle_vmmcall(cpu);
		break;
	case SVM_EXIT_MSR:
		cpu->stats[STAT_MSR]++;
		if (msr_handle(cpu))
			skip_insn(vmcb, 2);
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
		cpu->stats[STAT_OTHER]++;
		svm_inject_exception(vmcb, X86_EXC_UD, false, 0);
		break;
	case SVM_EXIT_SHUTDOWN:
		stop_unexpected(cpu, "triple fault");
	case SVM_EXIT_INVALID:
		stop_unexpected(cpu, "invalid guest state");
	default:
		stop_unexpected(cpu, "unexpected VM exit");
	}
}
