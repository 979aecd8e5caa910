/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Binary configuration format, revision 3 (revision 1 had no channels,
 * revision 2 no health monitor).
 *
 * A configuration is a flat blob: a fixed header followed by its arrays in
 * this order: memory regions, port I/O ranges, interrupt chips, PCI devices,
 * ports. The header carries the count of every array, so a reader can check
 * that the blob is exactly as long as it claims before touching an element.
 *
 * A system configuration ("PRTOSSYS") describes the machine and embeds the
 * root cell's description; the channels of the whole system follow the root
 * cell's arrays. A cell configuration ("PRTOSCEL") describes one further
 * cell; its ports name channels of the system configuration. Both are written in C (configs/x86/) and compiled to binary.
 * Every reader validates with lib/config-check.c.
 */
#ifndef _PRTOS_CONFIG_H
#define _PRTOS_CONFIG_H

#include <prtos/types.h>

#define PRTOS_SYSTEM_SIGNATURE "PRTOSSYS"
#define PRTOS_CELL_SIGNATURE   "PRTOSCEL"
#define PRTOS_SIGNATURE_SIZE   8
#define PRTOS_CONFIG_REVISION  3

#define PRTOS_CELL_NAME_LEN    32
#define PRTOS_MAX_CPUS	       64

/* Memory region flags. */
#define PRTOS_MEM_READ	  0x0001
#define PRTOS_MEM_WRITE	  0x0002
#define PRTOS_MEM_EXECUTE 0x0004
#define PRTOS_MEM_DMA	  0x0008
/* The root may write the region while the cell is loadable. */
#define PRTOS_MEM_LOADABLE 0x0010
/* The cell's communication region (one page, see comm-region.h). */
#define PRTOS_MEM_COMM_REGION 0x0020
/*
 * Deliberately shared with other cells that declare the same range. The
 * root gets it back (unscrubbed) when the last cell holding it is gone.
 */
#define PRTOS_MEM_SHARED 0x0040
/* Stays mapped in the root cell while this cell exists. */
#define PRTOS_MEM_ROOT_SHARED 0x0080
/* Device memory: mapped uncached. */
#define PRTOS_MEM_IO	      0x0100
#define PRTOS_MEM_VALID_FLAGS 0x01ff

#define PRTOS_MEM_RW	      (PRTOS_MEM_READ | PRTOS_MEM_WRITE)
#define PRTOS_MEM_RWX	      (PRTOS_MEM_READ | PRTOS_MEM_WRITE | PRTOS_MEM_EXECUTE)

/**
 * struct prtos_memory - a range of guest-physical memory of a cell
 * @phys_start: host-physical start, page aligned
 * @virt_start: guest-physical start as the cell sees it, page aligned
 * @size: length in bytes, a multiple of the page size
 * @flags: PRTOS_MEM_*
 */
struct prtos_memory {
	__u64 phys_start;
	__u64 virt_start;
	__u64 size;
	__u64 flags;
} __attribute__((packed));

/**
 * struct prtos_pio - a range of I/O ports granted to a cell
 * @base: first port
 * @length: number of ports, base + length <= 0x10000
 */
struct prtos_pio {
	__u32 base;
	__u32 length;
} __attribute__((packed));

#define PRTOS_IRQCHIP_IOAPIC 1

/**
 * struct prtos_irqchip - an interrupt controller and the pins a cell owns
 * @type: PRTOS_IRQCHIP_*
 * @id: the chip's own id (IOAPIC id)
 * @address: MMIO base
 * @pin_bitmap: pins owned by the cell, bit n = pin n
 */
struct prtos_irqchip {
	__u32 type;
	__u32 id;
	__u64 address;
	__u64 pin_bitmap[4];
} __attribute__((packed));

#define PRTOS_PCI_TYPE_DEVICE 1
#define PRTOS_PCI_TYPE_BRIDGE 2

/**
 * struct prtos_pci_device - a PCI function assigned to a cell
 * @type: PRTOS_PCI_TYPE_*
 * @domain: PCI segment
 * @bdf: bus << 8 | device << 3 | function
 */
struct prtos_pci_device {
	__u32 type;
	__u16 domain;
	__u16 bdf;
} __attribute__((packed));

#define PRTOS_CHANNEL_NAME_LEN	  32
#define PRTOS_CHANNEL_MAX_READERS 4

#define PRTOS_CHANNEL_SAMPLING	  1
#define PRTOS_CHANNEL_QUEUING	  2

