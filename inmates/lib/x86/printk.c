// SPDX-License-Identifier: GPL-2.0
/*
 * printk(): the cell's console. The UART is, in this order, the one named
 * by "console=<port>" on the command line, the one the comm region names
 * (the cell configuration's console_port), or COM3 (0x3e8). Each call
 * prints its whole text under a lock, so lines from several CPUs do not
 * interleave.
 */
#include <inmate/cmdline.h>
#include <inmate/comm.h>
#include <inmate/printk.h>
#include <inmate/smp.h>
#include <inmate/uart.h>

#define DEFAULT_CONSOLE_PORT	0x3e8

static u16 port;
/* CPU id + 1 of the lock holder, 0 when free */
static u32 lock_owner;

/**
 * console_init() - choose the console UART and set it up
 */
void console_init(void)
{
	long long p = cmdline_parse_int("console", 0);

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
 * Return: the port, 0 before console_init().
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

	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (!port)
		return 0;
	lock();
	uart_write(port, buf, n);
	unlock();
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
