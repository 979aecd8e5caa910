// SPDX-License-Identifier: GPL-2.0
/*
 * Fatal errors inside the hypervisor: say so on the console with a fixed
 * prefix that test runners and people look for, then stop this CPU.
 */
#include <prtos-hv/arch.h>
#include <prtos-hv/console.h>
#include <prtos-lib/fmt.h>
#include <prtos-hv/percpu.h>
#include <prtos-hv/setup.h>

/**
 * panic_stop() - report a fatal hypervisor error and halt this CPU
 * @fmt: what went wrong
 */
void panic_stop(const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	prtos_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk_force("PRTOS PANIC: CPU %u: %s\n", this_cpu()->cpu_id, buf);
	arch_dump_trace(this_cpu());
	arch_cpu_halt();
}
