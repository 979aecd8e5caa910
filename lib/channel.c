// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: the layout the hypervisor makes, and the data path of both
 * ends, which runs without the hypervisor (see <prtos-lib/channel.h>).
 *
 * Memory ordering uses the compiler's __atomic builtins, so that the code
 * is right wherever it runs (x86 is TSO, and there acquire and release
 * cost nothing; the host's unit tests run the ends in threads). Message
 * data is copied with memcpy() between fences, as in Linux's seqlocks.
 */
#include <prtos-lib/channel.h>

#define load_relaxed(p)	    __atomic_load_n(p, __ATOMIC_RELAXED)
#define load_acquire(p)	    __atomic_load_n(p, __ATOMIC_ACQUIRE)
#define store_relaxed(p, v) __atomic_store_n(p, v, __ATOMIC_RELAXED)
#define store_release(p, v) __atomic_store_n(p, v, __ATOMIC_RELEASE)
#define fence_acquire()	    __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define fence_release()	    __atomic_thread_fence(__ATOMIC_RELEASE)

#define U32_LIMIT	    0xffffffffULL
#define U64_LIMIT	    (~0ULL)

static inline void chan_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__asm__ __volatile__("pause" : : : "memory");
#else
	__asm__ __volatile__("" : : : "memory");
#endif
}

/**
 * prtos_channel_check() - whether a channel of the configuration is sane
 * @cfg: the channel
 *
 * The limits of <prtos/channel.h>: a NUL-terminated, non-empty name; a
 * known kind; 1..PRTOS_CHANNEL_MAX_READERS readers (queuing: exactly 1);
 * messages up to PRTOS_CHANNEL_MAX_MESSAGE; queuing: depth
 * 1..PRTOS_CHANNEL_MAX_DEPTH and no refresh period; sampling: depth 0;
 * and at most PRTOS_CHANNEL_MAX_PAGES pages in all.
 *
 * Return: 0, or -EINVAL.
 */
