// SPDX-License-Identifier: GPL-2.0
/*
 * One of two cells (shared-a, shared-b) that declare the same SHARED page
 * at 0x3b000000: the root gets the page back only when both are gone.
 */
#include <prtos/config.h>

const struct {
	struct prtos_cell_desc cell;
	struct prtos_memory mem[2];
} __attribute__((packed)) config = {
	.cell = {
		.signature = PRTOS_CELL_SIGNATURE,
		.revision = PRTOS_CONFIG_REVISION,
		.name = "shared-b",
		.cpus = { 0x4 },
		.num_memory_regions = 2,
	},
	.mem = {
		{ 0x3ac00000, 0x00000000, 0x00200000,
		  PRTOS_MEM_RWX | PRTOS_MEM_LOADABLE },
		{ 0x3b000000, 0x00400000, 0x00001000,
		  PRTOS_MEM_RW | PRTOS_MEM_SHARED },
	},
};
