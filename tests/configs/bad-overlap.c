// SPDX-License-Identifier: GPL-2.0
/* Two root memory regions overlap. */
#define NUM_ROOT_MEMORY 2
#define ROOT_MEMORY                                     \
	{ 0x00000000, 0x00000000, 0x3a000000, RAM },    \
	{                                               \
		0x39000000, 0x39000000, 0x00200000, RAM \
	}
#include "system.h"
