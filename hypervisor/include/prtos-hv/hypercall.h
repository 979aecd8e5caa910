/* SPDX-License-Identifier: GPL-2.0 */
/* Hypercall dispatch, called by the architecture's exit handler. */
#ifndef _PRTOS_HV_HYPERCALL_H
#define _PRTOS_HV_HYPERCALL_H

#include <prtos-hv/types.h>

struct per_cpu;

long hypercall(struct per_cpu *cpu, u64 code, u64 arg0, u64 arg1);

#endif
