// SPDX-License-Identifier: GPL-2.0
/*
 * The trapped xAPIC page. Without AVIC the only way to keep IPIs inside a
 * cell is to trap accesses to the local APIC page (never mapped in the
 * nested tables), decode the instruction and carry the access out on the
 * real APIC. Registers pass through except the interrupt command register:
 * its destinations are checked against the sender's cell, INIT and SIPI
 * are emulated (a real INIT would reset the CPU out of the hypervisor),
 * and NMIs belong to the hypervisor.
 */
#include <asm/arch-x86.h>
#include <asm/mmio-decode.h>
#include <asm/processor.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/control.h>
#include <prtos-hv/mem.h>

#define APIC_TPR		0x80
#define APIC_EOI		0xb0
#define APIC_LDR		0xd0
#define APIC_DFR		0xe0
#define APIC_SVR		0xf0
#define APIC_SVR_ENABLE		BIT(8)
#define APIC_ISR		0x100
#define APIC_ICR		0x300
#define APIC_ICR2		0x310
#define APIC_LVT_TIMER		0x320
#define APIC_LVT_LAST		0x370
#define APIC_TMICT		0x380

#define ICR_VECTOR(l)		((l) & 0xff)
#define ICR_MODE(l)		(((l) >> 8) & 7)
#define ICR_LOGICAL		BIT(11)
#define ICR_ASSERT		BIT(14)
#define ICR_SHORTHAND(l)	(((l) >> 18) & 3)
#define ICR_MODE_SMI		2
#define ICR_MODE_NMI		4
#define ICR_MODE_INIT		5
#define ICR_MODE_SIPI		6
#define LVT_MASKED		BIT(16)

static volatile u32 *apic_reg(unsigned int offset)
{
	return (volatile u32 *)phys_to_virt(XAPIC_PHYS + offset);
}

static void send_ipi(u32 apic_id, u32 low)
{
	*apic_reg(APIC_ICR2) = apic_id << 24;
	*apic_reg(APIC_ICR) = low;
}

/**
 * arch_cpu_kick() - make another CPU leave its guest with an NMI
 * @target: the CPU
 */
void arch_cpu_kick(struct per_cpu *target)
{
	send_ipi(target->apic_id, (ICR_MODE_NMI << 8) | ICR_ASSERT);
}

/**
 * xapic_cpu_init() - note the logical destination Linux gave this CPU
 * @cpu: this CPU
 */
void xapic_cpu_init(struct per_cpu *cpu)
{
	cpu->arch.ldr = *apic_reg(APIC_LDR);
	cpu->arch.dfr = *apic_reg(APIC_DFR);
}

/**
 * xapic_reset() - quiet this CPU's local APIC for a new owner
 * @cpu: this CPU
 */
void xapic_reset(struct per_cpu *cpu)
{
	u64 base = rdmsr(MSR_IA32_APICBASE);
	unsigned int reg, n;

	/*
	 * After a real INIT the APIC is in xAPIC mode; Linux may have left
	 * it in x2APIC mode, which can only be left through disabled.
	 */
	if (base & APICBASE_EXTD) {
		wrmsr(MSR_IA32_APICBASE, base & ~(APICBASE_EXTD | APICBASE_EN));
		wrmsr(MSR_IA32_APICBASE, (base & ~APICBASE_EXTD) | APICBASE_EN);
	}

	*apic_reg(APIC_TMICT) = 0;
	for (reg = APIC_LVT_TIMER; reg <= APIC_LVT_LAST; reg += 0x10)
		*apic_reg(reg) = LVT_MASKED;
	*apic_reg(APIC_TPR) = 0;
	/* a software-disabled APIC would hold them back until the new owner */
	*apic_reg(APIC_SVR) = APIC_SVR_ENABLE | 0xff;
	/*
	 * Interrupts the previous owner left requested (its timer, a late
	 * IPI) would reach the new one: take them here, where irq_drain
	 * drops them. An INIT would clear them on real hardware; ours is
	 * emulated.
	 */
	asm volatile("stgi" : : : "memory");
	for (n = 0; n < 64; n++)
		asm volatile("sti; nop; cli" : : : "memory");
	asm volatile("clgi" : : : "memory");
	/* end whatever interrupt the previous owner was in the middle of */
	for (n = 0; n < 64; n++) {
		bool in_service = false;

		for (reg = APIC_ISR; reg < APIC_ISR + 0x80; reg += 0x10)
			in_service |= *apic_reg(reg) != 0;
		if (!in_service)
			break;
		*apic_reg(APIC_EOI) = 0;
	}
	cpu->arch.ldr = 0;
	cpu->arch.dfr = 0xffffffff;
}

static bool logical_match(const struct per_cpu *c, u32 dest, bool x2apic)
{
	u32 ldr = c->arch.ldr >> 24;

	if (x2apic)	/* cluster in bits 31:16, one bit per CPU below */
		return (dest >> 16) == (c->apic_id >> 4) &&
		       (dest & BIT(c->apic_id & 0xf));
	if ((c->arch.dfr >> 28) == 0xf)		/* flat model */
		return ldr & dest;
	return (ldr >> 4) == (dest >> 4) && (ldr & dest & 0xf);
}

/* CPUs (bitmap of CPU numbers) an ICR write addresses. */
static u64 icr_targets(struct per_cpu *cpu, u32 low, u32 dest, bool x2apic)
{
	u32 broadcast = x2apic ? 0xffffffff : 0xff;
	struct per_cpu *c;
	u64 set = 0;

	switch (ICR_SHORTHAND(low)) {
	case 1:
		return BIT(cpu->cpu_id);
	case 2:
	case 3:
		for_each_cpu(c)
			if (ICR_SHORTHAND(low) == 2 || c != cpu)
				set |= BIT(c->cpu_id);
		return set;
	}
	for_each_cpu(c) {
		if (low & ICR_LOGICAL ? logical_match(c, dest, x2apic) :
		    dest == broadcast || dest == c->apic_id)
			set |= BIT(c->cpu_id);
	}
	return set;
}

