/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The /dev/prtos interface between the prtos tool and the driver.
 * Every call that can fail for a reason worth telling returns the errno as
 * usual and a sentence in @reason.
 */
#ifndef _PRTOS_IOCTL_H
#define _PRTOS_IOCTL_H

#include <prtos/types.h>
#include <prtos/image.h>
#ifndef __KERNEL__
#include <sys/ioctl.h>
#else
#include <linux/ioctl.h>
#endif

#define PRTOS_DEVICE		"/dev/prtos"
#define PRTOS_SYSFS		"/sys/devices/prtos"
#define PRTOS_FIRMWARE		"prtos.bin"

/**
 * struct prtos_enable_args - PRTOS_ENABLE
 * @config: user pointer to the system configuration blob
 * @config_size: its length
 * @reason: out: why enabling failed
 */
struct prtos_enable_args {
	__u64 config;
	__u32 config_size;
	__u32 reserved;
	char reason[PRTOS_REASON_LEN];
};

/**
 * struct prtos_disable_args - PRTOS_DISABLE
 * @reason: out: why disabling was refused
 */
struct prtos_disable_args {
	char reason[PRTOS_REASON_LEN];
};

/**
 * struct prtos_console_args - PRTOS_CONSOLE_READ
 * @buf: user buffer
 * @size: its length
 * @pos: in: first console byte wanted (0: the oldest still kept);
 *	 out: position after the last byte returned
 * @len: out: bytes returned
 * @lost: out: bytes between the requested position and the oldest kept
 */
struct prtos_console_args {
	__u64 buf;
	__u32 size;
	__u32 len;
	__u64 pos;
	__u64 lost;
};

#define PRTOS_IOCTL_TYPE	0xa7
#define PRTOS_ENABLE		_IOWR(PRTOS_IOCTL_TYPE, 0, struct prtos_enable_args)
#define PRTOS_DISABLE		_IOWR(PRTOS_IOCTL_TYPE, 1, struct prtos_disable_args)
#define PRTOS_CONSOLE_READ	_IOWR(PRTOS_IOCTL_TYPE, 2, struct prtos_console_args)

#endif
