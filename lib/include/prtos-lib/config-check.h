/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Validation of binary configurations (include/prtos/config.h), written
 * once and compiled into the hypervisor, the driver and the prtos tool so
 * that all three accept and refuse exactly the same blobs, with the same
 * one-sentence reason.
 */
#ifndef _PRTOS_LIB_CONFIG_CHECK_H
#define _PRTOS_LIB_CONFIG_CHECK_H

#include <prtos-lib/compat.h>
#include <prtos/config.h>

/* Alignment of every address and size in a configuration. */
#define PRTOS_CONFIG_PAGE_SIZE 0x1000ULL
/* Most entries of any one array; more is refused before any arithmetic. */
#define PRTOS_CONFIG_MAX_ENTRIES 4096
/* Largest configuration blob any reader accepts. */
#define PRTOS_CONFIG_MAX_SIZE (256 * 1024)
/* Architectural maximum physical address width of x86-64. */
#define PRTOS_CONFIG_PHYS_BITS 52
/* Smallest hypervisor memory accepted. */
#define PRTOS_CONFIG_MIN_HV_MEMORY 0x100000ULL
/* Highest base of an 8-port 16550 UART. */
#define PRTOS_CONFIG_MAX_UART_PORT 0xfff8
/* IOAPIC pins that may appear in pin_bitmap: 0..239. */
#define PRTOS_CONFIG_MAX_IOAPIC_PINS 240

int prtos_check_system_config(const void *blob, size_t size, char *reason,
			      size_t reason_len);
int prtos_check_cell_config(const void *blob, size_t size, char *reason,
			    size_t reason_len);
/* Both already validated; the hypervisor calls it on its own copies. */
int prtos_check_cell_ports(const struct prtos_system *sys,
			   const struct prtos_cell_desc *cell, char *reason,
			   size_t reason_len);
const struct prtos_channel *
prtos_config_find_channel(const struct prtos_system *sys, const char *name);

bool prtos_ranges_overlap(__u64 a_start, __u64 a_size, __u64 b_start,
			  __u64 b_size);

#endif
