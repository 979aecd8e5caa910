// SPDX-License-Identifier: GPL-2.0
/*
 * Cells as the driver manages them: taking CPUs out of Linux before the
 * hypervisor gets them and bringing them back after, loading images into
 * a cell's memory while the root may write it, and the sysfs view under
 * /sys/devices/prtos/cells/<id>/.
 */
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <prtos/cell.h>
#include <prtos/config.h>
#include <prtos/health.h>
#include <prtos/hypercall.h>
#include <prtos-lib/config-check.h>
#include "prtos.h"

struct prtos_cell {
	struct kobject kobj;
	struct list_head list;
	unsigned int id;
	char name[PRTOS_CELL_NAME_LEN];
	struct prtos_cell_desc *config; /* kmalloc: physically contiguous */
	size_t config_size;
	struct cpumask cpus;
	bool loaded;
	/* the last device tree loaded at PRTOS_INMATE_FDT_GPA, for sysfs */
	void *description;
	size_t description_size;
};

static LIST_HEAD(cells);
static struct kobject *cells_dir;
static struct prtos_cell *root;

/* The hypervisor's reason for the last failed management call. */
static int hv_fail(char *reason, long err)
{
	char *buf = kzalloc(PRTOS_REASON_LEN, GFP_KERNEL);

	if (buf &&
	    prtos_hv_call(PRTOS_HC_GET_REASON, virt_to_phys(buf),
			  PRTOS_REASON_LEN) == 0 &&
	    buf[0])
		strscpy(reason, buf, PRTOS_REASON_LEN);
	else
		snprintf(reason, PRTOS_REASON_LEN,
			 "the hypervisor refused (error %ld)", err);
	kfree(buf);
	pr_err("prtos: %s\n", reason);
	return err;
}

static long cell_state(struct prtos_cell *cell)
{
	if (cell == root)
		return PRTOS_CELL_RUNNING;
	return prtos_hv_call(PRTOS_HC_CELL_GET_STATE, cell->id, 0);
}

/* sysfs */

#define to_cell(k) container_of(k, struct prtos_cell, kobj)

static ssize_t name_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%s\n", to_cell(k)->name);
}

static ssize_t state_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	long v;

	mutex_lock(&prtos_lock);
	v = cell_state(to_cell(k));
	mutex_unlock(&prtos_lock);
	return sysfs_emit(buf, "%s\n",
			  v < 0 ? "unknown"
				: prtos_cell_state_name(PRTOS_CELL_STATE(v)));
}

static ssize_t cpus_assigned_show(struct kobject *k, struct kobj_attribute *a,
				  char *buf)
{
	return sysfs_emit(buf, "%*pbl\n", cpumask_pr_args(&to_cell(k)->cpus));
}

static ssize_t cpus_failed_show(struct kobject *k, struct kobj_attribute *a,
				char *buf)
{
	struct cpumask failed;
	unsigned long bits;
	unsigned int cpu;
	long v;

	cpumask_clear(&failed);
	mutex_lock(&prtos_lock);
	v = cell_state(to_cell(k));
	mutex_unlock(&prtos_lock);
	bits = v < 0 ? 0 : PRTOS_CELL_FAILED_CPUS(v);
	for_each_set_bit(cpu, &bits, BITS_PER_LONG)
		if (cpu < nr_cpu_ids)
			cpumask_set_cpu(cpu, &failed);
	return sysfs_emit(buf, "%*pbl\n", cpumask_pr_args(&failed));
}

static ssize_t statistics_show(struct kobject *k, struct kobj_attribute *a,
			       char *buf)
{
	static const char *const names[] = PRTOS_STAT_NAMES;
	struct prtos_cell *cell = to_cell(k);
	u64 *stats =
		kmalloc_array(PRTOS_NUM_CPU_STATS, sizeof(u64), GFP_KERNEL);
	unsigned int cpu, n;
	ssize_t len = 0;

	if (!stats)
		return -ENOMEM;
	mutex_lock(&prtos_lock);
	for_each_cpu(cpu, &cell->cpus) {
		if (cell == root && !cpu_online(cpu))
			continue;
		if (prtos_hv_call(PRTOS_HC_CPU_GET_STATS, cpu,
				  virt_to_phys(stats)))
			continue;
		len += sysfs_emit_at(buf, len, "cpu %u", cpu);
		for (n = 0; n < PRTOS_NUM_CPU_STATS; n++)
			len += sysfs_emit_at(buf, len, " %s=%llu", names[n],
					     stats[n]);
		len += sysfs_emit_at(buf, len, "\n");
	}
	mutex_unlock(&prtos_lock);
	kfree(stats);
	return len;
}

