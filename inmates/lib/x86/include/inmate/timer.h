/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The local APIC timer, calibrated against the TSC, as a periodic source
 * of interrupts. The relation between the two clocks is kept as a ratio
 * with 32 fractional bits, so that the TSC time of each expiry can be
 * planned without the timer ever being read (a read is an exit in a cell).
 */
#ifndef _INMATE_TIMER_H
#define _INMATE_TIMER_H

#include <inmate/irq.h>

/**
 * struct timer_periodic - what timer_start_periodic() set up
 * @armed_tsc: TSC just before the initial count was written (the timer
 *             starts no earlier)
 * @count: the APIC timer's initial count (input ticks per period)
 * @period: the resulting period in TSC ticks, whole part
 * @period_frac: its fraction, in units of 2^-32 ticks
 */
struct timer_periodic {
	u64 armed_tsc;
	u32 count;
	u64 period;
	u32 period_frac;
};

u32 timer_calibrate(void);
u32 timer_apic_khz(void);
int timer_start_periodic(u64 period_ns, irq_handler_t handler,
			 struct timer_periodic *info);
u64 timer_last_expiry(void);
void timer_stop(void);

#endif
