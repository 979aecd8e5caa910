// SPDX-License-Identifier: GPL-2.0
/*
 * Reading guest memory as the guest sees it: walking the guest's own page
 * tables (through the cell's nested tables) to fetch the instruction that
 * caused an exit, since the CPU gives no decode assists here.
 */
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <asm/vcpu.h>
#include <prtos-hv/mem.h>

/* Guest-physical address of a guest-linear one, or PAGING_INVALID. */
static u64 guest_linear_to_phys(struct per_cpu *cpu, const struct vcpu_mode *m,
				u64 la)
{
	u64 table = m->cr3 & PTE_ADDR_MASK;
	int levels, level;

	if (!(m->cr0 & X86_CR0_PG))
		return la;
	if (!(m->efer & EFER_LMA))
		return PAGING_INVALID; /* 32-bit paging: not used by cells */
	levels = (m->cr4 & X86_CR4_LA57) ? 5 : 4;
	for (level = levels; level >= 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);
		u64 hpa = nested_translate(cpu->cell,
					   table + ((la >> shift) & 511) * 8,
					   NULL);
		u64 pte;

		/* physical page 0 is not mapped in the hypervisor */
		if (hpa == PAGING_INVALID || hpa < 4096)
			return PAGING_INVALID;
		pte = *(volatile u64 *)phys_to_virt(hpa);
		if (!(pte & PTE_PRESENT))
			return PAGING_INVALID;
		if (level == 1 || (level <= 3 && (pte & PTE_PS))) {
			u64 mask = (1ULL << shift) - 1;

			return (pte & PTE_ADDR_MASK & ~mask) | (la & mask);
		}
		table = pte & PTE_ADDR_MASK;
	}
	return PAGING_INVALID;
}

/**
 * guest_linear_rip() - the linear address of the guest's next instruction
 * @cpu: this CPU, in an exit
 * @m: the guest's mode
 */
u64 guest_linear_rip(struct per_cpu *cpu, const struct vcpu_mode *m)
{
	u64 rip = vcpu_get_rip(cpu);

	/* the CS base is ignored in 64-bit code */
	return m->code64 ? rip : rip + m->cs_base;
}

/**
 * guest_fetch_insn() - read the bytes at the guest's RIP
 * @cpu: this CPU, in an exit
 * @m: the guest's mode
 * @buf: destination
 * @len: in: room in @buf; out: bytes read (may stop early at a page that
 *	 is not mapped)
 * @hpa: out: host-physical address of the first byte
 *
 * Return: 0 if at least one byte was read, -EFAULT otherwise.
 */
int guest_fetch_insn(struct per_cpu *cpu, const struct vcpu_mode *m, u8 *buf,
		     unsigned int *len, u64 *hpa)
{
	u64 la = guest_linear_rip(cpu, m);
	unsigned int got = 0;

	while (got < *len) {
		u64 gpa = guest_linear_to_phys(cpu, m, la + got);
		unsigned int chunk = 4096 - ((la + got) & 0xfff);
		u64 page;

		if (gpa == PAGING_INVALID)
			break;
		page = nested_translate(cpu->cell, gpa, NULL);
		if (page == PAGING_INVALID || page < 4096)
			break;
		if (!got)
			*hpa = page;
		if (chunk > *len - got)
			chunk = *len - got;
		memcpy(buf + got, phys_to_virt(page), chunk);
		got += chunk;
	}
	*len = got;
	return got ? 0 : -EFAULT;
}
