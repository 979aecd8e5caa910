/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Channels between cells (include/prtos/channel.h has their layout). The
 * hypervisor owns their memory, maps each cell's ends with the rights its
 * role gives, and delivers doorbells; it is never on the data path.
 */
#ifndef _PRTOS_HV_CHANNEL_H
#define _PRTOS_HV_CHANNEL_H

#include <prtos-hv/types.h>
#include <prtos/config.h>

struct cell;
struct per_cpu;
struct prtos_comm_region;

int channels_init(const struct prtos_system *sys);
long channels_check(struct per_cpu *cpu, const struct prtos_cell_desc *c);
int channels_map(struct cell *cell);
void channels_attach(struct cell *cell, bool attach);
void channels_describe(const struct cell *cell, struct prtos_comm_region *comm);
long channel_ring(struct per_cpu *cpu, u64 port);
void channels_wake(struct cell *cell);
long channel_status(struct per_cpu *cpu, u64 index, u64 gpa);
size_t channel_explain(const struct cell *cell, u64 gpa, char *buf, size_t len);

#endif
