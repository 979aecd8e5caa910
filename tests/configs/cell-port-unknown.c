// SPDX-License-Identifier: GPL-2.0
/*
 * A cell whose port names a channel that qemu-q35.c does not declare.
 * Valid on its own (prtos config check passes); refused at create, by the
 * driver and by the hypervisor, with "port 0 names channel
 * 'no-such-channel', which the system configuration does not declare:
 * declare it there or correct the name".
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
		.name = "port-unknown",
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
			.channel = "no-such-channel",
			.end = PRTOS_PORT_READER,
			.vector = PRTOS_PORT_NO_DOORBELL,
			.address = 0x80100000,
		},
	},
};
