// SPDX-License-Identifier: GPL-2.0
/*
 * ipc-pong.c with its ipc-ping port on its comm region. Valid on its own;
 * refused at create with "port 1 (channel 'ipc-ping') at
 * 0x80000000-0x80003fff overlaps memory region 1 (0x80000000-0x80000fff):
 * move the port to a free address".
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
		.name = "ipc-pong",
		.cpus = { 0x8 },
		.num_memory_regions = 2,
		.num_pio = 1,
		.console_port = 0x2e8,
		.num_ports = 2,
	},
	.mem = {
		{ 0x3b200000, 0x00000000, 0x00200000,
		  PRTOS_MEM_RWX | PRTOS_MEM_LOADABLE },
		{ 0x00000000, 0x80000000, 0x00001000,
		  PRTOS_MEM_RW | PRTOS_MEM_COMM_REGION },
	},
	.pio = {
		{ 0x02e8, 8 },	/* COM4 */
	},
	.ports = {
		{
			.channel = "ipc-pong",
			.end = PRTOS_PORT_WRITER,
			.vector = 0x40,
			.address = 0x80100000,
		},
		{
			.channel = "ipc-ping",
			.end = PRTOS_PORT_READER,
			.vector = 0x40,
			.address = 0x80000000,
		},
	},
};
