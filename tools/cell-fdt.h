/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A cell's description as a flattened device tree (cell-fdt.c): built by
 * 'prtos cell load' into the cell's memory at PRTOS_INMATE_FDT_GPA,
 * printed by 'prtos cell describe'.
 */
#ifndef _PRTOS_TOOL_CELL_FDT_H
#define _PRTOS_TOOL_CELL_FDT_H

#include <stdbool.h>
#include <stddef.h>

#include <prtos/config.h>

/**
 * struct fdt_channel - what the description says of a port's channel
 * @kind: "sampling" or "queuing"
 * @size: bytes of the channel
 * @reader: a reader's index among the channel's readers
 */
struct fdt_channel {
	char kind[16];
	unsigned long long size;
	unsigned int reader;
};

/* Fills in @ch for @port of @cell; 0, or -errno after saying why. */
typedef int (*fdt_channel_fn)(const char *cell, const struct prtos_port *port,
			      struct fdt_channel *ch);

int cell_fdt_build(void *buf, size_t size, const struct prtos_cell_desc *c,
		   const char *bootargs, unsigned long tsc_khz,
		   fdt_channel_fn channel);
bool cell_fdt_fits(const struct prtos_cell_desc *c);
int cell_fdt_print(const void *fdt, size_t size);

#endif
