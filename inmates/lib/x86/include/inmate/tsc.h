/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The time-stamp counter: reading it, its frequency, conversions to and
 * from nanoseconds, and busy-wait delays. The frequency comes from the
 * comm region when the root knows it, otherwise from the PIT.
 */
#ifndef _INMATE_TSC_H
#define _INMATE_TSC_H

#include <inmate/types.h>

/* Runs of the PIT calibration; the least disturbed one counts. */
#define TSC_CALIBRATE_RUNS	8

static inline u64 tsc_read(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((u64)hi << 32) | lo;
}

u32 tsc_calibrate_pit(void);
u32 tsc_init(void);
u32 tsc_khz(void);
u64 tsc_to_ns(u64 ticks);
u64 ns_to_tsc(u64 ns);
void delay_ns(u64 ns);
void delay_us(u64 us);

#endif
