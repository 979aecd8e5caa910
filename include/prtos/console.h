/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's console ring. The hypervisor appends every message to
 * it; the root reads a snapshot and works out what is new from @head, the
 * count of bytes ever written (byte n lives at buf[n % PRTOS_CONSOLE_SIZE]).
 */
#ifndef _PRTOS_CONSOLE_H
#define _PRTOS_CONSOLE_H

#include <prtos/types.h>

#define PRTOS_CONSOLE_SIZE 16384

struct prtos_console_ring {
	__u64 head;
	__u32 size;
	__u32 reserved;
	char buf[PRTOS_CONSOLE_SIZE];
};

#endif
