// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell has a reader port on a channel the system configuration
 * does not declare (it declares none). Refused by prtos config check,
 * prtos enable and the hypervisor with "port 0 names channel 'missing',
 * which the system configuration does not declare: declare it there or
 * correct the name".
 */
#define NUM_ROOT_PORTS 1
#define ROOT_PORTS                                                        \
	{                                                                 \
		.channel = "missing", .end = PRTOS_PORT_READER,           \
		.vector = PRTOS_PORT_NO_DOORBELL, .address = 0x200000000, \
	}
#include "system.h"
