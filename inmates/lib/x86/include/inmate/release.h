/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The planned release times of a periodic activity, in TSC ticks. The
 * period is kept with 32 fractional bits, so that a period that is not a
 * whole number of ticks (an APIC timer period seen through the TSC) does
 * not drift by rounding; times advance by addition and never overflow.
 * Pure C, shared with the host unit tests.
 */
#ifndef _INMATE_RELEASE_H
#define _INMATE_RELEASE_H

#include <inmate/types.h>

/**
 * struct release_grid - planned releases t(k) = first + k * period
 * @next: the next planned release, whole ticks
 * @next_frac: its fraction, in units of 2^-32 ticks
 * @period: the period, whole ticks (> 0)
 * @period_frac: its fraction
 * @index: number of the next planned release, 0 for the first
 * @origin: TSC of release @origin_index, from which resyncs measure
 * @origin_index: its number
 * @anchored: @origin was observed (by a resync), not estimated
 */
struct release_grid {
	u64 next;
	u32 next_frac;
	u64 period;
	u32 period_frac;
	u64 index;
	u64 origin;
	u64 origin_index;
	bool anchored;
};

void release_grid_init(struct release_grid *g, u64 first, u64 period,
		       u32 period_frac);
void release_grid_advance(struct release_grid *g);
u64 release_grid_catch_up(struct release_grid *g, u64 now);
bool release_grid_resync(struct release_grid *g, u64 expiry);
void release_grid_set_period(struct release_grid *g, u64 period,
			     u32 period_frac);
void release_grid_scale(u32 count, u64 ratio, u64 *period, u32 *frac);

#endif
