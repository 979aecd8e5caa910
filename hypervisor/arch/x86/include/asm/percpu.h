/* SPDX-License-Identifier: GPL-2.0 */
/* x86 part of the per-CPU area: page-aligned SVM structures come first. */
#ifndef _ASM_PERCPU_H
#define _ASM_PERCPU_H

#include <asm/svm.h>

/* The last exits of a CPU, printed when the hypervisor stops on it. */
#define EXIT_TRACE_LEN	16

struct exit_trace {
	u64 code, info1, info2, rip, cr3;
};

struct arch_cpu {
	struct vmcb vmcb __aligned(4096);
	u8 host_save[4096] __aligned(4096);
	struct guest_regs *regs;
	u32 icr_high;		/* the guest's ICR2, written with the ICR */
	u32 ldr, dfr;		/* logical destination, for IPI checks */
	u64 hsave_msr_orig;
	bool hsave_set;
	bool vmcb_ready;
	unsigned int trace_pos;
	struct exit_trace trace[EXIT_TRACE_LEN];
};

#endif
