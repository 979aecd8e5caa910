/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypercall interface. A cell issues VMMCALL (AMD) or VMCALL (Intel) with
 * the code in RAX and arguments in RDI and RSI; the result comes back in
 * RAX, a negative errno on failure. Calls from CPL > 0 are refused.
 */
#ifndef _PRTOS_HYPERCALL_H
#define _PRTOS_HYPERCALL_H

#include <prtos/types.h>

/* Root cell only: leave the hypervisor on the calling CPU. */
#define PRTOS_HC_DISABLE 0
/* Any cell: arg0 = PRTOS_INFO_*; returns the value. */
#define PRTOS_HC_HYPERVISOR_GET_INFO 1
/* Cells with PRTOS_CELL_DEBUG_CONSOLE: print the character in arg0. */
#define PRTOS_HC_DEBUG_CONSOLE_PUTC 2
/*
 * Root cell only: copy the console ring (struct prtos_console_ring) to the
 * guest-physical buffer arg0 of arg1 bytes; returns the bytes copied.
 */
#define PRTOS_HC_CONSOLE_SNAPSHOT 3

/*
 * Cell management, root only. When one of them fails, its reason (one
 * sentence) can be fetched with PRTOS_HC_GET_REASON on the same CPU.
 */
/* arg0 = guest-physical address of a cell config, arg1 = its size; -> id */
#define PRTOS_HC_CELL_CREATE 4
/* arg0 = id: let the root write the cell's loadable memory (stops it) */
#define PRTOS_HC_CELL_SET_LOADABLE 5
/* arg0 = id: reset the cell's CPUs and run it */
#define PRTOS_HC_CELL_START 6
/*
 * arg0 = id: ask the cell to shut down through its comm region. Returns
 * -EAGAIN while the cell has not answered and -EINPROGRESS while it has
 * answered "later" (call again), 0 once it agreed and is stopped, -EBUSY
 * if it refused. arg1 = PRTOS_SHUTDOWN_WITHDRAW gives up waiting: the
 * request is withdrawn (-ETIMEDOUT) unless the cell has just agreed.
 */
#define PRTOS_SHUTDOWN_WITHDRAW 1
#define PRTOS_HC_CELL_SHUTDOWN	7
/* arg0 = id: stop the cell and give everything back to the root */
#define PRTOS_HC_CELL_DESTROY 8
/*
 * arg0 = id -> PRTOS_CELL_* state in bits 0-7, the bitmap of the cell's
 * failed CPUs (by number) from bit 16 (PRTOS_CELL_FAILED_CPUS()). The root
 * may ask about any cell; any other cell only about itself (-EPERM).
 */
#define PRTOS_HC_CELL_GET_STATE	  9
#define PRTOS_CELL_STATE(v)	  ((v)&0xff)
#define PRTOS_CELL_FAILED_CPUS(v) ((unsigned long long)(v) >> 16)
/* arg0 = CPU, arg1 = guest-physical address of __u64[PRTOS_NUM_CPU_STATS] */
#define PRTOS_HC_CPU_GET_STATS 10
/* arg0 = guest-physical buffer, arg1 = its size: last failure's reason */
#define PRTOS_HC_GET_REASON 11

/*
 * arg0 = port (index into the calling cell's ports): ring the peers of
 * that end. Returns how many doorbells were delivered (0 if no peer was
 * armed, running and given a vector), -ENOENT for a port it does not have.
 * Any cell may call it.
 */
#define PRTOS_HC_CHANNEL_RING 12
/*
 * Root only. arg0 = channel (its index in the system configuration),
 * arg1 = guest-physical struct prtos_channel_status to fill, read as one
 * snapshot. Returns 0, or -ENOENT past the last channel.
 */
#define PRTOS_HC_CHANNEL_STATUS 13
/*
 * Root only, the health monitor (<prtos/health.h>). HM_LOG: arg0 =
 * guest-physical struct prtos_hm_log, arg1 = its size; returns the events
 * copied. CELL_HEALTH: arg0 = id, arg1 = guest-physical struct
 * prtos_cell_health to fill. CELL_LOADED: arg0 = id, arg1 =
 * guest-physical struct prtos_load_extent: the root is about to write
 * that part of the (loadable) cell's memory; a cell whose faults restart
 * it runs these pieces again, as loaded.
 */
#define PRTOS_HC_HM_LOG		   14
#define PRTOS_HC_CELL_HEALTH	   15
#define PRTOS_HC_CELL_LOADED	   16

#define PRTOS_INFO_MEM_POOL_SIZE   0
#define PRTOS_INFO_MEM_POOL_USED   1
#define PRTOS_INFO_NUM_CPUS	   2
#define PRTOS_INFO_ABI_VERSION	   3
#define PRTOS_INFO_VMEXITS_TOTAL   4
#define PRTOS_INFO_ROOT_VIOLATIONS 5
/* broadcasts of the root kept to its own CPUs (not violations) */
#define PRTOS_INFO_ROOT_CONFINED_IPIS 6

/* Per-CPU exit statistics, in the order PRTOS_HC_CPU_GET_STATS returns. */
#define PRTOS_STAT_VMEXITS    0 /* all exits */
#define PRTOS_STAT_HYPERCALL  1
#define PRTOS_STAT_CPUID      2
#define PRTOS_STAT_MSR	      3
#define PRTOS_STAT_PIO	      4
#define PRTOS_STAT_XAPIC      5 /* trapped local APIC accesses */
#define PRTOS_STAT_MMIO	      6 /* other trapped memory accesses */
#define PRTOS_STAT_VIOLATION  7
#define PRTOS_STAT_MANAGEMENT 8 /* hypervisor's own requests */
#define PRTOS_STAT_OTHER      9
#define PRTOS_NUM_CPU_STATS   10

#ifndef __ASSEMBLY__
/**
 * struct prtos_load_extent - a piece of a cell's memory (CELL_LOADED)
 * @address: guest-physical start, inside a loadable region
 * @size: bytes
 */
struct prtos_load_extent {
	__u64 address;
	__u64 size;
};

/**
 * prtos_hypercall() - call the hypervisor from the calling CPU
 * @vmcall: true on Intel VMX (VMCALL), false on AMD SVM (VMMCALL)
 * @code: PRTOS_HC_*
 * @arg0: first argument
 * @arg1: second argument
 *
 * The caller knows its CPU's vendor (the driver from Linux, an inmate from
 * CPUID); outside PRTOS both instructions raise #UD.
 *
 * Return: the hypervisor's result, a negative errno on failure.
 */
static inline long prtos_hypercall(int vmcall, unsigned long code,
				   unsigned long arg0, unsigned long arg1)
{
	long ret;

	if (vmcall)
		asm volatile("vmcall"
			     : "=a"(ret)
			     : "a"(code), "D"(arg0), "S"(arg1)
			     : "memory");
	else
		asm volatile("vmmcall"
			     : "=a"(ret)
			     : "a"(code), "D"(arg0), "S"(arg1)
			     : "memory");
	return ret;
}
#endif

#define PRTOS_STAT_NAMES                                                      \
	{                                                                     \
		"vmexits_total", "hypercall", "cpuid", "msr", "pio", "xapic", \
			"mmio", "violation", "management", "other"            \
	}

#endif
