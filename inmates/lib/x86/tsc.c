// SPDX-License-Identifier: GPL-2.0
/*
 * TSC frequency and time conversions. The root's value from the comm
 * region is preferred: it needs no device access and costs no time.
 * Otherwise the PIT calibrates: of several 10 ms runs the one whose ends
 * were seen most sharply counts, so that runs disturbed by preemption
 * (common for a vCPU on a busy host) do not.
 */
#include <inmate/calib.h>
#include <inmate/comm.h>
#include <inmate/pit.h>
#include <inmate/processor.h>
#include <inmate/tsc.h>

static u32 khz;

/**
 * tsc_calibrate_pit() - measure the TSC frequency against the PIT
 *
 * Needs I/O ports 0x40-0x43 and 0x61. Takes TSC_CALIBRATE_RUNS * 10 ms.
 *
 * Return: the frequency in kHz, 0 if the PIT did not respond.
 */
u32 tsc_calibrate_pit(void)
{
	u64 cycles = 0, best = U64_MAX, c, uncertainty;
	unsigned int i;

	for (i = 0; i < TSC_CALIBRATE_RUNS; i++) {
		c = pit_measure_tsc(PIT_CALIBRATE_TICKS, &uncertainty);
		if (c && uncertainty < best) {
			best = uncertainty;
			cycles = c;
		}
	}
	return calib_pit_khz(cycles, PIT_CALIBRATE_TICKS);
}

/**
 * tsc_init() - settle the TSC frequency used from now on
 *
 * From the comm region if it has one, else from the PIT (which then must
 * be accessible).
 *
 * Return: the frequency in kHz.
 */
u32 tsc_init(void)
{
	khz = comm_tsc_khz();
	if (!khz)
		khz = tsc_calibrate_pit();
	return khz;
}

/**
 * tsc_khz() - the TSC frequency
 *
 * Calls tsc_init() the first time.
 *
 * Return: kHz.
 */
u32 tsc_khz(void)
{
	if (!khz)
		tsc_init();
	return khz;
}

/**
 * tsc_to_ns() - TSC ticks to nanoseconds
 * @ticks: TSC ticks
 *
 * Return: nanoseconds, rounded down.
 */
u64 tsc_to_ns(u64 ticks)
{
	return calib_cycles_to_ns(ticks, tsc_khz());
}

/**
 * ns_to_tsc() - nanoseconds to TSC ticks
 * @ns: nanoseconds
 *
 * Return: TSC ticks, rounded down.
 */
u64 ns_to_tsc(u64 ns)
{
	return calib_ns_to_cycles(ns, tsc_khz());
}

/**
 * delay_ns() - busy-wait
 * @ns: at least this many nanoseconds
 */
void delay_ns(u64 ns)
{
	u64 start = tsc_read(), ticks = ns_to_tsc(ns);

	while (tsc_read() - start < ticks)
		cpu_relax();
}

/**
 * delay_us() - busy-wait
 * @us: at least this many microseconds
 */
void delay_us(u64 us)
{
	delay_ns(us * 1000);
}
