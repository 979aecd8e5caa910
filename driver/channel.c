// SPDX-License-Identifier: GPL-2.0
/*
 * The channels of the system as Linux sees them: one sysfs directory per
 * channel under /sys/devices/prtos/channels/NAME with its declaration
 * (kind, writer, readers, sizes) and its ends' counters, which the
 * hypervisor reads as one snapshot; and, through channel-dev.c, a device
 * per port of the root.
 */
#include <linux/io.h>
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <prtos/channel.h>
#include <prtos/hypercall.h>
#include "prtos.h"

/**
 * struct prtos_chan_dir - one channel's sysfs directory
 * @kobj: /sys/devices/prtos/channels/NAME
 * @config: its declaration, in the driver's copy of the system config
 * @index: its index there (the argument of PRTOS_HC_CHANNEL_STATUS)
 */
struct prtos_chan_dir {
	struct kobject kobj;
	const struct prtos_channel *config;
	unsigned int index;
};

static struct kobject *channels_dir;
static struct prtos_chan_dir **dirs;
static unsigned int num_dirs;

#define to_dir(k) container_of(k, struct prtos_chan_dir, kobj)

static ssize_t kind_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  to_dir(k)->config->kind == PRTOS_CHANNEL_QUEUING
				  ? "queuing"
				  : "sampling");
}

static ssize_t writer_show(struct kobject *k, struct kobj_attribute *a,
			   char *buf)
{
	return sysfs_emit(buf, "%s\n", to_dir(k)->config->writer);
}

static ssize_t readers_show(struct kobject *k, struct kobj_attribute *a,
			    char *buf)
{
	const struct prtos_channel *c = to_dir(k)->config;
	ssize_t len = 0;
	unsigned int n;

	for (n = 0; n < c->num_readers; n++)
		len += sysfs_emit_at(buf, len, "%s%s", n ? " " : "",
				     c->readers[n]);
	return len + sysfs_emit_at(buf, len, "\n");
}

static ssize_t max_message_size_show(struct kobject *k,
				     struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%u\n", to_dir(k)->config->max_message_size);
}

static ssize_t depth_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	return sysfs_emit(buf, "%u\n", to_dir(k)->config->depth);
}

static ssize_t refresh_ns_show(struct kobject *k, struct kobj_attribute *a,
			       char *buf)
{
	return sysfs_emit(buf, "%llu\n", to_dir(k)->config->refresh_ns);
}

static ssize_t size_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%llu\n", prtos_channel_size(to_dir(k)->config));
}

/* One line per end, from one snapshot of the hypervisor's. */
static ssize_t status_show(struct kobject *k, struct kobj_attribute *a,
			   char *buf)
{
	struct prtos_chan_dir *d = to_dir(k);
	const struct prtos_channel *c = d->config;
	struct prtos_channel_status *st = kzalloc(sizeof(*st), GFP_KERNEL);
	ssize_t len;
	unsigned int n, e;
	long ret;

	if (!st)
		return -ENOMEM;
	mutex_lock(&prtos_lock);
	ret = prtos_enabled ? prtos_hv_call(PRTOS_HC_CHANNEL_STATUS, d->index,
					    virt_to_phys(st))
			    : -ENODEV;
	mutex_unlock(&prtos_lock);
	if (ret) {
		kfree(st);
		return ret;
	}
	e = PRTOS_CHANNEL_END_WRITER;
	len = sysfs_emit(
		buf,
		"writer %s %s messages=%llu overflows=%llu rings=%llu doorbells=%llu\n",
		c->writer, st->attached & BIT(e) ? "attached" : "absent",
		st->messages, st->overflows, st->rings[e], st->delivered[e]);
	for (n = 0; n < c->num_readers; n++) {
		e = PRTOS_CHANNEL_END_READER(n);
		len += sysfs_emit_at(
			buf, len,
			"reader %s %s received=%llu lost=%llu rings=%llu doorbells=%llu\n",
			c->readers[n],
			st->attached & BIT(e) ? "attached" : "absent",
			st->received[n], st->lost[n], st->rings[e],
			st->delivered[e]);
	}
	kfree(st);
	return len;
}

static struct kobj_attribute chan_attr_defs[] = {
	__ATTR_RO(kind),    __ATTR_RO(writer),
	__ATTR_RO(readers), __ATTR_RO(max_message_size),
	__ATTR_RO(depth),   __ATTR_RO(refresh_ns),
	__ATTR_RO(size),    __ATTR_RO(status),
};

static struct attribute *chan_attrs_attrs[] = {
	&chan_attr_defs[0].attr,
	&chan_attr_defs[1].attr,
	&chan_attr_defs[2].attr,
	&chan_attr_defs[3].attr,
	&chan_attr_defs[4].attr,
	&chan_attr_defs[5].attr,
	&chan_attr_defs[6].attr,
	&chan_attr_defs[7].attr,
	NULL,
};
ATTRIBUTE_GROUPS(chan_attrs);

static void chan_release(struct kobject *kobj)
{
	kfree(to_dir(kobj));
}

static struct kobj_type chan_ktype = {
	.release = chan_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = chan_attrs_groups,
};

/**
 * prtos_channels_init() - the sysfs view of the system's channels
 * @sys: the validated system configuration, kept until disable
 *
 * Return: 0 or -ENOMEM (nothing is left behind).
 */
int prtos_channels_init(const struct prtos_system *sys)
{
	const struct prtos_channel *c = prtos_system_channels(sys);
	unsigned int n;

	channels_dir = kobject_create_and_add("channels", &prtos_dev->kobj);
	if (!channels_dir)
		return -ENOMEM;
	dirs = kcalloc(sys->num_channels ?: 1, sizeof(*dirs), GFP_KERNEL);
	if (!dirs)
		goto nomem;
	for (n = 0; n < sys->num_channels; n++, c++) {
		struct prtos_chan_dir *d = kzalloc(sizeof(*d), GFP_KERNEL);

		if (!d)
			goto nomem;
		d->config = c;
		d->index = n;
		if (kobject_init_and_add(&d->kobj, &chan_ktype, channels_dir,
					 "%s", c->name)) {
			kobject_put(&d->kobj);
			goto nomem;
		}
		dirs[num_dirs++] = d;
	}
	if (prtos_channel_devs_init(sys))
		goto nomem;
	return 0;
nomem:
	prtos_channels_exit();
	return -ENOMEM;
}

/**
 * prtos_channels_exit() - remove the sysfs view of the channels
 */
void prtos_channels_exit(void)
{
	prtos_channel_devs_exit();
	while (num_dirs)
		kobject_put(&dirs[--num_dirs]->kobj);
	kfree(dirs);
	dirs = NULL;
	kobject_put(channels_dir);
	channels_dir = NULL;
}
