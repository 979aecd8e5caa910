// SPDX-License-Identifier: GPL-2.0
/*
 * Building, changing and walking four-level page tables (host and nested).
 */
#include <prtos-lib/paging.h>

#define LEVELS	4
#define ENTRIES 512

static unsigned int level_shift(int level)
{
	return 12 + 9 * (level - 1);
}

static __u64 *table(const struct paging_env *env, __u64 phys)
{
	return env->phys_to_virt(env->ctx, phys & PTE_ADDR_MASK);
}

static bool is_leaf(__u64 pte, int level)
{
	return level == 1 || (pte & PTE_PS);
}

/*
 * Replace a 2 MiB leaf by a table of 512 4 KiB leaves mapping the same
 * memory, so that part of it can be changed.
 */
static int split_large(const struct paging_env *env, __u64 *pte)
{
	__u64 base = *pte & PTE_ADDR_MASK & ~(PAGE_SIZE_2M - 1);
	__u64 flags = *pte & PTE_LEAF_FLAGS;
	__u64 new = env->alloc_table(env->ctx);
	__u64 *t;
	int i;

	if (!new)
		return -ENOMEM;
	t = table(env, new);
	for (i = 0; i < ENTRIES; i++)
		t[i] = (base + i * PAGE_SIZE_4K) | flags;
	*pte = new | env->table_flags;
	return 0;
}

static void free_subtree(const struct paging_env *env, __u64 phys, int level)
{
	__u64 *t = table(env, phys);
	int i;

	if (!env->free_table)
		return;
	for (i = 0; level > 1 && i < ENTRIES; i++)
		if ((t[i] & PTE_PRESENT) && !is_leaf(t[i], level))
			free_subtree(env, t[i], level - 1);
	env->free_table(env->ctx, phys & PTE_ADDR_MASK);
}

/* The table below @pte, created or split as needed. */
static __u64 *next_table(const struct paging_env *env, __u64 *pte, int level)
{
	if (!(*pte & PTE_PRESENT)) {
		__u64 new = env->alloc_table(env->ctx);

		if (!new)
			return NULL;
		*pte = new | env->table_flags;
	} else if (is_leaf(*pte, level)) {
		if (split_large(env, pte))
			return NULL;
	}
	return table(env, *pte);
}

static int map_level(const struct paging_env *env, __u64 *t, int level,
		     __u64 virt, __u64 phys, __u64 size, __u64 flags)
{
	unsigned int shift = level_shift(level);
	__u64 span = 1ULL << shift;

	while (size) {
		__u64 *pte = &t[(virt >> shift) & (ENTRIES - 1)];
		__u64 chunk = span - (virt & (span - 1));
		__u64 *sub;
		int err;

		if (chunk > size)
			chunk = size;
		if (level == 1 || (level == 2 && env->large_pages &&
				   chunk == span && !(phys & (span - 1)))) {
			if ((*pte & PTE_PRESENT) && !is_leaf(*pte, level))
				free_subtree(env, *pte, level - 1);
			*pte = phys | flags | PTE_PRESENT |
			       (level == 2 ? PTE_PS : 0);
		} else {
			sub = next_table(env, pte, level);
			if (!sub)
				return -ENOMEM;
			err = map_level(env, sub, level - 1, virt, phys, chunk,
					flags);
			if (err)
				return err;
		}
		virt += chunk;
		phys += chunk;
		size -= chunk;
	}
	return 0;
}

/**
 * paging_map() - map a range
 * @env: table access
 * @root: physical address of the top-level table
 * @virt: first virtual (or guest-physical) address, 4 KiB aligned
 * @phys: first physical address, 4 KiB aligned
 * @size: length, a multiple of 4 KiB
 * @flags: leaf flags (PTE_RW, PTE_USER, PTE_NX, PTE_PCD, ...)
 *
 * Existing mappings in the range are replaced; large pages that the range
 * covers only partly are split first.
 *
 * Return: 0, -EINVAL for a misaligned request, -ENOMEM if tables ran out
 * (the range may then be partly mapped).
 */
int paging_map(const struct paging_env *env, __u64 root, __u64 virt, __u64 phys,
	       __u64 size, __u64 flags)
{
	/* a range may end exactly at 2^64, hence size - 1 */
	if ((virt | phys | size) & (PAGE_SIZE_4K - 1) ||
	    (size && virt + (size - 1) < virt))
		return -EINVAL;
	return map_level(env, table(env, root), LEVELS, virt, phys, size,
			 flags & PTE_LEAF_FLAGS);
}

static int unmap_level(const struct paging_env *env, __u64 *t, int level,
		       __u64 virt, __u64 size)
{
	unsigned int shift = level_shift(level);
	__u64 span = 1ULL << shift;

	while (size) {
		__u64 *pte = &t[(virt >> shift) & (ENTRIES - 1)];
		__u64 chunk = span - (virt & (span - 1));
		int err;

		if (chunk > size)
			chunk = size;
		if (!(*pte & PTE_PRESENT)) {
			/* nothing mapped here */
		} else if (chunk == span) {
			if (!is_leaf(*pte, level))
				free_subtree(env, *pte, level - 1);
			*pte = 0;
		} else {
			if (is_leaf(*pte, level) && split_large(env, pte))
				return -ENOMEM;
			err = unmap_level(env, table(env, *pte), level - 1,
					  virt, chunk);
			if (err)
				return err;
		}
		virt += chunk;
		size -= chunk;
	}
	return 0;
}

/**
 * paging_unmap() - remove the mappings of a range
 * @env: table access
 * @root: physical address of the top-level table
 * @virt: first address, 4 KiB aligned
 * @size: length, a multiple of 4 KiB
 *
 * Return: 0, -EINVAL for a misaligned request, -ENOMEM if a large page
 * had to be split and no table was left.
 */
int paging_unmap(const struct paging_env *env, __u64 root, __u64 virt,
		 __u64 size)
{
	if ((virt | size) & (PAGE_SIZE_4K - 1) ||
	    (size && virt + (size - 1) < virt))
		return -EINVAL;
	return unmap_level(env, table(env, root), LEVELS, virt, size);
}

/**
 * paging_translate() - look up an address
 * @env: table access
 * @root: physical address of the top-level table
 * @virt: the address
 * @flags: if not NULL, receives the leaf's flags
 *
 * Return: the physical address, or PAGING_INVALID if nothing is mapped.
 */
__u64 paging_translate(const struct paging_env *env, __u64 root, __u64 virt,
		       __u64 *flags)
{
	__u64 *t = table(env, root);
	int level;

	for (level = LEVELS; level >= 1; level--) {
		unsigned int shift = level_shift(level);
		__u64 pte = t[(virt >> shift) & (ENTRIES - 1)];

		if (!(pte & PTE_PRESENT))
			return PAGING_INVALID;
		if (is_leaf(pte, level)) {
			__u64 mask = (1ULL << shift) - 1;

			if (flags)
				*flags = pte & PTE_LEAF_FLAGS;
			return ((pte & PTE_ADDR_MASK) & ~mask) | (virt & mask);
		}
		t = table(env, pte);
	}
	return PAGING_INVALID;
}

/**
 * paging_destroy() - free all tables below and including @root
 * @env: table access; needs @free_table
 * @root: physical address of the top-level table
 */
void paging_destroy(const struct paging_env *env, __u64 root)
{
	free_subtree(env, root, LEVELS);
}
