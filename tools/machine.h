/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What Linux says about the machine it runs on, as 'prtos hardware check'
 * reads it: CPU flags, the kernel command line's memmap= reservations,
 * the top level of /proc/iomem, the firmware's memory map and MSRs
 * through the msr driver (machine.c). Every root can be moved by the
 * environment, so that tests can fake a machine.
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

enum iomem_kind {
	IOMEM_RAM,
	IOMEM_RESERVED,
	IOMEM_OTHER
};

struct iomem_entry {
	uint64_t start, end; /* inclusive, as /proc/iomem prints them */
	enum iomem_kind kind;
	char name[48];
};

/*
 * The top level of /proc/iomem. @hidden: every address reads as zero, as
 * Linux shows them to users other than root.
 */
struct iomem {
	struct iomem_entry *entries;
	unsigned int count;
	bool hidden;
};

int read_iomem(const char *text, struct iomem *io);
int read_firmware_ram(struct iomem *io);
void free_iomem(struct iomem *io);

int read_msr(unsigned int cpu, unsigned int msr, uint64_t *val);

#endif
