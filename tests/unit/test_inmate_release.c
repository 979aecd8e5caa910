// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of inmates/lib/x86/release.c: planned release times with a
 * fractional period stay exact over millions of periods (checked against
 * 128-bit arithmetic), catching up counts the skipped releases, resyncs
 * with a simulated timer whose real period differs from the estimate (as
 * QEMU's, which reloads after count + 1 ticks) bring the plan onto the
 * timer's expiries, and the scaling of a timer count by a 32.32 clock
 * ratio loses nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include <inmate/release.h>

typedef unsigned __int128 u128;

static void test_integer_period(void **state)
{
	struct release_grid g;

	release_grid_init(&g, 1000, 250, 0);
	assert_int_equal(g.next, 1000);
	release_grid_advance(&g);
	release_grid_advance(&g);
	assert_int_equal(g.next, 1500);
}

static void test_fractional_period(void **state)
{
	struct release_grid g;
	unsigned int i;

	/* 2.5 ticks */
	release_grid_init(&g, 0, 2, 0x80000000);
	for (i = 0; i < 4; i++)
		release_grid_advance(&g);
	assert_int_equal(g.next, 10);
	assert_int_equal(g.next_frac, 0);
	release_grid_advance(&g);
	assert_int_equal(g.next, 12);
	assert_int_equal(g.next_frac, 0x80000000);
}

static void test_no_drift(void **state)
{
	/* an APIC period at 2.596122130 TSC ticks per APIC tick */
	u64 period = 2596122, first = 123456789;
	u32 frac = 0x2153a4c1;
	u128 exact;
	struct release_grid g;
	unsigned int i, n = 5000000;

	release_grid_init(&g, first, period, frac);
	for (i = 0; i < n; i++)
		release_grid_advance(&g);
	exact = ((u128)first << 32) + (((u128)period << 32) + frac) * n;
	assert_int_equal(g.next, (u64)(exact >> 32));
	assert_int_equal(g.next_frac, (u32)exact);
}

static void test_catch_up(void **state)
{
	struct release_grid g;

	release_grid_init(&g, 1000, 100, 0);
	/* not yet due */
	assert_int_equal(release_grid_catch_up(&g, 999), 0);
	assert_int_equal(g.next, 1000);
	/* due exactly now: one release */
	assert_int_equal(release_grid_catch_up(&g, 1000), 1);
	assert_int_equal(g.next, 1100);
	/* 2.5 periods late: this one and two skipped */
	assert_int_equal(release_grid_catch_up(&g, 1350), 3);
	assert_int_equal(g.next, 1400);
	assert_true(g.next > 1350);
}

static void test_period_change(void **state)
{
	struct release_grid g;

	release_grid_init(&g, 1000, 100, 0);
	release_grid_set_period(&g, 10, 0);
	release_grid_advance(&g);
	assert_int_equal(g.next, 1010);
	/* a zero period would never advance: it becomes one tick */
	release_grid_set_period(&g, 0, 0);
	release_grid_advance(&g);
	assert_int_equal(g.next, 1011);
	assert_int_equal(g.index, 2);
}

/* Expiry k of a timer armed at @armed with a period of @p / 2^32 ticks. */
static u64 expiry(u64 armed, u128 p, u64 k)
{
	return armed + (u64)((p * (k + 1)) >> 32);
}

static void test_resync_follows_timer(void **state)
{
	/* true period 2596124.6 ticks; estimated 2596122.0, arming 3000 off */
	u128 truth = ((u128)2596124 << 32) + 0x9999999a;
	u64 armed = 1000000, k = 0, limit;
	struct release_grid g;
	s64 err;

	release_grid_init(&g, armed + 3000 + 2596122, 2596122, 0);
	for (limit = 64; limit <= 65536; limit *= 2) {
		while (k < limit) {
			release_grid_advance(&g);
			k++;
		}
		/* the latest expiry, observed between releases */
		assert_true(
			release_grid_resync(&g, expiry(armed, truth, k - 1)));
		assert_int_equal(g.index, k);
		err = (s64)(g.next - expiry(armed, truth, k));
		/* after the first resync the period is still the estimate */
		if (limit > 64)
			assert_true(err >= -1 && err <= 1);
	}
	assert_true(g.anchored);
	/*
	 * A million periods later the plan is still on the timer: the last
	 * period came from whole-tick expiries 65472 periods apart, so it may
	 * be off by 1/65472 tick, 15 ticks over the 934464 periods since.
	 */
	for (; k < 1000000; k++)
		release_grid_advance(&g);
	err = (s64)(g.next - expiry(armed, truth, k));
	assert_true(err >= -16 && err <= 16);
}

static void test_resync_pending_expiries(void **state)
{
	struct release_grid g;

	release_grid_init(&g, 1000, 100, 0);
	/* releases 0-3 served, next is 4 at 1400 */
	release_grid_catch_up(&g, 1300);
	assert_int_equal(g.index, 4);
	/* expiry 5 was seen at 1510: 4 and 5 are due, 4 is planned before */
	assert_true(release_grid_resync(&g, 1510));
	assert_int_equal(g.index, 4);
	assert_int_equal(g.next, 1410);
	/* the second resync measures the period from expiry 5 */
	release_grid_catch_up(&g, 2000);
	assert_true(release_grid_resync(&g, 1510 + 10 * 101));
	assert_int_equal(g.period, 101);
	assert_int_equal(g.period_frac, 0);
	assert_int_equal(g.next, 1510 + 10 * 101 + (g.index - 15) * 101);
}

static void test_resync_refused(void **state)
{
	struct release_grid g;

	release_grid_init(&g, 1000, 100, 0);
	/* before the origin, or less than half a period after it */
	assert_false(release_grid_resync(&g, 900));
	assert_false(release_grid_resync(&g, 1000));
	assert_false(release_grid_resync(&g, 1049));
	assert_int_equal(g.next, 1000);
	assert_false(g.anchored);
}

static void test_scale(void **state)
{
	static const u32 counts[] = { 1, 999952, 1000000, 0xffffffff };
	static const u64 ratios[] = { 1ULL << 32, 0x2987fa2c1ULL,
				      0x180000000ULL, 0xffffffffffffffffULL,
				      1 };
	unsigned int i, j;
	u128 exact;
	u64 period;
	u32 frac;

	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		for (j = 0; j < sizeof(ratios) / sizeof(ratios[0]); j++) {
			release_grid_scale(counts[i], ratios[j], &period,
					   &frac);
			exact = (u128)counts[i] * ratios[j];
			assert_int_equal(period, (u64)(exact >> 32));
			assert_int_equal(frac, (u32)exact);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integer_period),
		cmocka_unit_test(test_fractional_period),
		cmocka_unit_test(test_no_drift),
		cmocka_unit_test(test_catch_up),
		cmocka_unit_test(test_period_change),
		cmocka_unit_test(test_resync_follows_timer),
		cmocka_unit_test(test_resync_pending_expiries),
		cmocka_unit_test(test_resync_refused),
		cmocka_unit_test(test_scale),
	};

	return cmocka_run_group_tests_name("inmate_release", tests, NULL, NULL);
}
