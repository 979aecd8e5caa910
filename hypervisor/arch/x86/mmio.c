// SPDX-License-Identifier: GPL-2.0
/*
 * The one path of a trapped memory access on x86: the guest touched a
 * guest-physical address its nested tables do not map (or map read-only).
 * Without decode assists the instruction is fetched through the guest's
 * own page tables and decoded, the access goes to the region that
 * emulates it, and the load's register or the guest's RIP is completed
 * here. An address no region claims is a violation.
 */
#include <asm/arch-x86.h>
#include <asm/mmio-decode.h>
#include <asm/vcpu.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/mmio.h>
#include <prtos-hv/violation.h>

#define X86_EXC_GP 13

/* An access that cannot be decoded: report it with its bytes. */
static void undecodable(struct per_cpu *cpu, u64 gpa, bool write,
			const u8 *bytes, unsigned int len)
{
	struct violation v = {
		.kind = VIOLATION_UNDECODABLE,
		.address = gpa,
		.write = write,
		.insn = bytes,
		.insn_len = len,
	};

	cell_violation(cpu, &v);
	/* contained: the guest gets a #GP, as if nothing were there */
	vcpu_inject_exception(cpu, X86_EXC_GP, true, 0);
}

/**
 * x86_nested_fault() - handle a guest access the nested tables refused
 * @cpu: this CPU, in an exit
 * @gpa: guest-physical address
 * @write: the access was a write
 * @fetch: the access was an instruction fetch
 */
void x86_nested_fault(struct per_cpu *cpu, u64 gpa, bool write, bool fetch)
{
	u8 bytes[MMIO_INSN_MAX_LEN];
	unsigned int len = sizeof(bytes);
	struct mmio_access a;
	struct mmio_insn insn;
	struct vcpu_mode mode;
	u64 reg;

	if (fetch) {
		cpu->stats[STAT_MMIO]++;
		cell_violation_at(cpu, VIOLATION_MEMORY, gpa, 0, write);
		vcpu_inject_exception(cpu, X86_EXC_GP, true, 0);
		return;
	}
	/*
	 * Where nothing is emulated and the cell would be stopped anyway, the
	 * report does not depend on the instruction being decodable.
	 */
	if (!mmio_claims(cpu->cell, gpa) &&
	    !cell_contains_violations(cpu->cell)) {
		cpu->stats[STAT_MMIO]++;
		cell_violation_at(cpu, VIOLATION_MEMORY, gpa, 0, write);
	}
	vcpu_get_mode(cpu, &mode);
	if (guest_fetch_insn(cpu, &mode, bytes, &len)) {
		undecodable(cpu, gpa, write, bytes, 0);
		return;
	}
	if (mmio_decode(bytes, len, mode.code64, &insn)) {
		undecodable(cpu, gpa, write, bytes, len);
		return;
	}
	reg = vcpu_get_reg(cpu, insn.reg);
	a = (struct mmio_access){
		.address = gpa,
		.size = insn.size,
		.is_write = insn.is_write,
		.value = insn.is_write ? mmio_store_value(&insn, reg) : 0,
	};
	if (mmio_dispatch(cpu, &a) == MMIO_UNHANDLED) {
		cpu->stats[STAT_MMIO]++;
		cell_violation_at(cpu, VIOLATION_MEMORY, gpa, insn.size,
				  insn.is_write);
		/* contained: reads see all ones, writes are dropped */
		a.value = ~0ULL;
	}
	if (!insn.is_write)
		vcpu_set_reg(cpu, insn.reg,
			     mmio_load_merge(&insn, reg, a.value));
	vcpu_skip_insn(cpu, insn.length);
}
