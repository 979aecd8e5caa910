// SPDX-License-Identifier: GPL-2.0
/*
 * Calibration arithmetic. Tick counts are 64-bit while the frequencies
 * are 32-bit kHz values, so every conversion is a * mul / div with 32-bit
 * mul and div; splitting a into quotient and remainder by div keeps every
 * intermediate product below 2^64 without 128-bit division, which the
 * freestanding inmates could not link.
 */
#include <inmate/calib.h>

/**
 * calib_mul_div() - compute value * mul / div, rounded down
 * @value: any 64-bit value
 * @mul: multiplier
 * @div: divisor, not 0
 *
 * Return: the result, or U64_MAX if it does not fit in 64 bits (or @div
 * is 0).
 */
u64 calib_mul_div(u64 value, u32 mul, u32 div)
{
	u64 q, r, whole;

	if (!div)
		return U64_MAX;
	q = value / div;
	r = value % div;
	/* r < 2^32 and mul < 2^32, so r * mul cannot overflow */
	if (mul && q > U64_MAX / mul)
		return U64_MAX;
	whole = q * mul;
	if (whole > U64_MAX - r * mul / div)
		return U64_MAX;
	return whole + r * mul / div;
}

/**
 * calib_cycles_to_ns() - convert ticks of a clock to nanoseconds
 * @cycles: ticks
 * @khz: the clock's frequency in kHz, not 0
 *
 * Return: @cycles * 10^6 / @khz rounded down, U64_MAX if that overflows.
 */
u64 calib_cycles_to_ns(u64 cycles, u32 khz)
{
	return calib_mul_div(cycles, 1000000, khz);
}

/**
 * calib_ns_to_cycles() - convert nanoseconds to ticks of a clock
 * @ns: nanoseconds
 * @khz: the clock's frequency in kHz
 *
 * Return: @ns * @khz / 10^6 rounded down, U64_MAX if that overflows.
 */
u64 calib_ns_to_cycles(u64 ns, u32 khz)
{
	return calib_mul_div(ns, khz, 1000000);
}

/**
 * calib_pit_khz() - frequency of a clock that ticked during a PIT gate
 * @cycles: ticks of the clock while the PIT counted @pit_ticks
 * @pit_ticks: PIT ticks of the gate, 1..65535
 *
 * Return: the clock's frequency in kHz (0 if @pit_ticks is 0), saturated
 * at the largest 32-bit value.
 */
u32 calib_pit_khz(u64 cycles, u32 pit_ticks)
{
	u64 khz;

	if (!pit_ticks)
		return 0;
	/* cycles * PIT_HZ / (pit_ticks * 1000); the divisor fits 32 bits */
	khz = calib_mul_div(cycles, PIT_HZ, pit_ticks * 1000);
	return khz > 0xffffffffULL ? 0xffffffff : (u32)khz;
}
