// SPDX-License-Identifier: GPL-2.0
/*
 * The prtos module: the /dev/prtos control device, the sysfs view under
 * /sys/devices/prtos, and module life time.
 */
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <asm/tsc.h>
#include <prtos/health.h>
#include <prtos/hypercall.h>
#include <prtos/version.h>
#include "prtos.h"

static long prtos_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *p = (void __user *)arg;

	switch (cmd) {
	case PRTOS_ENABLE:
		return prtos_cmd_enable(p);
	case PRTOS_DISABLE:
		return prtos_cmd_disable(p);
	case PRTOS_CONSOLE_READ:
		return prtos_cmd_console(p);
	case PRTOS_CELL_CREATE:
		return prtos_cmd_cell_create(p);
	case PRTOS_CELL_LOAD:
		return prtos_cmd_cell_load(p);
	case PRTOS_CELL_START:
	case PRTOS_CELL_SHUTDOWN:
	case PRTOS_CELL_DESTROY:
		return prtos_cmd_cell(cmd, p);
	}
	return -ENOTTY;
}

static const struct file_operations prtos_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = prtos_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice prtos_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "prtos",
	.fops = &prtos_fops,
	.mode = 0600,
};

/* A value from the running hypervisor, or -1 when it is not enabled. */
static ssize_t show_info(char *buf, unsigned int what)
{
	long v = -1;

	mutex_lock(&prtos_lock);
	if (prtos_enabled)
		v = prtos_hv_call(PRTOS_HC_HYPERVISOR_GET_INFO, what, 0);
	mutex_unlock(&prtos_lock);
	return sysfs_emit(buf, "%ld\n", v);
}

static ssize_t enabled_show(struct device *dev, struct device_attribute *a,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", prtos_enabled);
}

static ssize_t version_show(struct device *dev, struct device_attribute *a,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", PRTOS_VERSION);
}

static ssize_t abi_version_show(struct device *dev, struct device_attribute *a,
				char *buf)
{
	return sysfs_emit(buf, "%d\n", PRTOS_ABI_VERSION);
}

/* The TSC frequency Linux measured: cells are told it in their description. */
static ssize_t tsc_khz_show(struct device *dev, struct device_attribute *a,
			    char *buf)
{
	return sysfs_emit(buf, "%u\n", tsc_khz);
}

#define INFO_ATTR(name, what)                                             \
	static ssize_t name##_show(struct device *dev,                    \
				   struct device_attribute *a, char *buf) \
	{                                                                 \
		return show_info(buf, what);                              \
	}                                                                 \
	static DEVICE_ATTR_RO(name)

static DEVICE_ATTR_RO(enabled);
static DEVICE_ATTR_RO(version);
static DEVICE_ATTR_RO(abi_version);
static DEVICE_ATTR_RO(tsc_khz);
INFO_ATTR(mem_pool_pages, PRTOS_INFO_MEM_POOL_SIZE);
INFO_ATTR(mem_pool_used_pages, PRTOS_INFO_MEM_POOL_USED);
INFO_ATTR(cpus, PRTOS_INFO_NUM_CPUS);
INFO_ATTR(vmexits_total, PRTOS_INFO_VMEXITS_TOTAL);
INFO_ATTR(root_violations, PRTOS_INFO_ROOT_VIOLATIONS);
INFO_ATTR(root_confined_ipis, PRTOS_INFO_ROOT_CONFINED_IPIS);

static struct attribute *prtos_attrs[] = {
	&dev_attr_enabled.attr,
	&dev_attr_version.attr,
	&dev_attr_abi_version.attr,
	&dev_attr_tsc_khz.attr,
	&dev_attr_mem_pool_pages.attr,
	&dev_attr_mem_pool_used_pages.attr,
	&dev_attr_cpus.attr,
	&dev_attr_vmexits_total.attr,
	&dev_attr_root_violations.attr,
	&dev_attr_root_confined_ipis.attr,
	NULL,
};

/*
 * The health monitor's log, struct prtos_hm_log of <prtos/health.h>, as one
 * snapshot per read from offset 0 (it fits one page, so one read gets it
 * whole); empty while PRTOS is not enabled.
 */
static ssize_t hm_log_read(struct file *f, struct kobject *k,
			   struct bin_attribute *a, char *buf, loff_t off,
			   size_t count)
{
	struct prtos_hm_log *log;
	long ret = -ENODATA;

	if (off >= sizeof(*log))
		return 0;
	log = kzalloc(sizeof(*log), GFP_KERNEL);
	if (!log)
		return -ENOMEM;
	mutex_lock(&prtos_lock);
	if (prtos_enabled)
		ret = prtos_hv_call(PRTOS_HC_HM_LOG, virt_to_phys(log),
				    sizeof(*log));
	mutex_unlock(&prtos_lock);
	if (ret < 0) {
		kfree(log);
		return ret == -ENODATA ? 0 : ret;
	}
	count = min_t(size_t, count, sizeof(*log) - off);
	memcpy(buf, (char *)log + off, count);
	kfree(log);
	return count;
}

static BIN_ATTR_RO(hm_log, sizeof(struct prtos_hm_log));

static struct bin_attribute *prtos_bin_attrs[] = {
	&bin_attr_hm_log,
	NULL,
};

static const struct attribute_group prtos_attr_group = {
	.attrs = prtos_attrs,
	.bin_attrs = prtos_bin_attrs,
};

static int __init prtos_init(void)
{
	int err;

	prtos_dev = root_device_register("prtos");
	if (IS_ERR(prtos_dev))
		return PTR_ERR(prtos_dev);
	err = sysfs_create_group(&prtos_dev->kobj, &prtos_attr_group);
	if (err)
		goto out_dev;
	err = misc_register(&prtos_misc);
	if (err)
		goto out_group;
	pr_info("prtos: driver %s loaded (ABI %d)\n", PRTOS_VERSION,
		PRTOS_ABI_VERSION);
	return 0;

out_group:
	sysfs_remove_group(&prtos_dev->kobj, &prtos_attr_group);
out_dev:
	root_device_unregister(prtos_dev);
	return err;
}

static void __exit prtos_exit(void)
{
	misc_deregister(&prtos_misc);
	sysfs_remove_group(&prtos_dev->kobj, &prtos_attr_group);
	root_device_unregister(prtos_dev);
	prtos_console_free();
}

module_init(prtos_init);
module_exit(prtos_exit);

MODULE_DESCRIPTION("PRTOS partitioning hypervisor driver");
MODULE_LICENSE("GPL");
MODULE_VERSION(PRTOS_VERSION);
MODULE_FIRMWARE(PRTOS_FIRMWARE);
