// SPDX-License-Identifier: GPL-2.0
/*
 * A cell's memory under SVM: nested page tables built from its memory
 * regions, the I/O permission bitmap, and what happens when the cell
 * reaches outside them.
 */
#include <asm/arch-x86.h>
#include <asm/mmio-decode.h>
#include <asm/processor.h>
#include <prtos-hv/arch.h>
#include <prtos-hv/mem.h>
#include <prtos-hv/setup.h>

/**
 * arch_cell_init() - allocate a cell's nested page table and bitmaps
 * @cell: the cell
 *
 * Return: 0 or -ENOMEM.
 */
int arch_cell_init(struct cell *cell)
{
	struct arch_cell *ac = &cell->arch;
	void *root = page_alloc(1);

	ac->iopm = page_alloc(IOPM_PAGES);
	ac->msrpm = page_alloc(MSRPM_PAGES);
	if (!root || !ac->iopm || !ac->msrpm)
		return -ENOMEM;
	ac->npt_root = virt_to_phys(root);
	if (cell == &root_cell)
		ioapic_init();
	/* every port is intercepted until the config grants it */
	memset(ac->iopm, 0xff, IOPM_PAGES * 4096);
	msr_bitmap_init(cell);
	return 0;
}

/**
 * arch_cell_exit() - free a cell's nested page table and bitmaps
 * @cell: the cell, whose CPUs no longer run it
 */
void arch_cell_exit(struct cell *cell)
{
	struct arch_cell *ac = &cell->arch;

	if (ac->npt_root)
		paging_destroy(&npt_paging_env, ac->npt_root);
	if (ac->iopm)
		page_free(ac->iopm, IOPM_PAGES);
	if (ac->msrpm)
		page_free(ac->msrpm, MSRPM_PAGES);
	memset(ac, 0, sizeof(*ac));
}

/**
 * arch_unmap_memory() - take a region out of a cell's address space
 * @cell: the cell
 * @mem: the region (guest-physical start and size are used)
 *
 * The caller makes sure no CPU of the cell runs with the old mapping
 * cached (it suspends them and flushes).
 *
 * Return: 0 or -ENOMEM (a large page had to be split).
 */
int arch_unmap_memory(struct cell *cell, const struct prtos_memory *mem)
{
	return paging_unmap(&npt_paging_env, cell->arch.npt_root,
			    mem->virt_start, mem->size);
}

/**
 * arch_map_page() - map one hypervisor page into a cell, read-write
 * @cell: the cell
 * @gpa: where the cell sees it
 * @page: the page
 *
 * Return: 0 or -ENOMEM.
 */
int arch_map_page(struct cell *cell, u64 gpa, void *page)
{
	if (!page)
		return -ENOMEM;
	return paging_map(&npt_paging_env, cell->arch.npt_root, gpa,
			  virt_to_phys(page), 4096, PTE_USER | PTE_RW | PTE_NX);
}

/* Unmap @page from @cell if @mem covered it. */
static int keep_trapped(struct cell *cell, const struct prtos_memory *mem,
			u64 page)
{
	if (!page || mem->virt_start > page || page - mem->virt_start >= mem->size)
		return 0;
	return paging_unmap(&npt_paging_env, cell->arch.npt_root, page, 4096);
}

/**
 * arch_map_memory() - map one memory region of a cell
 * @cell: the cell
 * @mem: the region, validated
 *
 * The local APIC and IOAPIC pages stay unmapped whatever the config says:
 * accesses to them must trap so that IPIs and interrupt pins can be
 * confined to their cells.
 *
 * Return: 0 or -ENOMEM.
 */
int arch_map_memory(struct cell *cell, const struct prtos_memory *mem)
{
	/* nested walks are user accesses: every level needs PTE_USER */
	u64 flags = PTE_USER;
	int err;

	if (mem->flags & PRTOS_MEM_WRITE)
		flags |= PTE_RW;
	if (!(mem->flags & PRTOS_MEM_EXECUTE))
		flags |= PTE_NX;
	if (mem->flags & PRTOS_MEM_IO)
		flags |= PTE_PCD | PTE_PWT;
	err = paging_map(&npt_paging_env, cell->arch.npt_root,
			 mem->virt_start, mem->phys_start, mem->size, flags);
	if (err)
		return err;
	err = keep_trapped(cell, mem, XAPIC_PHYS);
	return err ?: keep_trapped(cell, mem, ioapic_init());
}

/**
 * arch_cell_check() - can the machine give @cell what it asks for?
 * @cpu: the calling CPU, for the reason
 * @cell: the new cell, not yet running
 *
 * Return: 0 or -errno with a reason.
 */
long arch_cell_check(struct per_cpu *cpu, struct cell *cell)
{
	int pin = ioapic_cell_check(cell);

	if (pin >= 0)
		return hc_fail(cpu, -EBUSY, "IOAPIC pin %d is not the root cell's to give",
			       pin);
	return 0;
}

/**
 * arch_cell_assign() - move @cell's interrupt pins to it or back to the root
 * @cell: the cell
 * @take: true on creation, false on destruction
 */
