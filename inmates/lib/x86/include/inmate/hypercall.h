/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypercalls from a cell: VMMCALL with the code in RAX and the arguments
 * in RDI and RSI; the result comes back in RAX. Outside PRTOS VMMCALL
 * raises #UD, so an inmate calls these only where the comm region says it
 * runs in a cell.
 */
#ifndef _INMATE_HYPERCALL_H
#define _INMATE_HYPERCALL_H

#include <prtos/hypercall.h>
#include <inmate/types.h>

static inline long hypercall2(unsigned long code, unsigned long arg0,
			      unsigned long arg1)
{
	return prtos_hypercall(0, code, arg0, arg1);
}

static inline long hypercall1(unsigned long code, unsigned long arg0)
{
	return hypercall2(code, arg0, 0);
}

/* Needs PRTOS_CELL_DEBUG_CONSOLE in the cell's configuration. */
static inline void hypercall_putc(char c)
{
	hypercall1(PRTOS_HC_DEBUG_CONSOLE_PUTC, (unsigned char)c);
}

#endif
