/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The time-stamp counter: reading it, its frequency, conversions to and
 * from nanoseconds, and busy-wait delays. The frequency comes from the
 * comm region when the root knows it, otherwise from the PIT. tsc_read()
 * itself is an instruction (processor.h, included here).
 */
#ifndef _INMATE_TSC_H
#define _INMATE_TSC_H

#include <inmate/processor.h>

/* Runs of the PIT calibration; the least disturbed one counts. */
#define TSC_CALIBRATE_RUNS 8

u32 tsc_calibrate_pit(void);
u32 tsc_init(void);
u32 tsc_khz(void);
u64 tsc_to_ns(u64 ticks);
u64 ns_to_tsc(u64 ns);
void delay_ns(u64 ns);
void delay_us(u64 us);

#endif
