// SPDX-License-Identifier: GPL-2.0
/*
 * PIT channel 2 as a stopwatch, the way PRTOS measures the CPU clock (see
 * the design article): with its gate opened through port 0x61 and the
 * speaker off, channel 2 counts down once in mode 0 and raises its
 * output, visible in bit 5 of port 0x61, when it reaches zero. The TSC
 * ticks in between are the measurement.
 *
 * Unlike the article, both ends are bracketed by TSC reads: the count
 * starts during the write of its high byte, and the output rose between
 * the last read that saw it low and the first that saw it high. A CPU
 * preempted at either end (a vCPU on a busy host) shows a wide bracket,
 * so the caller can tell a disturbed run from a good one.
 */
#include <inmate/pit.h>
#include <inmate/processor.h>

#define PIT_CH2	       0x42
#define PIT_MODE       0x43
#define PORT_B	       0x61

#define PORT_B_GATE2   0x01
#define PORT_B_SPEAKER 0x02
#define PORT_B_OUT2    0x20
/* channel 2, low byte then high byte, mode 0 (one-shot), binary */
#define PIT_CH2_ONESHOT 0xb0
/* no PIT answers within 10^10 TSC ticks (seconds even at 5 GHz) */
#define PIT_GIVE_UP 10000000000ULL

/**
 * pit_measure_tsc() - TSC ticks while PIT channel 2 counts down
 * @ticks: PIT ticks to count, 1..65535
 * @uncertainty: receives how far the result may be off: the TSC ticks
 *	that the two brackets span
 *
 * Return: the TSC ticks between the brackets' midpoints, 0 if the PIT
 * output never rose.
 */
u64 pit_measure_tsc(u16 ticks, u64 *uncertainty)
{
	u8 port_b = inb(PORT_B) & 0x0f;
	u64 start_lo, start_hi, low_seen, now;
	bool high;

	outb(PORT_B, (port_b & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	outb(PIT_MODE, PIT_CH2_ONESHOT);
	outb(PIT_CH2, ticks & 0xff);
	start_lo = tsc_read();
	outb(PIT_CH2, ticks >> 8);
	start_hi = tsc_read();
	low_seen = start_hi;
	do {
		now = tsc_read();
		high = inb(PORT_B) & PORT_B_OUT2;
		if (!high)
			low_seen = now;
	} while (!high && now - start_hi < PIT_GIVE_UP);
	now = tsc_read();
	outb(PORT_B, port_b);
	*uncertainty = (start_hi - start_lo) + (now - low_seen);
	if (!high)
		return 0;
	return (low_seen + now) / 2 - (start_lo + start_hi) / 2;
}
