// SPDX-License-Identifier: GPL-2.0
/*
 * Polled 16550 UART output. Nothing is received and no interrupt is used:
 * the cell's console is write-only and must not disturb its timing.
 */
#include <inmate/processor.h>
#include <inmate/uart.h>

#define UART_THR	 0 /* transmit holding register */
#define UART_DLL	 0 /* divisor latch, low byte (DLAB = 1) */
#define UART_IER	 1 /* interrupt enable */
#define UART_DLM	 1 /* divisor latch, high byte (DLAB = 1) */
#define UART_FCR	 2 /* FIFO control */
#define UART_LCR	 3 /* line control */
#define UART_MCR	 4 /* modem control */
#define UART_LSR	 5 /* line status */

#define LCR_8N1		 0x03
#define LCR_DLAB	 0x80
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS	 0x03
#define LSR_THRE	 0x20

/* 1.8432 MHz / 16 / 115200 */
#define DIVISOR_115200 1

/**
 * uart_init() - set a UART to 115200 baud, 8N1, FIFOs on, no interrupts
 * @port: its first I/O port
 */
void uart_init(u16 port)
{
	outb(port + UART_IER, 0);
	outb(port + UART_LCR, LCR_DLAB);
	outb(port + UART_DLL, DIVISOR_115200 & 0xff);
	outb(port + UART_DLM, DIVISOR_115200 >> 8);
	outb(port + UART_LCR, LCR_8N1);
	outb(port + UART_FCR, FCR_ENABLE_CLEAR);
	outb(port + UART_MCR, MCR_DTR_RTS);
}

static void uart_putc(u16 port, char c)
{
	/* bounded: a UART that never drains must not hang the inmate */
	unsigned int spins = 1000000;

	while (!(inb(port + UART_LSR) & LSR_THRE) && --spins)
		cpu_relax();
	outb(port + UART_THR, c);
}

/**
 * uart_write() - send bytes, each "\n" as "\r\n"
 * @port: the UART's first I/O port
 * @s: the bytes
 * @len: how many
 */
void uart_write(u16 port, const char *s, size_t len)
{
	for (; len; len--, s++) {
		if (*s == '\n')
			uart_putc(port, '\r');
		uart_putc(port, *s);
	}
}
