// SPDX-License-Identifier: GPL-2.0
/* The hypervisor's debug console on a 16550-compatible UART at an I/O port. */
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <prtos-hv/arch.h>

#define UART_THR      0
#define UART_DLL      0
#define UART_IER      1
#define UART_DLM      1
#define UART_FCR      2
#define UART_LCR      3
#define UART_MCR      4
#define UART_LSR      5
#define UART_LCR_DLAB 0x80
#define UART_LCR_8N1  0x03
#define UART_LSR_THRE 0x20
#define UART_CLOCK    115200

static u16 uart_base;

/**
 * uart_init() - program the UART for polled output
 * @port: base I/O port
 * @baud: line speed, 0 to keep the current divisor
 */
void uart_init(u16 port, u32 baud)
{
	uart_base = port;
	outb(port + UART_IER, 0);
	if (baud) {
		u16 div = UART_CLOCK / baud ?: 1;

		outb(port + UART_LCR, UART_LCR_DLAB);
		outb(port + UART_DLL, div & 0xff);
		outb(port + UART_DLM, div >> 8);
	}
	outb(port + UART_LCR, UART_LCR_8N1);
	outb(port + UART_FCR, 0x07);
	outb(port + UART_MCR, 0x03);
}

static void uart_putc(char c)
{
	unsigned int spins = 100000;

	/* a missing UART reads as 0xff, so this never waits forever */
	while (!(inb(uart_base + UART_LSR) & UART_LSR_THRE) && --spins)
		arch_cpu_relax();
	outb(uart_base + UART_THR, c);
}

/**
 * uart_write() - send text, turning "\n" into "\r\n"
 * @s: the text
 * @len: its length
 */
void uart_write(const char *s, unsigned int len)
{
	if (!uart_base)
		return;
	while (len--) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s++);
	}
}

void arch_console_init(const struct prtos_console *con)
{
	uart_init(con->address, con->baud);
}

void arch_console_write(const char *s, unsigned int len)
{
	uart_write(s, len);
}
