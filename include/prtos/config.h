/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Binary configuration format, revision 1.
 *
 * A configuration is a flat blob: a fixed header followed by its arrays in
 * this order: memory regions, port I/O ranges, interrupt chips, PCI devices.
 * The header carries the count of every array, so a reader can check that
 * the blob is exactly as long as it claims before touching an element.
 *
 * A system configuration ("PRTOSSYS") describes the machine and embeds the
 * root cell's description; a cell configuration ("PRTOSCEL") describes one
 * further cell. Both are written in C (configs/x86/) and compiled to binary.
 * Every reader validates with lib/config-check.c.
 */
#ifndef _PRTOS_CONFIG_H
#define _PRTOS_CONFIG_H

#include <prtos/types.h>

#define PRTOS_SYSTEM_SIGNATURE "PRTOSSYS"
#define PRTOS_CELL_SIGNATURE   "PRTOSCEL"
#define PRTOS_SIGNATURE_SIZE   8
#define PRTOS_CONFIG_REVISION  1

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

/* Cell flags. */
/* The cell may write to the hypervisor's debug console. */
#define PRTOS_CELL_DEBUG_CONSOLE 0x0001
#define PRTOS_CELL_VALID_FLAGS	 0x0001

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
	__u32 reserved;
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
 * @apic_base: physical address of the local APIC page
 */
struct prtos_platform {
	__u64 pci_mmconfig_base;
	__u32 pci_mmconfig_end_bus;
	__u32 reserved;
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
 * @root_cell: the root cell; its arrays follow the system header
 */
struct prtos_system {
	char signature[PRTOS_SIGNATURE_SIZE];
	__u32 revision;
	__u32 flags;
	struct prtos_memory hypervisor_memory;
	struct prtos_console debug_console;
	struct prtos_platform platform;
	struct prtos_cell_desc root_cell;
} __attribute__((packed));

static inline __u64 prtos_cell_config_size(const struct prtos_cell_desc *c)
{
	return sizeof(struct prtos_cell_desc) +
	       (__u64)c->num_memory_regions * sizeof(struct prtos_memory) +
	       (__u64)c->num_pio * sizeof(struct prtos_pio) +
	       (__u64)c->num_irqchips * sizeof(struct prtos_irqchip) +
	       (__u64)c->num_pci_devices * sizeof(struct prtos_pci_device);
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

static inline int prtos_cell_has_cpu(const struct prtos_cell_desc *c,
				     unsigned int cpu)
{
	return cpu < PRTOS_MAX_CPUS && (c->cpus[cpu / 64] >> (cpu % 64)) & 1;
}

#endif
