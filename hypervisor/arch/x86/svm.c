// SPDX-License-Identifier: GPL-2.0
/*
 * The SVM backend: the VMCB of a CPU and the dispatch of VM exits. Each
 * exit reason is handled by one short function; anything unexpected stops
 * with a report rather than being guessed at.
 */
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <prtos-hv/arch.h>
#include <prtos-hv/console.h>
#include <prtos-hv/control.h>
#include <prtos-hv/hypercall.h>
#include <prtos-hv/mem.h>
#include <prtos-lib/paging.h>
#include <prtos-hv/setup.h>

#define GUEST_ASID	1

static void setup_control(struct per_cpu *cpu)
{
	struct vmcb_control *c = &cpu->arch.vmcb.control;
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
	c->iopm_base_pa = virt_to_phys(ac->iopm);
	c->msrpm_base_pa = virt_to_phys(ac->msrpm);
	/* one ASID per cell; a CPU changing cells also flushes */
	c->asid = GUEST_ASID + cpu->cell->id;
	c->tlb_control = SVM_TLB_FLUSH_ALL;
	c->nested_ctl = SVM_NP_ENABLE;
	c->nested_cr3 = ac->npt_root;
}

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
}

static void set_seg(struct prtos_segment *seg, u16 sel, u64 base, u16 attrib)
{
	seg->selector = sel;
	seg->base = base;
	seg->limit = 0xffff;
	seg->attrib = attrib;
}

/**
 * arch_cpu_reset() - put this CPU's guest in the state after reset
 * @cpu: this CPU
 * @vector: SIPI vector (start at vector:0000), or -1 for the reset vector
 *	    of a cell (0xf000:0xfff0, i.e. guest-physical 0xffff0)
 *
 * Everything a previous owner of the CPU left is cleared: registers,
 * segment state (loaded with VMLOAD), the local APIC's timers and
 * pending interrupts, the guest TLB.
 */
void arch_cpu_reset(struct per_cpu *cpu, int vector)
{
	struct vmcb *vmcb = &cpu->arch.vmcb;
	struct vmcb_save *s = &vmcb->save;
	struct guest_regs *regs = guest_regs_frame(cpu);
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
	/* the segment and syscall state VMRUN leaves alone */
	asm volatile("vmload %%rax" : : "a"(pa) : "memory");
	xapic_reset(cpu);
	cpu->arch.vmcb_ready = true;
}

void arch_flush_guest_tlb(struct per_cpu *cpu)
{
	cpu->arch.vmcb.control.tlb_control = SVM_TLB_FLUSH_ALL;
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
	/*
	 * A guest never sees SVM: nested virtualisation is not offered.
	 * Cells get no x2APIC: after their (emulated) reset they drive the
	 * trapped xAPIC page.
	 */
	if (leaf == 1 && cpu->cell != &root_cell)
		c.ecx &= ~X86_FEATURE_X2APIC;
	else if (leaf == 0x80000001)
		c.ecx &= ~X86_FEATURE_SVM;
	else if (leaf == 0x8000000a)
		c.eax = c.ebx = c.ecx = c.edx = 0;
	s->rax = c.eax;
	r->rbx = c.ebx;
	r->rcx = c.ecx;
	r->rdx = c.edx;
	skip_insn(&cpu->arch.vmcb, 2);
}

/*
 * An NMI is either the hypervisor's kick (its request is then served at
 * the end of the exit) or, for the root, a real one to pass on.
 */
static void handle_nmi(struct per_cpu *cpu)
{
	u32 kicks = READ_ONCE(cpu->req.kicks);

	/* the intercepted NMI is still pending: take it in the hypervisor */
	asm volatile("stgi; clgi" : : : "memory");
	if (kicks) {
		__atomic_sub_fetch(&cpu->req.kicks, 1, __ATOMIC_SEQ_CST);
		cpu->stats[STAT_MANAGEMENT]++;
	} else if (cpu->cell == &root_cell) {
		cpu->arch.vmcb.control.event_inject = 2 | (2 << 8) |
						      SVM_EVENT_VALID;
	} else {
		cpu->stats[STAT_OTHER]++;
	}
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
	if (cpu->cell != &root_cell)
		cell_fail(cpu, "port %s of %u bytes at 0x%x, RIP 0x%llx",
			  in ? "read" : "write", size, port,
			  (unsigned long long)vmcb->save.rip);
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
	if (ioapic_handle(cpu, gpa))
		return;
	npt_handle_violation(cpu, gpa, vmcb->control.exitinfo1);
}

