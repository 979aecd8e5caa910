// SPDX-License-Identifier: GPL-2.0
/*
 * Nested paging: the second-stage tables through which a cell sees its
 * guest-physical memory. The shared page-table code (lib/paging.c) builds
 * them in the entry format of the vendor backend; access rights are
 * translated to and from that format by the backend.
 */
#include <asm/arch-x86.h>
#include <asm/vcpu.h>
#include <prtos-hv/mem.h>

/**
 * nested_create() - an empty nested page table for @cell
 * @cell: the cell
 *
 * Return: 0 or -ENOMEM.
 */
int nested_create(struct cell *cell)
{
	void *root = page_alloc(1);

	if (!root)
		return -ENOMEM;
	cell->arch.npt_root = virt_to_phys(root);
	return 0;
}

/**
 * nested_destroy() - free @cell's nested page table
 * @cell: the cell, whose CPUs no longer run it
 */
void nested_destroy(struct cell *cell)
{
	if (cell->arch.npt_root)
		paging_destroy(vcpu->nested_paging, cell->arch.npt_root);
	cell->arch.npt_root = 0;
}

/**
 * nested_map() - map guest-physical memory of @cell
 * @cell: the cell
 * @gpa: first guest-physical address
 * @hpa: first host-physical address
 * @size: length
 * @access: NESTED_* rights
 *
 * Return: 0 or -ENOMEM (tables ran out), -EINVAL (misaligned).
 */
int nested_map(struct cell *cell, u64 gpa, u64 hpa, u64 size,
	       unsigned int access)
{
	return paging_map(vcpu->nested_paging, cell->arch.npt_root, gpa, hpa,
			  size, vcpu->nested_flags(access));
}

/**
 * nested_unmap() - take guest-physical memory out of @cell
 * @cell: the cell
 * @gpa: first address
 * @size: length
 *
 * The caller makes sure no CPU of the cell runs with the old mapping
 * cached (it suspends them and flushes).
 *
 * Return: 0 or -ENOMEM (a large page had to be split).
 */
int nested_unmap(struct cell *cell, u64 gpa, u64 size)
{
	return paging_unmap(vcpu->nested_paging, cell->arch.npt_root, gpa,
			    size);
}

/**
 * nested_translate() - host-physical address of a cell's guest-physical one
 * @cell: the cell
 * @gpa: guest-physical address
 * @access: receives the mapping's NESTED_* rights, may be NULL
 *
 * Return: the address or PAGING_INVALID.
 */
u64 nested_translate(struct cell *cell, u64 gpa, unsigned int *access)
{
	u64 flags;
	u64 hpa = paging_translate(vcpu->nested_paging, cell->arch.npt_root,
				   gpa, &flags);

	if (access && hpa != PAGING_INVALID)
		*access = vcpu->nested_access(flags);
	return hpa;
}
