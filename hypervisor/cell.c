// SPDX-License-Identifier: GPL-2.0
/*
 * Cells: building a cell's isolation from its configuration, taking CPUs,
 * memory and ports from the root and giving them back, the life cycle
 * (created, loadable, running, shut down, failed) and faults.
 */
#include <prtos-hv/arch.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/channel.h>
#include <prtos-lib/config-check.h>
#include <prtos-hv/console.h>
#include <prtos-hv/control.h>
#include <prtos-lib/fmt.h>
#include <prtos-hv/mem.h>
#include <prtos-hv/percpu.h>
#include <prtos-hv/setup.h>

/* cell_create() takes one page for a cell */
_Static_assert(sizeof(struct cell) <= 4096, "struct cell fits its page");

struct cell root_cell;
struct cell *cells[MAX_CELLS] = { &root_cell };

bool cell_owns_cpu(const struct cell *cell, unsigned int cpu_id)
{
	return prtos_cell_has_cpu(cell->config, cpu_id);
}

static bool is_comm(const struct prtos_memory *m)
{
	return m->flags & PRTOS_MEM_COMM_REGION;
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
		return err;
	for (n = 0; n < c->num_memory_regions; n++) {
		if (is_comm(&mem[n]))
			err = arch_map_pages(cell, mem[n].virt_start,
					     cell->comm, 4096, true);
		else
			err = arch_map_memory(cell, &mem[n]);
		if (err)
			return err;
	}
	for (n = 0; n < c->num_pio; n++)
		arch_cell_set_pio(cell, &pio[n], true);
	return channels_map(cell);
}

/**
 * cell_init_root() - set up the root cell from the system configuration
 * @config: the root cell's description (already validated)
 *
 * Return: 0 or -errno (reason recorded).
 */
int cell_init_root(const struct prtos_cell_desc *config)
{
	unsigned int n;
	int err;

	root_cell.config = config;
	root_cell.id = 0;
	root_cell.state = PRTOS_CELL_RUNNING;
	for (n = 0; n < MAX_CPUS; n++)
		if (prtos_cell_has_cpu(config, n))
			root_cell.cpus |= BIT(n);
	err = cell_build(&root_cell);
	if (err)
		return setup_fail(
			err,
			"cannot build the root cell: out of hypervisor memory");
	channels_attach(&root_cell, true);
	return 0;
}

/**
 * hc_fail() - record why a management call failed
 * @cpu: the calling CPU
 * @err: negative errno
 * @fmt: the reason
 *
 * Return: @err.
 */
long hc_fail(struct per_cpu *cpu, long err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	prtos_vsnprintf(cpu->reason, sizeof(cpu->reason), fmt, ap);
	va_end(ap);
	printk("%s\n", cpu->reason);
	return err;
}

/*
 * The prologue of the management calls: take the control lock and find
 * cell @id. Returns with the lock held, or NULL (unlocked, reason set).
 */
static struct cell *cell_lookup_locked(struct per_cpu *cpu, u64 id)
{
	control_lock(cpu);
	if (id == 0 || id >= MAX_CELLS || !cells[id]) {
		control_unlock();
		hc_fail(cpu, -ENOENT, "there is no cell with id %llu",
			(unsigned long long)id);
		return NULL;
	}
	return cells[id];
}

/* The root region holding [phys, phys + size), or NULL. */
static const struct prtos_memory *root_region(u64 phys, u64 size)
{
	const struct prtos_cell_desc *rc = root_cell.config;
	const struct prtos_memory *m = prtos_cell_mem(rc);
	unsigned int n;

	for (n = 0; n < rc->num_memory_regions; n++, m++)
		if (phys >= m->phys_start && size <= m->size &&
		    phys - m->phys_start <= m->size - size)
			return m;
	return NULL;
}

