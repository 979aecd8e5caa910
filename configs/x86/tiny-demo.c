// SPDX-License-Identifier: GPL-2.0
/*
 * Cell configuration of the tiny demo (inmates/demos/x86/tiny-demo.c) on
 * the QEMU machine of qemu-q35.c: CPU 3, 2 MiB of RAM, COM4 as console,
 * and the PIT (channel 2 gated through port 0x61), with which the demo
 * measures the TSC itself.
 */
#include <prtos/config.h>

const struct {
	struct prtos_cell_desc cell;
	struct prtos_memory mem[2];
	struct prtos_pio pio[3];
} __attribute__((packed)) config = {
	.cell = {
		.signature = PRTOS_CELL_SIGNATURE,
		.revision = PRTOS_CONFIG_REVISION,
		.name = "tiny-demo",
		.cpus = { 0x8 },
		.num_memory_regions = 2,
		.num_pio = 3,
		.console_port = 0x2e8,
	},
	.mem = {
		/* RAM: the image at 0xf0000, its BSS, the parameter page */
		{ 0x3a600000, 0x00000000, 0x00200000,
		  PRTOS_MEM_RWX | PRTOS_MEM_LOADABLE },
		/* comm region: the hypervisor provides the page */
		{ 0x00000000, 0x80000000, 0x00001000,
		  PRTOS_MEM_RW | PRTOS_MEM_COMM_REGION },
	},
	.pio = {
		{ 0x02e8, 8 },	/* COM4 */
		{ 0x0040, 4 },	/* PIT */
		{ 0x0061, 1 },	/* port B: PIT channel 2 gate and output */
	},
};
