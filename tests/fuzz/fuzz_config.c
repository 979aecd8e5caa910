// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the one configuration validator (lib/config-check.c,
 * lib/channel-check.c), which the driver, the tool and the hypervisor run
 * on files a user hands them. The first byte chooses a system (even) or a
 * cell configuration (odd); the rest is the file. An accepted system is
 * kept as the system that later cell inputs' ports are checked against.
 * Any crash, sanitizer report or a reason that is not one terminated
 * sentence is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <prtos-lib/config-check.h>

static void *last_system;
static size_t last_system_size;

static void check_reason(const char *reason, int err)
{
	size_t n = strnlen(reason, 256);

	if (n == 256)
		abort(); /* not terminated */
	if (err && !n)
		abort(); /* a refusal must say why */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char reason[256];
	void *blob;
	int err;

	if (!size)
		return 0;
	/* a copy of exactly the file's length: reads past it are caught */
	blob = malloc(size - 1 ? size - 1 : 1);
	if (!blob)
		return 0;
	memcpy(blob, data + 1, size - 1);
	memset(reason, 0x55, sizeof(reason));
	reason[sizeof(reason) - 1] = '\0';
	if (!(data[0] & 1)) {
		err = prtos_check_system_config(blob, size - 1, reason,
						sizeof(reason));
		check_reason(reason, err);
		if (!err) {
			free(last_system);
			last_system = blob;
			last_system_size = size - 1;
			return 0;
		}
	} else {
		err = prtos_check_cell_config(blob, size - 1, reason,
					      sizeof(reason));
		check_reason(reason, err);
		if (!err && last_system) {
			err = prtos_check_cell_ports(last_system, blob, reason,
						     sizeof(reason));
			check_reason(reason, err);
		}
	}
	free(blob);
	return 0;
}
