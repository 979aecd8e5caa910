// SPDX-License-Identifier: GPL-2.0
/*
 * The trapped xAPIC page. Without AVIC the only way to keep a cell's
 * IPIs inside the cell is to trap its accesses to the local APIC page
 * (not mapped in the nested tables), decode the instruction and carry the
 * access out on the real APIC. For the root cell every register is passed
 * through; confining IPIs comes with cells.
 */
#include <asm/arch-x86.h>
#include <asm/mmio-decode.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/mem.h>

static volatile u32 *apic_reg(unsigned int offset)
{
	return (volatile u32 *)phys_to_virt(XAPIC_PHYS + offset);
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

	if (guest_fetch_insn(cpu, bytes, &len) ||
	    mmio_decode(bytes, len, vmcb->save.cs.attrib & 0x200, &insn) ||
	    insn.size != 4 || offset & 0xf)
		return false;
	cpu->stats[STAT_XAPIC]++;
	reg = guest_reg_ptr(cpu, insn.reg);
	if (insn.is_write)
		*apic_reg(offset) = (u32)mmio_store_value(&insn, *reg);
	else
		*reg = mmio_load_merge(&insn, *reg, *apic_reg(offset));
	vmcb->save.rip += insn.length;
	return true;
}