static u64 cell_cpus(const struct cell *cell)
{
	struct per_cpu *c;
	u64 set = 0;

	for_each_cpu(c)
		if (c->cell == cell)
			set |= BIT(c->cpu_id);
	return set;
}

static void init_sipi(struct per_cpu *cpu, u32 low, u64 targets)
{
	struct per_cpu *c;

	/* INIT de-assert is a no-op on every CPU PRTOS runs on */
	if (ICR_MODE(low) == ICR_MODE_INIT && !(low & ICR_ASSERT))
		return;
	control_lock(cpu);
	for_each_cpu(c) {
		if (!(targets & BIT(c->cpu_id)) || c == cpu)
			continue;
		if (ICR_MODE(low) == ICR_MODE_INIT) {
			cpu_park(cpu, c);
			c->req.wait_for_sipi = true;
		} else if (c->req.wait_for_sipi && READ_ONCE(c->req.parked)) {
			cpu_start(c, ICR_VECTOR(low));
		}
	}
	control_unlock();
}

/*
 * Carry out an ICR write of @cpu's guest: @low is the command, @dest the
 * destination field (xAPIC: ICR2 bits 31:24; x2APIC: 32 bits).
 */
static void icr_write(struct per_cpu *cpu, u32 low, u32 dest, bool x2apic)
{
	u64 targets = icr_targets(cpu, low, dest, x2apic);
	u64 mine = cell_cpus(cpu->cell);
	u64 foreign = targets & ~mine;
	struct per_cpu *c;

	if (foreign) {
		unsigned int n = __builtin_ctzll(foreign);

		if (cpu->cell != &root_cell)
			cell_fail(cpu, "IPI (mode %u, vector 0x%x) to CPU %u, which it does not own, RIP 0x%llx",
				  ICR_MODE(low), ICR_VECTOR(low), n,
				  cpu->arch.vmcb.save.rip);
		cell_report_violation(cpu->cell, "IPI to foreign CPU", n, 4,
				      true, cpu->arch.vmcb.save.rip);
		targets &= mine;
	}
	switch (ICR_MODE(low)) {
	case ICR_MODE_INIT:
	case ICR_MODE_SIPI:
		init_sipi(cpu, low, targets);
		return;
	case ICR_MODE_SMI:
		cell_report_violation(cpu->cell, "SMI IPI", low, 4, true,
				      cpu->arch.vmcb.save.rip);
		return;
	case ICR_MODE_NMI:
		if (cpu->cell != &root_cell) {
			cell_report_violation(cpu->cell, "NMI IPI", low, 4,
					      true, cpu->arch.vmcb.save.rip);
			return;
		}
		break;
	}
	if (!foreign) {
		if (x2apic) {
			wrmsr(MSR_X2APIC_ICR, ((u64)dest << 32) | low);
		} else {
			*apic_reg(APIC_ICR2) = dest << 24;
			*apic_reg(APIC_ICR) = low;
		}
		return;
	}
	/* the root addressed CPUs of other cells too: send to its own only */
	low &= ~(ICR_LOGICAL | (3 << 18));
	for_each_cpu(c) {
		if (!(targets & BIT(c->cpu_id)))
			continue;
		if (x2apic)
			wrmsr(MSR_X2APIC_ICR, ((u64)c->apic_id << 32) | low);
		else
			send_ipi(c->apic_id, low);
	}
}

/**
 * x2apic_icr_write() - a trapped WRMSR to the x2APIC ICR
 * @cpu: this CPU
 * @val: the value written
 */
void x2apic_icr_write(struct per_cpu *cpu, u64 val)
{
	icr_write(cpu, (u32)val, val >> 32, true);
}

static void write_reg(struct per_cpu *cpu, unsigned int offset, u32 val)
{
	if (offset == APIC_LDR)
		cpu->arch.ldr = val;
	else if (offset == APIC_DFR)
		cpu->arch.dfr = val;
	*apic_reg(offset) = val;
}

/**
 * xapic_handle() - carry out a trapped access to the local APIC page
 * @cpu: this CPU
 * @gpa: the address accessed
 *
 * Return: true if handled, false if the access was not a register access
 * this code understands (the caller then treats it as a violation).
 */
bool xapic_handle(struct per_cpu *cpu, u64 gpa)
{
	struct vmcb *vmcb = &cpu->arch.vmcb;
	unsigned int offset = gpa & 0xfff;
	u8 bytes[MMIO_INSN_MAX_LEN];
	unsigned int len = sizeof(bytes);
	struct mmio_insn insn;
	u64 *reg;
	u32 val;

	if (guest_fetch_insn(cpu, bytes, &len) ||
	    mmio_decode(bytes, len, vmcb->save.cs.attrib & 0x200, &insn) ||
	    insn.size != 4 || offset & 0xf)
		return false;
	cpu->stats[STAT_XAPIC]++;
	reg = guest_reg_ptr(cpu, insn.reg);
	if (!insn.is_write) {
		val = offset == APIC_ICR2 ? cpu->arch.icr_high :
					    *apic_reg(offset);
		*reg = mmio_load_merge(&insn, *reg, val);
	} else {
		val = (u32)mmio_store_value(&insn, *reg);
		if (offset == APIC_ICR2)
			cpu->arch.icr_high = val;
		else if (offset == APIC_ICR)
			icr_write(cpu, val, cpu->arch.icr_high >> 24, false);
		else
			write_reg(cpu, offset, val);
	}
	vmcb->save.rip += insn.length;
	return true;
}
