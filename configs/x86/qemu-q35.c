// SPDX-License-Identifier: GPL-2.0
/*
 * System configuration of the QEMU machine that scripts/vm boots: q35,
 * AMD CPU with SVM and NPT, up to 8 CPUs, 1 GiB of RAM (more works: RAM
 * up to 2.75 GiB below 4 GiB and 4 GiB above it are mapped), and Linux
 * booted with memmap=96M$0x3a000000.
 *
 * Of the reserved 96 MiB the first 6 MiB hold the hypervisor; the rest
 * (0x3a600000-0x3fffffff) is memory for cells, which the root keeps
 * mapped so that it can load them.
 *
 * The local APIC (0xfee00000) is not listed: the hypervisor traps it.
 * COM2 (0x2f8) is the hypervisor's console; COM3 and COM4 are kept for
 * cells and are therefore not granted to the root either.
 *
 * Channels: ipc-ping and ipc-pong are the two queues between the cells of
 * ipc-ping.c and ipc-pong.c; cyclic-stats carries the cyclic demo's
 * statistics to Linux, which sees it at 0x200000000 (above any RAM of the
 * machine, see the last memory region); echo-in and echo-out are queues
 * from Linux to the cell of ipc-echo.c and back (0x200100000,
 * 0x200200000). Linux takes its doorbells on IOAPIC pin 10.
 */
#include <prtos/config.h>

#define RAM    (PRTOS_MEM_RWX | PRTOS_MEM_DMA)
#define DEVICE (PRTOS_MEM_RW | PRTOS_MEM_IO)

const struct {
	struct prtos_system sys;
	struct prtos_memory mem[10];
	struct prtos_pio pio[4];
	struct prtos_irqchip irqchips[1];
	struct prtos_pci_device pci[4];
	struct prtos_port ports[3];
	struct prtos_channel channels[5];
} __attribute__((packed)) config = {
	.sys = {
		.signature = PRTOS_SYSTEM_SIGNATURE,
		.revision = PRTOS_CONFIG_REVISION,
		.hypervisor_memory = {
			.phys_start = 0x3a000000,
			.size = 0x600000,
		},
		.debug_console = {
			.type = PRTOS_CONSOLE_UART_PIO,
			.address = 0x2f8,
			.baud = 115200,
		},
		.platform = {
			.pci_mmconfig_base = 0xb0000000,
			.pci_mmconfig_end_bus = 0xff,
			/* no device of the machine uses pin 10 */
			.root_doorbell_pin = 10,
			.apic_base = 0xfee00000,
		},
		.root_cell = {
			.signature = PRTOS_CELL_SIGNATURE,
			.revision = PRTOS_CONFIG_REVISION,
			.name = "linux-root",
			.cpus = { 0xff },
			.num_memory_regions = 10,
			.num_pio = 4,
			.num_irqchips = 1,
			.num_pci_devices = 4,
			.num_ports = 3,
		},
		.num_channels = 5,
	},
	.mem = {
		/* RAM below the reservation */
		{ 0x00000000, 0x00000000, 0x3a000000, RAM },
		/* memory for cells */
		{ 0x3a600000, 0x3a600000, 0x05a00000, RAM },
		/* RAM of larger machines, below the PCI hole */
		{ 0x40000000, 0x40000000, 0x70000000, RAM },
		/* PCI configuration space (ECAM) */
		{ 0xb0000000, 0xb0000000, 0x10000000, DEVICE },
		/* PCI memory window */
		{ 0xc0000000, 0xc0000000, 0x3ec00000, DEVICE },
		/* IOAPIC */
		{ 0xfec00000, 0xfec00000, 0x00001000, DEVICE },
		/* HPET */
		{ 0xfed00000, 0xfed00000, 0x00001000, DEVICE },
		/* ICH9 root complex register block */
		{ 0xfed1c000, 0xfed1c000, 0x00004000, DEVICE },
		/* firmware */
		{ 0xfffc0000, 0xfffc0000, 0x00040000,
		  PRTOS_MEM_READ | PRTOS_MEM_EXECUTE },
		/* RAM above 4 GiB of larger machines */
		{ 0x100000000, 0x100000000, 0x100000000, RAM },
	},
	.pio = {
		{ 0x0000, 0x02e8 },	/* up to COM4 */
		{ 0x02f0, 0x0008 },	/* between COM4 and COM2 */
		{ 0x0300, 0x00e8 },	/* up to COM3 */
		{ 0x03f0, 0xfc10 },	/* COM1 and everything above */
	},
	.irqchips = {
		{
			.type = PRTOS_IRQCHIP_IOAPIC,
			.id = 0,
			.address = 0xfec00000,
			.pin_bitmap = { 0xffffff },
		},
	},
	.pci = {
		{ PRTOS_PCI_TYPE_DEVICE, 0, 0x00 },	/* 00:00.0 host bridge */
		{ PRTOS_PCI_TYPE_DEVICE, 0, 0xf8 },	/* 00:1f.0 LPC */
		{ PRTOS_PCI_TYPE_DEVICE, 0, 0xfa },	/* 00:1f.2 SATA */
		{ PRTOS_PCI_TYPE_DEVICE, 0, 0xfb },	/* 00:1f.3 SMBus */
	},
	.ports = {
		{
			.channel = "cyclic-stats",
			.end = PRTOS_PORT_READER,
			.vector = PRTOS_PORT_NO_DOORBELL,
			.address = 0x200000000,
		},
		{
			.channel = "echo-in",
			.end = PRTOS_PORT_WRITER,
			.vector = PRTOS_PORT_NO_DOORBELL,
			.address = 0x200100000,
		},
		{
			.channel = "echo-out",
			.end = PRTOS_PORT_READER,
			.vector = PRTOS_PORT_NO_DOORBELL,
			.address = 0x200200000,
		},
	},
	.channels = {
		{
			.name = "ipc-ping",
			.kind = PRTOS_CHANNEL_QUEUING,
			.writer = "ipc-ping",
			.readers = { "ipc-pong" },
			.num_readers = 1,
			.max_message_size = 256,
			.depth = 16,
		},
		{
			.name = "ipc-pong",
			.kind = PRTOS_CHANNEL_QUEUING,
			.writer = "ipc-pong",
			.readers = { "ipc-ping" },
			.num_readers = 1,
			.max_message_size = 256,
			.depth = 16,
		},
		{
			.name = "cyclic-stats",
			.kind = PRTOS_CHANNEL_SAMPLING,
			.writer = "cyclic-demo",
			.readers = { "linux-root" },
			.num_readers = 1,
			.max_message_size = 256,
			.refresh_ns = 2000000000,	/* 2 s */
		},
		{
			.name = "echo-in",
			.kind = PRTOS_CHANNEL_QUEUING,
			.writer = "linux-root",
			.readers = { "ipc-echo" },
			.num_readers = 1,
			.max_message_size = 256,
			.depth = 16,
		},
		{
			.name = "echo-out",
			.kind = PRTOS_CHANNEL_QUEUING,
			.writer = "ipc-echo",
			.readers = { "linux-root" },
			.num_readers = 1,
			.max_message_size = 256,
			.depth = 16,
		},
	},
};
