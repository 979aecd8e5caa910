// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of inmates/lib/x86/calib.c: a * mul / div without 128-bit
 * division (checked against the host's 128-bit arithmetic over the whole
 * 64-bit range), cycles <-> ns at large values and saturation where the
 * result does not fit, and the TSC frequency from a PIT gate.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include <inmate/calib.h>

typedef unsigned __int128 u128;

static u64 reference(u64 v, u32 mul, u32 div)
{
	u128 r = (u128)v * mul / div;

	return r > UINT64_MAX ? UINT64_MAX : (u64)r;
}

static u64 rand64(void)
{
	u64 v = 0;
	int i;

	for (i = 0; i < 4; i++)
		v = v << 16 | (rand() & 0xffff);
	/* all magnitudes, not just values near 2^64 */
	return v >> (rand() % 64);
}

static void test_mul_div_basic(void **state)
{
	assert_int_equal(calib_mul_div(10, 3, 4), 7);
	assert_int_equal(calib_mul_div(0, 1000, 7), 0);
	assert_int_equal(calib_mul_div(12345, 0, 7), 0);
	assert_int_equal(calib_mul_div(UINT64_MAX, 1, 1), UINT64_MAX);
	assert_int_equal(calib_mul_div(UINT64_MAX, 3, 3), UINT64_MAX);
	/* the product exceeds 64 bits but the result does not */
	assert_int_equal(calib_mul_div(1ULL << 62, 1000000, 2000000),
			 1ULL << 61);
}

static void test_mul_div_saturates(void **state)
{
	assert_int_equal(calib_mul_div(1, 1, 0), UINT64_MAX);
	assert_int_equal(calib_mul_div(UINT64_MAX, 2, 1), UINT64_MAX);
	/* exactly 2^64: one too many */
	assert_int_equal(calib_mul_div(1ULL << 63, 1000000, 500000),
			 UINT64_MAX);
	/* the remainder's share tips it over */
	assert_int_equal(calib_mul_div(UINT64_MAX - 1, 3, 2), UINT64_MAX);
	/* just fits */
	assert_int_equal(calib_mul_div(UINT64_MAX / 3, 3, 1),
			 UINT64_MAX / 3 * 3);
}

static void test_mul_div_random(void **state)
{
	unsigned int i;
	u64 v;
	u32 mul, div;

	srand(2);
	for (i = 0; i < 200000; i++) {
		v = rand64();
		mul = (u32)rand64();
		div = (u32)rand64() | 1;
		assert_int_equal(calib_mul_div(v, mul, div),
				 reference(v, mul, div));
	}
}

static void test_cycles_to_ns(void **state)
{
	/* 2.6 GHz: 2600 cycles are 1000 ns */
	assert_int_equal(calib_cycles_to_ns(2600, 2600000), 1000);
	assert_int_equal(calib_cycles_to_ns(2599, 2600000), 999);
	/* one hour at 2.6 GHz */
	assert_int_equal(calib_cycles_to_ns(3600ULL * 2600000000ULL, 2600000),
			 3600ULL * 1000000000ULL);
	/* 2^63 cycles at 2.6 GHz: ~3.5e18 ns, needs more than 64-bit products */
	assert_int_equal(calib_cycles_to_ns(1ULL << 63, 2600000),
			 reference(1ULL << 63, 1000000, 2600000));
	/* at 1 MHz 2^63 cycles are beyond 2^64 ns: saturated */
	assert_int_equal(calib_cycles_to_ns(1ULL << 63, 1000), UINT64_MAX);
	/* any 64-bit count at >= 1 GHz fits */
	assert_int_equal(calib_cycles_to_ns(UINT64_MAX, 1000000), UINT64_MAX);
	assert_int_equal(calib_cycles_to_ns(UINT64_MAX, 4000000),
			 UINT64_MAX / 4);
}

static void test_ns_to_cycles(void **state)
{
	assert_int_equal(calib_ns_to_cycles(1000, 2600000), 2600);
	assert_int_equal(calib_ns_to_cycles(1, 2600000), 2);
	assert_int_equal(calib_ns_to_cycles(1000000000, 1), 1000);
	assert_int_equal(calib_ns_to_cycles(1ULL << 62, 2600000),
			 reference(1ULL << 62, 2600000, 1000000));
	assert_int_equal(calib_ns_to_cycles(UINT64_MAX, 2600000), UINT64_MAX);
}

static void test_round_trip(void **state)
{
	unsigned int i;
	u64 ns, back;
	u32 khz;

	srand(3);
	for (i = 0; i < 100000; i++) {
		khz = 1000000 + rand() % 5000000;
		ns = rand64() >> 12;
		back = calib_cycles_to_ns(calib_ns_to_cycles(ns, khz), khz);
		/* each step rounds down by less than one unit */
		assert_true(back <= ns);
		assert_true(ns - back <= 1);
	}
}

static void test_pit_khz(void **state)
{
	static const u32 khz[] = { 100000, 1000000, 2596106, 3999999, 5000000 };
	u32 ticks = 11931; /* the 10 ms gate */
	unsigned int i;
	u64 cycles;
	u32 got;

	for (i = 0; i < sizeof(khz) / sizeof(khz[0]); i++) {
		cycles = (u64)khz[i] * 1000 * ticks / PIT_HZ;
		got = calib_pit_khz(cycles, ticks);
		/* rounding of the cycle count: within a few kHz */
		assert_true(got <= khz[i]);
		assert_true(khz[i] - got < 1 + PIT_HZ / ticks / 1000 + 1);
	}
	/* the full 16-bit gate at 5 GHz */
	cycles = 5000000000ULL * 65535 / PIT_HZ;
	assert_true(calib_pit_khz(cycles, 65535) >= 4999999);
	assert_int_equal(calib_pit_khz(12345, 0), 0);
	assert_int_equal(calib_pit_khz(0, 11931), 0);
	/* absurd counts saturate rather than wrap */
	assert_int_equal(calib_pit_khz(UINT64_MAX, 1), 0xffffffff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mul_div_basic),
		cmocka_unit_test(test_mul_div_saturates),
		cmocka_unit_test(test_mul_div_random),
		cmocka_unit_test(test_cycles_to_ns),
		cmocka_unit_test(test_ns_to_cycles),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_pit_khz),
	};

	return cmocka_run_group_tests_name("inmate_calib", tests, NULL, NULL);
}
