/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Violations: a cell did something its configuration does not allow.
 * Architecture code describes what happened and calls cell_violation()
 * once; the policy is applied here, in one place: a cell other than the
 * root is stopped or restarted, as its health-monitor policy says (the
 * call does not return), the root is reported and
 * the caller contains the access (reads see all ones, writes are dropped,
 * an IPI reaches only the root's own CPUs).
 */
#ifndef _PRTOS_HV_VIOLATION_H
#define _PRTOS_HV_VIOLATION_H

#include <prtos-hv/types.h>
#include <prtos/health.h>

struct per_cpu;

/*
 * The kinds are the health monitor's fault kinds: what @address and
 * @value of struct violation mean for each is said in <prtos/health.h>.
 */
enum violation_kind {
	VIOLATION_MEMORY = PRTOS_FAULT_MEMORY,
	VIOLATION_PORT = PRTOS_FAULT_PORT,
	VIOLATION_MSR = PRTOS_FAULT_MSR,
	VIOLATION_IPI = PRTOS_FAULT_IPI,
	VIOLATION_IPI_MODE = PRTOS_FAULT_IPI_MODE,
	VIOLATION_IOAPIC = PRTOS_FAULT_IOAPIC,
	VIOLATION_IOAPIC_DEST = PRTOS_FAULT_IOAPIC_DEST,
	VIOLATION_APIC_BASE = PRTOS_FAULT_APIC_BASE,
	VIOLATION_UNDECODABLE = PRTOS_FAULT_UNDECODABLE,
	VIOLATION_TRIPLE_FAULT = PRTOS_FAULT_TRIPLE,
	VIOLATION_GUEST_STATE = PRTOS_FAULT_GUEST_STATE,
	VIOLATION_EXIT = PRTOS_FAULT_EXIT,
	NUM_VIOLATION_KINDS = PRTOS_NUM_FAULT_KINDS
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
