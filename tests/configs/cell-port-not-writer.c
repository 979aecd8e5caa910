// SPDX-License-Identifier: GPL-2.0
/*
 * A cell with a writer port on cyclic-stats, whose writer qemu-q35.c
 * declares to be cyclic-demo. Valid on its own; refused at create with
 * "cell 'not-writer' is not the writer of channel 'cyclic-stats' (its
 * writer is 'cyclic-demo')".
 */
#include <prtos/config.h>

const struct {
	struct prtos_cell_desc cell;
	struct prtos_memory mem[1];
	struct prtos_port ports[1];
} __attribute__((packed)) config = {
	.cell = {
		.signature = PRTOS_CELL_SIGNATURE,
		.revision = PRTOS_CONFIG_REVISION,
		.name = "not-writer",
		.cpus = { 0x2 },
		.num_memory_regions = 1,
		.num_ports = 1,
	},
	.mem = {
		{ 0x3b400000, 0x00000000, 0x00200000,
		  PRTOS_MEM_RWX | PRTOS_MEM_LOADABLE },
	},
	.ports = {
		{
			.channel = "cyclic-stats",
			.end = PRTOS_PORT_WRITER,
			.vector = PRTOS_PORT_NO_DOORBELL,
			.address = 0x80100000,
		},
	},
};