static long check_cpus(struct per_cpu *cpu, const struct prtos_cell_desc *c,
		       u64 *set)
{
	unsigned int n;

	*set = 0;
	for (n = 0; n < PRTOS_MAX_CPUS; n++) {
		if (!prtos_cell_has_cpu(c, n))
			continue;
		if (n >= MAX_CPUS || !per_cpu(n)->cell)
			return hc_fail(cpu, -ENOENT,
				       "CPU %u is not running under PRTOS", n);
		if (per_cpu(n)->cell != &root_cell)
			return hc_fail(cpu, -EBUSY,
				       "CPU %u belongs to cell '%s'", n,
				       per_cpu(n)->cell->config->name);
		if (n == cpu->cpu_id)
			return hc_fail(cpu, -EBUSY,
				       "CPU %u is the root CPU making the request",
				       n);
		*set |= BIT(n);
	}
	return 0;
}

static long check_memory(struct per_cpu *cpu, const struct prtos_cell_desc *c)
{
	const struct prtos_memory *m = prtos_cell_mem(c);
	unsigned int n, k, i;

	for (n = 0; n < c->num_memory_regions; n++, m++) {
		if (is_comm(m))
			continue;
		if (prtos_ranges_overlap(m->phys_start, m->size,
					 hv_header.phys_base,
					 hv_header.mem_size) ||
		    !root_region(m->phys_start, m->size))
			return hc_fail(
				cpu, -EINVAL,
				"memory region %u (0x%llx-0x%llx) is not memory of the root cell",
				n, m->phys_start, m->phys_start + m->size - 1);
		for (k = 1; k < MAX_CELLS; k++) {
			const struct prtos_memory *o;

			if (!cells[k])
				continue;
			o = prtos_cell_mem(cells[k]->config);
			for (i = 0; i < cells[k]->config->num_memory_regions;
			     i++, o++) {
				if (is_comm(o) ||
				    !prtos_ranges_overlap(m->phys_start,
							  m->size,
							  o->phys_start,
							  o->size))
					continue;
				if (m->flags & o->flags & PRTOS_MEM_SHARED)
					continue;
				return hc_fail(
					cpu, -EBUSY,
					"memory region %u (0x%llx-0x%llx) belongs to cell '%s'",
					n, m->phys_start,
					m->phys_start + m->size - 1,
					cells[k]->config->name);
			}
		}
	}
	return 0;
}

static long check_ports(struct per_cpu *cpu, const struct prtos_cell_desc *c)
{
	const struct prtos_pio *p = prtos_cell_pio(c);
	unsigned int n, k, i;

	for (n = 0; n < c->num_pio; n++, p++)
		for (k = 1; k < MAX_CELLS; k++) {
			const struct prtos_pio *o;

			if (!cells[k])
				continue;
			o = prtos_cell_pio(cells[k]->config);
			for (i = 0; i < cells[k]->config->num_pio; i++, o++)
				if (prtos_ranges_overlap(p->base, p->length,
							 o->base, o->length))
					return hc_fail(
						cpu, -EBUSY,
						"ports 0x%x-0x%x belong to cell '%s'",
						p->base,
						p->base + p->length - 1,
						cells[k]->config->name);
		}
	return 0;
}

/* Does a cell other than @self hold memory overlapping @m? */
static bool held_by_other(const struct cell *self, const struct prtos_memory *m)
{
	unsigned int k, i;

	for (k = 1; k < MAX_CELLS; k++) {
		const struct prtos_memory *o;

		if (!cells[k] || cells[k] == self)
			continue;
		o = prtos_cell_mem(cells[k]->config);
		for (i = 0; i < cells[k]->config->num_memory_regions; i++, o++)
			if (!is_comm(o) &&
			    prtos_ranges_overlap(m->phys_start, m->size,
						 o->phys_start, o->size))
				return true;
	}
	return false;
}

/*
 * Map (@give) or unmap memory of @cell in the root, phys = guest-phys.
 * A region that cells share goes back to the root only when the last
 * cell holding it is gone.
 */
static void root_memory(struct cell *cell, bool give, bool loadable_only)
{
	const struct prtos_memory *m = prtos_cell_mem(cell->config);
	unsigned int n;

	for (n = 0; n < cell->config->num_memory_regions; n++, m++) {
		struct prtos_memory r;

		if (is_comm(m) || (m->flags & PRTOS_MEM_ROOT_SHARED) ||
		    (loadable_only && !(m->flags & PRTOS_MEM_LOADABLE)))
			continue;
		if (give && (m->flags & PRTOS_MEM_SHARED) &&
		    held_by_other(cell, m))
			continue;
		r = *root_region(m->phys_start, m->size);
		r.virt_start = r.phys_start = m->phys_start;
		r.size = m->size;
		if (give)
			arch_map_memory(&root_cell, &r);
		else
			arch_unmap_memory(&root_cell, &r);
	}
}