/* The health monitor's counts: "restarts=N window_restarts=N" and a count per fault kind. */
static ssize_t faults_show(struct kobject *k, struct kobj_attribute *a,
			   char *buf)
{
	static const char *const names[] = PRTOS_FAULT_NAMES;
	struct prtos_cell_health *h = kmalloc(sizeof(*h), GFP_KERNEL);
	ssize_t len;
	long ret;
	unsigned int n;

	if (!h)
		return -ENOMEM;
	mutex_lock(&prtos_lock);
	ret = prtos_hv_call(PRTOS_HC_CELL_HEALTH, to_cell(k)->id,
			    virt_to_phys(h));
	mutex_unlock(&prtos_lock);
	if (ret < 0) {
		kfree(h);
		return ret;
	}
	len = sysfs_emit(buf, "restarts=%u window_restarts=%u", h->restarts,
			 h->window_restarts);
	for (n = 0; n < PRTOS_NUM_FAULT_KINDS; n++)
		len += sysfs_emit_at(buf, len, " %s=%llu", names[n],
				     h->faults[n]);
	len += sysfs_emit_at(buf, len, "\n");
	kfree(h);
	return len;
}

static struct kobj_attribute cell_attr_defs[] = {
	__ATTR_RO(name),	__ATTR_RO(state),      __ATTR_RO(cpus_assigned),
	__ATTR_RO(cpus_failed), __ATTR_RO(statistics), __ATTR_RO(faults),
};

static struct attribute *cell_attrs_attrs[] = {
	&cell_attr_defs[0].attr,
	&cell_attr_defs[1].attr,
	&cell_attr_defs[2].attr,
	&cell_attr_defs[3].attr,
	&cell_attr_defs[4].attr,
	&cell_attr_defs[5].attr,
	NULL,
};

static ssize_t read_blob(const void *blob, size_t size, char *buf, loff_t off,
			 size_t count)
{
	if (!blob || off >= size)
		return 0;
	count = min_t(size_t, count, size - off);
	memcpy(buf, blob + off, count);
	return count;
}

/* The cell's configuration as it was created (the tool describes it). */
static ssize_t config_read(struct file *f, struct kobject *k,
			   struct bin_attribute *a, char *buf, loff_t off,
			   size_t count)
{
	struct prtos_cell *cell = to_cell(k);

	return read_blob(cell->config, cell->config_size, buf, off, count);
}

/* What the cell was last given to describe itself ('prtos cell describe'). */
static ssize_t description_read(struct file *f, struct kobject *k,
				struct bin_attribute *a, char *buf, loff_t off,
				size_t count)
{
	struct prtos_cell *cell = to_cell(k);
	ssize_t ret;

	mutex_lock(&prtos_lock);
	ret = read_blob(cell->description, cell->description_size, buf, off,
			count);
	mutex_unlock(&prtos_lock);
	return ret;
}

static BIN_ATTR_RO(config, 0);
static BIN_ATTR_RO(description, 0);

static struct bin_attribute *cell_bin_attrs[] = {
	&bin_attr_config,
	&bin_attr_description,
	NULL,
};

static const struct attribute_group cell_attrs_group = {
	.attrs = cell_attrs_attrs,
	.bin_attrs = cell_bin_attrs,
};

static const struct attribute_group *cell_attrs_groups[] = {
	&cell_attrs_group,
	NULL,
};

static void cell_release(struct kobject *kobj)
{
	struct prtos_cell *cell = to_cell(kobj);

	kfree(cell->config);
	kvfree(cell->description);
	kfree(cell);
}

static struct kobj_type cell_ktype = {
	.release = cell_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = cell_attrs_groups,
};

static int cell_register(struct prtos_cell *cell)
{
	int err = kobject_init_and_add(&cell->kobj, &cell_ktype, cells_dir,
				       "%u", cell->id);

	if (err) {
		kobject_put(&cell->kobj);
		return err;
	}
	list_add_tail(&cell->list, &cells);
	return 0;
}

static void cell_unregister(struct prtos_cell *cell)
{
	list_del(&cell->list);
	kobject_put(&cell->kobj);
}

/**
 * prtos_cells_init() - sysfs directory for cells, with the root as cell 0
 * @root_config: the root cell's description
 *
 * Return: 0 or -errno.
 */
