/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory layout of a channel, as every end sees it (layout version 1).
 *
 * A channel is a run of pages from the hypervisor's memory, mapped at each
 * end's port address. It is made of page-aligned sections, and every
 * section has exactly one writer, which nested paging enforces: each party
 * gets its own section writable and every other section read-only.
 *
 *   page 0            header: geometry and doorbell bookkeeping, written
 *                     by the hypervisor only
 *   writer section    struct prtos_channel_writer, then the message data:
 *                     sampling: one message of max_message_size bytes;
 *                     queuing: depth slots of slot_size bytes each
 *   reader sections   one page per reader: struct prtos_channel_reader
 *
 * Sampling (one writer, 1..4 readers): a sequence lock. The writer makes
 * seq odd, writes length, timestamp and data, then makes seq even again; a
 * reader copies and retries while seq was odd or changed, so it never
 * returns a torn message.
 *
 * Queuing (one writer, one reader): a single-producer single-consumer ring.
 * head (writer) and tail (reader) count messages since the channel was
 * made; head - tail are queued. Sending into a full queue fails and counts
 * an overflow; the reader reports overflows it has not reported yet as
 * lost messages.
 *
 * Doorbells: an end that wants an interrupt increments arm in its own
 * section. A peer's ring hypercall delivers the end's vector once per
 * increment (the hypervisor records the last arm it served in the header),
 * and only to an end that is a running cell with a vector configured.
 *
 * Every value an end reads from a section it does not own may be hostile:
 * readers clamp each index and length to the geometry in the header, which
 * no cell can write.
 */
#ifndef _PRTOS_CHANNEL_H
#define _PRTOS_CHANNEL_H

#include <prtos/types.h>
#include <prtos/config.h>

#define PRTOS_CHANNEL_MAGIC   0x4c4e4e4148435250ULL /* "PRCHANNL" */
#define PRTOS_CHANNEL_VERSION 1
#define PRTOS_CHANNEL_PAGE    4096

/* Limits every reader of a configuration enforces. */
#define PRTOS_CHANNEL_MAX_MESSAGE (64 * 1024)
#define PRTOS_CHANNEL_MAX_DEPTH	  1024
#define PRTOS_CHANNEL_MAX_PAGES	  512 /* 2 MiB per channel */
#define PRTOS_MAX_CHANNELS	  32
#define PRTOS_MAX_PORTS		  8 /* per cell */

/* Ends, as indices into the header's per-end arrays. */
#define PRTOS_CHANNEL_END_WRITER    0
#define PRTOS_CHANNEL_END_READER(n) (1 + (n))
#define PRTOS_CHANNEL_NUM_ENDS	    (1 + PRTOS_CHANNEL_MAX_READERS)

/**
 * struct prtos_channel_header - page 0, written by the hypervisor only
 * @magic: PRTOS_CHANNEL_MAGIC
 * @version: PRTOS_CHANNEL_VERSION
 * @kind: PRTOS_CHANNEL_SAMPLING or PRTOS_CHANNEL_QUEUING
 * @name: the channel's name
 * @max_message_size: largest message in bytes
 * @depth: queuing: slots; sampling: 1
 * @num_readers: readers of the channel
 * @slot_size: bytes per queuing slot (struct prtos_channel_slot + data,
 *             rounded up to 8); sampling: 0
 * @refresh_ns: sampling: age after which a message is invalid, 0 = never
 * @tsc_khz: frequency of the TSC that timestamps count, 0 if unknown
 * @writer_offset: byte offset of the writer section (page aligned)
 * @writer_size: its size in bytes (whole pages)
 * @reader_offset: byte offset of each reader's section (page aligned)
 * @size: bytes of the whole channel (whole pages)
 * @attached: bit per end (PRTOS_CHANNEL_END_*): a cell holding it exists
 * @served: per end, the last arm value a doorbell was delivered for
 * @rings: per end, doorbells this end rang (hypercalls)
 * @delivered: per end, doorbells delivered to this end
 */