/* The root's ports: its configuration less what other cells own. */
static void root_ports_rebuild(void)
{
	const struct prtos_pio *p = prtos_cell_pio(root_cell.config);
	unsigned int n, k;

	for (n = 0; n < root_cell.config->num_pio; n++)
		arch_cell_set_pio(&root_cell, &p[n], true);
	for (k = 1; k < MAX_CELLS; k++) {
		if (!cells[k])
			continue;
		p = prtos_cell_pio(cells[k]->config);
		for (n = 0; n < cells[k]->config->num_pio; n++)
			arch_cell_set_pio(&root_cell, &p[n], false);
	}
}

static void free_cell(struct cell *cell)
{
	hm_drop_loaded(cell);
	arch_cell_exit(cell);
	if (cell->comm)
		page_free(cell->comm, 1);
	if (cell->config)
		page_free((void *)cell->config, cell->config_pages);
	page_free(cell, 1);
}

static void comm_init(struct cell *cell)
{
	struct prtos_comm_region *comm = cell->comm;
	unsigned int n, k = 0;

	if (!comm)
		return;
	memset(comm, 0, sizeof(*comm));
	memcpy(comm->signature, PRTOS_COMM_SIGNATURE, sizeof(comm->signature));
	comm->revision = PRTOS_CONFIG_REVISION;
	comm->cell_id = cell->id;
	comm->console_port = cell->config->console_port;
	comm->tsc_khz = hv_header.tsc_khz;
	comm->flags = cell->config->flags;
	for (n = 0; n < MAX_CPUS; n++)
		if (cell->cpus & BIT(n))
			comm->cpu_apic_ids[k++] = per_cpu(n)->apic_id;
	comm->num_cpus = k;
	channels_describe(cell, comm);
}

/**
 * cell_cpu_starting() - complete the comm region as a CPU starts its cell
 * @cpu: this CPU, reset and about to enter its guest
 *
 * The timer's frequency can only be measured on a CPU whose timer no
 * guest uses, which is this one now; measured once, then only copied.
 */
void cell_cpu_starting(struct per_cpu *cpu)
{
	struct prtos_comm_region *comm = cpu->cell->comm;

	if (comm && !cell_is_root(cpu->cell))
		comm->apic_khz = arch_timer_khz();
}

/**
 * cell_create() - make a new cell from a configuration in root memory
 * @cpu: the calling root CPU
 * @gpa: guest-physical address of the configuration
 * @size: its size
 *
 * The cell's CPUs must already be offline in Linux. The new cell is left
 * loadable: its loadable memory stays mapped in the root.
 *
 * Return: the cell's id, or -errno with a reason.
 */
