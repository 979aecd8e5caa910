/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cells as the root and the cells themselves see them: life-cycle states,
 * the communication region, and where an inmate finds things in its
 * guest-physical memory.
 */
#ifndef _PRTOS_CELL_H
#define _PRTOS_CELL_H

#include <prtos/types.h>

/* Life cycle: created -> loadable <-> running -> shut down / failed. */
#define PRTOS_CELL_CREATED    0
#define PRTOS_CELL_LOADABLE   1
#define PRTOS_CELL_RUNNING    2
#define PRTOS_CELL_SHUT_DOWN  3
#define PRTOS_CELL_FAILED     4
#define PRTOS_NUM_CELL_STATES 5

#ifndef __ASSEMBLY__
/* How every part names a state (sysfs, the tool, the console). */
static inline const char *prtos_cell_state_name(__u32 state)
{
	static const char *const names[PRTOS_NUM_CELL_STATES] = {
		"created", "loadable", "running", "shut down", "failed",
	};

	return state < PRTOS_NUM_CELL_STATES ? names[state] : "unknown";
}
#endif

/*
 * Guest-physical layout of an inmate (a cell's memory starts at 0):
 * a cell CPU starts in real mode at 0xffff0 (CS 0xf000, IP 0xfff0), so the
 * image is loaded at 0xf0000 by default, with its reset stub at the end of
 * its first 64 KiB; a parameter string goes to 0x1000 and the tool's
 * flattened device tree describing the cell to 0x2000 (Documentation/
 * channels.md, "Cells describe themselves").
 */
#define PRTOS_INMATE_IMAGE_GPA	  0xf0000
#define PRTOS_INMATE_CMDLINE_GPA  0x1000
#define PRTOS_INMATE_CMDLINE_SIZE 4096
#define PRTOS_INMATE_FDT_GPA	  0x2000
#define PRTOS_INMATE_FDT_SIZE	  0xe000
#define PRTOS_COMM_REGION_GPA	  0x80000000ULL

#define PRTOS_COMM_SIGNATURE	  "PRTOSCOM"

/* Messages from the root (through the hypervisor) to the cell. */
#define PRTOS_MSG_NONE		   0
#define PRTOS_MSG_SHUTDOWN_REQUEST 1

/* The cell's replies. */
#define PRTOS_REPLY_NONE     0
#define PRTOS_REPLY_APPROVED 1
#define PRTOS_REPLY_DENIED   2
/* Not now (a critical phase): the cell accepts at its next safe point. */
#define PRTOS_REPLY_LATER 3

/**
 * struct prtos_comm_port - one of the cell's ports, as the hypervisor set
 * it up (the comm region lists them in the cell configuration's order)
 * @channel: the channel's name
 * @address: guest-physical address of the channel (its header page)
 * @size: bytes of the channel
 * @end: PRTOS_PORT_WRITER or PRTOS_PORT_READER
 * @reader: for a reader, its index among the channel's readers
 * @vector: doorbell vector, PRTOS_PORT_NO_DOORBELL if the cell polls
 * @reserved: 0
 */
struct prtos_comm_port {
	char channel[32];
	__u64 address;
	__u32 size;
	__u16 end;
	__u16 reader;
	__u32 vector;
	__u32 reserved;
};

#define PRTOS_COMM_MAX_PORTS 8

/**
 * struct prtos_comm_region - the page shared by a cell and the hypervisor
 * @signature: PRTOS_COMM_SIGNATURE
 * @revision: PRTOS_CONFIG_REVISION
 * @msg_to_cell: PRTOS_MSG_*, set by the hypervisor
 * @reply_from_cell: PRTOS_REPLY_*, set by the cell to answer a message
 * @cell_id: the cell's id
 * @num_cpus: CPUs of the cell
 * @tsc_khz: TSC frequency as Linux measured it, 0 if unknown
 * @apic_khz: local APIC timer input frequency, 0 if unknown
 * @console_port: the cell's UART (from its configuration), 0 if none
 * @flags: the cell's configuration flags
 * @cpu_apic_ids: APIC ids of the cell's CPUs, boot CPU first
 * @num_ports: entries of @ports in use
 * @ports: the cell's ends of channels; port n is the n-th port of the cell
 *         configuration and the argument of the doorbell hypercall
 */
struct prtos_comm_region {
	char signature[8];
	__u32 revision;
	volatile __u32 msg_to_cell;
	volatile __u32 reply_from_cell;
	__u32 cell_id;
	__u32 num_cpus;
	__u32 console_port;
	__u64 tsc_khz;
	__u64 apic_khz;
	__u32 flags;
	__u32 reserved;
	__u32 cpu_apic_ids[64];
	__u32 num_ports;
	__u32 reserved2;
	struct prtos_comm_port ports[PRTOS_COMM_MAX_PORTS];
};

#endif
