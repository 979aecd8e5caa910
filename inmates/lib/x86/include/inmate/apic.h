/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The local APIC in xAPIC mode (memory-mapped at 0xfee00000). In a cell
 * the hypervisor traps every access to this page, which makes each one
 * cost an exit: hot paths touch only EOI.
 */
#ifndef _INMATE_APIC_H
#define _INMATE_APIC_H

#include <inmate/types.h>

#define APIC_BASE 0xfee00000UL

/* Delivery modes of the interrupt command register. */
#define APIC_DM_FIXED	0
#define APIC_DM_NMI	4
#define APIC_DM_INIT	5
#define APIC_DM_STARTUP 6

void apic_init(void);
u32 apic_id(void);
void apic_eoi(void);
void apic_send_ipi(u32 apic_id, unsigned int mode, unsigned int vector);
void apic_send_init(u32 apic_id);
void apic_send_sipi(u32 apic_id, unsigned int page);

void apic_timer_periodic(unsigned int vector, u32 count);
void apic_timer_set_count(u32 count);
void apic_timer_oneshot(unsigned int vector, u32 count);
void apic_timer_free_running(void);
void apic_timer_stop(void);
u32 apic_timer_current(void);

#endif
