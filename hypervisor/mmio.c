// SPDX-License-Identifier: GPL-2.0
/*
 * Dispatch of trapped MMIO accesses: a cell's regions sorted by address,
 * one lookup per access, one handler call. Regions are registered while
 * the cell is built and never change while it runs.
 */
#include <prtos-hv/cell.h>
#include <prtos-hv/mmio.h>
#include <prtos-hv/percpu.h>

/**
 * mmio_region_register() - trap a range of a cell's guest-physical space
 * @cell: the cell, not yet running
 * @start: first address
 * @size: length in bytes
 * @handler: called for every access in the range
 * @arg: passed to @handler
 *
 * Return: 0, -EINVAL for an empty range or one that overlaps a registered
 * one, -ENOSPC when the cell's table is full.
 */
int mmio_region_register(struct cell *cell, u64 start, u64 size,
			 mmio_handler_t handler, void *arg)
{
	struct cell_mmio *t = &cell->mmio;
	unsigned int n, pos;

	if (!size || start + size < start)
		return -EINVAL;
	if (t->num == MAX_MMIO_REGIONS)
		return -ENOSPC;
	for (pos = 0; pos < t->num && t->regions[pos].start < start; pos++)
		;
	if ((pos > 0 &&
	     t->regions[pos - 1].start + t->regions[pos - 1].size > start) ||
	    (pos < t->num && start + size > t->regions[pos].start))
		return -EINVAL;
	for (n = t->num; n > pos; n--)
		t->regions[n] = t->regions[n - 1];
	t->regions[pos] = (struct mmio_region){
		.start = start,
		.size = size,
		.handler = handler,
		.arg = arg,
	};
	t->num++;
	return 0;
}

/* The region of @cell that holds @address, or NULL. */
static const struct mmio_region *find(const struct cell *cell, u64 address)
{
	const struct cell_mmio *t = &cell->mmio;
	unsigned int lo = 0, hi = t->num;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;
		const struct mmio_region *r = &t->regions[mid];

		if (address < r->start)
			hi = mid;
		else if (address - r->start >= r->size)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

/**
 * mmio_claims() - is @address in a region that @cell emulates?
 * @cell: the cell
 * @address: guest-physical address
 */
bool mmio_claims(const struct cell *cell, u64 address)
{
	return find(cell, address) != NULL;
}

/**
 * mmio_dispatch() - hand a trapped access to the region that emulates it
 * @cpu: this CPU, in an exit
 * @access: the access; a load gets its @value
 *
 * Return: the handler's result, MMIO_UNHANDLED if no region holds the
 * address (or the access crosses a region's end).
 */
enum mmio_result mmio_dispatch(struct per_cpu *cpu, struct mmio_access *access)
{
	const struct mmio_region *r = find(cpu->cell, access->address);
	u64 offset;

	if (!r)
		return MMIO_UNHANDLED;
	offset = access->address - r->start;
	if (access->size > r->size - offset)
		return MMIO_UNHANDLED;
	return r->handler(cpu, r->arg, offset, access);
}
