/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small system configuration for the q35 test machine, for configs that
 * are wrong in exactly one way. A test config defines what it changes
 * (HV_START, ROOT_CPUS, ROOT_MEMORY with NUM_ROOT_MEMORY, ROOT_PORTS with
 * NUM_ROOT_PORTS, CHANNELS with NUM_CHANNELS) and includes this.
 */
#include <prtos/config.h>

#define RAM    (PRTOS_MEM_RWX | PRTOS_MEM_DMA)
#define DEVICE (PRTOS_MEM_RW | PRTOS_MEM_IO)

#ifndef HV_START
#define HV_START 0x3a000000
#endif
#ifndef ROOT_CPUS
#define ROOT_CPUS 0xff
#endif
#ifndef ROOT_MEMORY
#define NUM_ROOT_MEMORY 3
#define ROOT_MEMORY                                          \
	{ 0x00000000, 0x00000000, 0x3a000000, RAM },         \
		{ 0x3a600000, 0x3a600000, 0x05a00000, RAM }, \
	{                                                    \
		0xb0000000, 0xb0000000, 0x4ee00000, DEVICE   \
	}
#endif
#ifndef NUM_ROOT_PORTS
#define NUM_ROOT_PORTS 0
#endif
#ifndef NUM_CHANNELS
#define NUM_CHANNELS 0
#endif

const struct {
	struct prtos_system sys;
	struct prtos_memory mem[NUM_ROOT_MEMORY];
	struct prtos_pio pio[1];
#if NUM_ROOT_PORTS
	struct prtos_port ports[NUM_ROOT_PORTS];
#endif
#if NUM_CHANNELS
	struct prtos_channel channels[NUM_CHANNELS];
#endif
} __attribute__((packed)) config = {
	.sys = {
		.signature = PRTOS_SYSTEM_SIGNATURE,
		.revision = PRTOS_CONFIG_REVISION,
		.hypervisor_memory = { .phys_start = HV_START,
				       .size = 0x600000 },
		.debug_console = { .type = PRTOS_CONSOLE_UART_PIO,
				   .address = 0x2f8 },
		.platform = { .apic_base = 0xfee00000 },
		.root_cell = {
			.signature = PRTOS_CELL_SIGNATURE,
			.revision = PRTOS_CONFIG_REVISION,
			.name = "linux-root",
			.cpus = { ROOT_CPUS },
			.num_memory_regions = NUM_ROOT_MEMORY,
			.num_pio = 1,
			.num_ports = NUM_ROOT_PORTS,
		},
		.num_channels = NUM_CHANNELS,
	},
	.mem = { ROOT_MEMORY },
	.pio = { { 0x0000, 0x2f8 } },
#if NUM_ROOT_PORTS
	.ports = { ROOT_PORTS },
#endif
#if NUM_CHANNELS
	.channels = { CHANNELS },
#endif
};
