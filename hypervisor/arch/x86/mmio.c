// SPDX-License-Identifier: GPL-2.0
/*
 * The one path of a trapped memory access on x86: the guest touched a
 * guest-physical address its nested tables do not map (or map read-only).
 * Without decode assists the instruction is fetched through the guest's
 * own page tables and decoded, the access goes to the region that
 * emulates it, and the load's register or the guest's RIP is completed
 * here. An address no region claims is a violation.
 *
 * Most traps repeat one instruction (the EOI write of every timer
 * interrupt), so the last decoding is kept per CPU and reused when the
 * guest traps again at the same linear RIP under the same paging state and
 * the instruction's bytes at the host address it was read from are
 * unchanged: no guest page walk, no decode. Nested mappings change only
 * with the CPU parked and a TLB flush, which drops the entry. A guest that
 * re-points its own page tables under the same CR3 between two traps at
 * one RIP could be given the old decoding; that misleads only the guest
 * itself, since the access still goes to the address the exit reported.
 */
#include <asm/arch-x86.h>
#include <asm/mmio-decode.h>
#include <asm/vcpu.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/mem.h>
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

static bool same_mode(const struct vcpu_mode *a, const struct vcpu_mode *b)
{
	return a->cr0 == b->cr0 && a->cr3 == b->cr3 && a->cr4 == b->cr4 &&
	       a->efer == b->efer && a->cs_base == b->cs_base &&
	       a->code64 == b->code64;
}

/* The instruction at the guest's RIP, decoded now or found in the cache. */
static bool decode_at_rip(struct per_cpu *cpu, u64 gpa, bool write,
			  struct mmio_insn *insn)
{
	struct insn_cache *c = &cpu->arch.insn_cache;
	u8 bytes[MMIO_INSN_MAX_LEN];
	unsigned int len = sizeof(bytes);
	struct vcpu_mode mode;
	u64 rip, hpa = 0;

	vcpu_get_mode(cpu, &mode);
	rip = guest_linear_rip(cpu, &mode);
	if (c->valid && c->rip == rip && same_mode(&c->mode, &mode) &&
	    !memcmp(phys_to_virt(c->hpa), c->bytes, c->len)) {
		*insn = c->insn;
		return true;
	}
	c->valid = false;
	if (guest_fetch_insn(cpu, &mode, bytes, &len, &hpa)) {
		undecodable(cpu, gpa, write, bytes, 0);
		return false;
	}
	if (mmio_decode(bytes, len, mode.code64, insn)) {
		undecodable(cpu, gpa, write, bytes, len);
		return false;
	}
	/* one page holds it, so one host address validates it next time */
	if ((rip & 0xfff) + insn->length <= 4096) {
		c->rip = rip;
		c->hpa = hpa;
		c->mode = mode;
		c->insn = *insn;
		c->len = insn->length;
		memcpy(c->bytes, bytes, insn->length);
		c->valid = true;
	}
	return true;
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
	struct mmio_access a;
	struct mmio_insn insn;
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
	if (!decode_at_rip(cpu, gpa, write, &insn))
		return;
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