int prtos_cells_init(const struct prtos_cell_desc *root_config)
{
	unsigned int cpu;

	cells_dir = kobject_create_and_add("cells", &prtos_dev->kobj);
	if (!cells_dir)
		return -ENOMEM;
	root = kzalloc(sizeof(*root), GFP_KERNEL);
	if (!root)
		goto nomem;
	strscpy(root->name, root_config->name, sizeof(root->name));
	for_each_online_cpu(cpu)
		cpumask_set_cpu(cpu, &root->cpus);
	if (cell_register(root))
		goto nomem;
	return 0;
nomem:
	root = NULL;
	kobject_put(cells_dir);
	cells_dir = NULL;
	return -ENOMEM;
}

void prtos_cells_exit(void)
{
	if (root)
		cell_unregister(root);
	root = NULL;
	kobject_put(cells_dir);
	cells_dir = NULL;
}

/**
 * prtos_cells_busy() - list the cells that keep PRTOS from being disabled
 * @reason: receives the sentence, if there are any
 *
 * Return: true if non-root cells exist.
 */
bool prtos_cells_busy(char *reason)
{
	struct prtos_cell *cell;
	size_t len;

	len = scnprintf(reason, PRTOS_REASON_LEN, "cells still exist:");
	list_for_each_entry(cell, &cells, list)
		if (cell != root)
			len += scnprintf(reason + len, PRTOS_REASON_LEN - len,
					 " %s", cell->name);
	if (list_is_singular(&cells) || list_empty(&cells)) {
		reason[0] = '\0';
		return false;
	}
	scnprintf(reason + len, PRTOS_REASON_LEN - len,
		  ": destroy them first ('prtos cell destroy NAME')");
	return true;
}

static struct prtos_cell *find_cell(const struct prtos_cell_id *cid,
				    char *reason)
{
	struct prtos_cell *cell;

	list_for_each_entry(cell, &cells, list) {
		if (cell == root)
			continue;
		if (cid->id ? cell->id == cid->id
			    : !strncmp(cell->name, cid->name,
				       sizeof(cell->name)))
			return cell;
	}
	if (cid->id)
		prtos_fail(reason, -ENOENT, "there is no cell with id %u",
			   cid->id);
	else
		prtos_fail(reason, -ENOENT, "there is no cell named '%.*s'",
			   (int)sizeof(cid->name), cid->name);
	return NULL;
}

static void cpus_back_online(const struct cpumask *cpus)
{
	unsigned int cpu;
	int err;

	for_each_cpu(cpu, cpus) {
		err = add_cpu(cpu);
		if (err)
			pr_err("prtos: CPU %u did not come back online (error %d)\n",
			       cpu, err);
	}
}

static int check_cell_cpus(struct prtos_cell *new, char *reason)
{
	struct prtos_cell *cell;
	unsigned int cpu;

	list_for_each_entry(cell, &cells, list)
		if (!strcmp(cell->name, new->name))
			return prtos_fail(reason, -EEXIST,
					  "a cell named '%s' exists already",
					  new->name);
	for (cpu = 0; cpu < PRTOS_MAX_CPUS; cpu++) {
		if (!prtos_cell_has_cpu(new->config, cpu))
			continue;
		if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
			return prtos_fail(reason, -ENOENT,
					  "CPU %u does not exist on this machine",
					  cpu);
		if (cpu == 0)
			return prtos_fail(
				reason, -EINVAL,
				"CPU 0 cannot be given to a cell: Linux cannot take it offline");
		list_for_each_entry(cell, &cells, list)
			if (cell != root && cpumask_test_cpu(cpu, &cell->cpus))
				return prtos_fail(reason, -EBUSY,
						  "CPU %u belongs to cell '%s'",
						  cpu, cell->name);
		if (!cpumask_test_cpu(cpu, &root->cpus))
			return prtos_fail(reason, -EINVAL,
					  "CPU %u is not under the hypervisor",
					  cpu);
		cpumask_set_cpu(cpu, &new->cpus);
	}
	return 0;
}

static int take_cpus(struct prtos_cell *cell, char *reason)
{
	struct cpumask taken;
	unsigned int cpu;
	int err;

	cpumask_clear(&taken);
	for_each_cpu(cpu, &cell->cpus) {
		if (!cpu_online(cpu))
			continue;
		err = remove_cpu(cpu);
		if (err) {
			cpus_back_online(&taken);
			return prtos_fail(
				reason, err,
				"cannot take CPU %u offline in Linux (error %d)",
				cpu, err);
		}
		cpumask_set_cpu(cpu, &taken);
	}
	return 0;
}

