// SPDX-License-Identifier: GPL-2.0
/* The root cell's RAM reaches into the hypervisor memory. */
#define NUM_ROOT_MEMORY 1
#define ROOT_MEMORY                                     \
	{                                               \
		0x00000000, 0x00000000, 0x3a200000, RAM \
	}
#include "system.h"
