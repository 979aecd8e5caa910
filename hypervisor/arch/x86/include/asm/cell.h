/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 part of a cell: its nested page tables, the permission bitmaps the
 * vendor backend allocates in its own format, and the cell's view of the
 * IOAPIC index register.
 */
#ifndef _ASM_CELL_H
#define _ASM_CELL_H

#include <prtos-hv/types.h>

struct arch_cell {
	u64 npt_root;
	void *pio_bitmap;
	void *msr_bitmap;
	u32 ioapic_index;
};

#endif
