/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The handful of x86 instructions (port I/O, TSC, MSRs, control
 * registers, CPUID, PAUSE) that the rest of the library is built from.
 * Header only, at the bottom of the library: every file may include it.
 */
#ifndef _INMATE_PROCESSOR_H
#define _INMATE_PROCESSOR_H

#include <inmate/types.h>

static inline void outb(u16 port, u8 val)
{
	asm volatile("outb %0, %1" : : "a"(val), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 val;

	asm volatile("inb %1, %0" : "=a"(val) : "Nd"(port));
	return val;
}

static inline void outw(u16 port, u16 val)
{
	asm volatile("outw %0, %1" : : "a"(val), "Nd"(port));
}

static inline u64 tsc_read(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((u64)hi << 32) | lo;
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 val)
{
	asm volatile("wrmsr"
		     :
		     : "c"(msr), "a"((u32)val), "d"((u32)(val >> 32)));
}

static inline u64 read_cr2(void)
{
	u64 val;

	asm volatile("mov %%cr2, %0" : "=r"(val));
	return val;
}

static inline u64 read_cr3(void)
{
	u64 val;

	asm volatile("mov %%cr3, %0" : "=r"(val));
	return val;
}

static inline void cpu_relax(void)
{
	asm volatile("pause" : : : "memory");
}

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	asm volatile("cpuid"
		     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "a"(leaf), "c"(0));
}

#endif
