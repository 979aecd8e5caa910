// SPDX-License-Identifier: GPL-2.0
/*
 * cyclic-demo.c with its cyclic-stats port inside its own RAM. Valid on
 * its own; refused at create with "port 0 (channel 'cyclic-stats') at
 * 0x100000-0x102fff overlaps memory region 0 (0x0-0x1fffff): move the
 * port to a free address".
 */
#include <prtos/config.h>

const struct {
	struct prtos_cell_desc cell;
	struct prtos_memory mem[2];
	struct prtos_pio pio[1];
	struct prtos_port ports[1];
} __attribute__((packed)) config = {
	.cell = {
		.signature = PRTOS_CELL_SIGNATURE,
		.revision = PRTOS_CONFIG_REVISION,
		.name = "cyclic-demo",
		.cpus = { 0x4 },
		.num_memory_regions = 2,
		.num_pio = 1,
		.console_port = 0x3e8,
		.num_ports = 1,
	},
	.mem = {
		{ 0x3a800000, 0x00000000, 0x00200000,
		  PRTOS_MEM_RWX | PRTOS_MEM_LOADABLE },
		{ 0x00000000, 0x80000000, 0x00001000,
		  PRTOS_MEM_RW | PRTOS_MEM_COMM_REGION },
	},
	.pio = {
		{ 0x03e8, 8 },	/* COM3 */
	},
	.ports = {
		{
			.channel = "cyclic-stats",
			.end = PRTOS_PORT_WRITER,
			.vector = PRTOS_PORT_NO_DOORBELL,
			.address = 0x00100000,
		},
	},
};
