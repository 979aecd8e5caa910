/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 part of the per-CPU area: the vendor backend's page-aligned state
 * first, then what the x86 code keeps per CPU.
 */
#ifndef _ASM_PERCPU_H
#define _ASM_PERCPU_H

#include <asm/vcpu.h>

/* The last exits of a CPU, printed when the hypervisor stops on it. */
#define EXIT_TRACE_LEN 16

struct exit_trace {
	u64 code, info1, info2, rip, cr3;
};

struct arch_cpu {
	u8 vendor[VCPU_VENDOR_STATE_SIZE] __aligned(4096);
	u32 icr_high; /* the guest's ICR2, written with the ICR */
	u32 ldr, dfr; /* logical destination, for IPI checks */
	unsigned int trace_pos;
	struct exit_trace trace[EXIT_TRACE_LEN];
};

#endif
