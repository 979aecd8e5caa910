// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of the ACPI MADT and MCFG as Linux exposes them in
 * /sys/firmware/acpi/tables/. A table is checked as a whole first (its
 * header, that its length field matches the file, its checksum), then
 * entry by entry, each length before its fields. Layouts are those of the
 * ACPI specification (6.5, sections 5.2.6 and 5.2.12) and of the PCI
 * Firmware Specification (3.3, section 4.1.2).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "acpi.h"

/* Every ACPI table begins with this header. */
#define HDR_SIGNATURE 0
#define HDR_LENGTH    4
#define HDR_SIZE      36

/* MADT: local APIC address, flags, then its entries. */
#define MADT_APIC_ADDRESS	 36
#define MADT_ENTRIES		 44

#define MADT_LOCAL_APIC		 0
#define MADT_IOAPIC		 1
#define MADT_LOCAL_APIC_OVERRIDE 5
#define MADT_LOCAL_X2APIC	 9

/* Processor entries: the CPU is there and usable. */
#define MADT_CPU_ENABLED 0x1

/* MCFG: 8 reserved bytes, then 16-byte allocation entries. */
#define MCFG_ENTRIES	44
#define MCFG_ENTRY_SIZE 16

static int fail(char *reason, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *reason, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* Little-endian fields at @off; the caller has checked they are there. */
static uint16_t get16(const uint8_t *p, size_t off)
{
	return p[off] | (uint16_t)p[off + 1] << 8;
}

static uint32_t get32(const uint8_t *p, size_t off)
{
	return get16(p, off) | (uint32_t)get16(p, off + 2) << 16;
}

static uint64_t get64(const uint8_t *p, size_t off)
{
	return get32(p, off) | (uint64_t)get32(p, off + 4) << 32;
}

/* A signature as text, unprintable bytes as '?'. */
static void signature_text(const uint8_t *p, char out[5])
{
	int i;

	for (i = 0; i < 4; i++)
		out[i] = p[i] >= ' ' && p[i] <= '~' ? (char)p[i] : '?';
	out[4] = '\0';
}

/*
 * The checks every table gets: long enough for the header and for
 * @min_size, the expected signature, a length field equal to the file's
 * size, and bytes that sum to zero.
 */
static int check_table(const uint8_t *p, size_t size, const char *sig,
		       size_t min_size, char *reason, size_t len)
{
	uint32_t length;
	uint8_t sum = 0;
	char found[5];
	size_t i;

	if (size < HDR_SIZE)
		return fail(reason, len,
			    "truncated: %zu bytes is shorter than the %d-byte ACPI table header",
			    size, HDR_SIZE);
	if (memcmp(p + HDR_SIGNATURE, sig, 4)) {
		signature_text(p + HDR_SIGNATURE, found);
		return fail(reason, len,
			    "signature is '%s', not '%s': this is not the %s table",
			    found, sig, sig);
	}
	length = get32(p, HDR_LENGTH);
	if (length < min_size)
		return fail(reason, len,
			    "length field %u is shorter than the %zu bytes any %s table has",
			    length, min_size, sig);
	if (length > size)
		return fail(reason, len,
			    "truncated: the header says %u bytes but there are only %zu",
			    length, size);
	if (length < size)
		return fail(reason, len,
			    "the header says %u bytes but there are %zu: not a single table",
			    length, size);
	for (i = 0; i < length; i++)
		sum += p[i];
	if (sum)
		return fail(reason, len,
			    "bad checksum: the bytes sum to 0x%02x instead of 0, the table is corrupt",
			    sum);
	return 0;
}

/* The least length of each MADT entry type this parser reads. */
static size_t madt_entry_min(uint8_t type)
{
	switch (type) {
	case MADT_LOCAL_APIC:
		return 8;
	case MADT_IOAPIC:
		return 12;
	case MADT_LOCAL_APIC_OVERRIDE:
		return 12;
	case MADT_LOCAL_X2APIC:
		return 16;
	}
	return 2;
}

static bool has_cpu(const struct acpi_madt *madt, uint32_t apic_id)
{
	unsigned int i;

	for (i = 0; i < madt->num_cpus; i++)
		if (madt->cpus[i].apic_id == apic_id)
			return true;
	return false;
}

/*
 * An enabled processor; one listed twice (an xAPIC and an x2APIC entry
 * for the same id) counts once, as Linux counts it.
 */
static int add_cpu(struct acpi_madt *madt, uint32_t apic_id, uint32_t uid,
		   uint32_t flags, char *reason, size_t len)
{
	if (!(flags & MADT_CPU_ENABLED)) {
		madt->disabled_cpus++;
		return 0;
	}
	if (has_cpu(madt, apic_id))
		return 0;
	if (madt->num_cpus == ACPI_MAX_CPUS)
		return fail(reason, len,
			    "more than %d enabled processors: not a machine this tool can describe",
			    ACPI_MAX_CPUS);
	madt->cpus[madt->num_cpus].apic_id = apic_id;
	madt->cpus[madt->num_cpus].uid = uid;
	madt->num_cpus++;
	return 0;
}

static int add_ioapic(struct acpi_madt *madt, const uint8_t *e, char *reason,
		      size_t len)
{
	struct acpi_ioapic *io;

	if (madt->num_ioapics == ACPI_MAX_IOAPICS)
		return fail(reason, len, "more than %d IOAPICs",
			    ACPI_MAX_IOAPICS);
	io = &madt->ioapics[madt->num_ioapics++];
	io->id = e[2];
	io->address = get32(e, 4);
	io->gsi_base = get32(e, 8);
	return 0;
}

/**
 * acpi_parse_madt() - read CPUs, IOAPICs and the APIC address from a MADT
 * @table: the table's bytes (e.g. /sys/firmware/acpi/tables/APIC)
 * @size: their number; nothing beyond is read
 * @madt: out: what it lists
 * @reason: out: on failure, why, as one sentence
 * @len: size of @reason
 *
 * Return: 0, or -1 when the table is malformed.
 */
int acpi_parse_madt(const void *table, size_t size, struct acpi_madt *madt,
		    char *reason, size_t len)
{
	const uint8_t *p = table;
	size_t off, length, elen;
	uint8_t type;
	int err = 0;

	memset(madt, 0, sizeof(*madt));
	if (check_table(p, size, "APIC", MADT_ENTRIES, reason, len))
		return -1;
	length = get32(p, HDR_LENGTH);
	madt->apic_base = get32(p, MADT_APIC_ADDRESS);
	for (off = MADT_ENTRIES; off < length && !err; off += elen) {
		if (length - off < 2)
			return fail(reason, len,
				    "the entry at offset %zu is cut off by the end of the table",
				    off);
		type = p[off];
		elen = p[off + 1];
		if (elen < madt_entry_min(type))
			return fail(reason, len,
				    "the entry at offset %zu (type %u) has length %zu, less than the %zu bytes of its kind",
				    off, type, elen, madt_entry_min(type));
		if (elen > length - off)
			return fail(reason, len,
				    "the entry at offset %zu (type %u, %zu bytes) runs past the end of the table (%zu bytes)",
				    off, type, elen, length);
		switch (type) {
		case MADT_LOCAL_APIC:
			err = add_cpu(madt, p[off + 3], p[off + 2],
				      get32(p, off + 4), reason, len);
			break;
		case MADT_IOAPIC:
			err = add_ioapic(madt, p + off, reason, len);
			break;
		case MADT_LOCAL_APIC_OVERRIDE:
			madt->apic_base = get64(p, off + 4);
			break;
		case MADT_LOCAL_X2APIC:
			err = add_cpu(madt, get32(p, off + 4),
				      get32(p, off + 12), get32(p, off + 8),
				      reason, len);
			break;
		}
	}
	return err;
}

/**
 * acpi_parse_mcfg() - read the ECAM windows of an MCFG
 * @table: the table's bytes (e.g. /sys/firmware/acpi/tables/MCFG)
 * @size: their number; nothing beyond is read
 * @mcfg: out: its windows
 * @reason: out: on failure, why, as one sentence
 * @len: size of @reason
 *
 * Return: 0, or -1 when the table is malformed.
 */
int acpi_parse_mcfg(const void *table, size_t size, struct acpi_mcfg *mcfg,
		    char *reason, size_t len)
{
	const uint8_t *p = table;
	size_t off, length;
	struct acpi_mmconfig *w;

	memset(mcfg, 0, sizeof(*mcfg));
	if (check_table(p, size, "MCFG", MCFG_ENTRIES, reason, len))
		return -1;
	length = get32(p, HDR_LENGTH);
	if ((length - MCFG_ENTRIES) % MCFG_ENTRY_SIZE)
		return fail(reason, len,
			    "%zu bytes of entries is not a whole number of %d-byte entries",
			    length - MCFG_ENTRIES, MCFG_ENTRY_SIZE);
	for (off = MCFG_ENTRIES; off < length; off += MCFG_ENTRY_SIZE) {
		if (mcfg->num_windows == ACPI_MAX_MMCONFIG)
			return fail(reason, len, "more than %d ECAM windows",
				    ACPI_MAX_MMCONFIG);
		w = &mcfg->windows[mcfg->num_windows++];
		w->base = get64(p, off);
		w->segment = get16(p, off + 8);
		w->start_bus = p[off + 10];
		w->end_bus = p[off + 11];
		if (w->end_bus < w->start_bus)
			return fail(reason, len,
				    "ECAM window %u (segment %u) ends at bus %u, before its first bus %u",
				    mcfg->num_windows - 1, w->segment,
				    w->end_bus, w->start_bus);
	}
	return 0;
}
