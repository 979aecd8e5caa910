// SPDX-License-Identifier: GPL-2.0
/*
 * Debian's libfdt.a is built for user space with -fstack-protector-strong:
 * its functions compare a canary read from %fs:0x28 (where glibc keeps
 * it) and call __stack_chk_fail() when it changed. The library's own code
 * is built without the protector; this gives libfdt what it expects.
 */
#include <inmate/compiler.h>
#include <inmate/halt.h>
#include <inmate/printk.h>
#include <inmate/processor.h>
#include <inmate/stack-guard.h>

#define MSR_FS_BASE 0xc0000100

/* what %fs points at: the canary at byte 0x28, like glibc's TCB */
static u64 guard_block[8];

/**
 * stack_guard_init() - point the calling CPU's FS at the canary
 *
 * Called on every CPU before it may call into libfdt; the first call
 * picks the canary from the TSC.
 */
void stack_guard_init(void)
{
	if (!guard_block[5])
		guard_block[5] = tsc_read() | 0x100;
	wrmsr(MSR_FS_BASE, (unsigned long)guard_block);
}

void __noreturn __stack_chk_fail(void);

/* Called by libfdt's code: a stack overflowed its buffer. */
void __noreturn __stack_chk_fail(void)
{
	printk("inmate: stack smashing detected in libfdt: halting\n");
	inmate_halt_crashed();
}
