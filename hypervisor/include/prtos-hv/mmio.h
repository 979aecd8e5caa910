/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trapped memory-mapped I/O. Each cell keeps a sorted table of the regions
 * whose accesses the hypervisor emulates (the local APIC page, the IOAPIC,
 * later more), each with a handler. Architecture code turns a nested page
 * fault into one struct mmio_access and calls mmio_dispatch(); a handler
 * sees only the access, never how it was trapped or decoded.
 */
#ifndef _PRTOS_HV_MMIO_H
#define _PRTOS_HV_MMIO_H

#include <prtos-hv/types.h>

struct per_cpu;
struct cell;

/**
 * struct mmio_access - one trapped access
 * @address: guest-physical address
 * @size: width in bytes: 1, 2, 4 or 8
 * @is_write: store (true) or load
 * @value: a store's value; a load's result, set by the handler
 */
struct mmio_access {
	u64 address;
	unsigned int size;
	bool is_write;
	u64 value;
};

enum mmio_result {
	MMIO_HANDLED,	/* done: a load has its @value */
	MMIO_UNHANDLED, /* not an access the region emulates */
};

/*
 * A region's handler: @offset is the access's offset in the region. A
 * handler that finds a rule broken reports it with cell_violation() and,
 * if that returns (the root), contains the access and returns
 * MMIO_HANDLED.
 */
typedef enum mmio_result (*mmio_handler_t)(struct per_cpu *cpu, void *arg,
					   u64 offset,
					   struct mmio_access *access);

struct mmio_region {
	u64 start;
	u64 size;
	mmio_handler_t handler;
	void *arg;
};

#define MAX_MMIO_REGIONS 8

struct cell_mmio {
	unsigned int num;
	struct mmio_region regions[MAX_MMIO_REGIONS];
};

int mmio_region_register(struct cell *cell, u64 start, u64 size,
			 mmio_handler_t handler, void *arg);
bool mmio_claims(const struct cell *cell, u64 address);
enum mmio_result mmio_dispatch(struct per_cpu *cpu, struct mmio_access *access);

#endif