/**
 * prtos_cmd_cell_create() - PRTOS_CELL_CREATE
 * @arg: user's struct prtos_cell_create
 *
 * Return: 0 or -errno, with the reason copied to user space.
 */
int prtos_cmd_cell_create(struct prtos_cell_create __user *arg)
{
	struct prtos_cell_create args;
	char *reason = args.reason;
	struct prtos_cell *cell = NULL;
	char why[PRTOS_REASON_LEN];
	long ret;
	int err;

	if (copy_from_user(&args, arg, sizeof(args)))
		return -EFAULT;
	memset(reason, 0, PRTOS_REASON_LEN);
	mutex_lock(&prtos_lock);
	if (!prtos_enabled) {
		err = prtos_fail(
			reason, -ENODEV,
			"PRTOS is not enabled: run 'prtos enable SYSTEM.cell' first");
		goto out;
	}
	if (args.config_size < sizeof(struct prtos_cell_desc) ||
	    args.config_size > PRTOS_CONFIG_MAX_SIZE) {
		err = prtos_fail(
			reason, -EINVAL,
			"invalid cell configuration: size %u bytes is out of range",
			args.config_size);
		goto out;
	}
	cell = kzalloc(sizeof(*cell), GFP_KERNEL);
	if (cell)
		cell->config = kmalloc(args.config_size, GFP_KERNEL);
	if (!cell || !cell->config) {
		err = -ENOMEM;
		goto out;
	}
	cell->config_size = args.config_size;
	if (copy_from_user(cell->config, u64_to_user_ptr(args.config),
			   args.config_size)) {
		err = -EFAULT;
		goto out;
	}
	err = prtos_check_cell_config(cell->config, args.config_size, why,
				      sizeof(why));
	if (!err)
		err = prtos_check_cell_ports(prtos_system_config, cell->config,
					     why, sizeof(why));
	if (err) {
		err = prtos_fail(reason, err, "invalid cell configuration: %s",
				 why);
		goto out;
	}
	memcpy(cell->name, cell->config->name, sizeof(cell->name));
	cell->name[sizeof(cell->name) - 1] = '\0';
	err = check_cell_cpus(cell, reason);
	if (err)
		goto out;
	err = take_cpus(cell, reason);
	if (err)
		goto out;
	ret = prtos_hv_call(PRTOS_HC_CELL_CREATE, virt_to_phys(cell->config),
			    args.config_size);
	if (ret < 0) {
		err = hv_fail(reason, ret);
		cpus_back_online(&cell->cpus);
		goto out;
	}
	cell->id = ret;
	err = cell_register(cell);
	if (err) {
		/* sysfs failed: undo in the hypervisor too */
		prtos_hv_call(PRTOS_HC_CELL_DESTROY, ret, 0);
		cpus_back_online(&cell->cpus);
		err = prtos_fail(reason, err,
				 "cannot create the cell's sysfs entry");
		cell = NULL; /* freed by kobject_put */
		goto out;
	}
	args.id = cell->id;
	cpumask_andnot(&root->cpus, &root->cpus, &cell->cpus);
	pr_info("prtos: cell '%s' created (id %u, CPUs %*pbl)\n", cell->name,
		cell->id, cpumask_pr_args(&cell->cpus));
	cell = NULL;
out:
	if (cell) {
		kfree(cell->config);
		kfree(cell);
	}
	mutex_unlock(&prtos_lock);
	if (copy_to_user(arg, &args, sizeof(args)))
		return -EFAULT;
	return err;
}

/* The host-physical address of [addr, addr + size) in a loadable region. */
static int loadable_phys(struct prtos_cell *cell, u64 addr, u64 size, u64 *phys)
{
	const struct prtos_memory *m = prtos_cell_mem(cell->config);
	unsigned int n;

	for (n = 0; n < cell->config->num_memory_regions; n++, m++) {
		if (!(m->flags & PRTOS_MEM_LOADABLE) || addr < m->virt_start ||
		    size > m->size || addr - m->virt_start > m->size - size)
			continue;
		*phys = m->phys_start + (addr - m->virt_start);
		return 0;
	}
	return -EINVAL;
}

/**
 * prtos_cmd_cell_load() - PRTOS_CELL_LOAD
 * @arg: user's struct prtos_cell_load
 *
 * Return: 0 or -errno, with the reason copied to user space.
 */
