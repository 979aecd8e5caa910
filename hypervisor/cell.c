// SPDX-License-Identifier: GPL-2.0
/*
 * Cells: building a cell's isolation from its configuration, and reporting
 * what a cell does outside of it.
 */
#include <prtos-hv/arch.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/console.h>
#include <prtos-hv/percpu.h>
#include <prtos-hv/setup.h>

struct cell root_cell;

/* Reports per cell before they are only counted, so a loop cannot flood. */
#define VIOLATION_REPORT_LIMIT	100

bool cell_owns_cpu(const struct cell *cell, unsigned int cpu_id)
{
	return prtos_cell_has_cpu(cell->config, cpu_id);
}

static int cell_build(struct cell *cell)
{
	const struct prtos_cell_desc *c = cell->config;
	const struct prtos_memory *mem = prtos_cell_mem(c);
	const struct prtos_pio *pio = prtos_cell_pio(c);
	unsigned int n;
	int err;

	err = arch_cell_init(cell);
	if (err)
		return setup_fail(err, "out of hypervisor memory for cell '%s'",
				  c->name);
	for (n = 0; n < c->num_memory_regions; n++) {
		err = arch_map_memory(cell, &mem[n]);
		if (err)
			return setup_fail(err, "cannot map memory region %u of cell '%s'",
					  n, c->name);
	}
	for (n = 0; n < c->num_pio; n++)
		arch_cell_set_pio(cell, &pio[n], true);
	return 0;
}

/**
 * cell_init_root() - set up the root cell from the system configuration
 * @config: the root cell's description (already validated)
 *
 * Return: 0 or -errno (reason recorded).
 */
int cell_init_root(const struct prtos_cell_desc *config)
{
	root_cell.config = config;
	root_cell.id = 0;
	return cell_build(&root_cell);
}

/**
 * cell_report_violation() - report an access outside a cell's config
 * @cell: the offending cell
 * @what: "memory" or "port"
 * @addr: guest-physical address or port
 * @size: access width in bytes (0 if unknown)
 * @write: direction
 * @rip: guest instruction pointer
 */
void cell_report_violation(struct cell *cell, const char *what,
			   unsigned long long addr, unsigned int size,
			   bool write, unsigned long long rip)
{
	struct per_cpu *cpu = this_cpu();
	u64 n = __atomic_add_fetch(&cell->violations, 1, __ATOMIC_RELAXED);

	cpu->stats[STAT_VIOLATION]++;
	if (n > VIOLATION_REPORT_LIMIT)
		return;
	printk("VIOLATION: cell '%s' CPU %u: %s %s of %u bytes at 0x%llx, RIP 0x%llx%s\n",
	       cell->config->name, cpu->cpu_id, what, write ? "write" : "read",
	       size, addr, rip,
	       n == VIOLATION_REPORT_LIMIT ? " (further ones only counted)" :
					     "");
}
