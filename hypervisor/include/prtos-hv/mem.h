/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page pool (the hypervisor memory behind the per-CPU areas) and
 * address translation. All of physical memory is identity-mapped in the
 * hypervisor's address space; the image itself runs at its link address.
 */
#ifndef _PRTOS_HV_MEM_H
#define _PRTOS_HV_MEM_H

#include <prtos-hv/types.h>
#include <prtos-lib/paging.h>

void mem_init(u64 pool_start, u64 pool_pages, u64 pool_used);
void *page_alloc(unsigned int pages);
void page_free(void *addr, unsigned int pages);
u64 mem_pool_pages(void);
u64 mem_pool_used(void);

u64 virt_to_phys(const void *addr);

static inline void *phys_to_virt(u64 phys)
{
	return (void *)(unsigned long)phys;
}

void *pool_phys_to_virt(u64 phys);

#endif
