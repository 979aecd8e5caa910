// SPDX-License-Identifier: GPL-2.0
/*
 * A cell that answers Linux on the QEMU machine of qemu-q35.c: CPU 3, 2 MiB
 * of RAM (those of ipc-pong.c: one of the two at a time), COM4 as console.
 * It reads channel echo-in, which Linux writes, and writes echo-out, which
 * Linux reads (both declared in qemu-q35.c), with a doorbell on vector
 * 0x40. Run ipc-demo in it with "tx=echo-out rx=echo-in".
 */
#include <prtos/config.h>

const struct {
	struct prtos_cell_desc cell;
	struct prtos_memory mem[2];
	struct prtos_pio pio[1];
	struct prtos_port ports[2];
} __attribute__((packed)) config = {
	.cell = {
		.signature = PRTOS_CELL_SIGNATURE,
		.revision = PRTOS_CONFIG_REVISION,
		.name = "ipc-echo",
		.cpus = { 0x8 },
		.num_memory_regions = 2,
		.num_pio = 1,
		.console_port = 0x2e8,
		.num_ports = 2,
	},
	.mem = {
		/* RAM: the image at 0xf0000, its BSS, the parameter page */
		{ 0x3b200000, 0x00000000, 0x00200000,
		  PRTOS_MEM_RWX | PRTOS_MEM_LOADABLE },
		/* comm region: the hypervisor provides the page */
		{ 0x00000000, 0x80000000, 0x00001000,
		  PRTOS_MEM_RW | PRTOS_MEM_COMM_REGION },
	},
	.pio = {
		{ 0x02e8, 8 },	/* COM4 */
	},
	.ports = {
		/* channels sit above the comm region, from the hypervisor */
		{
			.channel = "echo-out",
			.end = PRTOS_PORT_WRITER,
			.vector = 0x40,
			.address = 0x80100000,
		},
		{
			.channel = "echo-in",
			.end = PRTOS_PORT_READER,
			.vector = 0x40,
			.address = 0x80200000,
		},
	},
};
