/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cells: the units of isolation. Cell 0 is the root (Linux); the others
 * are created from the root and own their CPUs and memory outright.
 */
#ifndef _PRTOS_HV_CELL_H
#define _PRTOS_HV_CELL_H

#include <prtos-hv/health.h>
#include <prtos-hv/mmio.h>
#include <prtos-hv/types.h>
#include <prtos/cell.h>
#include <prtos/config.h>
#include <asm/cell.h>

#define MAX_CELLS 16

struct per_cpu;

struct cell {
	const struct prtos_cell_desc *config;
	unsigned int id;
	u32 state;
	struct arch_cell arch;
	struct cell_mmio mmio;
	u64 violations;
	u64 confined_ipis; /* root: broadcasts kept to its own CPUs */
	struct prtos_comm_region *comm;
	u64 cpus; /* bitmap of CPU numbers */
	u64 failed_cpus;
	unsigned int config_pages;
	bool shutdown_requested;
	struct cell_health health;
};

extern struct cell root_cell;
extern struct cell *cells[MAX_CELLS];

int cell_init_root(const struct prtos_cell_desc *config);
bool cell_owns_cpu(const struct cell *cell, unsigned int cpu_id);
void cell_cpu_starting(struct per_cpu *cpu);

/* The root cell (Linux) is contained where other cells are stopped. */
static inline bool cell_is_root(const struct cell *cell)
{
	return cell == &root_cell;
}

/* Management, on behalf of the root. Return -errno with a reason set. */
long cell_create(struct per_cpu *cpu, u64 gpa, u64 size);
long cell_set_loadable(struct per_cpu *cpu, u64 id);
long cell_start(struct per_cpu *cpu, u64 id);
long cell_shutdown(struct per_cpu *cpu, u64 id, u64 flags);
long cell_destroy(struct per_cpu *cpu, u64 id);
long cell_get_state(struct per_cpu *cpu, u64 id);
long cell_get_health(struct per_cpu *cpu, u64 id, u64 gpa);
long cell_loaded(struct per_cpu *cpu, u64 id, u64 gpa);
/* A fault restarts the calling CPU's cell (control lock held). */
void __noreturn cell_restart(struct per_cpu *cpu);
/* Set the calling CPU's failure reason (fetched with GET_REASON). */
long hc_fail(struct per_cpu *cpu, long err, const char *fmt, ...)
	__printf(3, 4);

#endif
