/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What Linux reports about the machine under /proc and /sys, read for
 * 'prtos config create' (proc-sys.c): the resource trees of /proc/iomem
 * and /proc/ioports, text files, and the PCI functions. PRTOS_PROC and
 * PRTOS_SYS name other trees to read instead (tests use fake ones).
 */
#ifndef _PRTOS_TOOL_PROC_SYS_H
#define _PRTOS_TOOL_PROC_SYS_H

#include <stddef.h>
#include <stdint.h>

#define RESOURCE_NAME_LEN 64

/**
 * struct resource - one line of /proc/iomem or /proc/ioports
 * @start: first address
 * @end: last address (inclusive, as Linux prints it)
 * @depth: nesting level, 0 for a top-level entry
 * @name: what Linux calls it ("System RAM", "serial", ...)
 */
struct resource {
	uint64_t start;
	uint64_t end;
	unsigned int depth;
	char name[RESOURCE_NAME_LEN];
};

/**
 * struct resource_list - a resource file, in its order
 * @entries: malloc'ed array
 * @num: its length
 */
struct resource_list {
	struct resource *entries;
	unsigned int num;
};

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

/* Longest path built from PRTOS_PROC or PRTOS_SYS. */
#define PROC_SYS_PATH_LEN 512

void proc_path(char path[PROC_SYS_PATH_LEN], const char *rel);
void sys_path(char path[PROC_SYS_PATH_LEN], const char *rel);
int read_text(const char *path, char **text);
int read_resources(const char *path, struct resource_list *list);
int read_pci_functions(struct pci_function **list, unsigned int *num);

#endif
