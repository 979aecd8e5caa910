/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The health monitor: per-cell fault counts, the log of fault events, the
 * restart policy, and the copy of the loaded image a restart runs again.
 */
#ifndef _PRTOS_HV_HEALTH_H
#define _PRTOS_HV_HEALTH_H

#include <prtos-hv/types.h>
#include <prtos/health.h>

/* Separate pieces 'prtos cell load' may put into one cell. */
#define HM_MAX_EXTENTS 16

struct cell;
struct per_cpu;
struct violation;

/**
 * struct hm_extent - one piece the root loaded, and the cell's copy of it
 * @phys: host-physical address in the cell's loadable memory
 * @size: bytes
 * @copy: the bytes as loaded (pool pages), taken when the cell starts
 */
struct hm_extent {
	u64 phys;
	u64 size;
	void *copy;
};

/**
 * struct cell_health - a cell's part of the health monitor
 * @faults: faults per PRTOS_FAULT_* kind since the cell was created
 * @restarts: restarts since the cell was created
 * @window_restarts: restarts in the current window
 * @window_start: timestamp of the fault that opened the window
 * @extent: what was loaded, in load order
 * @num_extents: entries of @extent in use
 */
struct cell_health {
	u64 faults[PRTOS_NUM_FAULT_KINDS];
	u32 restarts;
	u32 window_restarts;
	u64 window_start;
	struct hm_extent extent[HM_MAX_EXTENTS];
	unsigned int num_extents;
};

void hm_init(void);
unsigned int hm_fault(struct per_cpu *cpu, const struct violation *v, u64 rip,
		      bool logged);
void hm_cell_started(struct cell *cell);
long hm_note_loaded(struct per_cpu *cpu, struct cell *cell, u64 address,
		    u64 size);
long hm_keep_copy(struct per_cpu *cpu, struct cell *cell);
void hm_restore_copy(struct cell *cell);
void hm_drop_loaded(struct cell *cell);
void hm_cell_health(const struct cell *cell, struct prtos_cell_health *out);
long hm_get_log(struct per_cpu *cpu, u64 gpa, u64 size);

#endif
