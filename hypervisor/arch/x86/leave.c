// SPDX-License-Identifier: GPL-2.0
/*
 * Handing a CPU back to Linux: after a failed start-up with the state the
 * driver captured, after a disable hypercall with the guest state from the
 * VMCB. The last steps (page tables, code segment, leaving SVM) run in the
 * driver's leave stub, which is mapped in both address spaces.
 */
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <prtos-hv/arch.h>
#include <prtos-hv/setup.h>

struct leave_state {
	u64 cr3, rsp;
	u16 cs, ss, ds, es;
	struct desc_ptr gdtr, idtr;
};

static void __noreturn jump_to_stub(const struct leave_state *st, int result)
{
	register u64 r8 asm("r8") = st->ss;
	register u64 r9 asm("r9") = st->ds;
	register u64 r10 asm("r10") = st->es;

	asm volatile("lgdt %0\n\tlidt %1" : : "m"(st->gdtr), "m"(st->idtr));
	asm volatile("jmp *%%rax"
		     :
		     : "a"(hv_header.leave_stub), "D"(st->cr3), "S"(st->rsp),
		       "d"((u64)(s64)result), "c"((u64)st->cs), "r"(r8),
		       "r"(r9), "r"(r10)
		     : "memory");
	__builtin_unreachable();
}

/**
 * arch_cpu_leave() - return this CPU to Linux
 * @cpu: this CPU
 * @result: what the driver's call into the hypervisor returns
 */
void arch_cpu_leave(struct per_cpu *cpu, int result)
{
	const struct prtos_linux_cpu *l = &linux_cpus[cpu->cpu_id];
	const struct vmcb_save *s = &cpu->arch.vmcb.save;
	struct leave_state st;

	if (cpu->arch.vmcb_ready) {
		/* Linux ran as a guest: its current state is in the VMCB */
		wrmsr(MSR_IA32_PAT, s->g_pat);
		asm volatile("mov %0, %%cr2" : : "r"(s->cr2));
		asm volatile("mov %0, %%cr0" : : "r"(s->cr0));
		asm volatile("mov %0, %%cr4" : : "r"(s->cr4));
		asm volatile("mov %0, %%dr7" : : "r"(s->dr7));
		wrmsr(MSR_EFER, s->efer);
		st = (struct leave_state){
			.cr3 = s->cr3, .rsp = s->rsp,
			.cs = s->cs.selector, .ss = s->ss.selector,
			.ds = s->ds.selector, .es = s->es.selector,
			.gdtr = { s->gdtr.limit, s->gdtr.base },
			.idtr = { s->idtr.limit, s->idtr.base },
		};
	} else {
		st = (struct leave_state){
			.cr3 = l->cr3, .rsp = cpu->linux_rsp,
			.cs = l->cs.selector, .ss = l->ss.selector,
			.ds = l->ds.selector, .es = l->es.selector,
			.gdtr = { l->gdtr_limit, l->gdtr_base },
			.idtr = { l->idtr_limit, l->idtr_base },
		};
	}
	if (cpu->arch.hsave_set)
		wrmsr(MSR_VM_HSAVE_PA, cpu->arch.hsave_msr_orig);
	cpu->cell = NULL;
	jump_to_stub(&st, result);
}
