// SPDX-License-Identifier: GPL-2.0
/*
 * The handling of VM exits that every vendor backend shares: CPUID,
 * hypercalls, I/O ports, NMIs, faults during event delivery, triple faults
 * and unexpected exits. A backend decodes its exit information and calls
 * one of these; they see the guest only through the vendor interface.
 */
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <asm/vcpu.h>
#include <prtos-hv/arch.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/console.h>
#include <prtos-hv/control.h>
#include <prtos-hv/hypercall.h>
#include <prtos-lib/paging.h>
#include <prtos-hv/setup.h>
#include <prtos-hv/violation.h>

/**
 * x86_handle_cpuid() - emulate CPUID
 * @cpu: this CPU
 */
void x86_handle_cpuid(struct per_cpu *cpu)
{
	u32 leaf = (u32)vcpu_get_reg(cpu, VCPU_RAX);
	struct cpuid_regs c;

	cpu->stats[STAT_CPUID]++;
	cpuid_count(leaf, (u32)vcpu_get_reg(cpu, VCPU_RCX), &c);
	/*
	 * A guest never sees SVM: nested virtualisation is not offered.
	 * Cells get no x2APIC: after their (emulated) reset they drive the
	 * trapped xAPIC page.
	 */
	if (leaf == 1 && !cell_is_root(cpu->cell))
		c.ecx &= ~X86_FEATURE_X2APIC;
	else if (leaf == 0x80000001)
		c.ecx &= ~X86_FEATURE_SVM;
	else if (leaf == 0x8000000a)
		c.eax = c.ebx = c.ecx = c.edx = 0;
	vcpu_set_reg(cpu, VCPU_RAX, c.eax);
	vcpu_set_reg(cpu, VCPU_RBX, c.ebx);
	vcpu_set_reg(cpu, VCPU_RCX, c.ecx);
	vcpu_set_reg(cpu, VCPU_RDX, c.edx);
	vcpu_skip_insn(cpu, 2);
}

/**
 * x86_handle_hypercall() - carry out a hypercall
 * @cpu: this CPU
 * @insn_len: length of the hypercall instruction
 */
void x86_handle_hypercall(struct per_cpu *cpu, unsigned int insn_len)
{
	struct vcpu_mode m;
	long ret;

	vcpu_get_mode(cpu, &m);
	if (m.cpl != 0)
		ret = -EPERM;
	else
		ret = hypercall(cpu, vcpu_get_reg(cpu, VCPU_RAX),
				vcpu_get_reg(cpu, VCPU_RDI),
				vcpu_get_reg(cpu, VCPU_RSI));
	vcpu_set_reg(cpu, VCPU_RAX, (u64)ret);
	vcpu_skip_insn(cpu, insn_len);
}

/**
 * x86_handle_pio() - an access to a port the cell does not own
 * @cpu: this CPU
 * @port: the port
 * @size: width in bytes
 * @in: read (IN) rather than write
 * @string: INS/OUTS, whose data is in memory
 *
 * Reported; for a cell that is contained, reads see all ones and writes
 * are dropped. The caller moves past the instruction.
 */
void x86_handle_pio(struct per_cpu *cpu, u16 port, unsigned int size, bool in,
		    bool string)
{
	cpu->stats[STAT_PIO]++;
	cell_violation_at(cpu, VIOLATION_PORT, port, size, !in);
	if (in && !string) {
		u64 rax = vcpu_get_reg(cpu, VCPU_RAX);

		vcpu_set_reg(cpu, VCPU_RAX,
			     rax | (size == 4	? 0xffffffffULL
				    : size == 2 ? 0xffffULL
						: 0xffULL));
	}
}

/**
 * x86_handle_nmi() - an NMI made this CPU leave its guest
 * @cpu: this CPU; the backend has already taken the NMI in the hypervisor
 *
 * Either the hypervisor's kick (its request is served at the end of the
 * exit) or a real NMI, which the guest gets.
 */
void x86_handle_nmi(struct per_cpu *cpu)
{
	if (READ_ONCE(cpu->req.kicks)) {
		__atomic_sub_fetch(&cpu->req.kicks, 1, __ATOMIC_SEQ_CST);
		cpu->stats[STAT_MANAGEMENT]++;
	} else {
		vcpu->inject_nmi(cpu);
	}
}

