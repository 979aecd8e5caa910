/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Arithmetic of clock calibration: scaling 64-bit tick counts between
 * frequencies without 128-bit division. Pure C, shared with the host unit
 * tests.
 */
#ifndef _INMATE_CALIB_H
#define _INMATE_CALIB_H

#include <inmate/types.h>

/* Input clock of the 8254 PIT; QEMU's runs at exactly this rate. */
#define PIT_HZ 1193182

u64 calib_mul_div(u64 value, u32 mul, u32 div);
u64 calib_cycles_to_ns(u64 cycles, u32 khz);
u64 calib_ns_to_cycles(u64 ns, u32 khz);
u32 calib_pit_khz(u64 cycles, u32 pit_ticks);

#endif
