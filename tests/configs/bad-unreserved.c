// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor memory is ordinary RAM that Linux uses, not the range
 * reserved with memmap=. Offline checks cannot know; the driver must.
 */
#define HV_START	0x20000000
#define NUM_ROOT_MEMORY 2
#define ROOT_MEMORY                                     \
	{ 0x00000000, 0x00000000, 0x20000000, RAM },    \
	{                                               \
		0x20600000, 0x20600000, 0x1fa00000, RAM \
	}
#include "system.h"