int prtos_channel_check(const struct prtos_channel *cfg)
{
	size_t len = strnlen(cfg->name, sizeof(cfg->name));

	if (!len || len == sizeof(cfg->name))
		return -EINVAL;
	if (!cfg->num_readers || cfg->num_readers > PRTOS_CHANNEL_MAX_READERS)
		return -EINVAL;
	if (cfg->max_message_size > PRTOS_CHANNEL_MAX_MESSAGE)
		return -EINVAL;
	switch (cfg->kind) {
	case PRTOS_CHANNEL_SAMPLING:
		if (cfg->depth)
			return -EINVAL;
		break;
	case PRTOS_CHANNEL_QUEUING:
		if (cfg->num_readers != 1 || !cfg->depth ||
		    cfg->depth > PRTOS_CHANNEL_MAX_DEPTH || cfg->refresh_ns)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	if (prtos_channel_size(cfg) >
	    (__u64)PRTOS_CHANNEL_MAX_PAGES * PRTOS_CHANNEL_PAGE)
		return -EINVAL;
	return 0;
}

/**
 * prtos_channel_format() - lay out a channel as the hypervisor makes it
 * @base: prtos_channel_size(@cfg) bytes, page aligned; all are zeroed
 * @cfg: the channel's configuration (checked with prtos_channel_check())
 * @tsc_khz: TSC frequency that timestamps count in, 0 if unknown (a value
 *	     above 32 bits is stored as unknown)
 *
 * Writes the header (page 0); the writer's section follows at page 1, one
 * page per reader after it. Every counter starts at 0.
 *
 * Return: 0, or -EINVAL (nothing written) if @cfg is not sane.
 */
int prtos_channel_format(void *base, const struct prtos_channel *cfg,
			 __u64 tsc_khz)
{
	struct prtos_channel_header *h = base;
	__u64 writer_size, reader0;
	unsigned int i;
	int err;

	err = prtos_channel_check(cfg);
	if (err)
		return err;
	writer_size = prtos_channel_writer_size(cfg);
	reader0 = PRTOS_CHANNEL_PAGE + writer_size;
	memset(base, 0, prtos_channel_size(cfg));

	h->magic = PRTOS_CHANNEL_MAGIC;
	h->version = PRTOS_CHANNEL_VERSION;
	h->kind = cfg->kind;
	memcpy(h->name, cfg->name, sizeof(h->name));
	h->max_message_size = cfg->max_message_size;
	h->num_readers = cfg->num_readers;
	if (cfg->kind == PRTOS_CHANNEL_QUEUING) {
		h->depth = cfg->depth;
		h->slot_size = prtos_channel_slot_size(cfg->max_message_size);
	} else {
		h->depth = 1;
		h->slot_size = 0;
	}
	h->refresh_ns = cfg->refresh_ns;
	h->tsc_khz = tsc_khz > U32_LIMIT ? 0 : tsc_khz;
	h->writer_offset = PRTOS_CHANNEL_PAGE;
	h->writer_size = (__u32)writer_size;
	for (i = 0; i < cfg->num_readers; i++)
		h->reader_offset[i] =
			(__u32)(reader0 + (__u64)i * PRTOS_CHANNEL_PAGE);
	h->size = (__u32)prtos_channel_size(cfg);
	return 0;
}

/*
 * The 64-bit count whose low 32 bits are @index, from the 64-bit @count
 * kept beside it: both are written by the same end, the count first, so
 * after an interruption between the two the index is the truth.
 */
static __u64 count_from_index(__u64 count, __u32 index)
{
	return count - (__u32)((__u32)count - index);
}

/**
 * prtos_chan_open() - attach to one end of a channel
 * @ch: filled in on success only
 * @base: where the channel is mapped (its header page)
 * @mapped_size: bytes mapped at @base; the channel must fit
 * @end: PRTOS_CHANNEL_END_WRITER or PRTOS_CHANNEL_END_READER(n)
 *
 * Reads the header once and checks that it is exactly the layout
 * prtos_channel_format() makes for its geometry; @ch keeps a copy of
 * that geometry, so later changes of the header have no effect. Nothing
 * is written to the channel.
 *
 * Return: 0; -EINVAL for a NULL @base, less than a page mapped, a header
 * whose geometry is not sane or not the expected layout, or an @end the
 * channel does not have; -ENODEV if the magic is wrong; -EOPNOTSUPP for
 * another layout version; -ERANGE if the channel does not fit @mapped_size.
 */
int prtos_chan_open(struct prtos_chan *ch, void *base, __u64 mapped_size,
		    unsigned int end)
{
	const volatile struct prtos_channel_header *h = base;
	struct prtos_channel cfg;
	struct prtos_chan c;
	__u64 writer_size, size, reader0;
	__u32 slot_size;
	unsigned int i;

	if (!base || mapped_size < PRTOS_CHANNEL_PAGE)
		return -EINVAL;
	if (h->magic != PRTOS_CHANNEL_MAGIC)
		return -ENODEV;
	if (h->version != PRTOS_CHANNEL_VERSION)
		return -EOPNOTSUPP;

	memset(&c, 0, sizeof(c));
	c.base = base;
	c.end = end;
	c.kind = h->kind;
	c.max_message_size = h->max_message_size;
	c.depth = h->depth;
	c.slot_size = h->slot_size;
	c.num_readers = h->num_readers;
	c.refresh_ns = h->refresh_ns;
	c.tsc_khz = h->tsc_khz;
	for (i = 0; i < PRTOS_CHANNEL_NAME_LEN; i++)
		c.name[i] = h->name[i];

	/* the geometry as a configuration, for the same checks and sizes */
	memset(&cfg, 0, sizeof(cfg));
	memcpy(cfg.name, c.name, sizeof(cfg.name));
	cfg.kind = c.kind;
	cfg.num_readers = c.num_readers;
	cfg.max_message_size = c.max_message_size;
	cfg.depth = c.kind == PRTOS_CHANNEL_QUEUING ? c.depth : 0;
	cfg.refresh_ns = c.refresh_ns;
	if (prtos_channel_check(&cfg))
		return -EINVAL;
	if (c.kind == PRTOS_CHANNEL_SAMPLING && c.depth != 1)
		return -EINVAL;
	slot_size = 0;
	if (c.kind == PRTOS_CHANNEL_QUEUING)
		slot_size = prtos_channel_slot_size(c.max_message_size);
	if (c.slot_size != slot_size || c.tsc_khz > U32_LIMIT)
		return -EINVAL;

	writer_size = prtos_channel_writer_size(&cfg);
	size = prtos_channel_size(&cfg);
	if (h->writer_offset != PRTOS_CHANNEL_PAGE ||
	    h->writer_size != writer_size || h->size != size)
		return -EINVAL;
	reader0 = PRTOS_CHANNEL_PAGE + writer_size;
	for (i = 0; i < c.num_readers; i++)
		if (h->reader_offset[i] !=
		    reader0 + (__u64)i * PRTOS_CHANNEL_PAGE)
			return -EINVAL;
	if (size > mapped_size)
		return -ERANGE;
	if (end != PRTOS_CHANNEL_END_WRITER &&
	    (end < PRTOS_CHANNEL_END_READER(0) ||
	     end > PRTOS_CHANNEL_END_READER(c.num_readers - 1)))
		return -EINVAL;

	c.size = size;
	c.writer = (void *)(c.base + PRTOS_CHANNEL_PAGE);
	c.data = (__u8 *)(c.writer + 1);
	if (end != PRTOS_CHANNEL_END_WRITER)
		c.reader = (void *)(c.base + reader0 +
				    (__u64)(end - PRTOS_CHANNEL_END_READER(0)) *
					    PRTOS_CHANNEL_PAGE);
	else if (c.kind == PRTOS_CHANNEL_QUEUING)
		c.reader = (void *)(c.base + reader0);

	/* our own section: only we write it, it tells where we left off */
	if (c.kind == PRTOS_CHANNEL_QUEUING && end == PRTOS_CHANNEL_END_WRITER)
		c.count = count_from_index(c.writer->messages, c.writer->head);
	else if (c.kind == PRTOS_CHANNEL_QUEUING)
		c.count = count_from_index(c.reader->received, c.reader->tail);

	*ch = c;
	return 0;
}

/**
 * prtos_chan_ticks_to_ns() - TSC ticks to nanoseconds
 * @ticks: TSC ticks
 * @tsc_khz: TSC frequency
 *
 * Return: nanoseconds, rounded down, saturated at ~0; ~0 if @tsc_khz is 0
 * or does not fit 32 bits.
 */
__u64 prtos_chan_ticks_to_ns(__u64 ticks, __u64 tsc_khz)
{
	__u64 whole, frac;

	if (!tsc_khz || tsc_khz > U32_LIMIT)
		return U64_LIMIT;
	whole = ticks / tsc_khz;
	frac = (ticks % tsc_khz) * 1000000ULL / tsc_khz;
	if (whole > (U64_LIMIT - frac) / 1000000ULL)
		return U64_LIMIT;
	return whole * 1000000ULL + frac;
}

static void set_age(const struct prtos_chan *ch, struct prtos_chan_info *info,
		    __u64 timestamp, __u64 now)
{
	info->timestamp = timestamp;
	if (!ch->tsc_khz)
		info->age_ns = U64_LIMIT;
	else if (now <= timestamp)
		info->age_ns = 0;
	else
		info->age_ns =
			prtos_chan_ticks_to_ns(now - timestamp, ch->tsc_khz);
	info->valid = !ch->refresh_ns || info->age_ns <= ch->refresh_ns;
}

static int check_end(const struct prtos_chan *ch, __u32 kind, bool writer)
{
	if ((ch->end == PRTOS_CHANNEL_END_WRITER) != writer)
		return -EPERM;
	if (ch->kind != kind)
		return -EINVAL;
	return 0;
}

/**
 * prtos_chan_write() - replace the message of a sampling channel
 * @ch: the writer's end
 * @msg: the message
 * @len: its bytes, up to max_message_size
 * @now: TSC now, the message's timestamp
 *
 * Sequence lock: seq is made odd, length, timestamp and data are written,
 * then seq is made even again (never 0, which means "no message yet").
 * Readers that overlap retry, so they never see a torn message.
 *
 * Return: 0; -EPERM if @ch is a reader, -EINVAL if it is not sampling,
 * -E2BIG if @len is too long.
 */
int prtos_chan_write(struct prtos_chan *ch, const void *msg, __u32 len,
		     __u64 now)
{
	struct prtos_channel_writer *w = ch->writer;
	__u32 seq;
	int err;

	err = check_end(ch, PRTOS_CHANNEL_SAMPLING, true);
	if (err)
		return err;
	if (len > ch->max_message_size)
		return -E2BIG;

	/* odd, whatever a previous, interrupted write left */
	seq = (load_relaxed(&w->seq) + 1) | 1;
	if (seq + 1 == 0)
		seq = 1;
	store_relaxed(&w->seq, seq);
	fence_release();
	store_relaxed(&w->length, len);
	store_relaxed(&w->timestamp, now);
	if (len)
		memcpy(ch->data, msg, len);
	store_release(&w->seq, seq + 1);
	store_relaxed(&w->messages, load_relaxed(&w->messages) + 1);
	return 0;
}

/**
 * prtos_chan_read() - copy the current message of a sampling channel
 * @ch: a reader's end
 * @buf: where to copy
 * @size: room in @buf
 * @now: TSC now, for the message's age
 * @info: if not NULL, filled in on success (see struct prtos_chan_info)
 *
 * Retries while the writer is writing, at most PRTOS_CHAN_READ_TRIES
 * times. A message is only returned if seq was even and unchanged around
 * the copy. The length is clamped to max_message_size and the copy to
 * @size. Records the message's seq in the reader's section, which is how
 * the next read knows whether the message is fresh.
 *
 * Return: bytes copied; -ENOENT if nothing was ever written, -EAGAIN if
 * the writer kept the message busy, -EPERM for the writer's end, -EINVAL
 * if the channel is not sampling.
 */
int prtos_chan_read(struct prtos_chan *ch, void *buf, __u32 size, __u64 now,
		    struct prtos_chan_info *info)
{
	const struct prtos_channel_writer *w = ch->writer;
	struct prtos_channel_reader *r = ch->reader;
	__u32 s1, s2, len = 0, copy = 0;
	__u64 timestamp = 0;
	unsigned int tries;
	bool fresh;
	int err;

	err = check_end(ch, PRTOS_CHANNEL_SAMPLING, false);
	if (err)
		return err;

	for (tries = 0; tries < PRTOS_CHAN_READ_TRIES; tries++) {
		s1 = load_acquire(&w->seq);
		if (!s1)
			return -ENOENT;
		if (s1 & 1) {
			chan_relax();
			continue;
		}
		len = load_relaxed(&w->length);
		timestamp = load_relaxed(&w->timestamp);
		if (len > ch->max_message_size)
			len = ch->max_message_size;
		copy = len < size ? len : size;
		if (copy)
			memcpy(buf, ch->data, copy);
		fence_acquire();
		s2 = load_relaxed(&w->seq);
		if (s1 == s2)
			break;
		chan_relax();
	}
	if (tries == PRTOS_CHAN_READ_TRIES)
		return -EAGAIN;

	fresh = s1 != load_relaxed(&r->last_seq);
	store_relaxed(&r->last_seq, s1);
	store_relaxed(&r->received, load_relaxed(&r->received) + 1);
	if (info) {
		memset(info, 0, sizeof(*info));
		info->length = len;
		info->fresh = fresh;
		set_age(ch, info, timestamp, now);
	}
	return (int)copy;
}

static struct prtos_channel_slot *slot_of(const struct prtos_chan *ch, __u64 n)
{
	return (void *)(ch->data + (n % ch->depth) * ch->slot_size);
}

/*
 * Writer: no free slot. A tail ahead of head or more than depth behind
 * (a hostile or confused reader) also counts as full.
 */
static bool queue_full(const struct prtos_chan *ch)
{
	__u32 tail = load_acquire(&ch->reader->tail);

	return (__u32)ch->count - tail >= ch->depth;
}

static void count_overflow(struct prtos_chan *ch)
{
	store_relaxed(&ch->writer->overflows,
		      load_relaxed(&ch->writer->overflows) + 1);
}

/* Writer: the slot at count is filled in; make it visible. */
static void publish(struct prtos_chan *ch, __u32 len, __u64 now)
{
	struct prtos_channel_slot *s = slot_of(ch, ch->count);

	store_relaxed(&s->length, len);
	store_relaxed(&s->reserved, 0);
	store_relaxed(&s->timestamp, now);
	ch->count++;
	ch->reserved = false;
	store_relaxed(&ch->writer->messages, ch->count);
	store_release(&ch->writer->head, (__u32)ch->count);
}

/**
 * prtos_chan_send() - queue a message
 * @ch: the writer's end of a queuing channel
 * @msg: the message
 * @len: its bytes, up to max_message_size
 * @now: TSC now, the message's timestamp
 *
 * A slot reserved with prtos_chan_reserve() and not committed is given
 * up (the message goes there).
 *
 * Return: 0; -ENOSPC if the queue is full (counted in the writer's
 * overflows, which the reader will learn as lost), -E2BIG if @len is too
 * long, -EPERM for a reader's end, -EINVAL if the channel is not queuing.
 */
int prtos_chan_send(struct prtos_chan *ch, const void *msg, __u32 len,
		    __u64 now)
{
	int err;

	err = check_end(ch, PRTOS_CHANNEL_QUEUING, true);
	if (err)
		return err;
	if (len > ch->max_message_size)
		return -E2BIG;
	if (queue_full(ch)) {
		count_overflow(ch);
		return -ENOSPC;
	}
	if (len)
		memcpy(slot_of(ch, ch->count) + 1, msg, len);
	publish(ch, len, now);
	return 0;
}

/**
 * prtos_chan_reserve() - the next free slot, to fill in place
 * @ch: the writer's end of a queuing channel
 * @data: set to the slot's data (max_message_size bytes, 8-byte aligned)
 *
 * Fill it, then prtos_chan_commit(). Reserving again before committing
 * returns the same slot.
 *
 * Return: the room at *@data in bytes; -ENOSPC if the queue is full
 * (counted as an overflow), -EPERM or -EINVAL as prtos_chan_send().
 */
int prtos_chan_reserve(struct prtos_chan *ch, void **data)
{
	int err;

	err = check_end(ch, PRTOS_CHANNEL_QUEUING, true);
	if (err)
		return err;
	if (!ch->reserved) {
		if (queue_full(ch)) {
			count_overflow(ch);
			return -ENOSPC;
		}
		ch->reserved = true;
	}
	*data = slot_of(ch, ch->count) + 1;
	return (int)ch->max_message_size;
}

/**
 * prtos_chan_commit() - queue the message written into the reserved slot
 * @ch: the writer's end of a queuing channel
 * @len: bytes of the message
 * @now: TSC now, the message's timestamp
 *
 * Return: 0; -EINVAL if nothing is reserved (or the channel is not
 * queuing), -E2BIG if @len is too long, -EPERM for a reader's end.
 */
int prtos_chan_commit(struct prtos_chan *ch, __u32 len, __u64 now)
{
	int err;

	err = check_end(ch, PRTOS_CHANNEL_QUEUING, true);
	if (err)
		return err;
	if (!ch->reserved)
		return -EINVAL;
	if (len > ch->max_message_size)
		return -E2BIG;
	publish(ch, len, now);
	return 0;
}

/*
 * Reader: the slot of the oldest queued message, its length (clamped) and
 * @info; -EAGAIN if there is none. A head more than depth ahead of the
 * tail, or behind it (a hostile or confused writer), counts as empty.
 */
static int next_slot(struct prtos_chan *ch, struct prtos_channel_slot **slot,
		     __u32 *len, __u64 now, struct prtos_chan_info *info)
{
	struct prtos_channel_reader *r = ch->reader;
	__u32 head = load_acquire(&ch->writer->head);
	__u32 queued = head - (__u32)ch->count;
	struct prtos_channel_slot *s;
	__u64 overflows, seen;

	if (!queued || queued > ch->depth)
		return -EAGAIN;
	s = slot_of(ch, ch->count);
	*slot = s;
	*len = load_relaxed(&s->length);
	if (*len > ch->max_message_size)
		*len = ch->max_message_size;

	overflows = load_relaxed(&ch->writer->overflows);
	seen = load_relaxed(&r->lost_seen);
	store_relaxed(&r->lost_seen, overflows);
	if (info) {
		memset(info, 0, sizeof(*info));
		info->length = *len;
		info->lost = overflows > seen ? overflows - seen : 0;
		info->fresh = true;
		set_age(ch, info, load_relaxed(&s->timestamp), now);
		info->valid = true;
	}
	return 0;
}

/* Reader: the oldest message is done with; give its slot back. */
static void consume(struct prtos_chan *ch)
{
	ch->count++;
	ch->peeked = false;
	store_relaxed(&ch->reader->received, ch->count);
	store_release(&ch->reader->tail, (__u32)ch->count);
}

/**
 * prtos_chan_receive() - take the oldest queued message
 * @ch: the reader's end of a queuing channel
 * @buf: where to copy
 * @size: room in @buf; the rest of a longer message is dropped
 * @now: TSC now, for the message's age
 * @info: if not NULL, filled in on success: length, timestamp, age, and
 *	  lost, the messages the writer could not queue since the last report
 *
 * Return: bytes copied; -EAGAIN if the queue is empty, -EPERM for the
 * writer's end, -EINVAL if the channel is not queuing.
 */
int prtos_chan_receive(struct prtos_chan *ch, void *buf, __u32 size, __u64 now,
		       struct prtos_chan_info *info)
{
	struct prtos_channel_slot *s;
	__u32 len, copy;
	int err;

	err = check_end(ch, PRTOS_CHANNEL_QUEUING, false);
	if (err)
		return err;
	err = next_slot(ch, &s, &len, now, info);
	if (err)
		return err;
	copy = len < size ? len : size;
	if (copy)
		memcpy(buf, s + 1, copy);
	consume(ch);
	return (int)copy;
}

/**
 * prtos_chan_peek() - look at the oldest queued message in place
 * @ch: the reader's end of a queuing channel
 * @data: set to the message's data in the writer's section; a hostile
 *	  writer may change it while it is looked at
 * @now: TSC now, for the message's age
 * @info: if not NULL, as prtos_chan_receive() fills it
 *
 * The message stays queued until prtos_chan_release().
 *
 * Return: the message's length (clamped to max_message_size, all of it
 * inside the channel); -EAGAIN, -EPERM or -EINVAL as prtos_chan_receive().
 */
int prtos_chan_peek(struct prtos_chan *ch, const void **data, __u64 now,
		    struct prtos_chan_info *info)
{
	struct prtos_channel_slot *s;
	__u32 len;
	int err;

	err = check_end(ch, PRTOS_CHANNEL_QUEUING, false);
	if (err)
		return err;
	err = next_slot(ch, &s, &len, now, info);
	if (err)
		return err;
	*data = s + 1;
	ch->peeked = true;
	return (int)len;
}

/**
 * prtos_chan_release() - drop the message prtos_chan_peek() returned
 * @ch: the reader's end of a queuing channel
 *
 * Return: 0; -EINVAL if no message is peeked (or the channel is not
 * queuing), -EPERM for the writer's end.
 */
int prtos_chan_release(struct prtos_chan *ch)
{
	int err;

	err = check_end(ch, PRTOS_CHANNEL_QUEUING, false);
	if (err)
		return err;
	if (!ch->peeked)
		return -EINVAL;
	consume(ch);
	return 0;
}

static volatile __u32 *own_arm(const struct prtos_chan *ch)
{
	return ch->end == PRTOS_CHANNEL_END_WRITER ? &ch->writer->arm
						   : &ch->reader->arm;
}

/**
 * prtos_chan_arm() - ask for one doorbell interrupt
 * @ch: either end
 *
 * Increments arm in the end's own section. It is a full barrier: a
 * caller that then finds nothing pending (prtos_chan_pending()) and
 * waits cannot miss a peer's update followed by its ring.
 */
void prtos_chan_arm(struct prtos_chan *ch)
{
	__atomic_fetch_add(own_arm(ch), 1, __ATOMIC_SEQ_CST);
}

/**
 * prtos_chan_armed() - whether a doorbell is asked for and not yet served
 * @ch: either end
 *
 * Return: true if arm differs from the value the hypervisor last served.
 */
bool prtos_chan_armed(const struct prtos_chan *ch)
{
	const volatile struct prtos_channel_header *h =
		(const volatile struct prtos_channel_header *)ch->base;

	return load_relaxed(own_arm(ch)) != h->served[ch->end];
}

/* Reader @n's section, from the geometry copied at open. */
static const volatile struct prtos_channel_reader *
reader_section(const struct prtos_chan *ch, unsigned int n)
{
	struct prtos_channel cfg = {
		.kind = ch->kind,
		.max_message_size = ch->max_message_size,
		.depth = ch->depth,
	};

	return (const volatile struct prtos_channel_reader
			*)(ch->base + PRTOS_CHANNEL_PAGE +
			   prtos_channel_writer_size(&cfg) +
			   (__u64)n * PRTOS_CHANNEL_PAGE);
}

/**
 * prtos_chan_peer_armed() - whether a peer waits for this end's doorbell
 * @ch: either end
 *
 * A writer's peers are its readers, a reader's the writer. Lets an end
 * skip the ring hypercall when nobody waits: a polling peer then costs no
 * exits on either side. Call it after a full barrier that follows the
 * update the peer waits for (the peer arms, then looks).
 *
 * Return: true if some peer armed since the hypervisor last served it.
 */
bool prtos_chan_peer_armed(const struct prtos_chan *ch)
{
	const volatile struct prtos_channel_header *h =
		(const volatile struct prtos_channel_header *)ch->base;
	unsigned int n;

	if (ch->end != PRTOS_CHANNEL_END_WRITER)
		return load_relaxed(&ch->writer->arm) !=
		       h->served[PRTOS_CHANNEL_END_WRITER];
	for (n = 0; n < ch->num_readers; n++)
		if (reader_section(ch, n)->arm !=
		    h->served[PRTOS_CHANNEL_END_READER(n)])
			return true;
	return false;
}

/**
 * prtos_chan_pending() - whether the end has something to do
 * @ch: either end
 *
 * Return: for a reader, a message it has not read (sampling: a complete
 * one with a seq other than its last read's; queuing: the queue is not
 * empty); for the writer, room (sampling: always; queuing: a free slot).
 */
bool prtos_chan_pending(const struct prtos_chan *ch)
{
	__u32 seq, queued;

	if (ch->kind == PRTOS_CHANNEL_SAMPLING) {
		if (ch->end == PRTOS_CHANNEL_END_WRITER)
			return true;
		seq = load_acquire(&ch->writer->seq);
		return seq && !(seq & 1) &&
		       seq != load_relaxed(&ch->reader->last_seq);
	}
	if (ch->end == PRTOS_CHANNEL_END_WRITER)
		return !queue_full(ch);
	queued = load_acquire(&ch->writer->head) - (__u32)ch->count;
	return queued && queued <= ch->depth;
}