/**
 * struct prtos_channel - one channel of the system (system configuration)
 * @name: NUL-terminated, unique among channels
 * @writer: name of the one cell that writes ("" is not allowed; the root
 *          cell's name makes Linux the writer)
 * @readers: names of the cells that read, @num_readers of them
 * @kind: PRTOS_CHANNEL_SAMPLING or PRTOS_CHANNEL_QUEUING
 * @num_readers: 1..PRTOS_CHANNEL_MAX_READERS (exactly 1 for queuing)
 * @max_message_size: largest message in bytes
 * @depth: queuing: messages the queue holds; sampling: 0
 * @refresh_ns: sampling: a message older than this is delivered but
 *              marked invalid; 0 = never stale; queuing: 0
 */
struct prtos_channel {
	char name[PRTOS_CHANNEL_NAME_LEN];
	char writer[PRTOS_CELL_NAME_LEN];
	char readers[PRTOS_CHANNEL_MAX_READERS][PRTOS_CELL_NAME_LEN];
	__u32 kind;
	__u32 num_readers;
	__u32 max_message_size;
	__u32 depth;
	__u64 refresh_ns;
} __attribute__((packed));

#define PRTOS_PORT_WRITER 1
#define PRTOS_PORT_READER 2
/* @vector of a port whose cell only polls. */
#define PRTOS_PORT_NO_DOORBELL 0

/**
 * struct prtos_port - a cell's end of a channel (cell configuration)
 * @channel: name of a channel of the system configuration
 * @end: PRTOS_PORT_WRITER or PRTOS_PORT_READER
 * @vector: interrupt vector of the doorbell (32..255), or
 *          PRTOS_PORT_NO_DOORBELL; always the latter for the root, whose
 *          doorbells come on platform.root_doorbell_pin
 * @address: guest-physical address where the cell sees the channel, page
 *           aligned; the channel takes prtos_channel_size() bytes
 */
struct prtos_port {
	char channel[PRTOS_CHANNEL_NAME_LEN];
	__u32 end;
	__u32 vector;
	__u64 address;
} __attribute__((packed));

/* Cell flags. */
/* The cell may write to the hypervisor's debug console. */
#define PRTOS_CELL_DEBUG_CONSOLE 0x0001
#define PRTOS_CELL_VALID_FLAGS	 0x0001

/* Health monitor: what a fault of the cell does. */
#define PRTOS_HM_STOP	      0 /* park its CPUs; the cell is failed */
#define PRTOS_HM_RESTART      1 /* run its loaded image again, a few times */
#define PRTOS_HM_MAX_RESTARTS 1000

/**
 * struct prtos_health - a cell's health-monitor policy
 * @action: PRTOS_HM_STOP (the default; the only one for the root) or
 *          PRTOS_HM_RESTART
 * @max_restarts: with PRTOS_HM_RESTART, how many faults (1 to
 *                PRTOS_HM_MAX_RESTARTS) within @window_ms restart the
 *                cell; the next one stops it. 0 with PRTOS_HM_STOP.
 * @window_ms: the window, opened by the first fault after a start and
 *             closed @window_ms later; 0: no window, the count runs from
 *             'prtos cell start' on. 0 with PRTOS_HM_STOP.
 * @reserved: 0
 *
 * A restart resets the cell's CPUs and runs what 'prtos cell load' put
 * into its memory, as it was loaded: the hypervisor keeps a copy of the
 * loaded bytes from the start on.
 */
struct prtos_health {
	__u32 action;
	__u32 max_restarts;
	__u32 window_ms;
	__u32 reserved;
} __attribute__((packed));

/**
 * struct prtos_cell_desc - one cell; followed by its arrays
 * @signature: PRTOS_CELL_SIGNATURE (also inside a system config)
 * @revision: PRTOS_CONFIG_REVISION
 * @name: NUL-terminated name, unique among running cells
 * @flags: PRTOS_CELL_*
 * @cpus: bitmap of the CPUs (Linux/APIC numbering, see DESIGN.md)
 * @num_memory_regions: entries of struct prtos_memory that follow
 * @num_pio: entries of struct prtos_pio that follow
 * @num_irqchips: entries of struct prtos_irqchip that follow
 * @num_pci_devices: entries of struct prtos_pci_device that follow
 * @console_port: the cell's own UART (I/O port), 0 if none
 * @num_ports: entries of struct prtos_port that follow
 * @health: what a fault of the cell does
 */
struct prtos_cell_desc {
	char signature[PRTOS_SIGNATURE_SIZE];
	__u32 revision;
	__u32 flags;
	char name[PRTOS_CELL_NAME_LEN];
	__u64 cpus[PRTOS_MAX_CPUS / 64];
	__u32 num_memory_regions;
	__u32 num_pio;
	__u32 num_irqchips;
	__u32 num_pci_devices;
	__u32 console_port;
	__u32 num_ports;
	struct prtos_health health;
} __attribute__((packed));

