// SPDX-License-Identifier: GPL-2.0
/*
 * The health monitor. Every fault is counted per cell and kind and kept in
 * a bounded log the root reads; a cell's policy (its configuration's
 * struct prtos_health) decides whether a fault stops it or runs it again.
 *
 * A restart runs what 'prtos cell load' wrote, not what the cell made of
 * it: the root announces each piece it loads, and when the cell starts
 * the hypervisor copies those pieces into its own pool, out of the cell's
 * reach. The cell's other memory is left as it was; the inmate library
 * clears its BSS and builds its stacks on every start.
 */
#include <prtos-hv/arch.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/health.h>
#include <prtos-hv/mem.h>
#include <prtos-hv/percpu.h>
#include <prtos-hv/setup.h>
#include <prtos-hv/spinlock.h>
#include <prtos-hv/violation.h>

#define PAGE_BYTES 4096

static spinlock_t log_lock;
static struct prtos_hm_event ring[PRTOS_HM_LOG_LEN];
static u64 events;
/* The log in order, as it is copied to the root (under log_lock). */
static struct prtos_hm_log staging;
static u64 epoch;

/**
 * hm_init() - start the log's clock, at enable
 */
void hm_init(void)
{
	events = 0;
	epoch = arch_timestamp();
}

static u64 ns_since_enable(u64 now)
{
	u64 khz = hv_header.tsc_khz, d = now - epoch;

	if (!khz)
		return 0;
	/* split, so that hours of TSC ticks times 10^6 cannot overflow */
	return d / khz * 1000000 + d % khz * 1000000 / khz;
}

static bool window_over(const struct prtos_health *h, u64 start, u64 now)
{
	return h->window_ms &&
	       now - start > (u64)h->window_ms * hv_header.tsc_khz;
}

/* Under the control lock: what this fault of a non-root cell does. */
static unsigned int decide(struct cell *cell, u64 now)
{
	const struct prtos_health *h = &cell->config->health;
	struct cell_health *hm = &cell->health;

	if (h->action != PRTOS_HM_RESTART || !hm->num_extents ||
	    !hm->extent[0].copy)
		return PRTOS_HM_DID_STOP;
	if (hm->window_restarts && window_over(h, hm->window_start, now))
		hm->window_restarts = 0;
	if (!hm->window_restarts)
		hm->window_start = now;
	if (hm->window_restarts >= h->max_restarts)
		return PRTOS_HM_DID_STOP;
	hm->window_restarts++;
	hm->restarts++;
	return PRTOS_HM_DID_RESTART;
}

static void log_event(struct per_cpu *cpu, const struct violation *v, u64 rip,
		      u64 now, unsigned int action)
{
	struct cell *cell = cpu->cell;
	struct prtos_hm_event *e;

	spin_lock(&log_lock);
	e = &ring[events % PRTOS_HM_LOG_LEN];
	memset(e, 0, sizeof(*e));
	e->seq = ++events;
	e->time_ns = ns_since_enable(now);
	e->address = v->address;
	e->rip = rip;
	memcpy(e->cell, cell->config->name, sizeof(e->cell));
	e->cell[sizeof(e->cell) - 1] = '\0';
	e->cell_id = cell->id;
	e->cpu = cpu->cpu_id;
	e->kind = v->kind;
	e->action = action;
	e->restarts = cell->health.window_restarts;
	spin_unlock(&log_lock);
}

/**
 * hm_fault() - count and log a fault of the calling CPU's cell, and decide
 * @cpu: this CPU, in an exit
 * @v: what its cell did
 * @rip: where
 * @logged: whether the event enters the log (the root's only as far as
 *          they are printed, so that a loop cannot push out every other)
 *
 * For a cell other than the root the caller holds the control lock.
 *
 * Return: PRTOS_HM_DID_CONTAIN for the root, else PRTOS_HM_DID_STOP or
 * PRTOS_HM_DID_RESTART.
 */
unsigned int hm_fault(struct per_cpu *cpu, const struct violation *v, u64 rip,
		      bool logged)
{
	struct cell *cell = cpu->cell;
	u64 now = arch_timestamp();
	unsigned int action = PRTOS_HM_DID_CONTAIN;

	if (v->kind < PRTOS_NUM_FAULT_KINDS)
		__atomic_add_fetch(&cell->health.faults[v->kind], 1,
				   __ATOMIC_RELAXED);
	if (!cell_contains_violations(cell))
		action = decide(cell, now);
	if (logged)
		log_event(cpu, v, rip, now, action);
	return action;
}

/**
 * hm_cell_started() - the root started the cell: a new count of restarts
 * @cell: the cell
 */
void hm_cell_started(struct cell *cell)
{
	cell->health.window_restarts = 0;
}

/* The host-physical address of [gpa, gpa + size) in loadable memory. */
static bool loadable_phys(const struct cell *cell, u64 gpa, u64 size, u64 *phys)
{
	const struct prtos_memory *m = prtos_cell_mem(cell->config);
	unsigned int n;

	for (n = 0; n < cell->config->num_memory_regions; n++, m++) {
		if (!(m->flags & PRTOS_MEM_LOADABLE) || gpa < m->virt_start ||
		    size > m->size || gpa - m->virt_start > m->size - size)
			continue;
		*phys = m->phys_start + (gpa - m->virt_start);
		return true;
	}
	return false;
}

static unsigned int copy_pages(u64 size)
{
	return (size + PAGE_BYTES - 1) / PAGE_BYTES;
}

static void drop_copy(struct hm_extent *e)
{
	if (e->copy)
		page_free(e->copy, copy_pages(e->size));
	e->copy = NULL;
}

