// SPDX-License-Identifier: GPL-2.0
/*
 * The root's ports as character devices, /dev/prtos-channel/NAME, for
 * Linux user space: mmap() gives the whole channel (the root's own section
 * writable, every other section read-only, as the hypervisor's nested
 * tables enforce anyway), PRTOS_CHANNEL_GET_END says which end the root
 * is, PRTOS_CHANNEL_RING rings the peers, and poll() waits for the peer's
 * doorbell: it arms the root's end and reports a message to read (POLLIN)
 * or room to write (POLLOUT). The doorbells come on the IOAPIC pin the
 * system configuration names (platform.root_doorbell_pin), which the
 * driver requests as an ordinary interrupt. The data path is user space
 * reading and writing the shared pages: no driver and no hypervisor on it.
 * Permissions follow the misc device "prtos-channel-NAME", so an ordinary
 * udev rule can hand a channel to a user.
 */
#include <linux/acpi.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <prtos-lib/channel.h>
#include <prtos/channel.h>
#include <prtos/hypercall.h>
#include <prtos/ioctl.h>
#include "prtos.h"

/**
 * struct prtos_chan_dev - one of the root's ports
 * @misc: the device
 * @name: its sysfs name, "prtos-channel-NAME"
 * @nodename: its /dev path below /dev, "prtos-channel/NAME"
 * @info: what PRTOS_CHANNEL_GET_END returns
 * @address: where the root sees the channel (guest-physical = what Linux
 *           takes for physical)
 * @writable: the byte range of the root's own section
 * @users: open files
 * @lock: serialises poll()'s arming and @chan
 * @kmap: the channel in the kernel's address space, once opened
 * @chan: the channel code's view of the root's end, for poll()
 */
struct prtos_chan_dev {
	struct miscdevice misc;
	char name[16 + PRTOS_CHANNEL_NAME_LEN];
	char nodename[16 + PRTOS_CHANNEL_NAME_LEN];
	struct prtos_channel_end info;
	u64 address;
	u64 own_offset, own_size;
	atomic_t users;
	struct mutex lock;
	void *kmap;
	struct prtos_chan chan;
};

static struct prtos_chan_dev *devs;
static unsigned int num_devs;
static DECLARE_WAIT_QUEUE_HEAD(doorbell_wait);
static int doorbell_irq = -1;
static u32 doorbell_gsi;

static irqreturn_t doorbell_handler(int irq, void *data)
{
	wake_up_interruptible_all(&doorbell_wait);
	return IRQ_HANDLED;
}

static struct prtos_chan_dev *to_dev(struct file *f)
{
	return container_of(f->private_data, struct prtos_chan_dev, misc);
}

static int chan_open(struct inode *inode, struct file *f)
{
	struct prtos_chan_dev *d = to_dev(f);

	int err = 0;

	if (!READ_ONCE(prtos_enabled))
		return -ENODEV;
	mutex_lock(&d->lock);
	if (!d->kmap) {
		d->kmap = memremap(d->address, d->info.size, MEMREMAP_WB);
		err = d->kmap ? prtos_chan_open(&d->chan, d->kmap, d->info.size,
						d->info.end)
			      : -ENOMEM;
		if (err && d->kmap) {
			memunmap(d->kmap);
			d->kmap = NULL;
		}
	}
	mutex_unlock(&d->lock);
	if (err)
		return err;
	atomic_inc(&d->users);
	return 0;
}

static __poll_t chan_poll(struct file *f, struct poll_table_struct *pt)
{
	struct prtos_chan_dev *d = to_dev(f);
	__poll_t mask = 0;

	poll_wait(f, &doorbell_wait, pt);
	mutex_lock(&d->lock);
	/* arm first, then look: a message after the look rings */
	if (doorbell_irq >= 0 && !prtos_chan_armed(&d->chan))
		prtos_chan_arm(&d->chan);
	if (prtos_chan_pending(&d->chan))
		mask = d->info.end == PRTOS_CHANNEL_END_WRITER
			       ? EPOLLOUT | EPOLLWRNORM
			       : EPOLLIN | EPOLLRDNORM;
	mutex_unlock(&d->lock);
	return mask;
}

static int chan_release(struct inode *inode, struct file *f)
{
	atomic_dec(&to_dev(f)->users);
	return 0;
}

/* A write to a read-only section must not be made writable on demand. */
static vm_fault_t chan_pfn_mkwrite(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct chan_vm_ops = {
	.pfn_mkwrite = chan_pfn_mkwrite,
};

static int map_range(struct vm_area_struct *vma, struct prtos_chan_dev *d,
		     u64 offset, u64 size, bool writable)
{
	pgprot_t prot = writable ? vma->vm_page_prot
				 : vm_get_page_prot(vma->vm_flags & ~VM_WRITE);

	if (!size)
		return 0;
	return remap_pfn_range(vma, vma->vm_start + offset,
			       (d->address + offset) >> PAGE_SHIFT, size, prot);
}

static int chan_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct prtos_chan_dev *d = to_dev(f);
	u64 len = vma->vm_end - vma->vm_start, own_end;
	int err;

	if (vma->vm_pgoff || len > d->info.size)
		return -EINVAL;
	vma->vm_ops = &chan_vm_ops;
	own_end = min(d->own_offset + d->own_size, len);
	if (d->own_offset >= len) {
		err = map_range(vma, d, 0, len, false);
	} else {
		err = map_range(vma, d, 0, d->own_offset, false);
		err = err
			      ?: map_range(vma, d, d->own_offset,
					   own_end - d->own_offset,
					   vma->vm_flags & VM_WRITE);
		err = err ?: map_range(vma, d, own_end, len - own_end, false);
	}
	return err;
}