void arch_cell_assign(struct cell *cell, bool take)
{
	ioapic_cell_assign(cell, take);
}

/**
 * arch_cell_set_pio() - grant or withdraw a range of I/O ports
 * @cell: the cell
 * @pio: the range
 * @allow: grant (clear the intercept bits) or withdraw
 */
void arch_cell_set_pio(struct cell *cell, const struct prtos_pio *pio,
		       bool allow)
{
	u8 *map = cell->arch.iopm;
	u32 port;

	for (port = pio->base; port < pio->base + pio->length; port++) {
		if (allow)
			map[port / 8] &= ~(1 << (port % 8));
		else
			map[port / 8] |= 1 << (port % 8);
	}
}

/**
 * npt_translate() - host-physical address of a cell's guest-physical one
 * @cell: the cell
 * @gpa: guest-physical address
 * @flags: receives the mapping's PTE flags, may be NULL
 *
 * Return: the address or PAGING_INVALID.
 */
u64 npt_translate(struct cell *cell, u64 gpa, u64 *flags)
{
	return paging_translate(&npt_paging_env, cell->arch.npt_root, gpa,
				flags);
}

/*
 * Copy between a cell's guest-physical memory and the hypervisor, page by
 * page, each page checked to be RAM of the cell (and writable for writes).
 */
static int guest_copy(struct cell *cell, u64 gpa, void *buf, u64 len,
		      bool to_guest)
{
	u8 *p = buf;

	if (gpa + len < gpa)
		return -EFAULT;
	while (len) {
		u64 chunk = 4096 - (gpa & 0xfff), flags, hpa;

		if (chunk > len)
			chunk = len;
		hpa = npt_translate(cell, gpa, &flags);
		if (hpa == PAGING_INVALID || (flags & PTE_PCD) ||
		    (to_guest && !(flags & PTE_RW)))
			return -EFAULT;
		if (to_guest)
			memcpy(phys_to_virt(hpa), p, chunk);
		else
			memcpy(p, phys_to_virt(hpa), chunk);
		gpa += chunk;
		p += chunk;
		len -= chunk;
	}
	return 0;
}

/**
 * arch_copy_to_guest() - write into a cell's memory on its behalf
 * @cell: the cell
 * @gpa: guest-physical destination
 * @src: source
 * @len: bytes
 *
 * Return: 0, or -EFAULT if any byte is not writable memory of the cell.
 */
int arch_copy_to_guest(struct cell *cell, u64 gpa, const void *src, u64 len)
{
	return guest_copy(cell, gpa, (void *)src, len, true);
}

/**
 * arch_copy_from_guest() - read a cell's memory on its behalf
 * @cell: the cell
 * @dst: destination
 * @gpa: guest-physical source
 * @len: bytes
 *
 * Return: 0, or -EFAULT if any byte is not RAM the cell may read.
 */
int arch_copy_from_guest(struct cell *cell, void *dst, u64 gpa, u64 len)
{
	return guest_copy(cell, gpa, dst, len, false);
}

/**
 * npt_handle_violation() - a cell touched memory it does not own
 * @cpu: this CPU
 * @gpa: the guest-physical address
 * @info: the nested page fault's error code
 *
 * The access is reported and never reaches its target. A decodable data
 * access is completed as if nothing were there (reads return all ones,
 * writes are dropped) and the cell continues; anything else (instruction
 * fetches, undecodable instructions) gets a #GP.
 *
 * Return: true (the exit is handled).
 */
bool npt_handle_violation(struct per_cpu *cpu, u64 gpa, u64 info)
{
	struct vmcb *vmcb = &cpu->arch.vmcb;
	struct mmio_insn insn;
	u8 bytes[MMIO_INSN_MAX_LEN];
	unsigned int len = sizeof(bytes);
	bool decoded;

	cpu->stats[STAT_MMIO]++;
	if (cpu->cell != &root_cell)
		cell_fail(cpu, "memory %s at 0x%llx, RIP 0x%llx",
			  info & SVM_NPF_FETCH ? "fetch" :
			  info & SVM_NPF_WRITE ? "write" : "read",
			  (unsigned long long)gpa,
			  (unsigned long long)vmcb->save.rip);
	decoded = !(info & SVM_NPF_FETCH) &&
		  !guest_fetch_insn(cpu, bytes, &len) &&
		  !mmio_decode(bytes, len, vmcb->save.cs.attrib & 0x200,
			       &insn);
	cell_report_violation(cpu->cell, "memory", gpa,
			      decoded ? insn.size : 0,
			      info & SVM_NPF_WRITE, vmcb->save.rip);
	if (!decoded) {
		svm_inject_exception(vmcb, X86_EXC_GP, true, 0);
		return true;
	}
	if (!insn.is_write) {
		u64 *reg = guest_reg_ptr(cpu, insn.reg);

		*reg = mmio_load_merge(&insn, *reg, ~0ULL);
	}
	vmcb->save.rip += insn.length;
	return true;
}
