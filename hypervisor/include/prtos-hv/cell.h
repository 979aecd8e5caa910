/* SPDX-License-Identifier: GPL-2.0 */
/* Cells: the units of isolation. For now only the root cell exists. */
#ifndef _PRTOS_HV_CELL_H
#define _PRTOS_HV_CELL_H

#include <prtos-hv/types.h>
#include <prtos/config.h>
#include <asm/cell.h>

struct cell {
	const struct prtos_cell_desc *config;
	unsigned int id;
	struct arch_cell arch;
	u64 violations;
};

extern struct cell root_cell;

int cell_init_root(const struct prtos_cell_desc *config);
bool cell_owns_cpu(const struct cell *cell, unsigned int cpu_id);
/*
 * Report an access of @cell outside its configuration. @what names the
 * kind ("memory", "port"), @write the direction.
 */
void cell_report_violation(struct cell *cell, const char *what,
			   unsigned long long addr, unsigned int size,
			   bool write, unsigned long long rip);

#endif