long cell_create(struct per_cpu *cpu, u64 gpa, u64 size)
{
	char reason[PRTOS_REASON_LEN];
	struct prtos_cell_desc *config;
	struct cell *cell;
	struct per_cpu *c;
	unsigned int pages, id, n;
	u64 set;
	long err;

	if (size < sizeof(*config) || size > PRTOS_CONFIG_MAX_SIZE)
		return hc_fail(cpu, -EINVAL,
			       "cell configuration size %llu is out of range",
			       (unsigned long long)size);
	pages = (size + 4095) / 4096;
	config = page_alloc(pages);
	cell = page_alloc(1);
	if (!config || !cell) {
		if (config)
			page_free(config, pages);
		if (cell)
			page_free(cell, 1);
		return hc_fail(cpu, -ENOMEM, "out of hypervisor memory");
	}
	cell->config = config;
	cell->config_pages = pages;
	if (arch_copy_from_guest(&root_cell, config, gpa, size)) {
		err = hc_fail(cpu, -EFAULT,
			      "cannot read the configuration at 0x%llx",
			      (unsigned long long)gpa);
		goto out_free;
	}
	err = prtos_check_cell_config(config, size, reason, sizeof(reason));
	if (err) {
		hc_fail(cpu, err, "invalid cell configuration: %s", reason);
		goto out_free;
	}

	control_lock(cpu);
	for (id = 1; id < MAX_CELLS && cells[id]; id++)
		if (!memcmp(cells[id]->config->name, config->name,
			    PRTOS_CELL_NAME_LEN)) {
			err = hc_fail(cpu, -EEXIST,
				      "a cell named '%s' exists already",
				      config->name);
			goto out_unlock;
		}
	for (id = 1; id < MAX_CELLS && cells[id]; id++)
		;
	if (id == MAX_CELLS) {
		err = hc_fail(cpu, -ENOSPC, "too many cells (at most %u)",
			      MAX_CELLS - 1);
		goto out_unlock;
	}
	err = check_cpus(cpu, config, &set);
	err = err ?: check_memory(cpu, config);
	err = err ?: check_ports(cpu, config);
	err = err ?: channels_check(cpu, config);
	if (err)
		goto out_unlock;
	for (n = 0; n < config->num_memory_regions; n++)
		if (is_comm(&prtos_cell_mem(config)[n]) && !cell->comm)
			cell->comm = page_alloc(1);
	cell->id = id;
	cell->cpus = set;
	cell->state = PRTOS_CELL_LOADABLE;
	err = arch_cell_check(cpu, cell);
	if (err)
		goto out_unlock;
	err = cell_build(cell);
	if (err) {
		err = hc_fail(cpu, -ENOMEM,
			      "out of hypervisor memory for cell '%s'",
			      config->name);
		goto out_unlock;
	}

	/* take CPUs, memory and ports from the root */
	cell_suspend(cpu, &root_cell);
	for_each_cpu(c)
		if (set & BIT(c->cpu_id)) {
			c->cell = cell;
			c->failed = false;
			memset(c->stats, 0, sizeof(c->stats));
		}
	cells[id] = cell;
	channels_attach(cell, true);
	root_memory(cell, false, false);
	root_memory(cell, true, true);
	root_ports_rebuild();
	arch_cell_assign(cell, true);
	cell_resume(cpu, &root_cell);
	control_unlock();
	printk("Cell '%s' (id %u) created with CPUs 0x%llx\n", config->name, id,
	       (unsigned long long)set);
	return id;

out_unlock:
	control_unlock();
out_free:
	free_cell(cell);
	return err;
}

/* Stop every CPU of a cell; they wait parked. */
static void stop_cpus(struct per_cpu *cpu, struct cell *cell)
{
	cell_suspend(cpu, cell);
}

long cell_set_loadable(struct per_cpu *cpu, u64 id)
{
	struct cell *cell = cell_lookup_locked(cpu, id);
	long err = 0;

	if (!cell)
		return -ENOENT;
	if (cell->state == PRTOS_CELL_RUNNING)
		err = hc_fail(
			cpu, -EBUSY,
			"cell '%s' is running: shut it down or destroy it first",
			cell->config->name);
	else if (cell->state != PRTOS_CELL_LOADABLE) {
		stop_cpus(cpu, cell);
		root_memory(cell, true, true);
		cell->state = PRTOS_CELL_LOADABLE;
		/* a new load: a restart runs what comes now */
		hm_drop_loaded(cell);
	}
	control_unlock();
	return err;
}

/**
 * cell_loaded() - the root is about to load a piece of a cell's memory
 * @cpu: the calling root CPU
 * @id: the cell, loadable
 * @gpa: guest-physical address of a struct prtos_load_extent in the root
 *
 * Return: 0, or -errno with a reason.
 */
long cell_loaded(struct per_cpu *cpu, u64 id, u64 gpa)
{
	struct prtos_load_extent ext;
	struct cell *cell;
	long err;

	if (arch_copy_from_guest(&root_cell, &ext, gpa, sizeof(ext)))
		return hc_fail(cpu, -EFAULT, "cannot read the extent at 0x%llx",
			       (unsigned long long)gpa);
	cell = cell_lookup_locked(cpu, id);
	if (!cell)
		return -ENOENT;
	if (cell->state != PRTOS_CELL_LOADABLE)
		err = hc_fail(cpu, -EINVAL, "cell '%s' is %s, not loadable",
			      cell->config->name,
			      prtos_cell_state_name(cell->state));
	else
		err = hm_note_loaded(cpu, cell, ext.address, ext.size);
	control_unlock();
	return err;
}