#define PRTOS_CONSOLE_NONE     0
#define PRTOS_CONSOLE_UART_PIO 1

/**
 * struct prtos_console - where the hypervisor prints
 * @type: PRTOS_CONSOLE_*
 * @address: I/O port of a 16550-compatible UART
 * @baud: line speed; 0 keeps what firmware set up
 */
struct prtos_console {
	__u32 type;
	__u32 address;
	__u32 baud;
	__u32 reserved;
} __attribute__((packed));

/**
 * struct prtos_platform - machine facts the hypervisor needs
 * @pci_mmconfig_base: ECAM base, 0 if none
 * @pci_mmconfig_end_bus: last bus covered by ECAM
 * @root_doorbell_pin: an IOAPIC pin of the root that no device uses, on
 *                     which Linux takes the doorbells of its ports (the
 *                     hypervisor raises the interrupt Linux programmed for
 *                     it); 0 = the root polls
 * @apic_base: physical address of the local APIC page
 */
struct prtos_platform {
	__u64 pci_mmconfig_base;
	__u32 pci_mmconfig_end_bus;
	__u32 root_doorbell_pin;
	__u64 apic_base;
} __attribute__((packed));

/**
 * struct prtos_system - a system configuration; the root cell follows it
 * @signature: PRTOS_SYSTEM_SIGNATURE
 * @revision: PRTOS_CONFIG_REVISION
 * @flags: none defined yet, must be 0
 * @hypervisor_memory: where the hypervisor lives (only phys_start and size)
 * @debug_console: the hypervisor's UART
 * @platform: machine facts
 * @num_channels: entries of struct prtos_channel that follow the root
 *                cell's arrays
 * @reserved: 0
 * @root_cell: the root cell; its arrays follow the system header
 */
struct prtos_system {
	char signature[PRTOS_SIGNATURE_SIZE];
	__u32 revision;
	__u32 flags;
	struct prtos_memory hypervisor_memory;
	struct prtos_console debug_console;
	struct prtos_platform platform;
	__u32 num_channels;
	__u32 reserved;
	struct prtos_cell_desc root_cell;
} __attribute__((packed));

static inline __u64 prtos_cell_config_size(const struct prtos_cell_desc *c)
{
	return sizeof(struct prtos_cell_desc) +
	       (__u64)c->num_memory_regions * sizeof(struct prtos_memory) +
	       (__u64)c->num_pio * sizeof(struct prtos_pio) +
	       (__u64)c->num_irqchips * sizeof(struct prtos_irqchip) +
	       (__u64)c->num_pci_devices * sizeof(struct prtos_pci_device) +
	       (__u64)c->num_ports * sizeof(struct prtos_port);
}

static inline const struct prtos_memory *
prtos_cell_mem(const struct prtos_cell_desc *c)
{
	return (const struct prtos_memory *)(c + 1);
}

static inline const struct prtos_pio *
prtos_cell_pio(const struct prtos_cell_desc *c)
{
	return (const struct prtos_pio *)(prtos_cell_mem(c) +
					  c->num_memory_regions);
}

static inline const struct prtos_irqchip *
prtos_cell_irqchips(const struct prtos_cell_desc *c)
{
	return (const struct prtos_irqchip *)(prtos_cell_pio(c) + c->num_pio);
}

static inline const struct prtos_pci_device *
prtos_cell_pci(const struct prtos_cell_desc *c)
{
	return (const struct prtos_pci_device *)(prtos_cell_irqchips(c) +
						 c->num_irqchips);
}

static inline const struct prtos_port *
prtos_cell_ports(const struct prtos_cell_desc *c)
{
	return (const struct prtos_port *)(prtos_cell_pci(c) +
					   c->num_pci_devices);
}

/* The channels of a system configuration: after the root cell's arrays. */
static inline const struct prtos_channel *
prtos_system_channels(const struct prtos_system *s)
{
	return (const struct prtos_channel *)((const char *)&s->root_cell +
					      prtos_cell_config_size(
						      &s->root_cell));
}

static inline __u64 prtos_system_config_size(const struct prtos_system *s)
{
	return sizeof(*s) - sizeof(s->root_cell) +
	       prtos_cell_config_size(&s->root_cell) +
	       (__u64)s->num_channels * sizeof(struct prtos_channel);
}

static inline int prtos_cell_has_cpu(const struct prtos_cell_desc *c,
				     unsigned int cpu)
{
	return cpu < PRTOS_MAX_CPUS && (c->cpus[cpu / 64] >> (cpu % 64)) & 1;
}

#endif
