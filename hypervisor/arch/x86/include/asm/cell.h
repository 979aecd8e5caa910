/* SPDX-License-Identifier: GPL-2.0 */
/* x86 part of a cell: nested page tables and the I/O and MSR bitmaps. */
#ifndef _ASM_CELL_H
#define _ASM_CELL_H

#include <prtos-hv/types.h>

#define IOPM_PAGES	3
#define MSRPM_PAGES	2

struct arch_cell {
	u64 npt_root;
	u8 *iopm;
	u8 *msrpm;
	u32 ioapic_index;	/* the cell's view of IOREGSEL */
};

#endif
