// SPDX-License-Identifier: GPL-2.0
/*
 * Local APIC access in xAPIC mode. Every register is read and written
 * with one aligned 32-bit MOV, the only form the hypervisor's instruction
 * decoder needs to understand when it emulates the trapped page.
 */
#include <inmate/apic.h>

#define APIC_ID		   0x020
#define APIC_TPR	   0x080
#define APIC_EOI	   0x0b0
#define APIC_SVR	   0x0f0
#define APIC_ICR	   0x300
#define APIC_ICR2	   0x310
#define APIC_LVT_TIMER	   0x320
#define APIC_TMICT	   0x380
#define APIC_TMCCT	   0x390
#define APIC_TDCR	   0x3e0

#define SVR_ENABLE	   0x100
#define ICR_PENDING	   0x1000
#define ICR_ASSERT	   0x4000
#define ICR_LEVEL	   0x8000
#define LVT_MASKED	   0x10000
#define LVT_TIMER_PERIODIC 0x20000
#define TDCR_DIVIDE_BY_1   0xb
#define SPURIOUS_VECTOR	   0xff

static inline u32 apic_read(unsigned int reg)
{
	return *(volatile u32 *)(APIC_BASE + reg);
}

static inline void apic_write(unsigned int reg, u32 val)
{
	*(volatile u32 *)(APIC_BASE + reg) = val;
}

/**
 * apic_init() - enable the calling CPU's local APIC
 *
 * Software-enables it with spurious vector 0xff and accepts every
 * priority. The LVT entries stay as the hypervisor or reset left them:
 * masked.
 */
void apic_init(void)
{
	apic_write(APIC_TPR, 0);
	apic_write(APIC_SVR, SVR_ENABLE | SPURIOUS_VECTOR);
}

/**
 * apic_id() - the calling CPU's APIC id
 *
 * Return: the id (bits 31-24 of the ID register).
 */
u32 apic_id(void)
{
	return apic_read(APIC_ID) >> 24;
}

/**
 * apic_eoi() - signal the end of the interrupt in service
 */
void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

static void send(u32 dest, u32 low)
{
	unsigned int spins = 1000000;

	apic_write(APIC_ICR2, dest << 24);
	apic_write(APIC_ICR, low);
	/* bounded: an emulated APIC may never show the IPI as pending */
	while ((apic_read(APIC_ICR) & ICR_PENDING) && --spins)
		asm volatile("pause");
}

/**
 * apic_send_ipi() - send an inter-processor interrupt to one CPU
 * @apic_id: physical destination
 * @mode: APIC_DM_FIXED, APIC_DM_NMI, ...
 * @vector: the vector (fixed mode)
 */
void apic_send_ipi(u32 apic_id, unsigned int mode, unsigned int vector)
{
	send(apic_id, ICR_ASSERT | (mode & 7) << 8 | (vector & 0xff));
}

/**
 * apic_send_init() - send INIT (assert, level-triggered) to one CPU
 * @apic_id: the CPU
 */
void apic_send_init(u32 apic_id)
{
	send(apic_id, ICR_LEVEL | ICR_ASSERT | APIC_DM_INIT << 8);
}

/**
 * apic_send_sipi() - send a start-up IPI
 * @apic_id: the CPU
 * @page: the start page: the CPU starts in real mode at @page * 4096
 */
void apic_send_sipi(u32 apic_id, unsigned int page)
{
	send(apic_id, ICR_ASSERT | APIC_DM_STARTUP << 8 | (page & 0xff));
}

/**
 * apic_timer_periodic() - interrupt every @count input clocks
 * @vector: the interrupt vector
 * @count: input clocks per period (the divider is 1)
 */
void apic_timer_periodic(unsigned int vector, u32 count)
{
	apic_write(APIC_TDCR, TDCR_DIVIDE_BY_1);
	apic_write(APIC_LVT_TIMER, LVT_TIMER_PERIODIC | (vector & 0xff));
	apic_write(APIC_TMICT, count);
}

/**
 * apic_timer_set_count() - restart the timer with a new initial count
 * @count: input clocks; 0 stops the timer
 *
 * One register write, for callers that need to know when the timer was
 * armed (they read the TSC around it).
 */
void apic_timer_set_count(u32 count)
{
	apic_write(APIC_TMICT, count);
}

/**
 * apic_timer_oneshot() - interrupt once, after @count input clocks
 * @vector: the interrupt vector
 * @count: input clocks (the divider is 1)
 */
void apic_timer_oneshot(unsigned int vector, u32 count)
{
	apic_write(APIC_TDCR, TDCR_DIVIDE_BY_1);
	apic_write(APIC_LVT_TIMER, vector & 0xff);
	apic_write(APIC_TMICT, count);
}

/**
 * apic_timer_free_running() - count down from 2^32 - 1 without interrupts
 *
 * For calibration: apic_timer_current() then shows the input clocks that
 * passed, for over four seconds even at 1 GHz.
 */
void apic_timer_free_running(void)
{
	apic_write(APIC_TDCR, TDCR_DIVIDE_BY_1);
	apic_write(APIC_LVT_TIMER, LVT_MASKED);
	apic_write(APIC_TMICT, 0xffffffff);
}

/**
 * apic_timer_stop() - stop the timer and mask its interrupt
 */
void apic_timer_stop(void)
{
	apic_write(APIC_LVT_TIMER, LVT_MASKED);
	apic_write(APIC_TMICT, 0);
}

/**
 * apic_timer_current() - the timer's current count
 *
 * Return: the current-count register.
 */
u32 apic_timer_current(void)
{
	return apic_read(APIC_TMCCT);
}
