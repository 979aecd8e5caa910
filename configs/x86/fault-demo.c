// SPDX-License-Identifier: GPL-2.0
/*
 * Cell configuration of the fault inmate (inmates/tests/x86/fault-demo.c)
 * on the QEMU machine of qemu-q35.c: CPU 3, 2 MiB of RAM, COM4 as console
 * and nothing else, so that each fault it commits ("fault=mem|ipi|triple")
 * reaches beyond what it was given.
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
		.name = "fault-demo",
		.cpus = { 0x8 },
		.num_memory_regions = 2,
		.num_pio = 1,
		.console_port = 0x2e8,
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
