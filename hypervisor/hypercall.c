// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls. Arguments are untrusted: addresses are checked against the
 * calling cell's memory by arch_copy_to_guest() before anything is written.
 */
#include <prtos-hv/arch.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/channel.h>
#include <prtos-hv/console.h>
#include <prtos-hv/health.h>
#include <prtos-hv/hypercall.h>
#include <prtos-hv/mem.h>
#include <prtos-hv/percpu.h>
#include <prtos-hv/setup.h>
#include <prtos/hypercall.h>
#include <prtos/version.h>

/* One CPU's counters, as one snapshot, to the root at @gpa. */
static long get_cpu_stats(struct per_cpu *cpu, u64 target, u64 gpa)
{
	u64 stats[NUM_CPU_STATS];
	int err;

	if (target >= MAX_CPUS || !per_cpu(target)->cell)
		return -ENOENT;
	if (per_cpu(target) == cpu)
		memcpy(stats, cpu->stats, sizeof(stats));
	else if ((err = cpu_stats_snapshot(cpu, per_cpu(target), stats)))
		return err;
	return arch_copy_to_guest(cpu->cell, gpa, stats, sizeof(stats));
}

static long get_info(u64 what)
{
	switch (what) {
	case PRTOS_INFO_MEM_POOL_SIZE:
		return mem_pool_pages();
	case PRTOS_INFO_MEM_POOL_USED:
		return mem_pool_used();
	case PRTOS_INFO_NUM_CPUS:
		return hv_header.entered_cpus;
	case PRTOS_INFO_ABI_VERSION:
		return PRTOS_ABI_VERSION;
	case PRTOS_INFO_VMEXITS_TOTAL:
		return hypervisor_total_exits();
	case PRTOS_INFO_ROOT_VIOLATIONS:
		return root_cell.violations;
	case PRTOS_INFO_ROOT_CONFINED_IPIS:
		return root_cell.confined_ipis;
	}
	return -EINVAL;
}

static long console_snapshot(struct cell *cell, u64 gpa, u64 size)
{
	if (size > sizeof(console_ring))
		size = sizeof(console_ring);
	/*
	 * The ring is copied while other CPUs may append: the reader checks
	 * head and works out what it got, so a torn copy costs a line, not
	 * correctness.
	 */
	return arch_copy_to_guest(cell, gpa, &console_ring, size) ?: (long)size;
}

/**
 * hypercall() - carry out one hypercall
 * @cpu: calling CPU
 * @code: PRTOS_HC_*
 * @arg0: first argument
 * @arg1: second argument
 *
 * Return: the result for the guest's RAX, -errno on failure.
 */
long hypercall(struct per_cpu *cpu, u64 code, u64 arg0, u64 arg1)
{
	bool root = cpu->cell == &root_cell;

	cpu->stats[STAT_HYPERCALL]++;
	switch (code) {
	case PRTOS_HC_DISABLE:
		if (!root)
			return -EPERM;
		for (unsigned int n = 1; n < MAX_CELLS; n++)
			if (cells[n])
				return -EBUSY;
		hypervisor_disable_cpu(cpu);
	case PRTOS_HC_GET_REASON:
		if (!root)
			return -EPERM;
		return arch_copy_to_guest(cpu->cell, arg0, cpu->reason,
					  MIN(arg1, sizeof(cpu->reason)));
	case PRTOS_HC_HYPERVISOR_GET_INFO:
		return get_info(arg0);
	case PRTOS_HC_DEBUG_CONSOLE_PUTC:
		if (!root &&
		    !(cpu->cell->config->flags & PRTOS_CELL_DEBUG_CONSOLE))
			return -EPERM;
		console_putc((char)arg0);
		return 0;
	case PRTOS_HC_CONSOLE_SNAPSHOT:
		if (!root)
			return -EPERM;
		return console_snapshot(cpu->cell, arg0, arg1);
	case PRTOS_HC_CELL_GET_STATE:
		return cell_get_state(cpu, arg0);
	case PRTOS_HC_CHANNEL_RING:
		return channel_ring(cpu, arg0);
	}
	if (!root)
		return -EPERM;
	cpu->reason[0] = '\0';
	switch (code) {
	case PRTOS_HC_CELL_CREATE:
		return cell_create(cpu, arg0, arg1);
	case PRTOS_HC_CELL_SET_LOADABLE:
		return cell_set_loadable(cpu, arg0);
	case PRTOS_HC_CELL_START:
		return cell_start(cpu, arg0);
	case PRTOS_HC_CELL_SHUTDOWN:
		return cell_shutdown(cpu, arg0, arg1);
	case PRTOS_HC_CELL_DESTROY:
		return cell_destroy(cpu, arg0);
	case PRTOS_HC_CHANNEL_STATUS:
		return channel_status(cpu, arg0, arg1);
	case PRTOS_HC_CPU_GET_STATS:
		return get_cpu_stats(cpu, arg0, arg1);
	case PRTOS_HC_HM_LOG:
		return hm_get_log(cpu, arg0, arg1);
	case PRTOS_HC_CELL_HEALTH:
		return cell_get_health(cpu, arg0, arg1);
	case PRTOS_HC_CELL_LOADED:
		return cell_loaded(cpu, arg0, arg1);
	}
	return -ENOSYS;
}
