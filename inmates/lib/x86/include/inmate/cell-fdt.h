/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cell's description: the flattened device tree 'prtos cell load'
 * writes at PRTOS_INMATE_FDT_GPA, read with libfdt (cell-fdt.c).
 */
#ifndef _INMATE_CELL_FDT_H
#define _INMATE_CELL_FDT_H

#include <inmate/types.h>

/**
 * struct cell_fdt_port - a port as the description gives it
 * @index: its number in the cell's configuration (the ring argument)
 * @address: guest-physical address of its channel
 * @size: bytes of the channel
 * @writer: the channel's writer end, else a reader
 * @reader: a reader's index among the channel's readers
 * @vector: doorbell vector, PRTOS_PORT_NO_DOORBELL if none
 */
struct cell_fdt_port {
	u32 index;
	u64 address;
	u64 size;
	bool writer;
	u32 reader;
	u32 vector;
};

void cell_fdt_init(void);
bool cell_fdt_present(void);
const char *cell_fdt_name(void);
u32 cell_fdt_tsc_khz(void);
int cell_fdt_port(const char *channel, struct cell_fdt_port *port);

#endif
