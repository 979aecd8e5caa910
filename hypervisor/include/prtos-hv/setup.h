/* SPDX-License-Identifier: GPL-2.0 */
/* Start-up and shutdown of the hypervisor as a whole. */
#ifndef _PRTOS_HV_SETUP_H
#define _PRTOS_HV_SETUP_H

#include <prtos-hv/types.h>
#include <prtos/image.h>
#include <prtos/config.h>

struct per_cpu;

extern struct prtos_hv_header hv_header;
extern struct prtos_linux_cpu linux_cpus[];
extern const struct prtos_system *system_config;

/* Record why start-up failed (the first reason wins) and print it. */
int setup_fail(int err, const char *fmt, ...) __printf(2, 3);
/* Leave the hypervisor on this CPU at the root's request. */
void __noreturn hypervisor_disable_cpu(struct per_cpu *cpu);
/* Count of exits of all CPUs. */
u64 hypervisor_total_exits(void);

/* Entered from the driver's trampoline on each CPU (arch entry code). */
void __noreturn prtos_cpu_entry(unsigned int cpu_id, u64 linux_rsp);

void __noreturn panic_stop(const char *fmt, ...) __printf(1, 2);

#endif
