/* SPDX-License-Identifier: GPL-2.0 */
/* A 16550-compatible UART on I/O ports, polled, 115200 8N1. */
#ifndef _INMATE_UART_H
#define _INMATE_UART_H

#include <inmate/types.h>

void uart_init(u16 port);
void uart_write(u16 port, const char *s, size_t len);

#endif
