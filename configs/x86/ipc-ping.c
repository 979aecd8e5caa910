// SPDX-License-Identifier: GPL-2.0
/*
 * Cell configuration of the ping side of the IPC demo on the QEMU machine
 * of qemu-q35.c: CPU 2, 2 MiB of RAM, COM3 as console. It writes channel
 * ipc-ping and reads channel ipc-pong (both declared in qemu-q35.c), each
 * with a doorbell on vector 0x40. Its peer is ipc-pong.c, on CPU 3.
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
		.name = "ipc-ping",
		.cpus = { 0x4 },
		.num_memory_regions = 2,
		.num_pio = 1,
		.console_port = 0x3e8,
		.num_ports = 2,
	},
	.mem = {
		/* RAM: the image at 0xf0000, its BSS, the parameter page */
		{ 0x3ae00000, 0x00000000, 0x00200000,
		  PRTOS_MEM_RWX | PRTOS_MEM_LOADABLE },
		/* comm region: the hypervisor provides the page */
		{ 0x00000000, 0x80000000, 0x00001000,
		  PRTOS_MEM_RW | PRTOS_MEM_COMM_REGION },
	},
	.pio = {
		{ 0x03e8, 8 },	/* COM3 */
	},
	.ports = {
		/* channels sit above the comm region, from the hypervisor */
		{
			.channel = "ipc-ping",
			.end = PRTOS_PORT_WRITER,
			.vector = 0x40,
			.address = 0x80100000,
		},
		{
			.channel = "ipc-pong",
			.end = PRTOS_PORT_READER,
			.vector = 0x40,
			.address = 0x80200000,
		},
	},
};