/*
 * A flattened device tree loaded at the address inmates read it from is
 * kept for sysfs, so that 'prtos cell describe' shows what the cell got.
 */
static void keep_description(struct prtos_cell *cell, const void *src, u64 size)
{
	static const u8 fdt_magic[] = { 0xd0, 0x0d, 0xfe, 0xed };

	kvfree(cell->description);
	cell->description = NULL;
	cell->description_size = 0;
	if (size > PRTOS_INMATE_FDT_SIZE || size < sizeof(fdt_magic) ||
	    memcmp(src, fdt_magic, sizeof(fdt_magic)))
		return;
	cell->description = kvmalloc(size, GFP_KERNEL);
	if (!cell->description)
		return;
	memcpy(cell->description, src, size);
	cell->description_size = size;
}

/* Tell the hypervisor what is loaded: a restart after a fault runs it. */
static long note_loaded(struct prtos_cell *cell, u64 address, u64 size)
{
	struct prtos_load_extent *ext = kmalloc(sizeof(*ext), GFP_KERNEL);
	long ret;

	if (!ext)
		return -ENOMEM;
	ext->address = address;
	ext->size = size;
	/* kmalloc memory is linearly mapped, unlike a (vmap) stack */
	ret = prtos_hv_call(PRTOS_HC_CELL_LOADED, cell->id, virt_to_phys(ext));
	kfree(ext);
	return ret;
}

int prtos_cmd_cell_load(struct prtos_cell_load __user *arg)
{
	struct prtos_cell_load args;
	char *reason = args.reason;
	struct prtos_cell *cell;
	void *dst;
	u64 phys;
	long ret;
	int err = 0;

	if (copy_from_user(&args, arg, sizeof(args)))
		return -EFAULT;
	memset(reason, 0, PRTOS_REASON_LEN);
	mutex_lock(&prtos_lock);
	cell = prtos_enabled ? find_cell(&args.cell, reason) : NULL;
	if (!cell) {
		err = prtos_enabled
			      ? -ENOENT
			      : prtos_fail(reason, -ENODEV,
					   "PRTOS is not enabled: run 'prtos enable SYSTEM.cell' first");
		goto out;
	}
	if (!args.size || args.size > (1ULL << 30) ||
	    loadable_phys(cell, args.address, args.size, &phys)) {
		err = prtos_fail(
			reason, -EINVAL,
			"0x%llx-0x%llx is not inside loadable memory of cell '%s'",
			args.address, args.address + args.size - 1, cell->name);
		goto out;
	}
	if (PRTOS_CELL_STATE(cell_state(cell)) == PRTOS_CELL_RUNNING) {
		err = prtos_fail(
			reason, -EBUSY,
			"cell '%s' is running: shut it down or destroy it first",
			cell->name);
		goto out;
	}
	ret = prtos_hv_call(PRTOS_HC_CELL_SET_LOADABLE, cell->id, 0);
	if (ret >= 0)
		ret = note_loaded(cell, args.address, args.size);
	if (ret < 0) {
		err = hv_fail(reason, ret);
		goto out;
	}
	dst = memremap(phys, args.size, MEMREMAP_WB);
	if (!dst) {
		err = prtos_fail(reason, -ENOMEM,
				 "cannot map the cell's memory");
		goto out;
	}
	if (copy_from_user(dst, u64_to_user_ptr(args.image), args.size))
		err = -EFAULT;
	if (!err && args.address == PRTOS_INMATE_FDT_GPA)
		keep_description(cell, dst, args.size);
	memunmap(dst);
	if (!err)
		cell->loaded = true;
out:
	mutex_unlock(&prtos_lock);
	if (copy_to_user(arg->reason, reason, PRTOS_REASON_LEN))
		return -EFAULT;
	return err;
}

static int cell_start(struct prtos_cell *cell, char *reason)
{
	long ret;

	if (!cell->loaded)
		return prtos_fail(
			reason, -EINVAL,
			"nothing has been loaded into cell '%s': run 'prtos cell load' first",
			cell->name);
	ret = prtos_hv_call(PRTOS_HC_CELL_START, cell->id, 0);
	return ret < 0 ? hv_fail(reason, ret) : 0;
}

/*
 * Ask and wait for the cell's final answer: it may answer "later" (a
 * critical phase) and accept at its next safe point. On timeout or a
 * signal the request is withdrawn, unless the cell agreed meanwhile.
 */
