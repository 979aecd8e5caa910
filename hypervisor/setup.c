// SPDX-License-Identifier: GPL-2.0
/*
 * Start-up and shutdown. Every online CPU enters here at once; the first
 * one sets up what is shared (console, page pool, root cell), each then
 * prepares itself, and only when all have succeeded does any CPU start
 * running Linux as a guest. So enabling either works on every CPU or on
 * none, and a failure never leaves Linux half inside the hypervisor.
 */
#include <prtos-hv/arch.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/channel.h>
#include <prtos-lib/config-check.h>
#include <prtos-hv/console.h>
#include <prtos-hv/health.h>
#include <prtos-lib/console-ring.h>
#include <prtos-lib/fmt.h>
#include <prtos-hv/mem.h>
#include <prtos-hv/percpu.h>
#include <prtos-hv/setup.h>
#include <prtos-hv/spinlock.h>
#include <prtos/version.h>

extern char prtos_hv_entry[], __image_start[], __core_end[];

struct prtos_linux_cpu linux_cpus[MAX_CPUS];

struct prtos_hv_header hv_header __section(".header") = {
	.magic = PRTOS_HV_MAGIC,
	.abi_version = PRTOS_ABI_VERSION,
	.header_size = sizeof(struct prtos_hv_header),
	.link_address = (u64)(unsigned long)__image_start,
	.entry = (u64)(unsigned long)prtos_hv_entry,
	.core_end = (u64)(unsigned long)__core_end,
	.percpu_size = PERCPU_SIZE,
	.max_cpus = MAX_CPUS,
	.linux_cpus = (u64)(unsigned long)linux_cpus,
	.console_ring = (u64)(unsigned long)&console_ring,
	.version = PRTOS_VERSION,
};

const struct prtos_system *system_config;

static spinlock_t init_lock;
static bool init_started;
static int init_error;
static unsigned int arrived;
static u64 arrived_cpus;
static unsigned int active;
static unsigned int disabled;

/**
 * setup_fail() - record why start-up failed
 * @err: negative errno
 * @fmt: the reason, one sentence
 *
 * Return: @err, for use in return statements.
 */
int setup_fail(int err, const char *fmt, ...)
{
	char buf[PRTOS_REASON_LEN];
	va_list ap;

	va_start(ap, fmt);
	prtos_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("ERROR: %s\n", buf);
	spin_lock(&init_lock);
	if (!hv_header.error) {
		hv_header.error = err;
		memcpy(hv_header.reason, buf, sizeof(buf));
	}
	spin_unlock(&init_lock);
	return err;
}

static int global_init(void)
{
	const struct prtos_system *sys;
	char reason[PRTOS_REASON_LEN];
	u64 pool, pool_end, pool_pages;
	int err;

	console_ring_init(&console_ring);
	sys = (const void *)(unsigned long)(hv_header.link_address +
					    hv_header.config_offset);
	if (hv_header.config_offset + hv_header.config_size >
	    hv_header.mem_size)
		return setup_fail(
			-EINVAL,
			"system configuration lies outside the hypervisor memory");
	err = prtos_check_system_config(sys, hv_header.config_size, reason,
					sizeof(reason));
	if (err)
		return setup_fail(err,
				  "hypervisor rejected the configuration: %s",
				  reason);
	if (sys->hypervisor_memory.phys_start != hv_header.phys_base ||
	    sys->hypervisor_memory.size != hv_header.mem_size)
		return setup_fail(
			-EINVAL,
			"hypervisor memory in the configuration does not match where it was loaded");
	system_config = sys;
	console_init(&sys->debug_console);
	hm_init();
	printk("\nPRTOS %s hypervisor starting on %u CPUs (memory 0x%llx-0x%llx)\n",
	       PRTOS_VERSION, hv_header.online_cpus,
	       (unsigned long long)hv_header.phys_base,
	       (unsigned long long)(hv_header.phys_base + hv_header.mem_size -
				    1));

	pool = hv_header.link_address + hv_header.pool_offset;
	pool_end = hv_header.link_address + hv_header.mem_size;
	if (hv_header.pool_offset < hv_header.core_end -
					    hv_header.link_address +
					    (u64)MAX_CPUS * PERCPU_SIZE ||
	    pool >= pool_end)
		return setup_fail(
			-ENOMEM,
			"hypervisor memory too small: the page pool would be empty");
	pool_pages = (pool_end - pool) / 4096;
	mem_init(pool, pool_pages, hv_header.pool_used_pages);

	err = arch_init(this_cpu());
	if (err)
		return err;
	err = channels_init(sys);
	if (err)
		return err;
	err = cell_init_root(&sys->root_cell);
	if (err)
		return err;
	printk("Page pool: %llu of %llu pages used\n",
	       (unsigned long long)mem_pool_used(),
	       (unsigned long long)mem_pool_pages());
	return 0;
}

