// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 half of a cell: its nested page tables and permission bitmaps,
 * the emulated devices it traps (local APIC, IOAPIC), its I/O port and
 * interrupt-pin grants, and copies between its memory and the hypervisor.
 */
#include <asm/apic.h>
#include <asm/arch-x86.h>
#include <asm/vcpu.h>
#include <prtos-hv/arch.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/mem.h>

/**
 * arch_cell_init() - nested tables, bitmaps and emulated devices of a cell
 * @cell: the cell, with its configuration
 *
 * Every port and every guarded MSR is intercepted until the configuration
 * grants it.
 *
 * Return: 0 or -ENOMEM.
 */
int arch_cell_init(struct cell *cell)
{
	int err = nested_create(cell);

	err = err ?: vcpu->cell_init(cell);
	if (err)
		return err;
	if (cell_is_root(cell))
		ioapic_init(cell);
	msr_cell_init(cell);
	err = xapic_cell_init(cell);
	return err ?: ioapic_cell_init(cell);
}

/**
 * arch_cell_exit() - free what arch_cell_init() allocated
 * @cell: the cell, whose CPUs no longer run it
 */
void arch_cell_exit(struct cell *cell)
{
	nested_destroy(cell);
	vcpu->cell_exit(cell);
}

static unsigned int access_of(const struct prtos_memory *mem)
{
	unsigned int access = 0;

	if (mem->flags & PRTOS_MEM_READ)
		access |= NESTED_READ;
	if (mem->flags & PRTOS_MEM_WRITE)
		access |= NESTED_WRITE;
	if (mem->flags & PRTOS_MEM_EXECUTE)
		access |= NESTED_EXEC;
	if (mem->flags & PRTOS_MEM_IO)
		access |= NESTED_UNCACHED;
	return access;
}

/*
 * The pages of @mem that the cell's emulated devices claim stay unmapped
 * whatever the configuration says: accesses to them must trap.
 */
static int keep_trapped(struct cell *cell, const struct prtos_memory *mem)
{
	const struct cell_mmio *t = &cell->mmio;
	unsigned int n;
	int err = 0;

	for (n = 0; n < t->num && !err; n++) {
		const struct mmio_region *r = &t->regions[n];
		u64 start = MAX(r->start & ~0xfffULL, mem->virt_start);
		u64 end = MIN(ALIGN_UP(r->start + r->size, 4096),
			      mem->virt_start + mem->size);

		if (start < end)
			err = nested_unmap(cell, start, end - start);
	}
	return err;
}

/**
 * arch_map_memory() - map one memory region of a cell
 * @cell: the cell
 * @mem: the region, validated
 *
 * Return: 0 or -ENOMEM.
 */
int arch_map_memory(struct cell *cell, const struct prtos_memory *mem)
{
	int err = nested_map(cell, mem->virt_start, mem->phys_start, mem->size,
			     access_of(mem));

	return err ?: keep_trapped(cell, mem);
}

/**
 * arch_unmap_memory() - take a region out of a cell's address space
 * @cell: the cell
 * @mem: the region (guest-physical start and size are used)
 *
 * Return: 0 or -ENOMEM (a large page had to be split).
 */
int arch_unmap_memory(struct cell *cell, const struct prtos_memory *mem)
{
	return nested_unmap(cell, mem->virt_start, mem->size);
}

/**
 * arch_map_pages() - map hypervisor pages into a cell
 * @cell: the cell
 * @gpa: where the cell sees them
 * @pages: the first page, NULL if its allocation failed
 * @size: bytes, whole pages
 * @writable: read-write, or read-only
 *
 * Mapping a range again replaces its rights.
 *
 * Return: 0 or -ENOMEM.
 */
int arch_map_pages(struct cell *cell, u64 gpa, void *pages, u64 size,
		   bool writable)
{
	if (!pages)
		return -ENOMEM;
	return nested_map(cell, gpa, virt_to_phys(pages), size,
			  NESTED_READ | (writable ? NESTED_WRITE : 0));
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
		return hc_fail(cpu, -EBUSY,
			       "IOAPIC pin %d is not the root cell's to give",
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
	if (take)
		ioapic_cell_cpus_taken(cell);
}

/**
 * arch_cell_set_pio() - grant or withdraw a range of I/O ports
 * @cell: the cell
 * @pio: the range
 * @allow: grant (no intercept) or withdraw
 */
void arch_cell_set_pio(struct cell *cell, const struct prtos_pio *pio,
		       bool allow)
{
	u32 port;

	for (port = pio->base; port < pio->base + pio->length; port++)
		vcpu->set_pio(cell, port, !allow);
}

/*
 * Copy between a cell's guest-physical memory and the hypervisor, page by
 * page, each page checked to be RAM of the cell (and writable for writes).
 * Physical page 0 is not mapped in the hypervisor's address space.
 */
static int guest_copy(struct cell *cell, u64 gpa, void *buf, u64 len,
		      bool to_guest)
{
	u8 *p = buf;

	if (gpa + len < gpa)
		return -EFAULT;
	while (len) {
		u64 chunk = 4096 - (gpa & 0xfff), hpa;
		unsigned int access;

		if (chunk > len)
			chunk = len;
		hpa = nested_translate(cell, gpa, &access);
		if (hpa == PAGING_INVALID || hpa < 4096 ||
		    (access & NESTED_UNCACHED) ||
		    (to_guest && !(access & NESTED_WRITE)))
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
