/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The comm region at PRTOS_COMM_REGION_GPA, shared with the hypervisor.
 * Outside a cell (bare metal) there is none: every query then reports
 * "absent" or 0 and the inmate falls back to its command line.
 */
#ifndef _INMATE_COMM_H
#define _INMATE_COMM_H

#include <prtos/cell.h>
#include <inmate/types.h>

void comm_init(void);
bool comm_present(void);
u32 comm_tsc_khz(void);
u32 comm_apic_khz(void);
u16 comm_console_port(void);
unsigned int comm_num_cpus(void);
u32 comm_cpu_apic_id(unsigned int n);
bool comm_shutdown_requested(void);
bool comm_reply_later(void);
void comm_reply(bool approved);

#endif