static bool wait_for_all(void)
{
	u64 start = arch_timestamp();
	u64 limit = (u64)hv_header.tsc_khz * 10000; /* 10 s */

	while (READ_ONCE(arrived) < hv_header.online_cpus) {
		if (limit && arch_timestamp() - start > limit)
			return false;
		arch_cpu_relax();
	}
	return true;
}

/**
 * prtos_cpu_entry() - where each CPU lands after the driver's trampoline
 * @cpu_id: Linux's number of this CPU
 * @linux_rsp: Linux's stack pointer, for the way back
 *
 * Runs on the CPU's hypervisor stack with interrupts and GIF off.
 */
void __noreturn prtos_cpu_entry(unsigned int cpu_id, u64 linux_rsp)
{
	struct per_cpu *cpu = per_cpu(cpu_id);
	bool first;
	int err = 0;

	memset(cpu, 0, sizeof(*cpu));
	cpu->cpu_id = cpu_id;
	cpu->linux_rsp = linux_rsp;
	cpu->apic_id = linux_cpus[cpu_id].apic_id;
	arch_cpu_early_init(cpu);

	spin_lock(&init_lock);
	first = !init_started;
	init_started = true;
	spin_unlock(&init_lock);
	if (first) {
		err = global_init();
		WRITE_ONCE(init_error, err ? err : 1);
	}
	while (!READ_ONCE(init_error))
		arch_cpu_relax();

	if (READ_ONCE(init_error) == 1) {
		if (!cell_owns_cpu(&root_cell, cpu_id))
			err = setup_fail(
				-EINVAL,
				"CPU %u is online in Linux but not assigned to the root cell",
				cpu_id);
		else
			err = arch_cpu_init(cpu);
	}
	cpu->cell = &root_cell;
	__atomic_or_fetch(&arrived_cpus, BIT(cpu_id), __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&arrived, 1, __ATOMIC_SEQ_CST);
	if (!wait_for_all())
		setup_fail(-ETIMEDOUT,
			   "not every CPU arrived in the hypervisor within 10 s (arrived: 0x%llx of %u)",
			   (unsigned long long)READ_ONCE(arrived_cpus),
			   hv_header.online_cpus);
	if (err || hv_header.error)
		arch_cpu_leave(cpu, hv_header.error ? hv_header.error : err);

	if (__atomic_add_fetch(&active, 1, __ATOMIC_SEQ_CST) ==
	    hv_header.online_cpus) {
		hv_header.entered_cpus = active;
		printk("PRTOS active on %u CPUs; Linux continues as the root cell\n",
		       active);
	}
	arch_cpu_activate(cpu);
}

/**
 * hypervisor_disable_cpu() - leave the hypervisor on this CPU for good
 * @cpu: the CPU, which must belong to the root cell
 */
void hypervisor_disable_cpu(struct per_cpu *cpu)
{
	unsigned int n = __atomic_add_fetch(&disabled, 1, __ATOMIC_SEQ_CST);

	if (n == hv_header.online_cpus)
		printk("PRTOS disabled: Linux runs natively again\n");
	arch_cpu_leave(cpu, 0);
}

/**
 * hypervisor_total_exits() - VM exits so far, all CPUs together
 */
u64 hypervisor_total_exits(void)
{
	u64 sum = 0;
	unsigned int n;

	for (n = 0; n < MAX_CPUS; n++)
		if (per_cpu(n)->cell)
			sum += per_cpu(n)->stats[STAT_VMEXITS];
	return sum;
}
