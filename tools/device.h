/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reaching the prtos driver: /dev/prtos, its sysfs directory, timed
 * requests and the words for one it refused (device.c).
 */
#ifndef _PRTOS_TOOL_DEVICE_H
#define _PRTOS_TOOL_DEVICE_H

#include <stddef.h>

struct timespec;

/* What to do when neither /dev/prtos nor the sysfs directory is there. */
#define DRIVER_NOT_LOADED \
	"the prtos driver is not loaded: run 'modprobe prtos' (or insmod driver/prtos.ko)"

const char *sysfs_dir(void);
int read_sysfs(const char *attr, char *buf, size_t len);
int open_device(void);
int timed_request(int fd, unsigned long request, void *arg, double *seconds);
void report_refusal(const char *what, int err, char *reason, size_t len);
double seconds_since(const struct timespec *start);

#endif
