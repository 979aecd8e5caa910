// SPDX-License-Identifier: GPL-2.0
/*
 * A root cell that passes every check the driver can make but needs more
 * page tables than the hypervisor's pool holds: 1500 pages 2 MiB apart,
 * each wanting a table of its own. Only the hypervisor finds out, so this
 * is how the tests see its own reason travel back to the command.
 */
#define REG(i)                                                        \
	{                                                             \
		0x100000000ULL + (i)*0x200000ULL,                     \
			0x100000000ULL + (i)*0x200000ULL, 0x1000, RAM \
	}
#define REG10(i)                                                          \
	REG(i##0), REG(i##1), REG(i##2), REG(i##3), REG(i##4), REG(i##5), \
		REG(i##6), REG(i##7), REG(i##8), REG(i##9)
#define REG100(i)                                                        \
	REG10(i##0), REG10(i##1), REG10(i##2), REG10(i##3), REG10(i##4), \
		REG10(i##5), REG10(i##6), REG10(i##7), REG10(i##8),      \
		REG10(i##9)
#define NUM_ROOT_MEMORY 1501
#define ROOT_MEMORY                                                        \
	{ 0x00000000, 0x00000000, 0x3a000000, RAM }, REG100(1), REG100(2), \
		REG100(3), REG100(4), REG100(5), REG100(6), REG100(7),     \
		REG100(8), REG100(9), REG100(10), REG100(11), REG100(12),  \
		REG100(13), REG100(14), REG100(15)
#include "system.h"
