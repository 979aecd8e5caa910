// SPDX-License-Identifier: GPL-2.0
/*
 * The page pool: the part of the hypervisor memory behind the per-CPU
 * areas, handed out in runs of contiguous pages (the SVM bitmaps need
 * physically contiguous pages).
 */
#include <prtos-hv/mem.h>
#include <prtos-hv/setup.h>
#include <prtos-hv/spinlock.h>

#define POOL_MAX_PAGES (64 * 1024)

static u8 pool_map[POOL_MAX_PAGES / 8];
static u64 pool_base;
static u64 pool_pages;
static u64 pool_used;
static spinlock_t pool_lock;

static bool page_taken(u64 n)
{
	return pool_map[n / 8] & (1 << (n % 8));
}

static void mark(u64 n, bool taken)
{
	if (taken)
		pool_map[n / 8] |= 1 << (n % 8);
	else
		pool_map[n / 8] &= ~(1 << (n % 8));
}

/**
 * mem_init() - set up the page pool
 * @start: virtual address of the first pool page
 * @pages: pages in the pool
 * @used: pages at its start already taken by the driver
 */
void mem_init(u64 start, u64 pages, u64 used)
{
	u64 n;

	if (pages > POOL_MAX_PAGES)
		pages = POOL_MAX_PAGES;
	pool_base = start;
	pool_pages = pages;
	pool_used = 0;
	for (n = 0; n < pages; n++)
		mark(n, n < used);
	pool_used = used;
}

/**
 * page_alloc() - take zeroed, contiguous pages from the pool
 * @pages: how many
 *
 * Return: their virtual address, NULL if no run that long is free.
 */
void *page_alloc(unsigned int pages)
{
	u64 start, n;
	void *p = NULL;

	spin_lock(&pool_lock);
	for (start = 0; start + pages <= pool_pages; start++) {
		for (n = 0; n < pages && !page_taken(start + n); n++)
			;
		if (n == pages) {
			for (n = 0; n < pages; n++)
				mark(start + n, true);
			pool_used += pages;
			p = (void *)(unsigned long)(pool_base + start * 4096);
			break;
		}
		start += n;
	}
	spin_unlock(&pool_lock);
	if (p)
		memset(p, 0, pages * 4096UL);
	return p;
}

/**
 * page_free() - return pages to the pool
 * @addr: what page_alloc() returned
 * @pages: how many
 */
void page_free(void *addr, unsigned int pages)
{
	u64 first = ((u64)(unsigned long)addr - pool_base) / 4096, n;

	spin_lock(&pool_lock);
	for (n = first; n < first + pages && n < pool_pages; n++) {
		if (page_taken(n))
			pool_used--;
		mark(n, false);
	}
	spin_unlock(&pool_lock);
}

u64 mem_pool_pages(void)
{
	return pool_pages;
}

u64 mem_pool_used(void)
{
	return pool_used;
}

/**
 * virt_to_phys() - physical address of a hypervisor pointer
 * @addr: an address in the image/pool mapping or the identity map
 */
u64 virt_to_phys(const void *addr)
{
	u64 va = (u64)(unsigned long)addr;

	if (va >= hv_header.link_address)
		return va - hv_header.link_address + hv_header.phys_base;
	return va;
}

/**
 * pool_phys_to_virt() - pointer to a physical address, pool pages included
 * @phys: physical address
 *
 * Pool pages (page tables, bitmaps) are reached through the image mapping;
 * everything else through the identity map.
 */
void *pool_phys_to_virt(u64 phys)
{
	u64 off = phys - hv_header.phys_base;

	if (phys >= hv_header.phys_base && off < hv_header.mem_size)
		return (void *)(unsigned long)(hv_header.link_address + off);
	return phys_to_virt(phys);
}
