/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ports: the cell's ends of IPC channels (DESIGN.md §4, "Channels"). A
 * port is found by its channel's name in the comm region, where the
 * hypervisor lists the cell's ports, and opened with the shared layer's
 * prtos_chan_open() (lib/channel.c), which checks the channel's header.
 * Sampling ports write and read the current message, queuing ports send
 * and receive in FIFO order; timestamps and ages are TSC based. The data
 * path never leaves the cell: only port_ring() is a hypercall.
 *
 * A port is driven by one CPU at a time. Doorbells go to the cell's first
 * CPU, so port_wait() halts only there.
 */
#ifndef _INMATE_PORT_H
#define _INMATE_PORT_H

#include <inmate/types.h>
#include <prtos-lib/channel.h>

/* port_wait(): no timeout. */
#define PORT_WAIT_FOREVER U64_MAX

/**
 * struct port - an open port
 * @chan: the channel end (geometry, counters); @chan.tsc_khz may be set
 *	  by the inmate if neither the header nor the comm region knew it
 * @index: the port's number in the cell's configuration (the argument
 *	   of the doorbell hypercall)
 * @vector: doorbell vector, PRTOS_PORT_NO_DOORBELL if the port polls
 */
struct port {
	struct prtos_chan chan;
	unsigned int index;
	unsigned int vector;
};

int port_open(struct port *p, const char *channel);
bool port_is_writer(const struct port *p);

int port_write(struct port *p, const void *msg, u32 len);
int port_read(struct port *p, void *buf, u32 size,
	      struct prtos_chan_info *info);

int port_send(struct port *p, const void *msg, u32 len);
int port_receive(struct port *p, void *buf, u32 size,
		 struct prtos_chan_info *info);
int port_reserve(struct port *p, void **data);
int port_commit(struct port *p, u32 len);
int port_peek(struct port *p, const void **data, struct prtos_chan_info *info);
int port_release(struct port *p);

bool port_pending(const struct port *p);
long port_ring(struct port *p);
int port_wait(struct port *p, u64 timeout_ns);
u32 port_doorbells(const struct port *p);

#endif
