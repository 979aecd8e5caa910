// SPDX-License-Identifier: GPL-2.0
/*
 * The release grid of a periodic activity: planned release times in TSC
 * ticks. Times only ever grow by whole periods plus a 32-bit fraction, so
 * no product of a period with a release count is formed and nothing
 * overflows however long the activity runs.
 *
 * When the releases come from another clock (the APIC timer), the plan is
 * only as good as the period measured in TSC ticks, and an error adds up
 * period after period. A resync takes an expiry of that clock observed to
 * the tick: the first one replaces the estimated origin, every later one
 * measures the period over all periods since, so the error shrinks as the
 * activity runs.
 */
#include <inmate/release.h>

/**
 * release_grid_init() - plan releases at first, first + period, ...
 * @g: the grid
 * @first: TSC of the first release
 * @period: whole TSC ticks of the period
 * @period_frac: fraction of a tick, in units of 2^-32
 */
void release_grid_init(struct release_grid *g, u64 first, u64 period,
		       u32 period_frac)
{
	g->next = first;
	g->next_frac = 0;
	g->index = 0;
	g->origin = first;
	g->origin_index = 0;
	g->anchored = false;
	release_grid_set_period(g, period, period_frac);
}

/**
 * release_grid_set_period() - change the period from the next release on
 * @g: the grid
 * @period: whole TSC ticks
 * @period_frac: fraction of a tick
 *
 * A zero period would never advance; it is taken as one tick.
 */
void release_grid_set_period(struct release_grid *g, u64 period,
			     u32 period_frac)
{
	if (!period && !period_frac)
		period = 1;
	g->period = period;
	g->period_frac = period_frac;
}

/**
 * release_grid_advance() - move on to the release after the next one
 * @g: the grid
 */
void release_grid_advance(struct release_grid *g)
{
	u32 frac = g->next_frac + g->period_frac;

	g->next += g->period + (frac < g->next_frac);
	g->next_frac = frac;
	g->index++;
}

/* The release before the next one. */
static void retreat(struct release_grid *g)
{
	u32 frac = g->next_frac - g->period_frac;

	g->next -= g->period + (frac > g->next_frac);
	g->next_frac = frac;
	g->index--;
}

/**
 * release_grid_catch_up() - pass every planned release up to a time
 * @g: the grid
 * @now: a TSC value
 *
 * Afterwards the next planned release lies after @now.
 *
 * Return: how many planned releases were at or before @now: 0 if the next
 * one had not come yet, 1 if it had, more if releases were skipped.
 */
u64 release_grid_catch_up(struct release_grid *g, u64 now)
{
	u64 passed = 0;

	while (g->next <= now) {
		release_grid_advance(g);
		passed++;
	}
	return passed;
}

/**
 * release_grid_resync() - plan from an expiry observed to the tick
 * @g: the grid
 * @expiry: TSC of an expiry of the periodic source, in the past
 *
 * The expiry's number is that of the planned release nearest to it, so
 * the plan must be right to within half a period since the origin. The
 * first resync moves the origin to @expiry and keeps the period; later
 * ones set the period to the distance from the origin divided by the
 * periods in between. The next release keeps its number and is planned
 * from @expiry.
 *
 * Return: true if the plan changed; false if @expiry lies less than half a
 * period after the origin.
 */
bool release_grid_resync(struct release_grid *g, u64 expiry)
{
	u64 span, n, number, guard;

	if (expiry <= g->origin)
		return false;
	span = expiry - g->origin;
	n = (span + g->period / 2) / g->period;
	if (!n)
		return false;
	number = g->origin_index + n;
	if (!g->anchored) {
		g->origin = expiry;
		g->origin_index = number;
		g->anchored = true;
	} else if (n <= 0xffffffffULL) {
		/* remainder < n < 2^32: its shift by 32 fits */
		release_grid_set_period(g, span / n,
					(u32)(((span % n) << 32) / n));
	}
	/* re-plan from the expiry, keeping the next release's number */
	guard = g->index;
	g->next = expiry;
	g->next_frac = 0;
	g->index = number;
	while (g->index < guard)
		release_grid_advance(g);
	while (g->index > guard)
		retreat(g);
	return true;
}

/**
 * release_grid_scale() - a period given in ticks of another clock
 * @count: the period in ticks of that clock (the APIC timer's count)
 * @ratio: TSC ticks per tick of that clock, with 32 fractional bits
 * @period: the period in whole TSC ticks
 * @frac: and its fraction, in units of 2^-32
 *
 * @count * @ratio needs up to 96 bits; it is formed from the integer and
 * fractional halves of @ratio, each product of which fits 64 bits, and
 * so does their sum: (2^32 - 1)^2 + 2^32 - 1 < 2^64.
 */
void release_grid_scale(u32 count, u64 ratio, u64 *period, u32 *frac)
{
	u64 lo = (u64)count * (u32)ratio;
	u64 hi = (u64)count * (ratio >> 32);

	*period = hi + (lo >> 32);
	*frac = (u32)lo;
}
