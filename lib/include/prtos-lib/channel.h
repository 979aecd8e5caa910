/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The algorithms of a channel (<prtos/channel.h>): laying one out, and
 * each end's side of the sampling sequence lock and of the queuing ring.
 * The same code serves the hypervisor (prtos_channel_format()), the root's
 * ports and the inmates (prtos_chan_*()), and the host unit tests.
 *
 * An end opens the channel with prtos_chan_open(), which validates the
 * header once and keeps its own copy of the geometry: nothing an end does
 * later depends on the header or on another party's section for where it
 * reads or writes. Every index and length read from a peer is clamped, so
 * a hostile peer can make an end see garbage (or nothing), never make it
 * access memory outside [base, base + size) or loop without bound.
 *
 * Queuing: message n (counted from 0 since the channel was made) lives in
 * slot n % depth. The writer's 64-bit count is its section's @messages,
 * the reader's its section's @received; @head and @tail are their low 32
 * bits, which the peers compare (head - tail messages are queued). Using
 * the 64-bit counts for the slot keeps the ring correct when the 32-bit
 * indices wrap for a depth that does not divide 2^32.
 *
 * Each end is driven by one thread at a time (one struct prtos_chan per
 * end); the functions do not lock.
 */
#ifndef _PRTOS_LIB_CHANNEL_H
#define _PRTOS_LIB_CHANNEL_H

#include <prtos-lib/compat.h>
#include <prtos/channel.h>

/* Attempts of prtos_chan_read() before it gives up on a busy writer. */
#define PRTOS_CHAN_READ_TRIES 64

/**
 * struct prtos_chan - one end of a channel, as prtos_chan_open() set it up
 * @base: the channel's header page
 * @size: bytes of the channel (validated against the mapped size)
 * @end: PRTOS_CHANNEL_END_WRITER or PRTOS_CHANNEL_END_READER(n)
 * @kind: PRTOS_CHANNEL_SAMPLING or PRTOS_CHANNEL_QUEUING
 * @max_message_size: largest message in bytes
 * @depth: queuing: slots; sampling: 1
 * @slot_size: queuing: bytes per slot; sampling: 0
 * @num_readers: readers of the channel
 * @refresh_ns: sampling: age after which a message is invalid, 0 = never
 * @tsc_khz: TSC frequency for ages; from the header, 0 if unknown (the
 *	     caller may set it to its own measurement after opening)
 * @writer: the writer's section
 * @data: the message data after struct prtos_channel_writer
 * @reader: this end's section for a reader; for the writer the queuing
 *	    reader's section (sampling: NULL)
 * @count: queuing: the writer's messages sent / the reader's messages
 *	   received, 64 bits (see above)
 * @reserved: queuing writer: a slot is reserved (prtos_chan_reserve())
 * @peeked: queuing reader: a slot is peeked (prtos_chan_peek())
 * @name: the channel's name, NUL-terminated
 */
struct prtos_chan {
	__u8 *base;
	__u64 size;
	unsigned int end;
	__u32 kind;
	__u32 max_message_size;
	__u32 depth;
	__u32 slot_size;
	__u32 num_readers;
	__u64 refresh_ns;
	__u64 tsc_khz;
	struct prtos_channel_writer *writer;
	__u8 *data;
	struct prtos_channel_reader *reader;
	__u64 count;
	bool reserved;
	bool peeked;
	char name[PRTOS_CHANNEL_NAME_LEN];
};

/**
 * struct prtos_chan_info - what a read or receive found
 * @length: bytes of the message (clamped to max_message_size); more than
 *	    the return value when the caller's buffer was too small
 * @timestamp: TSC when the message was written or sent (the writer's word)
 * @age_ns: @now minus @timestamp in ns; 0 if the timestamp lies ahead,
 *	    ~0 if the TSC frequency is unknown
 * @lost: queuing: messages refused since the last report (overflows)
 * @valid: sampling: refresh_ns is 0 or @age_ns <= refresh_ns; queuing: true
 * @fresh: sampling: the message changed since this reader's last read;
 *	   queuing: true
 */
struct prtos_chan_info {
	__u32 length;
	__u64 timestamp;
	__u64 age_ns;
	__u64 lost;
	bool valid;
	bool fresh;
};

int prtos_channel_check(const struct prtos_channel *cfg);
int prtos_channel_format(void *base, const struct prtos_channel *cfg,
			 __u64 tsc_khz);

int prtos_chan_open(struct prtos_chan *ch, void *base, __u64 mapped_size,
		    unsigned int end);

int prtos_chan_write(struct prtos_chan *ch, const void *msg, __u32 len,
		     __u64 now);
int prtos_chan_read(struct prtos_chan *ch, void *buf, __u32 size, __u64 now,
		    struct prtos_chan_info *info);

int prtos_chan_send(struct prtos_chan *ch, const void *msg, __u32 len,
		    __u64 now);
int prtos_chan_receive(struct prtos_chan *ch, void *buf, __u32 size, __u64 now,
		       struct prtos_chan_info *info);
int prtos_chan_reserve(struct prtos_chan *ch, void **data);
int prtos_chan_commit(struct prtos_chan *ch, __u32 len, __u64 now);
int prtos_chan_peek(struct prtos_chan *ch, const void **data, __u64 now,
		    struct prtos_chan_info *info);
int prtos_chan_release(struct prtos_chan *ch);

void prtos_chan_arm(struct prtos_chan *ch);
bool prtos_chan_armed(const struct prtos_chan *ch);
bool prtos_chan_peer_armed(const struct prtos_chan *ch);
bool prtos_chan_pending(const struct prtos_chan *ch);

__u64 prtos_chan_ticks_to_ns(__u64 ticks, __u64 tsc_khz);

#endif
