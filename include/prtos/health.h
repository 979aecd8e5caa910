/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The health monitor as the root reads it: the kinds of fault, what was
 * done about each, a cell's counts and the hypervisor's bounded log of
 * fault events (PRTOS_HC_HM_LOG, PRTOS_HC_CELL_HEALTH). A cell's policy is
 * in its configuration (struct prtos_health, <prtos/config.h>).
 */
#ifndef _PRTOS_HEALTH_H
#define _PRTOS_HEALTH_H

#include <prtos/types.h>
#include <prtos/config.h>

/*
 * Kinds of fault: what a cell (or the root) did that it may not do, and
 * what the event's address is for each.
 */
#define PRTOS_FAULT_MEMORY	0 /* guest-physical address */
#define PRTOS_FAULT_PORT	1 /* the I/O port */
#define PRTOS_FAULT_MSR		2 /* the MSR (value: what was written) */
#define PRTOS_FAULT_IPI		3 /* the CPU it aimed at (value: ICR low) */
#define PRTOS_FAULT_IPI_MODE	4 /* SMI, ExtINT or reserved (value: ICR) */
#define PRTOS_FAULT_IOAPIC	5 /* register of a pin it does not own */
#define PRTOS_FAULT_IOAPIC_DEST 6 /* register; the entry aims elsewhere */
#define PRTOS_FAULT_APIC_BASE	7 /* relocating or disabling its APIC */
#define PRTOS_FAULT_UNDECODABLE 8 /* guest-physical address */
#define PRTOS_FAULT_TRIPLE	9
#define PRTOS_FAULT_GUEST_STATE 10 /* the CPU refused the guest's state */
#define PRTOS_FAULT_EXIT	11 /* the vendor's exit code */
#define PRTOS_NUM_FAULT_KINDS	12

/* How every part names them (sysfs, the tool, the console). */
#define PRTOS_FAULT_NAMES                                             \
	{                                                             \
		"memory", "port", "msr", "ipi", "ipi_mode", "ioapic", \
			"ioapic_dest", "apic_base", "undecodable",    \
			"triple_fault", "guest_state", "exit"         \
	}

/* What the health monitor did about a fault. */
#define PRTOS_HM_DID_CONTAIN 0 /* the root: refused, Linux runs on */
#define PRTOS_HM_DID_STOP    1 /* the cell's CPUs parked; it is failed */
#define PRTOS_HM_DID_RESTART 2 /* the cell runs its loaded image again */
#define PRTOS_HM_NUM_DID     3
#define PRTOS_HM_DID_NAMES                     \
	{                                      \
		"contained", "stop", "restart" \
	}

/**
 * struct prtos_hm_event - one fault, as the log keeps it
 * @seq: its number since 'prtos enable', from 1
 * @time_ns: when, in ns since 'prtos enable' (the TSC)
 * @address: what was touched (see the PRTOS_FAULT_* kinds)
 * @rip: the guest's instruction pointer
 * @cell: the cell's name
 * @cell_id: the cell's id
 * @cpu: the CPU
 * @kind: PRTOS_FAULT_*
 * @action: PRTOS_HM_DID_*
 * @restarts: the cell's restarts in its current window, this one included
 * @reserved: 0
 */
struct prtos_hm_event {
	__u64 seq;
	__u64 time_ns;
	__u64 address;
	__u64 rip;
	char cell[PRTOS_CELL_NAME_LEN];
	__u32 cell_id;
	__u16 cpu;
	__u8 kind;
	__u8 action;
	__u32 restarts;
	__u32 reserved;
};

/*
 * Events the log holds; older ones are dropped (and counted). The log
 * fits one page, so that one read of sysfs hm_log is one snapshot.
 */
#define PRTOS_HM_LOG_LEN 48

/**
 * struct prtos_hm_log - the log, as PRTOS_HC_HM_LOG copies it
 * @events: events since 'prtos enable'; those before the last @num are
 *          no longer kept
 * @num: entries of @event in use, oldest first
 * @reserved: 0
 * @event: the events
 *
 * The root's reports are logged as far as they are printed (the first
 * hundred); every one is counted.
 */
struct prtos_hm_log {
	__u64 events;
	__u32 num;
	__u32 reserved;
	struct prtos_hm_event event[PRTOS_HM_LOG_LEN];
};

/**
 * struct prtos_cell_health - a cell's faults (PRTOS_HC_CELL_HEALTH)
 * @restarts: restarts since the cell was created
 * @window_restarts: restarts in the current window (what the limit counts)
 * @faults: faults per PRTOS_FAULT_* kind since the cell was created
 */
struct prtos_cell_health {
	__u32 restarts;
	__u32 window_restarts;
	__u64 faults[PRTOS_NUM_FAULT_KINDS];
};

#endif
