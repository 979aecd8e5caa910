/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of the prtos driver. */
#ifndef _PRTOS_DRIVER_H
#define _PRTOS_DRIVER_H

#include <linux/device.h>
#include <linux/mutex.h>
#include <prtos/ioctl.h>
#include <prtos/image.h>

/* Shared by all commands (hv.c). */
struct prtos_system;
extern struct device *prtos_dev;
extern struct mutex prtos_lock;
extern bool prtos_enabled;
/*
 * The validated system configuration PRTOS was enabled with (kvmalloc'ed
 * by enable.c), while prtos_enabled; under prtos_lock. The hypervisor has
 * its own copy, out of Linux's reach.
 */
extern const struct prtos_system *prtos_system_config;
long prtos_hv_call(unsigned long code, unsigned long arg0, unsigned long arg1);
int prtos_fail(char *reason, int err, const char *fmt, ...) __printf(3, 4);

/* The commands of /dev/prtos (enable.c, console.c, cell.c). */
int prtos_cmd_enable(struct prtos_enable_args __user *arg);
int prtos_cmd_disable(struct prtos_disable_args __user *arg);
int prtos_cmd_console(struct prtos_console_args __user *arg);
int prtos_cmd_cell_create(struct prtos_cell_create __user *arg);
int prtos_cmd_cell_load(struct prtos_cell_load __user *arg);
int prtos_cmd_cell(unsigned int cmd, struct prtos_cell_cmd __user *arg);

/* Cells (cell.c). */
struct prtos_cell_desc;
int prtos_cells_init(const struct prtos_cell_desc *root_config);
void prtos_cells_exit(void);
bool prtos_cells_busy(char *reason);

/* Channels (channel.c). */
struct prtos_system;
int prtos_channels_init(const struct prtos_system *sys);
void prtos_channels_exit(void);
/* The root's ports as devices (channel-dev.c). */
int prtos_channel_devs_init(const struct prtos_system *sys);
void prtos_channel_devs_exit(void);
bool prtos_channel_devs_busy(char *reason);

/* Console ring snapshots (console.c). */
void prtos_console_keep(const void *ring);
void prtos_console_log(const void *ring, const char *prefix);
void prtos_console_free(void);

/* trampoline.S */
int prtos_enter_hypervisor(unsigned long cpu, unsigned long hv_cr3,
			   unsigned long entry);
int prtos_leave_hypervisor(void);
extern const char prtos_trampoline_start[], prtos_trampoline_end[];
extern const char prtos_leave_stub[], prtos_resume[];

#endif