static long chan_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct prtos_chan_dev *d = to_dev(f);
	long ret;

	switch (cmd) {
	case PRTOS_CHANNEL_GET_END:
		return copy_to_user((void __user *)arg, &d->info,
				    sizeof(d->info))
			       ? -EFAULT
			       : 0;
	case PRTOS_CHANNEL_RING:
		mutex_lock(&prtos_lock);
		ret = prtos_enabled ? prtos_hv_call(PRTOS_HC_CHANNEL_RING,
						    d->info.port, 0)
				    : -ENODEV;
		mutex_unlock(&prtos_lock);
		return ret;
	}
	return -ENOTTY;
}

static const struct file_operations chan_fops = {
	.owner = THIS_MODULE,
	.open = chan_open,
	.release = chan_release,
	.mmap = chan_mmap,
	.poll = chan_poll,
	.unlocked_ioctl = chan_ioctl,
};

/* The end of the root cell @root in @c, from the declaration. */
static int root_end(const struct prtos_channel *c, const struct prtos_port *p,
		    const char *root)
{
	unsigned int n;

	if (p->end == PRTOS_PORT_WRITER)
		return PRTOS_CHANNEL_END_WRITER;
	for (n = 0; n < c->num_readers; n++)
		if (!strncmp(c->readers[n], root, PRTOS_CELL_NAME_LEN))
			return PRTOS_CHANNEL_END_READER(n);
	return -EINVAL;
}

/**
 * prtos_channel_devs_init() - a device per port of the root cell
 * @sys: the validated system configuration, kept until disable
 *
 * Return: 0 or -errno (nothing is left behind).
 */
int prtos_channel_devs_init(const struct prtos_system *sys)
{
	const struct prtos_cell_desc *rc = &sys->root_cell;
	const struct prtos_port *p = prtos_cell_ports(rc);
	const struct prtos_channel *chans = prtos_system_channels(sys);
	unsigned int n, k;
	int err = 0;

	devs = kcalloc(rc->num_ports ?: 1, sizeof(*devs), GFP_KERNEL);
	if (!devs)
		return -ENOMEM;
	for (n = 0; n < rc->num_ports && !err; n++, p++) {
		struct prtos_chan_dev *d = &devs[n];
		const struct prtos_channel *c = NULL;
		int end;

		for (k = 0; k < sys->num_channels; k++)
			if (!strncmp(chans[k].name, p->channel,
				     PRTOS_CHANNEL_NAME_LEN))
				c = &chans[k];
		end = c ? root_end(c, p, rc->name) : -EINVAL;
		if (end < 0) {
			err = -EINVAL;
			break;
		}
		d->info.end = end;
		d->info.kind = c->kind;
		d->info.size = prtos_channel_size(c);
		d->info.port = n;
		d->address = p->address;
		d->own_size = end == PRTOS_CHANNEL_END_WRITER
				      ? prtos_channel_writer_size(c)
				      : PRTOS_CHANNEL_PAGE;
		d->own_offset =
			end == PRTOS_CHANNEL_END_WRITER
				? PRTOS_CHANNEL_PAGE
				: PRTOS_CHANNEL_PAGE +
					  prtos_channel_writer_size(c) +
					  (u64)(end - 1) * PRTOS_CHANNEL_PAGE;
		snprintf(d->name, sizeof(d->name), "prtos-channel-%s", c->name);
		snprintf(d->nodename, sizeof(d->nodename), "prtos-channel/%s",
			 c->name);
		atomic_set(&d->users, 0);
		mutex_init(&d->lock);
		d->misc = (struct miscdevice){
			.minor = MISC_DYNAMIC_MINOR,
			.name = d->name,
			.nodename = d->nodename,
			.fops = &chan_fops,
			.mode = 0600,
		};
		err = misc_register(&d->misc);
		if (!err)
			num_devs++;
	}
	if (!err && num_devs && sys->platform.root_doorbell_pin) {
		doorbell_gsi = sys->platform.root_doorbell_pin;
		err = acpi_register_gsi(NULL, doorbell_gsi, ACPI_EDGE_SENSITIVE,
					ACPI_ACTIVE_HIGH);
		if (err >= 0) {
			doorbell_irq = err;
			err = request_irq(doorbell_irq, doorbell_handler, 0,
					  "prtos-doorbell", &doorbell_wait);
			if (err) {
				acpi_unregister_gsi(doorbell_gsi);
				doorbell_irq = -1;
			}
		}
		if (err)
			pr_err("prtos: cannot take IOAPIC pin %u for the doorbells of the root (error %d): the root's ports poll\n",
			       doorbell_gsi, err);
		err = 0;
	}
	if (err)
		prtos_channel_devs_exit();
	return err;
}

/**
 * prtos_channel_devs_busy() - is a channel device still open?
 * @reason: receives the sentence if one is
 *
 * Return: true if disable must wait.
 */
bool prtos_channel_devs_busy(char *reason)
{
	unsigned int n;

	for (n = 0; n < num_devs; n++)
		if (atomic_read(&devs[n].users)) {
			snprintf(reason, PRTOS_REASON_LEN,
				 "/dev/%s is open: close it first (fuser -v /dev/%s)",
				 devs[n].nodename, devs[n].nodename);
			return true;
		}
	return false;
}

/**
 * prtos_channel_devs_exit() - remove the devices of the root's ports
 */
void prtos_channel_devs_exit(void)
{
	if (doorbell_irq >= 0) {
		free_irq(doorbell_irq, &doorbell_wait);
		acpi_unregister_gsi(doorbell_gsi);
		doorbell_irq = -1;
	}
	while (num_devs) {
		struct prtos_chan_dev *d = &devs[--num_devs];

		misc_deregister(&d->misc);
		if (d->kmap)
			memunmap(d->kmap);
	}
	kfree(devs);
	devs = NULL;
}