/**
 * x86_handle_fault() - an exit that is a fault of the guest
 * @cpu: this CPU
 * @kind: VIOLATION_TRIPLE_FAULT, VIOLATION_GUEST_STATE or VIOLATION_EXIT
 * @code: the backend's exit code
 *
 * A cell is stopped. The root cannot be contained here (its CPU cannot
 * continue): the hypervisor stops with the report.
 */
void x86_handle_fault(struct per_cpu *cpu, enum violation_kind kind, u64 code)
{
	struct violation v = { .kind = kind, .address = code };

	cell_violation(cpu, &v);
	panic_stop("root cell: %s exit 0x%llx at RIP 0x%llx",
		   kind == VIOLATION_TRIPLE_FAULT  ? "triple fault"
		   : kind == VIOLATION_GUEST_STATE ? "invalid guest state"
						   : "unexpected",
		   (unsigned long long)code,
		   (unsigned long long)vcpu_get_rip(cpu));
}

/**
 * x86_handle_delivery_fault() - delivering an event to the guest faulted
 * @cpu: this CPU
 * @gpa: the guest-physical address the delivery touched
 * @write: whether it was written
 *
 * The CPU was pushing an exception frame or reading the guest's IDT when
 * it met memory the cell does not own; there is no instruction to
 * emulate. A cell is stopped; a root CPU cannot make progress and is
 * parked for good, with a report, rather than retried without end.
 */
void x86_handle_delivery_fault(struct per_cpu *cpu, u64 gpa, bool write)
{
	cell_violation_at(cpu, VIOLATION_MEMORY, gpa, 0, write);
	cpu_park_forever(cpu,
			 "delivering an event touched memory it does not own");
}

/**
 * x86_check_guest_state() - refuse to run the hypervisor as a guest
 * @cpu: this CPU, in an exit
 *
 * A guest whose page-table root is the hypervisor's own and whose RIP lies
 * in the hypervisor's image is the hypervisor itself: host state reached
 * the guest's save area. Continuing would loop on its faults.
 */
void x86_check_guest_state(struct per_cpu *cpu)
{
	struct vcpu_mode m;
	u64 rip = vcpu_get_rip(cpu);

	if (rip < hv_header.link_address || rip >= hv_header.core_end)
		return;
	vcpu_get_mode(cpu, &m);
	if ((m.cr3 & PTE_ADDR_MASK) != (read_cr3() & PTE_ADDR_MASK))
		return;
	if (!cell_is_root(cpu->cell)) {
		struct violation v = { .kind = VIOLATION_GUEST_STATE };

		cell_violation(cpu, &v);
	}
	panic_stop("hypervisor code runs as a guest of cell '%s' (RIP 0x%llx, CR3 0x%llx)",
		   cpu->cell->config->name, (unsigned long long)rip,
		   (unsigned long long)m.cr3);
}

/**
 * x86_trace_exit() - keep an exit in this CPU's trace
 * @cpu: this CPU
 * @code: the backend's exit code
 * @info1: exit information
 * @info2: more exit information
 */
void x86_trace_exit(struct per_cpu *cpu, u64 code, u64 info1, u64 info2)
{
	struct exit_trace *t =
		&cpu->arch.trace[cpu->arch.trace_pos++ % EXIT_TRACE_LEN];
	struct vcpu_mode m;

	vcpu_get_mode(cpu, &m);
	t->code = code;
	t->info1 = info1;
	t->info2 = info2;
	t->rip = vcpu_get_rip(cpu);
	t->cr3 = m.cr3;
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
		const struct exit_trace *t =
			&cpu->arch.trace[n % EXIT_TRACE_LEN];

		printk_force("  exit %u: code 0x%llx info 0x%llx/0x%llx RIP 0x%llx CR3 0x%llx\n",
			     n, t->code, t->info1, t->info2, t->rip, t->cr3);
	}
}

/**
 * arch_guest_rip() - the guest instruction pointer, for reports
 * @cpu: this CPU
 */
u64 arch_guest_rip(struct per_cpu *cpu)
{
	return vcpu_get_rip(cpu);
}