struct prtos_channel_header {
	__u64 magic;
	__u32 version;
	__u32 kind;
	char name[PRTOS_CHANNEL_NAME_LEN];
	__u32 max_message_size;
	__u32 depth;
	__u32 num_readers;
	__u32 slot_size;
	__u64 refresh_ns;
	__u64 tsc_khz;
	__u32 writer_offset;
	__u32 writer_size;
	__u32 reader_offset[PRTOS_CHANNEL_MAX_READERS];
	__u32 size;
	volatile __u32 attached;
	volatile __u32 served[PRTOS_CHANNEL_NUM_ENDS];
	volatile __u64 rings[PRTOS_CHANNEL_NUM_ENDS];
	volatile __u64 delivered[PRTOS_CHANNEL_NUM_ENDS];
};

/**
 * struct prtos_channel_writer - start of the writer's section (64 bytes)
 * @seq: sampling: even when the message is complete, odd while written
 * @head: queuing: messages sent since the channel was made
 * @length: sampling: bytes of the current message
 * @arm: the writer's doorbell arming count
 * @timestamp: sampling: TSC when the current message was written
 * @messages: messages written (sampling) or sent (queuing)
 * @overflows: queuing: sends refused because the queue was full
 */
struct prtos_channel_writer {
	volatile __u32 seq;
	volatile __u32 head;
	volatile __u32 length;
	volatile __u32 arm;
	volatile __u64 timestamp;
	volatile __u64 messages;
	volatile __u64 overflows;
	__u8 reserved[24];
};

/**
 * struct prtos_channel_slot - one queued message; its data follows
 * @length: bytes of data
 * @reserved: 0
 * @timestamp: TSC when it was sent
 */
struct prtos_channel_slot {
	__u32 length;
	__u32 reserved;
	__u64 timestamp;
};

/**
 * struct prtos_channel_reader - a reader's section (its first 64 bytes)
 * @tail: queuing: messages received since the channel was made
 * @arm: the reader's doorbell arming count
 * @received: messages read
 * @lost_seen: queuing: writer overflows already reported to this reader
 * @last_seq: sampling: seq of the last message read
 */
struct prtos_channel_reader {
	volatile __u32 tail;
	volatile __u32 arm;
	volatile __u64 received;
	volatile __u64 lost_seen;
	volatile __u32 last_seq;
	__u8 reserved[36];
};

/**
 * struct prtos_channel_status - one channel as the root sees it
 *	(PRTOS_HC_CHANNEL_STATUS); counters from the ends' own sections
 *	are what those ends wrote there
 * @attached: bit per end (PRTOS_CHANNEL_END_*): its cell exists
 * @messages: written (sampling) or sent (queuing), by the writer
 * @overflows: queuing: sends refused, queue full
 * @received: per reader, messages it read
 * @lost: per reader, overflows it has reported as lost
 * @rings: per end, doorbells it rang
 * @delivered: per end, doorbells delivered to it
 */
struct prtos_channel_status {
	__u32 attached;
	__u32 reserved;
	__u64 messages;
	__u64 overflows;
	__u64 received[PRTOS_CHANNEL_MAX_READERS];
	__u64 lost[PRTOS_CHANNEL_MAX_READERS];
	__u64 rings[PRTOS_CHANNEL_NUM_ENDS];
	__u64 delivered[PRTOS_CHANNEL_NUM_ENDS];
};

static inline __u32 prtos_channel_pages(__u64 bytes)
{
	return (__u32)((bytes + PRTOS_CHANNEL_PAGE - 1) / PRTOS_CHANNEL_PAGE);
}

static inline __u32 prtos_channel_slot_size(__u32 max_message_size)
{
	return (sizeof(struct prtos_channel_slot) + max_message_size + 7) & ~7U;
}

/* Bytes of the writer's section of @c (whole pages). */
static inline __u64 prtos_channel_writer_size(const struct prtos_channel *c)
{
	__u64 data = c->kind == PRTOS_CHANNEL_QUEUING
			     ? (__u64)c->depth * prtos_channel_slot_size(
							 c->max_message_size)
			     : c->max_message_size;

	return (__u64)prtos_channel_pages(sizeof(struct prtos_channel_writer) +
					  data) *
	       PRTOS_CHANNEL_PAGE;
}

/* Bytes of the whole channel @c: header, writer, one page per reader. */
static inline __u64 prtos_channel_size(const struct prtos_channel *c)
{
	return PRTOS_CHANNEL_PAGE + prtos_channel_writer_size(c) +
	       (__u64)c->num_readers * PRTOS_CHANNEL_PAGE;
}

#endif
