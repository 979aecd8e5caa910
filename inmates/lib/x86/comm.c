// SPDX-License-Identifier: GPL-2.0
/*
 * The comm region. It is recognised by its signature and revision alone:
 * on bare metal the address is unbacked and reads as all ones (or zeros),
 * and a region of another layout must not be trusted either.
 */
#include <prtos/config.h>
#include <inmate/comm.h>
#include <inmate/compiler.h>
#include <inmate/string.h>

static struct prtos_comm_region *const region =
	(struct prtos_comm_region *)PRTOS_COMM_REGION_GPA;
static bool present;

/**
 * comm_init() - look for the comm region
 */
void comm_init(void)
{
	present = !memcmp(region->signature, PRTOS_COMM_SIGNATURE,
			  sizeof(region->signature)) &&
		  region->revision == PRTOS_CONFIG_REVISION;
}

/**
 * comm_present() - whether the inmate runs in a PRTOS cell
 *
 * Return: true if a valid comm region was found.
 */
bool comm_present(void)
{
	return present;
}

/**
 * comm_tsc_khz() - the TSC frequency the root measured
 *
 * Return: kHz, 0 if unknown or there is no comm region.
 */
u32 comm_tsc_khz(void)
{
	u64 khz = present ? region->tsc_khz : 0;

	return khz > 0xffffffffULL ? 0 : (u32)khz;
}

/**
 * comm_apic_khz() - the local APIC timer's input frequency
 *
 * Return: kHz, 0 if unknown or there is no comm region.
 */
u32 comm_apic_khz(void)
{
	u64 khz = present ? region->apic_khz : 0;

	return khz > 0xffffffffULL ? 0 : (u32)khz;
}

/**
 * comm_console_port() - the cell's UART from its configuration
 *
 * Return: the I/O port, 0 if none or there is no comm region.
 */
u16 comm_console_port(void)
{
	return present && region->console_port <= 0xfff8
		       ? (u16)region->console_port
		       : 0;
}

/**
 * comm_num_cpus() - how many CPUs the cell has
 *
 * Return: the count from the comm region (at most PRTOS_MAX_CPUS), 0 if
 * there is none.
 */
unsigned int comm_num_cpus(void)
{
	if (!present)
		return 0;
	return region->num_cpus < PRTOS_MAX_CPUS ? region->num_cpus
						 : PRTOS_MAX_CPUS;
}

/**
 * comm_cpu_apic_id() - APIC id of one of the cell's CPUs
 * @n: 0 for the boot CPU, up to comm_num_cpus() - 1
 *
 * Return: the APIC id, or ~0 if @n is out of range.
 */
u32 comm_cpu_apic_id(unsigned int n)
{
	return n < comm_num_cpus() ? region->cpu_apic_ids[n] : ~0U;
}

/**
 * comm_shutdown_requested() - whether an unanswered shutdown request waits
 *
 * The hypervisor clears the request once it has read the reply, so a
 * request counts as new while no final reply has been given (none, or
 * "later").
 *
 * Return: true if the cell should answer with comm_reply().
 */
bool comm_shutdown_requested(void)
{
	u32 reply;

	if (!present || region->msg_to_cell != PRTOS_MSG_SHUTDOWN_REQUEST)
		return false;
	reply = region->reply_from_cell;
	return reply == PRTOS_REPLY_NONE || reply == PRTOS_REPLY_LATER;
}

/**
 * comm_reply_later() - answer the pending request with "not now"
 *
 * For a critical phase: the root keeps waiting (up to its timeout), the
 * request stays pending, and the cell answers with comm_reply() at its
 * next safe point. Calling it again for the same request changes nothing.
 *
 * Return: true if this call gave the answer, false if the request had
 * already been answered "later" (or there is no comm region).
 */
bool comm_reply_later(void)
{
	if (!present || region->reply_from_cell == PRTOS_REPLY_LATER)
		return false;
	barrier();
	region->reply_from_cell = PRTOS_REPLY_LATER;
	return true;
}

/**
 * comm_reply() - answer the pending request
 * @approved: true to agree to the shutdown, false to refuse it
 *
 * After approving, the inmate should halt: the hypervisor stops its CPUs
 * when the root next asks.
 */
void comm_reply(bool approved)
{
	if (!present)
		return;
	barrier();
	region->reply_from_cell = approved ? PRTOS_REPLY_APPROVED
					   : PRTOS_REPLY_DENIED;
}
