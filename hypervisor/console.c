// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor console: every message goes to the ring that the root
 * reads with 'prtos console' and, once configured, to the debug UART.
 */
#include <prtos-hv/arch.h>
#include <prtos-hv/console.h>
#include <prtos-lib/console-ring.h>
#include <prtos-lib/fmt.h>
#include <prtos-hv/spinlock.h>

struct prtos_console_ring console_ring;

static spinlock_t console_lock;
static bool uart_ready;

/**
 * console_init() - start printing to the configured UART as well
 * @con: the system config's debug console
 */
void console_init(const struct prtos_console *con)
{
	if (con->type == PRTOS_CONSOLE_NONE)
		return;
	arch_console_init(con);
	uart_ready = true;
}

static void emit(const char *s, unsigned int len)
{
	console_ring_write(&console_ring, s, len);
	if (uart_ready)
		arch_console_write(s, len);
}

static void vprintk(bool force, const char *fmt, va_list ap)
{
	char buf[256];
	int len = prtos_vsnprintf(buf, sizeof(buf), fmt, ap);
	bool locked = true;
	unsigned long spins = 0;

	if (len >= (int)sizeof(buf))
		len = sizeof(buf) - 1;
	if (force) {
		/* a dead CPU may hold the lock: wait a little, then go on */
		while (!(locked = spin_trylock(&console_lock)) &&
		       ++spins < 10000000)
			arch_cpu_relax();
	} else {
		spin_lock(&console_lock);
	}
	emit(buf, len);
	if (locked)
		spin_unlock(&console_lock);
}

/**
 * printk() - print a message on the hypervisor console
 * @fmt: format, see prtos-lib/fmt.h
 */
void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(false, fmt, ap);
	va_end(ap);
}

/**
 * printk_force() - print even if the console lock cannot be had
 * @fmt: format
 */
void printk_force(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(true, fmt, ap);
	va_end(ap);
}

/**
 * console_putc() - print one character for a cell's debug output
 * @c: the character
 */
void console_putc(char c)
{
	spin_lock(&console_lock);
	emit(&c, 1);
	spin_unlock(&console_lock);
}
