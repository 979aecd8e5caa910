/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two ACPI tables 'prtos config create' reads (acpi.c): the MADT
 * ("APIC": CPUs, IOAPICs, the local APIC address) and the MCFG (PCI
 * ECAM windows). The tables are input: every length is checked before a
 * byte is read, and a table that does not add up is refused with one
 * sentence saying why.
 */
#ifndef _PRTOS_TOOL_ACPI_H
#define _PRTOS_TOOL_ACPI_H

#include <stddef.h>
#include <stdint.h>

/* Room for the longest reason acpi.c gives. */
#define ACPI_REASON_SIZE 192

/* Enough for any machine PRTOS handles, and more. */
#define ACPI_MAX_CPUS	  1024
#define ACPI_MAX_IOAPICS  64
#define ACPI_MAX_MMCONFIG 64

/**
 * struct acpi_cpu - an enabled processor of the MADT
 * @apic_id: its local APIC id (xAPIC or x2APIC)
 * @uid: the ACPI processor id (xAPIC entries) or UID (x2APIC entries)
 */
struct acpi_cpu {
	uint32_t apic_id;
	uint32_t uid;
};

/**
 * struct acpi_ioapic - an IOAPIC of the MADT
 * @id: the chip's IOAPIC id
 * @address: its MMIO base
 * @gsi_base: the first global system interrupt it delivers
 */
struct acpi_ioapic {
	uint32_t id;
	uint64_t address;
	uint32_t gsi_base;
};

/**
 * struct acpi_madt - what the MADT says about the machine
 * @apic_base: local APIC address (the override entry's, if any)
 * @cpus: the enabled processors, in table order
 * @num_cpus: entries of @cpus
 * @disabled_cpus: processor entries not marked enabled (absent or
 *		   hot-pluggable CPUs; not in @cpus)
 * @ioapics: the IOAPICs, in table order
 * @num_ioapics: entries of @ioapics
 */
struct acpi_madt {
	uint64_t apic_base;
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	unsigned int num_cpus;
	unsigned int disabled_cpus;
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	unsigned int num_ioapics;
};

/**
 * struct acpi_mmconfig - one ECAM window of the MCFG
 * @base: address of bus 0's configuration space in this segment
 * @segment: PCI segment group
 * @start_bus: first bus decoded
 * @end_bus: last bus decoded
 */
struct acpi_mmconfig {
	uint64_t base;
	uint16_t segment;
	uint8_t start_bus;
	uint8_t end_bus;
};

/**
 * struct acpi_mcfg - the ECAM windows of the MCFG
 * @windows: in table order
 * @num_windows: entries of @windows
 */
struct acpi_mcfg {
	struct acpi_mmconfig windows[ACPI_MAX_MMCONFIG];
	unsigned int num_windows;
};

int acpi_parse_madt(const void *table, size_t size, struct acpi_madt *madt,
		    char *reason, size_t len);
int acpi_parse_mcfg(const void *table, size_t size, struct acpi_mcfg *mcfg,
		    char *reason, size_t len);

#endif
