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
#define PRTOS_HC_DISABLE		0
/* Any cell: arg0 = PRTOS_INFO_*; returns the value. */
#define PRTOS_HC_HYPERVISOR_GET_INFO	1
/* Cells with PRTOS_CELL_DEBUG_CONSOLE: print the character in arg0. */
#define PRTOS_HC_DEBUG_CONSOLE_PUTC	2
/*
 * Root cell only: copy the console ring (struct prtos_console_ring) to the
 * guest-physical buffer arg0 of arg1 bytes; returns the bytes copied.
 */
#define PRTOS_HC_CONSOLE_SNAPSHOT	3

#define PRTOS_INFO_MEM_POOL_SIZE	0
#define PRTOS_INFO_MEM_POOL_USED	1
#define PRTOS_INFO_NUM_CPUS		2
#define PRTOS_INFO_ABI_VERSION		3
#define PRTOS_INFO_VMEXITS_TOTAL	4
#define PRTOS_INFO_ROOT_VIOLATIONS	5

#endif
