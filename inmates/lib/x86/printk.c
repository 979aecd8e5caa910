// SPDX-License-Identifier: GPL-2.0
/*
 * printk(): the cell's console. The UART is, in this order, the one named
 * by "console=<port>" on the command line, the one the comm region names
 * (the cell configuration's console_port), or COM3 (0x3e8). In a cell
 * whose configuration has PRTOS_CELL_DEBUG_CONSOLE, "console=hv" prints
 * through the hypervisor's console instead, one hypercall per byte. Each call
 * prints its whole text under a lock, so lines from several CPUs do not
 * interleave, and with interrupts off, so that a handler that prints
 * cannot wait for a lock its own CPU holds.
 */
#include <inmate/cmdline.h>
#include <inmate/comm.h>
#include <inmate/compiler.h>
#include <inmate/hypercall.h>
#include <inmate/irqflags.h>
#include <inmate/percpu.h>
#include <inmate/printk.h>
#include <inmate/processor.h>
#include <inmate/string.h>
#include <inmate/uart.h>

#define DEFAULT_CONSOLE_PORT 0x3e8

static u16 port;
static bool via_hypervisor;
/* CPU id + 1 of the lock holder, 0 when free */
static u32 lock_owner;

/**
 * console_init() - choose the console UART and set it up
 */
void console_init(void)
{
	long long p = cmdline_parse_int("console", 0);
	char name[4];

	if (comm_present() &&
	    cmdline_parse_str("console", name, sizeof(name)) &&
	    !strcmp(name, "hv")) {
		via_hypervisor = true;
		return;
	}
	if (p <= 0 || p > 0xfff8)
		p = comm_console_port();
	if (!p)
		p = DEFAULT_CONSOLE_PORT;
	port = (u16)p;
	uart_init(port);
}

/**
 * console_port() - the console's I/O port
 *
 * Return: the port, 0 before console_init() or with "console=hv".
 */
u16 console_port(void)
{
	return port;
}

static void lock(void)
{
	u32 me = smp_cpu_id() + 1, free;

	for (;;) {
		free = 0;
		if (__atomic_compare_exchange_n(&lock_owner, &free, me, false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return;
		cpu_relax();
	}
}

static void unlock(void)
{
	__atomic_store_n(&lock_owner, 0, __ATOMIC_RELEASE);
}

/**
 * console_unlock_after_crash() - free the console if this CPU holds it
 *
 * A crash report may interrupt a printk() of the same CPU, which would
 * otherwise wait for its own lock forever.
 */
void console_unlock_after_crash(void)
{
	if (READ_ONCE(lock_owner) == smp_cpu_id() + 1)
		unlock();
}

static void hypervisor_write(const char *s, int len)
{
	while (len--)
		hypercall_putc(*s++);
}

/**
 * vprintk() - print formatted text on the console
 * @fmt: the format, see printk.h
 * @ap: its arguments
 *
 * Text beyond PRINTK_LINE - 1 bytes is cut.
 *
 * Return: the number of bytes printed.
 */
int vprintk(const char *fmt, va_list ap)
{
	char buf[PRINTK_LINE];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	unsigned long flags;

	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (!port && !via_hypervisor)
		return 0;
	flags = irq_save();
	lock();
	if (via_hypervisor)
		hypervisor_write(buf, n);
	else
		uart_write(port, buf, n);
	unlock();
	irq_restore(flags);
	return n;
}

/**
 * printk() - print formatted text on the console
 * @fmt: the format, see printk.h
 *
 * Return: the number of bytes printed.
 */
int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
