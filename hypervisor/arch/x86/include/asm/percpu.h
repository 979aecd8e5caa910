/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 part of the per-CPU area: the vendor backend's page-aligned state
 * first, then what the x86 code keeps per CPU.
 */
#ifndef _ASM_PERCPU_H
#define _ASM_PERCPU_H

#include <asm/mmio-decode.h>
#include <asm/vcpu.h>

/* The last exits of a CPU, printed when the hypervisor stops on it. */
#define EXIT_TRACE_LEN 16

struct exit_trace {
	u64 code, info1, info2, rip, cr3;
};

/*
 * The last trapped access this CPU decoded: where it was (linear RIP and
 * the paging state it was fetched under), the host-physical address and
 * bytes of the instruction, and its decoding.
 */
struct insn_cache {
	bool valid;
	u8 len;
	u8 bytes[MMIO_INSN_MAX_LEN];
	u64 rip, hpa;
	struct vcpu_mode mode;
	struct mmio_insn insn;
};

struct arch_cpu {
	u8 vendor[VCPU_VENDOR_STATE_SIZE] __aligned(4096);
	u32 icr_high; /* the guest's ICR2, written with the ICR */
	u32 ldr, dfr; /* logical destination, for IPI checks */
	unsigned int trace_pos;
	struct exit_trace trace[EXIT_TRACE_LEN];
	struct insn_cache insn_cache;
};

#endif
