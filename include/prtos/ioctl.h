/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The /dev/prtos interface between the prtos tool and the driver.
 * Every call that can fail for a reason worth telling returns the errno as
 * usual and a sentence in @reason.
 */
#ifndef _PRTOS_IOCTL_H
#define _PRTOS_IOCTL_H

#include <prtos/types.h>
#include <prtos/config.h>
#include <prtos/image.h>
#ifndef __KERNEL__
#include <sys/ioctl.h>
#else
#include <linux/ioctl.h>
#endif

#define PRTOS_DEVICE   "/dev/prtos"
#define PRTOS_SYSFS    "/sys/devices/prtos"
#define PRTOS_FIRMWARE "prtos.bin"

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

/**
 * struct prtos_cell_create - PRTOS_CELL_CREATE
 * @config: user pointer to the cell configuration blob
 * @config_size: its length
 * @id: out: the new cell's id
 * @reason: out: why creation failed
 */
struct prtos_cell_create {
	__u64 config;
	__u32 config_size;
	__u32 id;
	char reason[PRTOS_REASON_LEN];
};

/**
 * struct prtos_cell_id - names a cell: by @id, or by @name if @id is 0
 *
 * The root cell (id 0 in sysfs) cannot be named here: commands on cells
 * never apply to it.
 */
struct prtos_cell_id {
	__u32 id;
	__u32 reserved;
	char name[PRTOS_CELL_NAME_LEN];
};

/**
 * struct prtos_cell_cmd - start, shutdown, destroy, set loadable
 * @cell: which cell
 * @timeout_ms: shutdown: how long to wait for the cell's final answer,
 *              0 for the default (PRTOS_SHUTDOWN_TIMEOUT_MS)
 * @reserved: 0
 * @reason: out: why the command failed or was refused
 */
struct prtos_cell_cmd {
	struct prtos_cell_id cell;
	__u32 timeout_ms;
	__u32 reserved;
	char reason[PRTOS_REASON_LEN];
};

/**
 * struct prtos_cell_load - PRTOS_CELL_LOAD
 * @cell: which cell (must not be running)
 * @image: user pointer to the bytes to load
 * @size: their length
 * @address: guest-physical destination inside a loadable region
 * @reason: out: why loading failed
 *
 * The first load into a cell that is not loadable yet makes it loadable.
 */
struct prtos_cell_load {
	struct prtos_cell_id cell;
	__u64 image;
	__u64 size;
	__u64 address;
	char reason[PRTOS_REASON_LEN];
};

#define PRTOS_IOCTL_TYPE   0xa7
#define PRTOS_ENABLE	   _IOWR(PRTOS_IOCTL_TYPE, 0, struct prtos_enable_args)
#define PRTOS_DISABLE	   _IOWR(PRTOS_IOCTL_TYPE, 1, struct prtos_disable_args)
#define PRTOS_CONSOLE_READ _IOWR(PRTOS_IOCTL_TYPE, 2, struct prtos_console_args)
#define PRTOS_CELL_CREATE  _IOWR(PRTOS_IOCTL_TYPE, 3, struct prtos_cell_create)
#define PRTOS_CELL_LOAD	   _IOWR(PRTOS_IOCTL_TYPE, 4, struct prtos_cell_load)
/* Default and largest wait of a shutdown for the cell's final answer. */
#define PRTOS_SHUTDOWN_TIMEOUT_MS     5000
#define PRTOS_SHUTDOWN_MAX_TIMEOUT_MS 600000

#define PRTOS_CELL_START	      _IOWR(PRTOS_IOCTL_TYPE, 5, struct prtos_cell_cmd)
#define PRTOS_CELL_SHUTDOWN	      _IOWR(PRTOS_IOCTL_TYPE, 6, struct prtos_cell_cmd)
#define PRTOS_CELL_DESTROY	      _IOWR(PRTOS_IOCTL_TYPE, 7, struct prtos_cell_cmd)

/**
 * struct prtos_channel_end - PRTOS_CHANNEL_GET_END on /dev/prtos-channel/NAME
 * @end: which end the root is (PRTOS_CHANNEL_END_* of <prtos/channel.h>)
 * @kind: PRTOS_CHANNEL_SAMPLING or PRTOS_CHANNEL_QUEUING
 * @size: bytes of the channel: mmap() this much from offset 0 (the root's
 *        own section is writable, the rest read-only)
 * @port: the root's port index (what PRTOS_CHANNEL_RING rings)
 * @reserved: 0
 */
struct prtos_channel_end {
	__u32 end;
	__u32 kind;
	__u64 size;
	__u32 port;
	__u32 reserved;
};

#define PRTOS_CHANNEL_GET_END \
	_IOR(PRTOS_IOCTL_TYPE, 8, struct prtos_channel_end)
/* Ring the peers of the root's end; returns the doorbells delivered. */
#define PRTOS_CHANNEL_RING _IO(PRTOS_IOCTL_TYPE, 9)

/*
 * Cell list and statistics are read from sysfs:
 * /sys/devices/prtos/cells/<id>/{name,state,cpus_assigned,cpus_failed,
 * statistics}; state is one of "created", "loadable", "running",
 * "shut down", "failed"; cpus_* are CPU lists ("2-3"); statistics has one
 * line per CPU: "cpu N" followed by "name=value" for each exit counter
 * (PRTOS_STAT_NAMES).
 */

#endif
