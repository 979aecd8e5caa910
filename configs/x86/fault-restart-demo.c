// SPDX-License-Identifier: GPL-2.0
/*
 * The fault inmate (inmates/tests/x86/fault-demo.c) under the health
 * monitor's restart policy: its first two faults within a minute restart
 * it, with the image and parameters as they were loaded; the third stops
 * it. Same machine share as fault-demo.c (CPU 3, 2 MiB of RAM, COM4), so
 * only one of the two can exist at a time.
 */
#include <prtos/config.h>

const struct {
	struct prtos_cell_desc cell;
	struct prtos_memory mem[2];
	struct prtos_pio pio[1];
} __attribute__((packed)) config = {
	.cell = {
		.signature = PRTOS_CELL_SIGNATURE,
		.revision = PRTOS_CONFIG_REVISION,
		.name = "fault-restart-demo",
		.cpus = { 0x8 },
		.num_memory_regions = 2,
		.num_pio = 1,
		.console_port = 0x2e8,
		.health = {
			.action = PRTOS_HM_RESTART,
			.max_restarts = 2,
			.window_ms = 60000,
		},
	},
	.mem = {
		/* RAM: the image at 0xf0000, its BSS, the parameter page */
		{ 0x3ac00000, 0x00000000, 0x00200000,
		  PRTOS_MEM_RWX | PRTOS_MEM_LOADABLE },
		/* comm region: the hypervisor provides the page */
		{ 0x00000000, 0x80000000, 0x00001000,
		  PRTOS_MEM_RW | PRTOS_MEM_COMM_REGION },
	},
	.pio = {
		{ 0x02e8, 8 },	/* COM4 */
	},
};
