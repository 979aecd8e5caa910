// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the MADT and MCFG parsers of 'prtos config create'
 * (tools/acpi.c), which read tables the firmware wrote. Bit 0 of the first
 * byte chooses the MADT (0) or the MCFG (1); with bit 1 set the checksum
 * is made right first, so that inputs reach the entries. The rest is the
 * table. Any crash, sanitizer report, a reason that is not one terminated
 * sentence, or an accepted table whose contents break the parser's own
 * limits is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acpi.h"

static struct acpi_madt madt;
static struct acpi_mcfg mcfg;

static void check_reason(const char *reason, int err)
{
	size_t n = strnlen(reason, ACPI_REASON_SIZE);

	if (n == ACPI_REASON_SIZE)
		abort(); /* not terminated */
	if (err && !n)
		abort(); /* a refusal must say why */
}

static void fix_checksum(uint8_t *t, size_t size)
{
	uint8_t sum = 0;
	size_t i;

	if (size < 10)
		return;
	t[9] = 0;
	for (i = 0; i < size; i++)
		sum += t[i];
	t[9] = -sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char reason[ACPI_REASON_SIZE];
	unsigned int i;
	uint8_t *t;
	int err;

	if (!size)
		return 0;
	/* a copy of exactly the table's length: reads past it are caught */
	t = malloc(size - 1 ? size - 1 : 1);
	if (!t)
		return 0;
	memcpy(t, data + 1, size - 1);
	if (data[0] & 2)
		fix_checksum(t, size - 1);
	memset(reason, 0x55, sizeof(reason));
	reason[sizeof(reason) - 1] = '\0';
	if (!(data[0] & 1)) {
		err = acpi_parse_madt(t, size - 1, &madt, reason,
				      sizeof(reason));
		check_reason(reason, err);
		if (!err && (madt.num_cpus > ACPI_MAX_CPUS ||
			     madt.num_ioapics > ACPI_MAX_IOAPICS))
			abort();
		for (i = 0; !err && i < madt.num_cpus; i++)
			if (i && madt.cpus[i].apic_id == madt.cpus[0].apic_id)
				abort(); /* counted twice */
	} else {
		err = acpi_parse_mcfg(t, size - 1, &mcfg, reason,
				      sizeof(reason));
		check_reason(reason, err);
		for (i = 0; !err && i < mcfg.num_windows; i++)
			if (mcfg.windows[i].end_bus < mcfg.windows[i].start_bus)
				abort();
	}
	free(t);
	return 0;
}
