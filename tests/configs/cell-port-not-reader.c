// SPDX-License-Identifier: GPL-2.0
/*
 * ipc-ping.c with a reader port on cyclic-stats, which only the root cell
 * reads. Valid on its own; refused at create with "cell 'ipc-ping' is not
 * a reader of channel 'cyclic-stats' (its reader is 'linux-root')".
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
		{ 0x3ae00000, 0x00000000, 0x00200000,
		  PRTOS_MEM_RWX | PRTOS_MEM_LOADABLE },
		{ 0x00000000, 0x80000000, 0x00001000,
		  PRTOS_MEM_RW | PRTOS_MEM_COMM_REGION },
	},
	.pio = {
		{ 0x03e8, 8 },	/* COM3 */
	},
	.ports = {
		{
			.channel = "ipc-ping",
			.end = PRTOS_PORT_WRITER,
			.vector = 0x40,
			.address = 0x80100000,
		},
		{
			.channel = "cyclic-stats",
			.end = PRTOS_PORT_READER,
			.vector = PRTOS_PORT_NO_DOORBELL,
			.address = 0x80200000,
		},
	},
};
