// SPDX-License-Identifier: GPL-2.0
/* A cell asking for the hypervisor's own memory: always refused. */
#include <prtos/config.h>

const struct {
	struct prtos_cell_desc cell;
	struct prtos_memory mem[1];
} __attribute__((packed)) config = {
	.cell = {
		.signature = PRTOS_CELL_SIGNATURE,
		.revision = PRTOS_CONFIG_REVISION,
		.name = "greedy",
		.cpus = { 0x2 },
		.num_memory_regions = 1,
	},
	.mem = {
		{ 0x3a000000, 0x00000000, 0x00200000,
		  PRTOS_MEM_RWX | PRTOS_MEM_LOADABLE },
	},
};
