// SPDX-License-Identifier: GPL-2.0
/*
 * PIT channel 2 as a stopwatch, the way PRTOS measures the CPU clock (see
 * the design article): with its gate opened through port 0x61 and the
 * speaker off, channel 2 counts down once in mode 0 and raises its
 * output, visible in bit 5 of port 0x61, when it reaches zero. The TSC
 * ticks in between are the measurement.
 */
#include <inmate/inmate.h>
#include <inmate/pit.h>
#include <inmate/tsc.h>

#define PIT_CH2			0x42
#define PIT_MODE		0x43
#define PORT_B			0x61

#define PORT_B_GATE2		0x01
#define PORT_B_SPEAKER		0x02
#define PORT_B_OUT2		0x20
/* channel 2, low byte then high byte, mode 0 (one-shot), binary */
#define PIT_CH2_ONESHOT		0xb0
/* no PIT answers within 10^10 TSC ticks (seconds even at 5 GHz) */
#define PIT_GIVE_UP		10000000000ULL

/**
 * pit_measure_tsc() - TSC ticks while PIT channel 2 counts down
 * @ticks: PIT ticks to count, 1..65535
 *
 * Return: the TSC ticks that passed, 0 if the PIT output never rose.
 */
u64 pit_measure_tsc(u16 ticks)
{
	u8 port_b = inb(PORT_B) & 0x0f;
	u64 start, end;

	outb(PORT_B, (port_b & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	outb(PIT_MODE, PIT_CH2_ONESHOT);
	outb(PIT_CH2, ticks & 0xff);
	/* counting starts with the high byte */
	outb(PIT_CH2, ticks >> 8);
	start = tsc_read();
	do {
		end = tsc_read();
		if (end - start > PIT_GIVE_UP) {
			end = start;
			break;
		}
	} while (!(inb(PORT_B) & PORT_B_OUT2));
	outb(PORT_B, port_b);
	return end - start;
}
