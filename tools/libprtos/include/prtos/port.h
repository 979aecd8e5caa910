/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libprtos-port: the root cell's ports for Linux programs, with the API
 * the inmates have (inmates/lib/x86/include/inmate/port.h), over the
 * driver's /dev/prtos-channel/NAME. The data path is the program reading
 * and writing the mapped channel with the same code the cells run
 * (lib/channel.c): no system call per message. Only prtos_port_ring() and
 * prtos_port_wait() enter the kernel.
 *
 * Build: cc prog.c -lprtos-port (pkg-config --cflags --libs prtos-port).
 * Timestamps and ages are TSC based, as in the cells, so a message's age
 * means the same on both sides. A port is not thread-safe: one thread
 * drives it at a time, several ports may be used at once.
 */
#ifndef _PRTOS_PORT_H
#define _PRTOS_PORT_H

#include <stdbool.h>
#include <linux/types.h>
#include <prtos/ioctl.h>
#include <prtos-lib/channel.h>

#ifdef __cplusplus
extern "C" {
#endif

/* prtos_port_wait(): no timeout. */
#define PRTOS_PORT_WAIT_FOREVER (~0ULL)

/**
 * struct prtos_user_port - an open port of the root cell
 * @fd: /dev/prtos-channel/NAME, for poll(), select() or epoll along with
 *	the program's other files (POLLIN: a message to read, POLLOUT: room
 *	to write; waiting arms the root's doorbell)
 * @map: the mapped channel
 * @end: what the driver says of this end (which end, kind, size, port)
 * @chan: the channel code's view of it (geometry, counters)
 * @name: the channel's name
 */
struct prtos_user_port {
	int fd;
	void *map;
	struct prtos_channel_end end;
	struct prtos_chan chan;
	char name[PRTOS_CHANNEL_NAME_LEN + 1];
};

int prtos_port_open(struct prtos_user_port *p, const char *channel);
void prtos_port_close(struct prtos_user_port *p);
const char *prtos_port_strerror(int err);
bool prtos_port_is_writer(const struct prtos_user_port *p);

int prtos_port_write(struct prtos_user_port *p, const void *msg, __u32 len);
int prtos_port_read(struct prtos_user_port *p, void *buf, __u32 size,
		    struct prtos_chan_info *info);

int prtos_port_send(struct prtos_user_port *p, const void *msg, __u32 len);
int prtos_port_receive(struct prtos_user_port *p, void *buf, __u32 size,
		       struct prtos_chan_info *info);
int prtos_port_reserve(struct prtos_user_port *p, void **data);
int prtos_port_commit(struct prtos_user_port *p, __u32 len);
int prtos_port_peek(struct prtos_user_port *p, const void **data,
		    struct prtos_chan_info *info);
int prtos_port_release(struct prtos_user_port *p);

bool prtos_port_pending(const struct prtos_user_port *p);
long prtos_port_ring(struct prtos_user_port *p);
int prtos_port_wait(struct prtos_user_port *p, __u64 timeout_ns);
long long prtos_port_doorbells(const struct prtos_user_port *p);

#ifdef __cplusplus
}
#endif

#endif