static int cell_shutdown(struct prtos_cell *cell, u32 timeout_ms, char *reason)
{
	unsigned long end = jiffies + msecs_to_jiffies(timeout_ms);
	bool later = false;
	long ret;

	for (;;) {
		ret = prtos_hv_call(PRTOS_HC_CELL_SHUTDOWN, cell->id, 0);
		if (ret != -EAGAIN && ret != -EINPROGRESS)
			break;
		later |= ret == -EINPROGRESS;
		if (time_after(jiffies, end) || signal_pending(current)) {
			ret = prtos_hv_call(PRTOS_HC_CELL_SHUTDOWN, cell->id,
					    PRTOS_SHUTDOWN_WITHDRAW);
			if (ret != -ETIMEDOUT)
				break;
			if (signal_pending(current))
				return prtos_fail(
					reason, -EINTR,
					"shutdown of cell '%s' interrupted: the request is withdrawn, the cell runs on",
					cell->name);
			if (later)
				return prtos_fail(
					reason, -ETIMEDOUT,
					"cell '%s' answered 'later' but had not accepted after %u.%03u s: the request is withdrawn; use a longer --timeout or 'prtos cell destroy'",
					cell->name, timeout_ms / 1000,
					timeout_ms % 1000);
			return prtos_fail(
				reason, -ETIMEDOUT,
				"cell '%s' did not answer the shutdown request within %u.%03u s: use a longer --timeout or 'prtos cell destroy'",
				cell->name, timeout_ms / 1000,
				timeout_ms % 1000);
		}
		msleep(10);
	}
	if (ret == -EBUSY)
		return prtos_fail(
			reason, -EBUSY,
			"cell '%s' refused the shutdown request (it does not stop by request): use 'prtos cell destroy'",
			cell->name);
	return ret < 0 ? hv_fail(reason, ret) : 0;
}

static int cell_destroy(struct prtos_cell *cell, char *reason)
{
	long ret = prtos_hv_call(PRTOS_HC_CELL_DESTROY, cell->id, 0);

	if (ret < 0)
		return hv_fail(reason, ret);
	pr_info("prtos: cell '%s' destroyed\n", cell->name);
	cpumask_or(&root->cpus, &root->cpus, &cell->cpus);
	cpus_back_online(&cell->cpus);
	cell_unregister(cell);
	return 0;
}

/**
 * prtos_cmd_cell() - PRTOS_CELL_START, _SHUTDOWN and _DESTROY
 * @cmd: the ioctl
 * @arg: user's struct prtos_cell_cmd
 *
 * Return: 0 or -errno, with the reason copied to user space.
 */
int prtos_cmd_cell(unsigned int cmd, struct prtos_cell_cmd __user *arg)
{
	struct prtos_cell_cmd args;
	char *reason = args.reason;
	struct prtos_cell *cell;
	int err;

	if (copy_from_user(&args, arg, sizeof(args)))
		return -EFAULT;
	memset(reason, 0, PRTOS_REASON_LEN);
	if (args.reserved || (args.timeout_ms && cmd != PRTOS_CELL_SHUTDOWN) ||
	    args.timeout_ms > PRTOS_SHUTDOWN_MAX_TIMEOUT_MS) {
		if (args.reserved)
			err = prtos_fail(reason, -EINVAL,
					 "reserved field is %u but must be 0",
					 args.reserved);
		else
			err = prtos_fail(
				reason, -EINVAL,
				"timeout %u ms is out of range: shutdown takes 1 to %u ms, other commands none",
				args.timeout_ms, PRTOS_SHUTDOWN_MAX_TIMEOUT_MS);
		return copy_to_user(arg->reason, reason, PRTOS_REASON_LEN)
			       ? -EFAULT
			       : err;
	}
	mutex_lock(&prtos_lock);
	cell = prtos_enabled ? find_cell(&args.cell, reason) : NULL;
	if (!cell)
		err = prtos_enabled
			      ? -ENOENT
			      : prtos_fail(reason, -ENODEV,
					   "PRTOS is not enabled: run 'prtos enable SYSTEM.cell' first");
	else if (cmd == PRTOS_CELL_START)
		err = cell_start(cell, reason);
	else if (cmd == PRTOS_CELL_SHUTDOWN)
		err = cell_shutdown(cell,
				    args.timeout_ms
					    ?: PRTOS_SHUTDOWN_TIMEOUT_MS,
				    reason);
	else
		err = cell_destroy(cell, reason);
	mutex_unlock(&prtos_lock);
	if (copy_to_user(arg->reason, reason, PRTOS_REASON_LEN))
		return -EFAULT;
	return err;
}
