/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing and reading the console ring of <prtos/console.h>. The hypervisor
 * writes; the driver reads, possibly from a snapshot or from a ring that a
 * crashed hypervisor left behind, so reading trusts nothing in the ring.
 */
#ifndef _PRTOS_LIB_CONSOLE_RING_H
#define _PRTOS_LIB_CONSOLE_RING_H

#include <prtos-lib/compat.h>
#include <prtos/console.h>

void console_ring_init(struct prtos_console_ring *r);
bool console_ring_is_valid(const struct prtos_console_ring *r);
void console_ring_write(struct prtos_console_ring *r, const char *s,
			size_t len);
size_t console_ring_read(const struct prtos_console_ring *r, __u64 *pos,
			 char *out, size_t out_size, __u64 *lost);

#endif
