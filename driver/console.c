// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's console as the root sees it: a snapshot of the ring
 * fetched by hypercall while the hypervisor runs, or the copy kept from
 * the last run (so the messages of a failed enable stay readable).
 */
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <prtos/console.h>
#include <prtos/hypercall.h>
#include <prtos-lib/console-ring.h>
#include "prtos.h"

static struct prtos_console_ring *kept;

/**
 * prtos_console_keep() - keep a copy of the ring for later reads
 * @ring: the hypervisor's ring, in its memory
 */
void prtos_console_keep(const void *ring)
{
	if (!kept)
		kept = kmalloc(sizeof(*kept), GFP_KERNEL);
	if (kept)
		memcpy(kept, ring, sizeof(*kept));
}

/**
 * prtos_console_log() - copy the ring's lines into the kernel log
 * @ring: the ring
 * @prefix: put before each line
 */
void prtos_console_log(const void *ring, const char *prefix)
{
	char line[160];
	u64 pos = 0, lost;
	size_t n = 0, got;
	char c;

	while ((got = console_ring_read(ring, &pos, &c, 1, &lost))) {
		if (c != '\n' && n < sizeof(line) - 1) {
			line[n++] = c;
			continue;
		}
		line[n] = '\0';
		if (n)
			pr_err("prtos: %s%s\n", prefix, line);
		n = 0;
	}
	if (n) {
		line[n] = '\0';
		pr_err("prtos: %s%s\n", prefix, line);
	}
}

void prtos_console_free(void)
{
	kfree(kept);
	kept = NULL;
}

/**
 * prtos_cmd_console() - PRTOS_CONSOLE_READ
 * @arg: user's struct prtos_console_args
 *
 * Return: 0 or -errno.
 */
int prtos_cmd_console(struct prtos_console_args __user *arg)
{
	struct prtos_console_ring *snap = NULL;
	const struct prtos_console_ring *ring;
	struct prtos_console_args args;
	char *buf = NULL;
	long ret;
	int err = 0;

	if (copy_from_user(&args, arg, sizeof(args)))
		return -EFAULT;
	args.size = min_t(u32, args.size, PRTOS_CONSOLE_SIZE);
	buf = kmalloc(args.size ?: 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&prtos_lock);
	if (prtos_enabled) {
		snap = kmalloc(sizeof(*snap), GFP_KERNEL);
		if (!snap) {
			err = -ENOMEM;
			goto out;
		}
		ret = prtos_hv_call(PRTOS_HC_CONSOLE_SNAPSHOT,
				    virt_to_phys(snap), sizeof(*snap));
		if (ret < 0) {
			err = ret;
			goto out;
		}
		ring = snap;
	} else {
		ring = kept;
	}
	args.len = 0;
	args.lost = 0;
	if (ring)
		args.len = console_ring_read(ring, &args.pos, buf, args.size,
					     &args.lost);
	if (copy_to_user(u64_to_user_ptr(args.buf), buf, args.len) ||
	    copy_to_user(arg, &args, sizeof(args)))
		err = -EFAULT;
out:
	mutex_unlock(&prtos_lock);
	kfree(snap);
	kfree(buf);
	return err;
}
