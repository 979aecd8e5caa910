// SPDX-License-Identifier: GPL-2.0
/*
 * Cell configuration of the cyclic executive (inmates/demos/x86/
 * cyclic-demo.c) on the QEMU machine of qemu-q35.c: CPU 2, 2 MiB of RAM,
 * COM3 as console. No PIT: the TSC frequency comes from the comm region,
 * and the APIC timer is calibrated against the TSC. It writes the sampling
 * channel cyclic-stats (declared in qemu-q35.c), which Linux reads.
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
		/* RAM: the image at 0xf0000, its BSS, the parameter page */
		{ 0x3a800000, 0x00000000, 0x00200000,
		  PRTOS_MEM_RWX | PRTOS_MEM_LOADABLE },
		/* comm region: the hypervisor provides the page */
		{ 0x00000000, 0x80000000, 0x00001000,
		  PRTOS_MEM_RW | PRTOS_MEM_COMM_REGION },
	},
	.pio = {
		{ 0x03e8, 8 },	/* COM3 */
	},
	.ports = {
		/* above the comm region, from the hypervisor; Linux polls */
		{
			.channel = "cyclic-stats",
			.end = PRTOS_PORT_WRITER,
			.vector = PRTOS_PORT_NO_DOORBELL,
			.address = 0x80100000,
		},
	},
};
