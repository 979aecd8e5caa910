/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What Linux says about the machine it runs on, as 'prtos hardware check'
 * and 'prtos config create' read it (machine.c): CPU flags, the kernel
 * command line's memmap= reservations, the resource trees of /proc/iomem
 * and /proc/ioports, the firmware's memory map, the PCI functions and MSRs
 * through the msr driver. Every root can be moved by the environment, so
 * that tests can fake a machine.
 */
#ifndef _PRTOS_TOOL_MACHINE_H
#define _PRTOS_TOOL_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

const char *proc_root(void);
const char *sys_root(void);
const char *msr_root(void);
const char *firmware_root(void);

int read_text(const char *root, const char *rel, char **text);

/**
 * struct cpuinfo - the facts of /proc/cpuinfo that PRTOS cares about
 * @vendor: vendor_id of the first CPU, e.g. "AuthenticAMD"
 * @model: its model name
 * @flags: its "flags" line, with a space before and after every flag
 * @vmx_flags: its "vmx flags" line, likewise; NULL when there is none
 * @cpus: the number of every CPU listed (the online ones), ascending
 * @num_cpus: how many
 */
struct cpuinfo {
	char vendor[32];
	char model[96];
	char *flags;
	char *vmx_flags;
	unsigned int *cpus;
	unsigned int num_cpus;
};

int read_cpuinfo(struct cpuinfo *ci);
void free_cpuinfo(struct cpuinfo *ci);
bool has_flag(const char *flags, const char *name);

/* One memmap=SIZE$ADDR reservation of the kernel command line. */
struct memmap {
	uint64_t start;
	uint64_t size;
	char text[64]; /* as written, e.g. "memmap=96M$0x3a000000" */
};

#define MAX_MEMMAPS 8

int find_memmaps(const char *cmdline, struct memmap *out, int max, char *bad,
		 size_t len);

/**
 * enum resource_kind - what a resource of /proc/iomem holds
 * @RES_RAM: "System RAM" (in the firmware's map, its RAM)
 * @RES_RESERVED: "Reserved", such as the memmap= reservations
 * @RES_OTHER: anything else: devices, ACPI tables, ...
 */
enum resource_kind {
	RES_RAM,
	RES_RESERVED,
	RES_OTHER
};

#define RESOURCE_NAME_LEN 64

/**
 * struct resource - one line of /proc/iomem or /proc/ioports
 * @start: first address
 * @end: last address (inclusive, as Linux prints it)
 * @depth: nesting level, 0 for a top-level entry
 * @kind: what it holds
 * @name: what Linux calls it ("System RAM", "serial", ...)
 */
struct resource {
	uint64_t start;
	uint64_t end;
	unsigned int depth;
	enum resource_kind kind;
	char name[RESOURCE_NAME_LEN];
};

/**
 * struct resource_list - a resource file, in its order
 * @entries: malloc'ed array
 * @num: its length
 * @hidden: every address reads as zero, as Linux shows them to users
 *	    other than root
 */
struct resource_list {
	struct resource *entries;
	unsigned int num;
	bool hidden;
};

bool parse_memsize(const char **p, uint64_t *val);
int parse_resources(const char *text, bool nested, struct resource_list *list,
		    unsigned int *bad_line);
int read_firmware_ram(struct resource_list *list);
void free_resources(struct resource_list *list);

/**
 * struct pci_function - an entry of /sys/bus/pci/devices
 * @domain: PCI segment
 * @bus: bus number
 * @devfn: device << 3 | function
 * @class: its class code (base class, subclass, programming interface)
 * @vendor: vendor id
 * @device: device id
 */
struct pci_function {
	uint32_t domain;
	uint8_t bus;
	uint8_t devfn;
	uint32_t class;
	uint16_t vendor;
	uint16_t device;
};

int read_pci_functions(struct pci_function **list, unsigned int *num);

int read_msr(unsigned int cpu, unsigned int msr, uint64_t *val);

#endif
