/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Violations: a cell did something its configuration does not allow.
 * Architecture code describes what happened and calls cell_violation()
 * once; the policy is applied here, in one place: a cell other than the
 * root is stopped (the call does not return), the root is reported and
 * the caller contains the access (reads see all ones, writes are dropped,
 * an IPI reaches only the root's own CPUs).
 */
#ifndef _PRTOS_HV_VIOLATION_H
#define _PRTOS_HV_VIOLATION_H

#include <prtos-hv/types.h>

struct per_cpu;

enum violation_kind {
	VIOLATION_MEMORY,      /* @address: guest-physical; @size if known */
	VIOLATION_PORT,	       /* @address: port */
	VIOLATION_MSR,	       /* @address: MSR, @value: written value */
	VIOLATION_IPI,	       /* @address: target CPU, @value: ICR low */
	VIOLATION_IPI_MODE,    /* SMI, ExtINT or reserved; @value: ICR low */
	VIOLATION_IOAPIC,      /* @address: register index */
	VIOLATION_IOAPIC_DEST, /* @address: register index, @value: written */
	VIOLATION_APIC_BASE,   /* @value: written value */
	VIOLATION_UNDECODABLE, /* @address: guest-physical; see @insn */
	VIOLATION_TRIPLE_FAULT,
	VIOLATION_GUEST_STATE, /* the CPU refused the guest's state */
	VIOLATION_EXIT,	       /* @address: the vendor's exit code */
	NUM_VIOLATION_KINDS
};

/**
 * struct violation - what a cell did
 * @kind: VIOLATION_*
 * @address: what was touched (see enum violation_kind)
 * @value: the value written, where it says more
 * @size: access width in bytes, 0 if unknown
 * @write: direction
 * @insn: the instruction bytes, for an access that could not be decoded
 * @insn_len: how many of them were read
 */
struct violation {
	enum violation_kind kind;
	u64 address;
	u64 value;
	unsigned int size;
	bool write;
	const u8 *insn;
	unsigned int insn_len;
};

struct cell;

void cell_violation(struct per_cpu *cpu, const struct violation *v);
/*
 * Whether cell_violation() returns for @cell, leaving the caller to
 * contain the access, rather than stopping the cell.
 */
bool cell_contains_violations(const struct cell *cell);

/* The common case: an access of @size bytes at @address. */
static inline void cell_violation_at(struct per_cpu *cpu,
				     enum violation_kind kind, u64 address,
				     unsigned int size, bool write)
{
	struct violation v = {
		.kind = kind,
		.address = address,
		.size = size,
		.write = write,
	};

	cell_violation(cpu, &v);
}

#endif
