// SPDX-License-Identifier: GPL-2.0
/*
 * What every command of the driver shares: the lock that orders them,
 * whether the hypervisor runs and with which system configuration, the
 * sysfs device, calling the hypervisor and recording why a command
 * failed. It depends on no other file of the driver, so the command files
 * and the module file can all use it.
 */
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <prtos/hypercall.h>
#include "prtos.h"

struct device *prtos_dev;
DEFINE_MUTEX(prtos_lock);
bool prtos_enabled;
const struct prtos_system *prtos_system_config;

/**
 * prtos_fail() - fill a reason for user space and the kernel log
 * @reason: PRTOS_REASON_LEN bytes
 * @err: the negative errno to return
 * @fmt: the sentence
 *
 * Return: @err.
 */
int prtos_fail(char *reason, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, PRTOS_REASON_LEN, fmt, ap);
	va_end(ap);
	pr_err("prtos: %s\n", reason);
	return err;
}

/**
 * prtos_hv_call() - call the hypervisor from this CPU
 * @code: PRTOS_HC_*
 * @arg0: first argument
 * @arg1: second argument
 *
 * Return: the hypervisor's result; only valid while enabled.
 */
long prtos_hv_call(unsigned long code, unsigned long arg0, unsigned long arg1)
{
	return prtos_hypercall(0, code, arg0, arg1);
}
