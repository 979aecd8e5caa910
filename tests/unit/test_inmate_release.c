// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of inmates/lib/x86/release.c: planned release times with a
 * fractional period stay exact over millions of periods (checked against
 * 128-bit arithmetic), catching up counts the skipped releases, and the
 * scaling of a timer count by a 32.32 clock ratio loses nothing.
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

static void test_shift_and_period_change(void **state)
{
	struct release_grid g;

	release_grid_init(&g, 1000, 100, 0);
	release_grid_shift(&g, -30);
	assert_int_equal(g.next, 970);
	release_grid_shift(&g, 50);
	assert_int_equal(g.next, 1020);
	release_grid_set_period(&g, 10, 0);
	release_grid_advance(&g);
	assert_int_equal(g.next, 1030);
	/* a zero period would never advance: it becomes one tick */
	release_grid_set_period(&g, 0, 0);
	release_grid_advance(&g);
	assert_int_equal(g.next, 1031);
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
		cmocka_unit_test(test_shift_and_period_change),
		cmocka_unit_test(test_scale),
	};

	return cmocka_run_group_tests_name("inmate_release", tests, NULL,
					   NULL);
}
