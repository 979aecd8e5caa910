// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC timer as a periodic interrupt source. Its input clock is
 * related to the TSC either by the two frequencies in the comm region or
 * by measuring: the timer runs free while the TSC is read around its
 * current count at both ends. Of several reads at each end the one with
 * the shortest TSC bracket is used, which keeps a slow (preempted) read
 * from skewing the result.
 *
 * The ratio matters more than it seems: in periodic mode the planned TSC
 * time of expiry n is n periods after arming, so an error of 1 ppm puts
 * the plan 1 us off after a second. On bare QEMU a read takes ~70 ns and
 * 100 ms give a few parts per billion; in a cell every read is a trapped
 * access of tens of us, so the measurement then runs for a second. Even
 * then the timer's real period may differ from count input ticks (QEMU's
 * reloads after count + 1), which timer_last_expiry() lets a caller
 * measure: the current count tells, to the tick, when the timer last
 * expired.
 */
#include <inmate/apic.h>
#include <inmate/calib.h>
#include <inmate/comm.h>
#include <inmate/irq.h>
#include <inmate/release.h>
#include <inmate/timer.h>
#include <inmate/tsc.h>

#define TIMER_CALIBRATE_NS	100000000ULL
#define TIMER_CALIBRATE_LONG_NS 1000000000ULL
/* a read bracket longer than this means a trapped (slow) APIC */
#define TIMER_FAST_READ_NS 2000
#define TIMER_SAMPLES	   7
/* fewer reads where the timer runs: each is an exit in a cell */
#define TIMER_EXPIRY_SAMPLES 3

/* TSC ticks per APIC timer tick, 32 fractional bits; 0 = not calibrated */
static u64 ratio;
static u32 apic_khz;
/* initial count of the running periodic timer, 0 if none */
static u32 periodic_count;

/* The TSC at which the timer showed *count, to within the bracket. */
static u64 sample(u64 *tsc, u32 *count, unsigned int reads)
{
	u64 best = U64_MAX, before, after;
	unsigned int i;
	u32 c;

	*tsc = 0;
	*count = 0;
	for (i = 0; i < reads; i++) {
		before = tsc_read();
		c = apic_timer_current();
		after = tsc_read();
		if (after - before < best) {
			best = after - before;
			*tsc = before + best / 2;
			*count = c;
		}
	}
	return best;
}

/* ratio = num / den with 32 fractional bits; num is scaled into 32 bits */
static u64 fixed_ratio(u64 num, u64 den)
{
	while (num >> 32) {
		num >>= 1;
		den >>= 1;
	}
	return den ? (num << 32) / den : 0;
}

/**
 * timer_calibrate() - relate the APIC timer's clock to the TSC
 *
 * Uses the comm region's APIC frequency if it has one, else measures for
 * TIMER_CALIBRATE_NS, or TIMER_CALIBRATE_LONG_NS when reading the timer is
 * slow. Leaves the timer stopped.
 *
 * Return: the APIC timer's input frequency in kHz, 0 if it does not run.
 */
u32 timer_calibrate(void)
{
	u32 tkhz = tsc_khz(), c0, c1;
	u64 t0, t1, slow = ns_to_tsc(TIMER_FAST_READ_NS), bracket;

	apic_khz = comm_apic_khz();
	if (apic_khz) {
		ratio = fixed_ratio(tkhz, apic_khz);
		return apic_khz;
	}
	apic_timer_free_running();
	bracket = sample(&t0, &c0, TIMER_SAMPLES);
	delay_ns(TIMER_CALIBRATE_NS);
	if (sample(&t1, &c1, TIMER_SAMPLES) > slow || bracket > slow) {
		delay_ns(TIMER_CALIBRATE_LONG_NS - TIMER_CALIBRATE_NS);
		sample(&t1, &c1, TIMER_SAMPLES);
	}
	apic_timer_stop();
	ratio = c1 < c0 && t1 > t0 ? fixed_ratio(t1 - t0, c0 - c1) : 0;
	apic_khz = ratio ? (u32)(((u64)tkhz << 32) / ratio) : 0;
	return apic_khz;
}

/**
 * timer_apic_khz() - the APIC timer's input frequency
 *
 * Return: kHz, 0 before timer_calibrate().
 */
u32 timer_apic_khz(void)
{
	return apic_khz;
}

/**
 * timer_start_periodic() - interrupt the calling CPU every period
 * @period_ns: the period; the timer's resolution rounds it down
 * @handler: called on every expiry, with interrupts off, before EOI
 * @info: if not NULL, receives when the timer was armed and the exact
 *	period in TSC ticks, from which the expiries can be planned
 *
 * Calibrates first if that has not happened. The timer's vector is
 * IRQ_VECTOR_TIMER; interrupts must be enabled by the caller.
 *
 * Return: 0, or -1 if the timer is unusable or the period does not fit
 * its 32-bit count.
 */
int timer_start_periodic(u64 period_ns, irq_handler_t handler,
			 struct timer_periodic *info)
{
	u64 count, before;

	if (!ratio && !timer_calibrate())
		return -1;
	count = calib_ns_to_cycles(period_ns, apic_khz);
	if (!count || count > 0xffffffffULL)
		return -1;
	irq_set_handler(IRQ_VECTOR_TIMER, handler);
	apic_timer_periodic(IRQ_VECTOR_TIMER, 0);
	/*
	 * Arming is one write, and the timer starts somewhere inside it: in a
	 * cell the write is an exit, and the hypervisor's write can lie
	 * anywhere in it. Dating the start by the TSC before the write never
	 * puts an expiry before its planned time; a date later than the real
	 * start (the middle of the exit) made the first expiry look early,
	 * so it was taken for no release and every release after it was
	 * planned a period early, until the first resynchronisation.
	 */
	before = tsc_read();
	apic_timer_set_count((u32)count);
	periodic_count = (u32)count;
	if (info) {
		info->armed_tsc = before;
		info->count = (u32)count;
		release_grid_scale((u32)count, ratio, &info->period,
				   &info->period_frac);
	}
	return 0;
}

/**
 * timer_last_expiry() - when the periodic timer last expired
 *
 * Reads the current count a few times between TSC reads (in a cell each
 * read is an exit) and takes the tightest: the input ticks since the
 * reload, converted to TSC ticks, date the expiry to within that read.
 *
 * Return: the TSC of the latest expiry, 0 if no periodic timer runs.
 */
u64 timer_last_expiry(void)
{
	u64 tsc, ticks;
	u32 count, frac;

	if (!periodic_count)
		return 0;
	sample(&tsc, &count, TIMER_EXPIRY_SAMPLES);
	if (count > periodic_count)
		count = periodic_count;
	release_grid_scale(periodic_count - count, ratio, &ticks, &frac);
	return tsc - ticks;
}

/**
 * timer_stop() - stop the timer and mask its interrupt
 */
void timer_stop(void)
{
	periodic_count = 0;
	apic_timer_stop();
	irq_set_handler(IRQ_VECTOR_TIMER, NULL);
}
