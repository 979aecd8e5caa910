// SPDX-License-Identifier: GPL-2.0
/*
 * Handing a CPU back to Linux: after a failed start-up with the state the
 * driver captured, after a disable hypercall with the guest's current
 * state. The last steps (page tables, code segment, leaving the
 * virtualisation mode) run in the driver's leave stub, which is mapped in
 * both address spaces.
 */
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <asm/vcpu.h>
#include <prtos-hv/arch.h>
#include <prtos-hv/setup.h>

static void __noreturn jump_to_stub(const struct vcpu_linux_state *st,
				    int result)
{
	struct desc_ptr gdtr = { st->gdtr_limit, st->gdtr_base };
	struct desc_ptr idtr = { st->idtr_limit, st->idtr_base };
	register u64 r8 asm("r8") = st->ss;
	register u64 r9 asm("r9") = st->ds;
	register u64 r10 asm("r10") = st->es;

	asm volatile("lgdt %0\n\tlidt %1" : : "m"(gdtr), "m"(idtr));
	asm volatile("jmp *%%rax"
		     :
		     : "a"(hv_header.leave_stub), "D"(st->cr3), "S"(st->rsp),
		       "d"((u64)(s64)result), "c"((u64)st->cs), "r"(r8),
		       "r"(r9), "r"(r10)
		     : "memory");
	__builtin_unreachable();
}

/**
 * linux_state_captured() - Linux's state on @cpu as the driver captured it
 * @cpu: the CPU
 * @st: filled in; EFER as Linux had it (a backend adds its own bit)
 *
 * For a CPU that leaves before it ever ran Linux as a guest.
 */
void linux_state_captured(const struct per_cpu *cpu,
			  struct vcpu_linux_state *st)
{
	const struct prtos_linux_cpu *l = &linux_cpus[cpu->cpu_id];

	*st = (struct vcpu_linux_state){
		.cr0 = l->cr0,
		.cr2 = read_cr2(),
		.cr3 = l->cr3,
		.cr4 = l->cr4,
		.efer = l->efer,
		.pat = l->pat,
		.dr7 = l->dr7,
		.rsp = cpu->linux_rsp,
		.cs = l->cs.selector,
		.ss = l->ss.selector,
		.ds = l->ds.selector,
		.es = l->es.selector,
		.gdtr_base = l->gdtr_base,
		.gdtr_limit = l->gdtr_limit,
		.idtr_base = l->idtr_base,
		.idtr_limit = l->idtr_limit,
	};
}

/**
 * arch_cpu_leave() - return this CPU to Linux
 * @cpu: this CPU
 * @result: what the driver's call into the hypervisor returns
 */
void arch_cpu_leave(struct per_cpu *cpu, int result)
{
	struct vcpu_linux_state st;

	if (vcpu) {
		vcpu->linux_state(cpu, &st);
		vcpu->cpu_exit(cpu);
	} else {
		/* no backend was chosen: Linux's state as the driver saw it */
		linux_state_captured(cpu, &st);
	}
	wrmsr(MSR_IA32_PAT, st.pat);
	asm volatile("mov %0, %%cr2" : : "r"(st.cr2));
	asm volatile("mov %0, %%cr0" : : "r"(st.cr0));
	asm volatile("mov %0, %%cr4" : : "r"(st.cr4));
	asm volatile("mov %0, %%dr7" : : "r"(st.dr7));
	wrmsr(MSR_EFER, st.efer);
	cpu->cell = NULL;
	jump_to_stub(&st, result);
}
