// SPDX-License-Identifier: GPL-2.0
/*
 * A queuing channel whose writer, the root cell, is also its reader.
 * Refused by prtos config check, prtos enable and the hypervisor with
 * "cell 'linux-root' is both the writer and a reader of channel 'loop':
 * remove it from the readers".
 */
#define NUM_CHANNELS 1
#define CHANNELS                                                      \
	{                                                             \
		.name = "loop", .kind = PRTOS_CHANNEL_QUEUING,        \
		.writer = "linux-root", .readers = { "linux-root" },  \
		.num_readers = 1, .max_message_size = 64, .depth = 4, \
	}
#include "system.h"
