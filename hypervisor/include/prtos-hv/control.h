/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Making other CPUs stop, restart or resume. A CPU in a guest is reached
 * with a kick (an NMI the hypervisor intercepts); a CPU already in the
 * hypervisor notices its requests whenever it checks, which it does at the
 * end of every exit and while it waits for anything.
 */
#ifndef _PRTOS_HV_CONTROL_H
#define _PRTOS_HV_CONTROL_H

#include <prtos-hv/percpu.h>

/* Handle this CPU's pending requests; may not return (restart). */
void cpu_check_requests(struct per_cpu *cpu);
/* Stop @target's guest and wait until it is parked. */
void cpu_park(struct per_cpu *self, struct per_cpu *target);
/* Let a parked @target continue its guest (flushing its TLB). */
void cpu_resume(struct per_cpu *self, struct per_cpu *target);
/* Reset a parked @target and run it: at the reset vector or @vector. */
void cpu_start(struct per_cpu *self, struct per_cpu *target, int vector);
/* A SIPI: start @target at @vector if it waits for one after INIT. */
void cpu_start_sipi(struct per_cpu *self, struct per_cpu *target, int vector);
/* Park every CPU of @cell but @self; resume them with cell_resume(). */
void cell_suspend(struct per_cpu *self, struct cell *cell);
void cell_resume(struct per_cpu *self, struct cell *cell);
/* Stop this CPU for good: it cannot make progress. */
void __noreturn cpu_park_forever(struct per_cpu *cpu, const char *why);
/* The lock for cross-CPU work; waits serve this CPU's own requests. */
void control_lock(struct per_cpu *cpu);
void control_unlock(void);
/* Iterate over the CPUs the hypervisor runs on. */
#define for_each_cpu(c)                                   \
	for (unsigned int __n = 0; __n < MAX_CPUS; __n++) \
		if (((c) = per_cpu(__n))->cell)

#endif