/**
 * hm_note_loaded() - the root is about to load [@address, +@size)
 * @cpu: the calling root CPU
 * @cell: the cell, loadable (the caller holds the control lock)
 * @address: guest-physical start
 * @size: bytes
 *
 * A piece loaded again at the same address replaces the earlier one; a
 * restart puts the pieces back in the order they were loaded, as the
 * root wrote them.
 *
 * Return: 0, or -errno with a reason.
 */
long hm_note_loaded(struct per_cpu *cpu, struct cell *cell, u64 address,
		    u64 size)
{
	struct cell_health *hm = &cell->health;
	unsigned int n;
	u64 phys;

	if (!size || !loadable_phys(cell, address, size, &phys))
		return hc_fail(
			cpu, -EINVAL,
			"0x%llx-0x%llx is not inside loadable memory of cell '%s'",
			(unsigned long long)address,
			(unsigned long long)(address + size - 1),
			cell->config->name);
	for (n = 0; n < hm->num_extents; n++)
		if (hm->extent[n].phys == phys)
			break;
	if (n < hm->num_extents) {
		drop_copy(&hm->extent[n]);
		for (; n + 1 < hm->num_extents; n++)
			hm->extent[n] = hm->extent[n + 1];
		hm->num_extents--;
	}
	if (hm->num_extents == HM_MAX_EXTENTS)
		return hc_fail(
			cpu, -ENOSPC,
			"cell '%s' has %u separate pieces loaded, the most there can be: load fewer, larger files",
			cell->config->name, HM_MAX_EXTENTS);
	hm->extent[hm->num_extents++] = (struct hm_extent){
		.phys = phys,
		.size = size,
	};
	return 0;
}

/**
 * hm_keep_copy() - copy what was loaded, as the cell starts
 * @cpu: the calling root CPU
 * @cell: the cell; its memory is no longer the root's (control lock held)
 *
 * Only a cell that restarts after a fault needs the copy.
 *
 * Return: 0, or -ENOMEM with a reason (no copy is kept then).
 */
long hm_keep_copy(struct per_cpu *cpu, struct cell *cell)
{
	struct cell_health *hm = &cell->health;
	unsigned int n, pages = 0;

	if (cell->config->health.action != PRTOS_HM_RESTART)
		return 0;
	for (n = 0; n < hm->num_extents; n++) {
		struct hm_extent *e = &hm->extent[n];

		drop_copy(e);
		if (e->size > (u64)mem_pool_pages() * PAGE_BYTES)
			e->copy = NULL;
		else
			e->copy = page_alloc(copy_pages(e->size));
		if (!e->copy)
			goto nomem;
		memcpy(e->copy, phys_to_virt(e->phys), e->size);
		pages += copy_pages(e->size);
	}
	return 0;

nomem:
	for (n = 0; n < hm->num_extents; n++) {
		pages += copy_pages(hm->extent[n].size);
		drop_copy(&hm->extent[n]);
	}
	return hc_fail(
		cpu, -ENOMEM,
		"cell '%s' restarts after a fault, but the hypervisor has no room for the copy of its loaded image (at least %u KiB; %llu KiB free): load less or give the hypervisor more memory",
		cell->config->name, pages * 4,
		(unsigned long long)(mem_pool_pages() - mem_pool_used()) * 4);
}

/**
 * hm_restore_copy() - put the loaded image back, for a restart
 * @cell: the cell, its CPUs parked (control lock held)
 */
void hm_restore_copy(struct cell *cell)
{
	struct cell_health *hm = &cell->health;
	unsigned int n;

	for (n = 0; n < hm->num_extents; n++)
		if (hm->extent[n].copy)
			memcpy(phys_to_virt(hm->extent[n].phys),
			       hm->extent[n].copy, hm->extent[n].size);
}

/**
 * hm_drop_loaded() - forget what was loaded (a new load, or the end)
 * @cell: the cell (control lock held, or the cell unreachable)
 */
void hm_drop_loaded(struct cell *cell)
{
	struct cell_health *hm = &cell->health;
	unsigned int n;

	for (n = 0; n < hm->num_extents; n++)
		drop_copy(&hm->extent[n]);
	hm->num_extents = 0;
}

/**
 * hm_cell_health() - a cell's counts, for the root
 * @cell: the cell
 * @out: filled
 */
void hm_cell_health(const struct cell *cell, struct prtos_cell_health *out)
{
	unsigned int n;

	memset(out, 0, sizeof(*out));
	out->restarts = READ_ONCE(cell->health.restarts);
	out->window_restarts = READ_ONCE(cell->health.window_restarts);
	for (n = 0; n < PRTOS_NUM_FAULT_KINDS; n++)
		out->faults[n] = READ_ONCE(cell->health.faults[n]);
}

/**
 * hm_get_log() - copy the log, oldest event first, to the root
 * @cpu: the calling root CPU
 * @gpa: guest-physical address of a struct prtos_hm_log
 * @size: its size
 *
 * Return: the number of events copied, or -errno.
 */
long hm_get_log(struct per_cpu *cpu, u64 gpa, u64 size)
{
	unsigned int n, num;
	long err;

	if (size < sizeof(staging))
		return -EINVAL;
	spin_lock(&log_lock);
	num = events < PRTOS_HM_LOG_LEN ? events : PRTOS_HM_LOG_LEN;
	memset(&staging, 0, sizeof(staging));
	staging.events = events;
	staging.num = num;
	for (n = 0; n < num; n++)
		staging.event[n] = ring[(events - num + n) % PRTOS_HM_LOG_LEN];
	err = arch_copy_to_guest(cpu->cell, gpa, &staging, sizeof(staging));
	spin_unlock(&log_lock);
	return err ?: (long)num;
}