/*
 * Reset the cell's parked CPUs and run it: the first from its reset
 * vector, the others waiting for its SIPI. @self is the calling CPU; it
 * may be one of them (a restart after its fault), and is then only
 * prepared: it starts as it enters its park loop. Every other CPU waits
 * for SIPI before the first runs, so that no SIPI can come too early.
 */
static void run_cell(struct per_cpu *self, struct cell *cell)
{
	struct per_cpu *c, *boot = NULL;

	comm_init(cell);
	cell->failed_cpus = 0;
	cell->shutdown_requested = false;
	cell->state = PRTOS_CELL_RUNNING;
	for_each_cpu(c) {
		if (c->cell != cell)
			continue;
		c->failed = false;
		if (!boot) {
			boot = c;
			continue;
		}
		c->req.wait_for_sipi = true;
		if (c == self)
			/* a SIPI may come before this CPU reaches its loop */
			WRITE_ONCE(c->req.parked, true);
	}
	if (boot != self) {
		cpu_start(self, boot, -1);
		return;
	}
	self->req.start_vector = -1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	WRITE_ONCE(self->req.start, true);
}

long cell_start(struct per_cpu *cpu, u64 id)
{
	struct cell *cell = cell_lookup_locked(cpu, id);
	long err = 0;

	if (!cell)
		return -ENOENT;
	stop_cpus(cpu, cell);
	if (cell->state == PRTOS_CELL_LOADABLE) {
		cell_suspend(cpu, &root_cell);
		root_memory(cell, false, true);
		err = hm_keep_copy(cpu, cell);
		if (err)
			root_memory(cell, true, true);
		cell_resume(cpu, &root_cell);
		if (err)
			goto out;
	}
	hm_cell_started(cell);
	run_cell(cpu, cell);
	printk("Cell '%s' started\n", cell->config->name);
out:
	control_unlock();
	return err;
}

/**
 * cell_restart() - run the calling CPU's cell again from its loaded image
 * @cpu: this CPU, of the cell, in an exit (the caller holds the control
 *       lock; the health monitor chose the restart)
 */
void __noreturn cell_restart(struct per_cpu *cpu)
{
	struct cell *cell = cpu->cell;

	stop_cpus(cpu, cell);
	hm_restore_copy(cell);
	run_cell(cpu, cell);
	control_unlock();
	cpu->req.park = true;
	cpu_check_requests(cpu);
	/* the park loop starts this CPU again, or waits for its SIPI */
	arch_cpu_halt();
}

long cell_shutdown(struct per_cpu *cpu, u64 id, u64 flags)
{
	struct cell *cell = cell_lookup_locked(cpu, id);
	struct prtos_comm_region *comm;
	long err = 0;
	u32 reply;

	if (!cell)
		return -ENOENT;
	if (cell->state != PRTOS_CELL_RUNNING) {
		if (cell->state != PRTOS_CELL_SHUT_DOWN)
			err = hc_fail(cpu, -EINVAL,
				      "cell '%s' is not running (it is %s)",
				      cell->config->name,
				      prtos_cell_state_name(cell->state));
		goto out;
	}
	comm = cell->comm;
	if (comm && !cell->shutdown_requested) {
		comm->reply_from_cell = PRTOS_REPLY_NONE;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		comm->msg_to_cell = PRTOS_MSG_SHUTDOWN_REQUEST;
		cell->shutdown_requested = true;
		channels_wake(cell);
		err = -EAGAIN;
		goto out;
	}
	/* a cell without a comm region cannot object: it is stopped */
	reply = comm ? READ_ONCE(comm->reply_from_cell) : PRTOS_REPLY_APPROVED;
	if (reply == PRTOS_REPLY_NONE || reply == PRTOS_REPLY_LATER) {
		if (flags & PRTOS_SHUTDOWN_WITHDRAW) {
			/* the caller gave up: the cell runs on as asked */
			cell->shutdown_requested = false;
			comm->msg_to_cell = PRTOS_MSG_NONE;
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			comm->reply_from_cell = PRTOS_REPLY_NONE;
			err = -ETIMEDOUT;
			goto out;
		}
		/* "later" keeps the request pending until the safe point */
		err = reply == PRTOS_REPLY_NONE ? -EAGAIN : -EINPROGRESS;
		goto out;
	}
	cell->shutdown_requested = false;
	if (comm) {
		comm->msg_to_cell = PRTOS_MSG_NONE;
		comm->reply_from_cell = PRTOS_REPLY_NONE;
	}
	if (reply != PRTOS_REPLY_APPROVED) {
		err = hc_fail(cpu, -EBUSY,
			      "cell '%s' refused the shutdown request",
			      cell->config->name);
		goto out;
	}
	stop_cpus(cpu, cell);
	cell->state = PRTOS_CELL_SHUT_DOWN;
	printk("Cell '%s' shut down\n", cell->config->name);
out:
	control_unlock();
	return err;
}

