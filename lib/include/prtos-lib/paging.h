/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Four-level x86-64 page tables, used for both the hypervisor's own address
 * space and the nested page tables of the cells (AMD NPT uses the same
 * format). The code does not know how physical memory is reached or where
 * tables come from: the caller supplies that in struct paging_env, so the
 * same code serves the driver (tables built through memremap), the
 * hypervisor and the unit tests (tables in a fake memory).
 */
#ifndef _PRTOS_LIB_PAGING_H
#define _PRTOS_LIB_PAGING_H

#include <prtos-lib/compat.h>

#define PTE_PRESENT   (1ULL << 0)
#define PTE_RW	      (1ULL << 1)
#define PTE_USER      (1ULL << 2)
#define PTE_PWT	      (1ULL << 3)
#define PTE_PCD	      (1ULL << 4)
#define PTE_ACCESSED  (1ULL << 5)
#define PTE_DIRTY     (1ULL << 6)
#define PTE_PS	      (1ULL << 7)
#define PTE_GLOBAL    (1ULL << 8)
#define PTE_NX	      (1ULL << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000ULL
#define PTE_LEAF_FLAGS                                                      \
	(PTE_PRESENT | PTE_RW | PTE_USER | PTE_PWT | PTE_PCD | PTE_GLOBAL | \
	 PTE_NX)

#define PAGE_SIZE_4K 0x1000ULL
#define PAGE_SIZE_2M 0x200000ULL

/**
 * struct paging_env - how page tables are reached and allocated
 * @phys_to_virt: pointer through which the table at @phys is accessed
 * @alloc_table: a zeroed page for a new table; its physical address, 0 if
 *		 none is left
 * @free_table: give a table page back (may be NULL: tables are then leaked
 *		to the caller, who frees them in bulk)
 * @ctx: passed to the three callbacks
 * @table_flags: flags of non-leaf entries (nested tables need PTE_USER:
 *		 the CPU treats every nested walk as a user access)
 * @large_pages: whether 2 MiB pages may be used where alignment allows
 */
struct paging_env {
	void *(*phys_to_virt)(void *ctx, __u64 phys);
	__u64 (*alloc_table)(void *ctx);
	void (*free_table)(void *ctx, __u64 phys);
	void *ctx;
	__u64 table_flags;
	bool large_pages;
};

int paging_map(const struct paging_env *env, __u64 root, __u64 virt, __u64 phys,
	       __u64 size, __u64 flags);
int paging_unmap(const struct paging_env *env, __u64 root, __u64 virt,
		 __u64 size);
__u64 paging_translate(const struct paging_env *env, __u64 root, __u64 virt,
		       __u64 *flags);
void paging_destroy(const struct paging_env *env, __u64 root);

#define PAGING_INVALID (~0ULL)

#endif