/*
 * A guest whose page-table root is the hypervisor's own and whose RIP lies
 * in the hypervisor's image is the hypervisor itself running as a guest:
 * the VMCB holds host state. Continuing would loop on its faults.
 */
static void check_guest_is_not_host(struct per_cpu *cpu)
{
	const struct vmcb_save *s = &cpu->arch.vmcb.save;

	if ((s->cr3 & PTE_ADDR_MASK) != (read_cr3() & PTE_ADDR_MASK) ||
	    s->rip < hv_header.link_address ||
	    s->rip >= hv_header.core_end)
		return;
	if (cpu->cell != &root_cell)
		cell_fail(cpu, "guest state is the hypervisor's own (RIP 0x%llx, CR3 0x%llx)",
			  (unsigned long long)s->rip,
			  (unsigned long long)s->cr3);
	panic_stop("hypervisor code runs as a guest of cell '%s' (RIP 0x%llx, CR3 0x%llx, exit 0x%llx)",
		   cpu->cell->config->name, (unsigned long long)s->rip,
		   (unsigned long long)s->cr3,
		   (unsigned long long)cpu->arch.vmcb.control.exitcode);
}

static void __noreturn stop_unexpected(struct per_cpu *cpu, const char *why)
{
	struct vmcb *vmcb = &cpu->arch.vmcb;

	if (cpu->cell != &root_cell)
		cell_fail(cpu, "%s (exit 0x%llx) at RIP 0x%llx", why,
			  (unsigned long long)vmcb->control.exitcode,
			  (unsigned long long)vmcb->save.rip);
	panic_stop("cell '%s': %s (exit 0x%llx, info 0x%llx/0x%llx) at RIP 0x%llx",
		   cpu->cell->config->name, why,
		   (unsigned long long)vmcb->control.exitcode,
		   (unsigned long long)vmcb->control.exitinfo1,
		   (unsigned long long)vmcb->control.exitinfo2,
		   (unsigned long long)vmcb->save.rip);
}

void svm_handle_exit(struct guest_regs *regs);

/* Keep the last exits, to be printed if the hypervisor stops here. */
static void trace_exit(struct per_cpu *cpu)
{
	const struct vmcb *vmcb = &cpu->arch.vmcb;
	struct exit_trace *t =
		&cpu->arch.trace[cpu->arch.trace_pos++ % EXIT_TRACE_LEN];

	t->code = vmcb->control.exitcode;
	t->info1 = vmcb->control.exitinfo1;
	t->info2 = vmcb->control.exitinfo2;
	t->rip = vmcb->save.rip;
	t->cr3 = vmcb->save.cr3;
}

/**
 * arch_dump_trace() - print this CPU's last exits, oldest first
 * @cpu: this CPU
 */
void arch_dump_trace(struct per_cpu *cpu)
{
	unsigned int n, pos = cpu->arch.trace_pos;

	for (n = pos > EXIT_TRACE_LEN ? pos - EXIT_TRACE_LEN : 0; n < pos;
	     n++) {
		const struct exit_trace *t = &cpu->arch.trace[n % EXIT_TRACE_LEN];

		printk_force("  exit %u: code 0x%llx info 0x%llx/0x%llx RIP 0x%llx CR3 0x%llx\n",
			     n, t->code, t->info1, t->info2, t->rip, t->cr3);
	}
}

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
	trace_exit(cpu);
	check_guest_is_not_host(cpu);

	switch (vmcb->control.exitcode) {
	case SVM_EXIT_NMI:
		handle_nmi(cpu);
		break;
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
		break;
	case SVM_EXIT_INVALID:
		stop_unexpected(cpu, "invalid guest state");
		break;
	default:
		stop_unexpected(cpu, "unexpected VM exit");
	}
	cpu_check_requests(cpu);
}

/**
 * arch_cpu_restart() - abandon the current exit and enter the guest anew
 * @cpu: this CPU, whose guest state was just reset
 */
void arch_cpu_restart(struct per_cpu *cpu)
{
	cpu->arch.regs = guest_regs_frame(cpu);
	asm volatile("mov %0, %%rsp\n\tjmp svm_reenter"
		     : : "r"(cpu->arch.regs) : "memory");
	__builtin_unreachable();
}
