/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The 8254 PIT's channel 2, gated through port 0x61, as a stopwatch of
 * known rate for calibrating the TSC. Needs ports 0x40-0x43 and 0x61.
 */
#ifndef _INMATE_PIT_H
#define _INMATE_PIT_H

#include <inmate/types.h>

/* 10 ms of PIT ticks, the gate the calibration uses. */
#define PIT_CALIBRATE_TICKS (1193182 / 100)

u64 pit_measure_tsc(u16 ticks, u64 *uncertainty);

#endif