/**
 * cell_destroy() - stop a cell and give everything back to the root
 * @cpu: the calling root CPU
 * @id: the cell
 *
 * Works in every state. The memory is scrubbed before the root gets it;
 * the CPUs return to the root waiting for INIT/SIPI, as Linux expects
 * of a CPU it brings online.
 *
 * Return: 0 or -ENOENT.
 */
long cell_destroy(struct per_cpu *cpu, u64 id)
{
	struct cell *cell = cell_lookup_locked(cpu, id);
	const struct prtos_memory *m;
	struct per_cpu *c;
	unsigned int n;

	if (!cell)
		return -ENOENT;
	stop_cpus(cpu, cell);
	cell_suspend(cpu, &root_cell);
	m = prtos_cell_mem(cell->config);
	for (n = 0; n < cell->config->num_memory_regions; n++, m++)
		if (!is_comm(m) && !(m->flags & PRTOS_MEM_SHARED))
			memset(phys_to_virt(m->phys_start), 0, m->size);
	cells[id] = NULL;
	channels_attach(cell, false);
	arch_cell_assign(cell, false);
	root_memory(cell, true, false);
	root_ports_rebuild();
	for_each_cpu(c)
		if (c->cell == cell) {
			c->cell = &root_cell;
			c->failed = false;
			c->req.wait_for_sipi = true;
			memset(c->stats, 0, sizeof(c->stats));
		}
	cell_resume(cpu, &root_cell);
	control_unlock();
	printk("Cell '%s' destroyed\n", cell->config->name);
	free_cell(cell);
	return 0;
}

/**
 * cell_get_state() - a cell's state and failed CPUs
 * @cpu: the calling CPU
 * @id: the cell
 *
 * The root may ask about any cell; the lock keeps the cell from being
 * destroyed while it is read. Any other cell may ask about itself only
 * (it cannot be destroyed while one of its CPUs is in this call).
 *
 * Return: PRTOS_CELL_* | failed CPUs << 16, -ENOENT or -EPERM.
 */
long cell_get_state(struct per_cpu *cpu, u64 id)
{
	struct cell *cell;
	long ret;

	if (!cell_is_root(cpu->cell)) {
		if (id != cpu->cell->id)
			return -EPERM;
		return cpu->cell->state | (long)(cpu->cell->failed_cpus << 16);
	}
	control_lock(cpu);
	cell = id < MAX_CELLS ? cells[id] : NULL;
	ret = cell ? cell->state | (long)(cell->failed_cpus << 16) : -ENOENT;
	control_unlock();
	return ret;
}

/**
 * cell_get_health() - a cell's fault counts, for the root
 * @cpu: the calling root CPU
 * @id: the cell (0 is the root)
 * @gpa: guest-physical struct prtos_cell_health in the root
 *
 * Return: 0 or -errno.
 */
long cell_get_health(struct per_cpu *cpu, u64 id, u64 gpa)
{
	struct prtos_cell_health h;
	struct cell *cell;

	control_lock(cpu);
	cell = id < MAX_CELLS ? cells[id] : NULL;
	if (cell)
		hm_cell_health(cell, &h);
	control_unlock();
	if (!cell)
		return -ENOENT;
	return arch_copy_to_guest(&root_cell, gpa, &h, sizeof(h));
}
