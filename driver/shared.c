// SPDX-License-Identifier: GPL-2.0
/*
 * The code the driver shares with the hypervisor and the prtos tool:
 * config validation, formatting, page tables and the console ring. One
 * source, compiled here with the kernel's headers.
 */
#include "../hypervisor/lib/fmt.c"
#include "../hypervisor/lib/config-check.c"
#include "../hypervisor/lib/paging.c"
#include "../hypervisor/lib/console-ring.c"
