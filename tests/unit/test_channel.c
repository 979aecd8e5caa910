// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for the channel algorithms (lib/channel.c): the layout, open
 * refusing bad headers, the sampling sequence lock against a concurrent
 * writer, the queuing ring (FIFO, wrap-around of the 32-bit indices,
 * overflow and lost accounting, zero-copy), validity ageing, doorbell
 * arming, and hostile peers. Every channel sits between two inaccessible
 * pages, so any access outside it crashes the test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <pthread.h>
#include <time.h>
#include <sys/mman.h>
#include <cmocka.h>

#include <prtos-lib/channel.h>

#define PAGE PRTOS_CHANNEL_PAGE

/* A channel or a buffer with an inaccessible page on both sides. */
struct guarded {
	__u8 *map;
	size_t map_size;
	__u8 *base;
	size_t size;
};

/* @size bytes that end right before the upper guard page. */
static __u8 *guarded_alloc(struct guarded *g, size_t size)
{
	size_t pages = (size + PAGE - 1) / PAGE;

	g->map_size = (pages + 2) * PAGE;
	g->map = mmap(NULL, g->map_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		      -1, 0);
	assert_true(g->map != MAP_FAILED);
	assert_int_equal(mprotect(g->map + PAGE, pages * PAGE,
				  PROT_READ | PROT_WRITE),
			 0);
	g->base = g->map + PAGE + pages * PAGE - size;
	g->size = size;
	return g->base;
}

static void guarded_free(struct guarded *g)
{
	munmap(g->map, g->map_size);
}

static struct prtos_channel make_cfg(__u32 kind, __u32 readers, __u32 max,
				     __u32 depth, __u64 refresh_ns)
{
	struct prtos_channel c;

	memset(&c, 0, sizeof(c));
	strcpy(c.name, "test-channel");
	strcpy(c.writer, "writer-cell");
	strcpy(c.readers[0], "reader-cell");
	c.kind = kind;
	c.num_readers = readers;
	c.max_message_size = max;
	c.depth = depth;
	c.refresh_ns = refresh_ns;
	return c;
}

static struct prtos_channel_header *
chan_make(struct guarded *g, const struct prtos_channel *cfg, __u64 khz)
{
	size_t size = prtos_channel_size(cfg);
	__u8 *base = guarded_alloc(g, size);

	memset(base, 0xee, size);
	assert_int_equal(prtos_channel_format(base, cfg, khz), 0);
	return (struct prtos_channel_header *)base;
}

static void open_ok(struct prtos_chan *ch, struct guarded *g, unsigned int end)
{
	assert_int_equal(prtos_chan_open(ch, g->base, g->size, end), 0);
}

static bool inside(const struct guarded *g, const void *p, size_t len)
{
	const __u8 *b = p;

	return b >= g->base && b + len <= g->base + g->size;
}

/* Deterministic pseudo-random numbers (xorshift64). */
static __u64 rnd_state = 0x9e3779b97f4a7c15ULL;

static __u64 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static __u32 mix(__u64 c, __u32 i)
{
	return (__u32)(c * 2654435761U) ^ (i * 0x9e3779b9U) ^ (i << 7);
}

/* ---- layout ---------------------------------------------------------- */

static void test_format_sampling(void **state)
{
	struct prtos_channel cfg =
		make_cfg(PRTOS_CHANNEL_SAMPLING, 3, 5000, 0, 1000000);
	struct prtos_channel_header *h;
	struct guarded g;
	size_t i;

	h = chan_make(&g, &cfg, 2600000);
	assert_true(h->magic == PRTOS_CHANNEL_MAGIC);
	assert_int_equal(h->version, PRTOS_CHANNEL_VERSION);
	assert_int_equal(h->kind, PRTOS_CHANNEL_SAMPLING);
	assert_string_equal(h->name, "test-channel");
	assert_int_equal(h->max_message_size, 5000);
	assert_int_equal(h->depth, 1);
	assert_int_equal(h->num_readers, 3);
	assert_int_equal(h->slot_size, 0);
	assert_int_equal(h->refresh_ns, 1000000);
	assert_int_equal(h->tsc_khz, 2600000);
	assert_int_equal(h->writer_offset, PAGE);
	/* 64 bytes of writer header + 5000 of data: two pages */
	assert_int_equal(h->writer_size, 2 * PAGE);
	assert_int_equal(h->reader_offset[0], 3 * PAGE);
	assert_int_equal(h->reader_offset[1], 4 * PAGE);
	assert_int_equal(h->reader_offset[2], 5 * PAGE);
	assert_int_equal(h->reader_offset[3], 0);
	assert_int_equal(h->size, 6 * PAGE);
	assert_int_equal(prtos_channel_size(&cfg), 6 * PAGE);
	assert_int_equal(h->attached, 0);
	/* everything after the header is zeroed */
	for (i = sizeof(*h); i < g.size; i++)
		if (g.base[i])
			fail_msg("byte %zu not zeroed", i);
	guarded_free(&g);
}

static void test_format_queuing(void **state)
{
	struct prtos_channel cfg =
		make_cfg(PRTOS_CHANNEL_QUEUING, 1, 100, 40, 0);
	struct prtos_channel_header *h;
	struct guarded g;

	h = chan_make(&g, &cfg, 1ULL << 33);
	assert_int_equal(h->kind, PRTOS_CHANNEL_QUEUING);
	assert_int_equal(h->depth, 40);
	/* 16-byte slot header + 100 bytes, rounded up to 8 */
	assert_int_equal(h->slot_size, 120);
	/* 64 + 40 * 120 = 4864 bytes: two pages */
	assert_int_equal(h->writer_size, 2 * PAGE);
	assert_int_equal(h->reader_offset[0], 3 * PAGE);
	assert_int_equal(h->size, 4 * PAGE);
	/* a frequency above 32 bits is recorded as unknown */
	assert_int_equal(h->tsc_khz, 0);
	guarded_free(&g);
}

static void test_format_refuses(void **state)
{
	struct prtos_channel ok_s =
		make_cfg(PRTOS_CHANNEL_SAMPLING, 1, 64, 0, 0);
	struct prtos_channel ok_q =
		make_cfg(PRTOS_CHANNEL_QUEUING, 1, 64, 4, 0);
	struct prtos_channel c;
	__u8 *buf = calloc(1, 16 * PAGE);

	assert_non_null(buf);
	assert_int_equal(prtos_channel_check(&ok_s), 0);
	assert_int_equal(prtos_channel_check(&ok_q), 0);

#define REFUSED(cfg, field, value)                                           \
	do {                                                                 \
		c = cfg;                                                     \
		c.field = value;                                             \
		memset(buf, 0x77, 16 * PAGE);                                \
		assert_int_equal(prtos_channel_format(buf, &c, 0), -EINVAL); \
		assert_int_equal(buf[0], 0x77); /* nothing written */        \
	} while (0)

	REFUSED(ok_s, kind, 0);
	REFUSED(ok_s, kind, 3);
	REFUSED(ok_s, num_readers, 0);
	REFUSED(ok_s, num_readers, PRTOS_CHANNEL_MAX_READERS + 1);
	REFUSED(ok_s, max_message_size, PRTOS_CHANNEL_MAX_MESSAGE + 1);
	REFUSED(ok_s, depth, 1);
	REFUSED(ok_q, num_readers, 2);
	REFUSED(ok_q, depth, 0);
	REFUSED(ok_q, depth, PRTOS_CHANNEL_MAX_DEPTH + 1);
	REFUSED(ok_q, refresh_ns, 1);
	/* 1024 slots of 64 KiB: far beyond PRTOS_CHANNEL_MAX_PAGES */
	c = ok_q;
	c.depth = PRTOS_CHANNEL_MAX_DEPTH;
	c.max_message_size = PRTOS_CHANNEL_MAX_MESSAGE;
	assert_int_equal(prtos_channel_check(&c), -EINVAL);
	c = ok_s;
	c.name[0] = 0;
	assert_int_equal(prtos_channel_check(&c), -EINVAL);
	c = ok_s;
	memset(c.name, 'x', sizeof(c.name));
	assert_int_equal(prtos_channel_check(&c), -EINVAL);
#undef REFUSED
	free(buf);
}

/* ---- open ------------------------------------------------------------ */

enum corruption {
	C_MAGIC,
	C_VERSION,
	C_KIND,
	C_READERS_0,
	C_READERS_5,
	C_MAX,
	C_MAX_GROW,
	C_DEPTH,
	C_DEPTH_GROW,
	C_SLOT,
	C_REFRESH,
	C_KHZ,
	C_WOFF,
	C_WSIZE,
	C_ROFF,
	C_SIZE,
	C_NAME_EMPTY,
	C_NAME_UNTERMINATED,
	C_COUNT
};

static void corrupt(struct prtos_channel_header *h, enum corruption c)
{
	switch (c) {
	case C_MAGIC:
		h->magic ^= 1;
		break;
	case C_VERSION:
		h->version = PRTOS_CHANNEL_VERSION + 1;
		break;
	case C_KIND:
		h->kind = 7;
		break;
	case C_READERS_0:
		h->num_readers = 0;
		break;
	case C_READERS_5:
		h->num_readers = PRTOS_CHANNEL_MAX_READERS + 1;
		break;
	case C_MAX:
		h->max_message_size = PRTOS_CHANNEL_MAX_MESSAGE + 1;
		break;
	case C_MAX_GROW:
		/* sane, but not the layout of the header's own sizes */
		h->max_message_size += 4000;
		break;
	case C_DEPTH:
		h->depth = 0;
		break;
	case C_DEPTH_GROW:
		h->depth += 20;
		break;
	case C_SLOT:
		h->slot_size += 8;
		break;
	case C_REFRESH:
		h->refresh_ns = 5;
		break;
	case C_KHZ:
		h->tsc_khz = 1ULL << 32;
		break;
	case C_WOFF:
		h->writer_offset += PAGE;
		break;
	case C_WSIZE:
		h->writer_size += PAGE;
		break;
	case C_ROFF:
		h->reader_offset[0] += PAGE;
		break;
	case C_SIZE:
		h->size -= PAGE;
		break;
	case C_NAME_EMPTY:
		h->name[0] = 0;
		break;
	case C_NAME_UNTERMINATED:
		memset(h->name, 'n', sizeof(h->name));
		break;
	case C_COUNT:
		break;
	}
}

static int expected_error(enum corruption c, __u32 kind)
{
	switch (c) {
	case C_MAGIC:
		return -ENODEV;
	case C_VERSION:
		return -EOPNOTSUPP;
	case C_REFRESH:
		/* sampling channels have one; only queuing ones must not */
		return kind == PRTOS_CHANNEL_QUEUING ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

static void check_open_refuses(const struct prtos_channel *cfg)
{
	struct prtos_chan ch, pattern;
	struct guarded g;
	__u8 *snapshot;
	enum corruption c;
	int want;

	memset(&pattern, 0xa5, sizeof(pattern));
	for (c = 0; c < C_COUNT; c++) {
		struct prtos_channel_header *h = chan_make(&g, cfg, 1000);

		corrupt(h, c);
		snapshot = malloc(g.size);
		assert_non_null(snapshot);
		memcpy(snapshot, g.base, g.size);
		ch = pattern;
		want = expected_error(c, cfg->kind);
		if (prtos_chan_open(&ch, g.base, g.size,
				    PRTOS_CHANNEL_END_READER(0)) != want)
			fail_msg("corruption %d: not %d", c, want);
		if (want)
			assert_memory_equal(&ch, &pattern, sizeof(ch));
		assert_memory_equal(snapshot, g.base, g.size);
		free(snapshot);
		guarded_free(&g);
	}
}

static void test_open_refuses_bad_headers(void **state)
{
	struct prtos_channel s = make_cfg(PRTOS_CHANNEL_SAMPLING, 2, 300, 0, 0);
	struct prtos_channel q = make_cfg(PRTOS_CHANNEL_QUEUING, 1, 300, 9, 0);
	struct prtos_chan ch, pattern;
	struct prtos_channel_header *h;
	struct guarded g;

	check_open_refuses(&s);
	check_open_refuses(&q);

	memset(&pattern, 0xa5, sizeof(pattern));
	h = chan_make(&g, &s, 0);
	ch = pattern;
	assert_int_equal(prtos_chan_open(&ch, NULL, g.size, 0), -EINVAL);
	assert_int_equal(prtos_chan_open(&ch, g.base, PAGE - 1, 0), -EINVAL);
	/* a mapping too small for the geometry */
	assert_int_equal(prtos_chan_open(&ch, g.base, h->size - 1, 0), -ERANGE);
	/* ends the channel does not have */
	assert_int_equal(prtos_chan_open(&ch, g.base, g.size,
					 PRTOS_CHANNEL_END_READER(2)),
			 -EINVAL);
	assert_int_equal(prtos_chan_open(&ch, g.base, g.size, 100), -EINVAL);
	assert_memory_equal(&ch, &pattern, sizeof(ch));

	/* the good ends open, and a bigger mapping is fine */
	assert_int_equal(prtos_chan_open(&ch, g.base, g.size + PAGE,
					 PRTOS_CHANNEL_END_WRITER),
			 0);
	assert_int_equal(ch.end, PRTOS_CHANNEL_END_WRITER);
	assert_null(ch.reader);
	open_ok(&ch, &g, PRTOS_CHANNEL_END_READER(1));
	assert_ptr_equal(ch.reader, g.base + h->reader_offset[1]);
	assert_ptr_equal(ch.writer, g.base + PAGE);
	assert_string_equal(ch.name, "test-channel");
	guarded_free(&g);
}

/* The geometry is copied: a header changed after open has no effect. */
static void test_open_keeps_geometry(void **state)
{
	struct prtos_channel cfg = make_cfg(PRTOS_CHANNEL_QUEUING, 1, 32, 3, 0);
	struct prtos_channel_header *h;
	struct prtos_chan w, r;
	struct prtos_chan_info info;
	struct guarded g;
	char buf[64];
	int i;

	h = chan_make(&g, &cfg, 1000);
	open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
	open_ok(&r, &g, PRTOS_CHANNEL_END_READER(0));
	h->max_message_size = 60000;
	h->depth = 1000;
	h->slot_size = 60000;
	h->writer_offset = 0x7ffff000;
	h->reader_offset[0] = 0x7ffff000;
	h->size = 0xfffff000;

	assert_int_equal(prtos_chan_send(&w, buf, 33, 0), -E2BIG);
	for (i = 0; i < 3; i++)
		assert_int_equal(prtos_chan_send(&w, buf, 32, 0), 0);
	assert_int_equal(prtos_chan_send(&w, buf, 32, 0), -ENOSPC);
	for (i = 0; i < 3; i++)
		assert_int_equal(prtos_chan_receive(&r, buf, sizeof(buf), 0,
						    &info),
				 32);
	assert_int_equal(prtos_chan_receive(&r, buf, sizeof(buf), 0, &info),
			 -EAGAIN);
	guarded_free(&g);
}

/* ---- sampling -------------------------------------------------------- */

static void test_sampling_basic(void **state)
{
	struct prtos_channel cfg =
		make_cfg(PRTOS_CHANNEL_SAMPLING, 2, 16, 0, 0);
	struct prtos_channel_writer *wsec;
	struct prtos_chan w, r0, r1;
	struct prtos_chan_info info;
	struct guarded g;
	char buf[32];
	const void *p;
	void *v;

	chan_make(&g, &cfg, 0);
	open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
	open_ok(&r0, &g, PRTOS_CHANNEL_END_READER(0));
	open_ok(&r1, &g, PRTOS_CHANNEL_END_READER(1));
	wsec = w.writer;

	assert_int_equal(prtos_chan_read(&r0, buf, sizeof(buf), 0, &info),
			 -ENOENT);
	assert_false(prtos_chan_pending(&r0));
	assert_true(prtos_chan_pending(&w));

	assert_int_equal(prtos_chan_write(&w, "hello", 5, 42), 0);
	assert_int_equal(wsec->seq, 2);
	assert_int_equal(wsec->messages, 1);
	assert_true(prtos_chan_pending(&r0));
	assert_int_equal(prtos_chan_read(&r0, buf, sizeof(buf), 50, &info), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(info.length, 5);
	assert_int_equal(info.timestamp, 42);
	assert_true(info.fresh);
	assert_true(info.valid);	   /* refresh 0: never stale */
	assert_true(info.age_ns == ~0ULL); /* frequency unknown */
	assert_int_equal(r0.reader->last_seq, 2);
	assert_int_equal(r0.reader->received, 1);
	assert_false(prtos_chan_pending(&r0));

	/* read again: same message, not fresh; the other reader's is */
	assert_int_equal(prtos_chan_read(&r0, buf, sizeof(buf), 0, &info), 5);
	assert_false(info.fresh);
	assert_true(prtos_chan_pending(&r1));
	assert_int_equal(prtos_chan_read(&r1, buf, sizeof(buf), 0, NULL), 5);
	assert_int_equal(prtos_chan_read(&r1, buf, sizeof(buf), 0, &info), 5);
	assert_false(info.fresh);

	/* a new message, and a buffer too small for it */
	assert_int_equal(prtos_chan_write(&w, "0123456789abcdef", 16, 43), 0);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(prtos_chan_read(&r0, buf, 4, 0, &info), 4);
	assert_memory_equal(buf, "0123", 4);
	assert_int_equal(buf[4], 0);
	assert_int_equal(info.length, 16);
	assert_true(info.fresh);
	/* an empty message is a message */
	assert_int_equal(prtos_chan_write(&w, NULL, 0, 44), 0);
	assert_int_equal(prtos_chan_read(&r0, buf, sizeof(buf), 0, &info), 0);
	assert_int_equal(info.length, 0);
	assert_true(info.fresh);

	/* the wrong end, kind or size */
	assert_int_equal(prtos_chan_write(&w, buf, 17, 0), -E2BIG);
	assert_int_equal(prtos_chan_write(&r0, buf, 1, 0), -EPERM);
	assert_int_equal(prtos_chan_read(&w, buf, 1, 0, NULL), -EPERM);
	assert_int_equal(prtos_chan_send(&w, buf, 1, 0), -EINVAL);
	assert_int_equal(prtos_chan_receive(&r0, buf, 1, 0, NULL), -EINVAL);
	assert_int_equal(prtos_chan_reserve(&w, &v), -EINVAL);
	assert_int_equal(prtos_chan_peek(&r0, &p, 0, NULL), -EINVAL);
	assert_int_equal(prtos_chan_commit(&w, 1, 0), -EINVAL);
	assert_int_equal(prtos_chan_release(&r0), -EINVAL);
	guarded_free(&g);
}

static void test_sampling_age(void **state)
{
	/* 1000 kHz: a tick is a microsecond; stale after 5 ms */
	struct prtos_channel cfg =
		make_cfg(PRTOS_CHANNEL_SAMPLING, 1, 8, 0, 5000000);
	struct prtos_chan w, r;
	struct prtos_chan_info info;
	struct guarded g;
	char buf[8];

	chan_make(&g, &cfg, 1000);
	open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
	open_ok(&r, &g, PRTOS_CHANNEL_END_READER(0));
	assert_int_equal(r.tsc_khz, 1000);
	assert_int_equal(prtos_chan_write(&w, "x", 1, 1000000), 0);

	assert_int_equal(prtos_chan_read(&r, buf, 8, 1000000 + 5000, &info), 1);
	assert_int_equal(info.age_ns, 5000000);
	assert_true(info.valid);
	assert_int_equal(prtos_chan_read(&r, buf, 8, 1000000 + 5001, &info), 1);
	assert_int_equal(info.age_ns, 5001000);
	assert_false(info.valid);
	assert_false(info.fresh);
	/* a timestamp ahead of now (another CPU's TSC) is age 0 */
	assert_int_equal(prtos_chan_read(&r, buf, 8, 10, &info), 1);
	assert_int_equal(info.age_ns, 0);
	assert_true(info.valid);
	/* a fresh write is valid again */
	assert_int_equal(prtos_chan_write(&w, "y", 1, 2000000), 0);
	assert_int_equal(prtos_chan_read(&r, buf, 8, 2000001, &info), 1);
	assert_int_equal(info.age_ns, 1000);
	assert_true(info.valid);
	assert_true(info.fresh);
	/* unknown frequency: the age is unknown, so not valid */
	r.tsc_khz = 0;
	assert_int_equal(prtos_chan_read(&r, buf, 8, 2000001, &info), 1);
	assert_true(info.age_ns == ~0ULL);
	assert_false(info.valid);

	assert_int_equal(prtos_chan_ticks_to_ns(2600000, 2600000), 1000000);
	assert_int_equal(prtos_chan_ticks_to_ns(2599999, 2600000), 999999);
	assert_int_equal(prtos_chan_ticks_to_ns(1, 3), 333333);
	assert_true(prtos_chan_ticks_to_ns(~0ULL, 1) == ~0ULL);
	assert_true(prtos_chan_ticks_to_ns(~0ULL, 2600000) ==
		    (~0ULL / 2600000) * 1000000 +
			    (~0ULL % 2600000) * 1000000 / 2600000);
	assert_true(prtos_chan_ticks_to_ns(5, 0) == ~0ULL);
	assert_true(prtos_chan_ticks_to_ns(5, 1ULL << 32) == ~0ULL);
	guarded_free(&g);
}

static void test_sampling_busy_and_wrap(void **state)
{
	struct prtos_channel cfg = make_cfg(PRTOS_CHANNEL_SAMPLING, 1, 8, 0, 0);
	struct prtos_chan w, r;
	struct prtos_chan_info info;
	struct guarded g;
	char buf[8];

	chan_make(&g, &cfg, 0);
	open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
	open_ok(&r, &g, PRTOS_CHANNEL_END_READER(0));
	assert_int_equal(prtos_chan_write(&w, "a", 1, 0), 0);

	/* a writer stuck in the middle of a write: bounded retries */
	w.writer->seq = 3;
	assert_int_equal(prtos_chan_read(&r, buf, 8, 0, &info), -EAGAIN);
	assert_false(prtos_chan_pending(&r));
	/* the (restarted) writer recovers from the odd seq */
	assert_int_equal(prtos_chan_write(&w, "b", 1, 0), 0);
	assert_int_equal(w.writer->seq, 6);
	assert_int_equal(prtos_chan_read(&r, buf, 8, 0, &info), 1);
	assert_int_equal(buf[0], 'b');

	/* seq wraps around without ever reading as "no message" */
	w.writer->seq = 0xfffffffe;
	assert_int_equal(prtos_chan_write(&w, "c", 1, 0), 0);
	assert_int_equal(w.writer->seq, 2);
	assert_int_equal(prtos_chan_read(&r, buf, 8, 0, &info), 1);
	assert_int_equal(buf[0], 'c');
	assert_true(info.fresh);
	w.writer->seq = 0xfffffffd;
	assert_int_equal(prtos_chan_write(&w, "d", 1, 0), 0);
	assert_int_equal(w.writer->seq, 2);
	guarded_free(&g);
}

/* A hostile writer: any seq, any length; reads stay in bounds. */
static void test_sampling_hostile(void **state)
{
	struct prtos_channel cfg =
		make_cfg(PRTOS_CHANNEL_SAMPLING, 1, 40, 0, 0);
	struct prtos_chan w, r;
	struct prtos_chan_info info;
	struct guarded g, gb;
	__u8 *buf;
	int i, ret;

	chan_make(&g, &cfg, 0);
	open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
	open_ok(&r, &g, PRTOS_CHANNEL_END_READER(0));
	assert_int_equal(prtos_chan_write(&w, "m", 1, 0), 0);

	w.writer->length = 0xffffffff;
	buf = guarded_alloc(&gb, 40);
	assert_int_equal(prtos_chan_read(&r, buf, 40, 0, &info), 40);
	assert_int_equal(info.length, 40);
	assert_int_equal(prtos_chan_read(&r, buf, 7, 0, &info), 7);
	assert_int_equal(info.length, 40);

	for (i = 0; i < 20000; i++) {
		__u32 size = rnd() % 41;

		w.writer->seq = (__u32)rnd();
		w.writer->length = (__u32)rnd() >> (rnd() % 32);
		w.writer->timestamp = rnd();
		ret = prtos_chan_read(&r, buf + 40 - size, size, rnd(), &info);
		if (ret == -EAGAIN || ret == -ENOENT)
			continue;
		assert_true(ret >= 0 && (__u32)ret <= size);
		assert_true(info.length <= 40);
	}
	guarded_free(&gb);
	guarded_free(&g);
}

#define TORN_WRITES  200000
#define TORN_READERS 2
#define TORN_WORDS   64

struct torn_reader {
	struct prtos_chan ch;
	volatile int *done;
	unsigned long reads, busy, torn, stuck, backwards, bad_fresh;
	__u64 last;
};

static __u32 torn_words(__u64 c)
{
	return 4 + c % (TORN_WORDS - 3);
}

static void torn_fill(__u32 *m, __u64 c)
{
	__u32 n = torn_words(c), i, sum = 0;

	m[0] = (__u32)c;
	m[1] = n;
	for (i = 2; i < n - 1; i++)
		m[i] = mix(c, i);
	for (i = 0; i < n - 1; i++)
		sum += m[i] * (i + 1);
	m[n - 1] = sum;
}

/* Whether @m of @len bytes with @timestamp is message c = timestamp. */
static bool torn_ok(const __u32 *m, __u32 len, __u64 timestamp)
{
	__u32 want[TORN_WORDS];
	__u32 n = torn_words(timestamp);

	if (len != n * 4)
		return false;
	torn_fill(want, timestamp);
	return !memcmp(m, want, len);
}

static void *torn_read_thread(void *arg)
{
	struct torn_reader *t = arg;
	struct prtos_chan_info info;
	__u32 buf[TORN_WORDS];
	bool last_round = false;
	int ret;

	for (;;) {
		if (__atomic_load_n(t->done, __ATOMIC_ACQUIRE))
			last_round = true;
		ret = prtos_chan_read(&t->ch, buf, sizeof(buf), 0, &info);
		if (ret == -EAGAIN) {
			t->busy++;
			if (!last_round)
				continue;
			/* the writer is done: it cannot stay busy */
			t->stuck++;
			break;
		}
		if (ret == -ENOENT) {
			if (last_round)
				break;
			continue;
		}
		t->reads++;
		if ((__u32)ret != info.length ||
		    !torn_ok(buf, info.length, info.timestamp))
			t->torn++;
		if (info.timestamp < t->last)
			t->backwards++;
		if (info.fresh != (info.timestamp != t->last))
			t->bad_fresh++;
		t->last = info.timestamp;
		if (last_round)
			break;
	}
	return NULL;
}

/* Readers racing a writer never see a torn message. */
static void test_sampling_torn_reads(void **state)
{
	struct prtos_channel cfg = make_cfg(PRTOS_CHANNEL_SAMPLING,
					    TORN_READERS, TORN_WORDS * 4, 0, 0);
	struct torn_reader readers[TORN_READERS];
	pthread_t threads[TORN_READERS];
	struct prtos_chan w;
	__u32 m[TORN_WORDS];
	volatile int done = 0;
	struct guarded g;
	unsigned int i;
	__u64 c;

	chan_make(&g, &cfg, 0);
	open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
	for (i = 0; i < TORN_READERS; i++) {
		memset(&readers[i], 0, sizeof(readers[i]));
		open_ok(&readers[i].ch, &g, PRTOS_CHANNEL_END_READER(i));
		readers[i].done = &done;
		assert_int_equal(pthread_create(&threads[i], NULL,
						torn_read_thread, &readers[i]),
				 0);
	}
	for (c = 1; c <= TORN_WRITES; c++) {
		torn_fill(m, c);
		assert_int_equal(prtos_chan_write(&w, m, torn_words(c) * 4, c),
				 0);
	}
	__atomic_store_n(&done, 1, __ATOMIC_RELEASE);
	for (i = 0; i < TORN_READERS; i++) {
		assert_int_equal(pthread_join(threads[i], NULL), 0);
		assert_int_equal(readers[i].torn, 0);
		assert_int_equal(readers[i].stuck, 0);
		assert_int_equal(readers[i].backwards, 0);
		assert_int_equal(readers[i].bad_fresh, 0);
		assert_true(readers[i].reads >= 1);
		/* the last read, after the writer stopped, saw its last message */
		assert_int_equal(readers[i].last, TORN_WRITES);
	}
	assert_int_equal(w.writer->messages, TORN_WRITES);
	guarded_free(&g);
}

/* ---- queuing --------------------------------------------------------- */

static void test_queuing_fifo_overflow(void **state)
{
	struct prtos_channel cfg = make_cfg(PRTOS_CHANNEL_QUEUING, 1, 8, 4, 0);
	struct prtos_chan w, r;
	struct prtos_chan_info info;
	struct guarded g;
	char buf[8];
	int i;

	chan_make(&g, &cfg, 1000);
	open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
	open_ok(&r, &g, PRTOS_CHANNEL_END_READER(0));
	assert_ptr_equal(w.reader, r.reader);

	assert_int_equal(prtos_chan_receive(&r, buf, 8, 0, &info), -EAGAIN);
	assert_false(prtos_chan_pending(&r));
	assert_true(prtos_chan_pending(&w));
	for (i = 0; i < 4; i++) {
		buf[0] = (char)('a' + i);
		assert_int_equal(prtos_chan_send(&w, buf, 1 + i, 100 + i), 0);
	}
	assert_false(prtos_chan_pending(&w));
	assert_true(prtos_chan_pending(&r));
	for (i = 0; i < 3; i++)
		assert_int_equal(prtos_chan_send(&w, buf, 1, 0), -ENOSPC);
	assert_int_equal(w.writer->overflows, 3);
	assert_int_equal(w.writer->head, 4);
	assert_int_equal(w.writer->messages, 4);

	assert_int_equal(prtos_chan_receive(&r, buf, 8, 1100, &info), 1);
	assert_int_equal(buf[0], 'a');
	assert_int_equal(info.lost, 3);
	assert_int_equal(info.timestamp, 100);
	assert_int_equal(info.age_ns, 1000000);
	assert_true(info.valid && info.fresh);
	assert_int_equal(r.reader->lost_seen, 3);
	assert_int_equal(r.reader->tail, 1);
	assert_true(prtos_chan_pending(&w));

	/* the freed slot takes one more; the lost count is only new ones */
	assert_int_equal(prtos_chan_send(&w, "e", 1, 0), 0);
	assert_int_equal(prtos_chan_send(&w, "f", 1, 0), -ENOSPC);
	for (i = 1; i < 5; i++) {
		assert_int_equal(prtos_chan_receive(&r, buf, 8, 0, &info),
				 i < 4 ? 1 + i : 1);
		assert_int_equal(buf[0], 'a' + i);
		assert_int_equal(info.lost, i == 1 ? 1 : 0);
	}
	assert_int_equal(prtos_chan_receive(&r, buf, 8, 0, &info), -EAGAIN);
	assert_int_equal(r.reader->received, 5);

	/* a buffer smaller than the message */
	assert_int_equal(prtos_chan_send(&w, "12345678", 8, 0), 0);
	assert_int_equal(prtos_chan_send(&w, buf, 9, 0), -E2BIG);
	assert_int_equal(prtos_chan_receive(&r, buf, 3, 0, &info), 3);
	assert_int_equal(info.length, 8);

	/* wrong ends */
	assert_int_equal(prtos_chan_send(&r, buf, 1, 0), -EPERM);
	assert_int_equal(prtos_chan_receive(&w, buf, 1, 0, NULL), -EPERM);
	assert_int_equal(prtos_chan_write(&w, buf, 1, 0), -EINVAL);
	assert_int_equal(prtos_chan_read(&r, buf, 1, 0, NULL), -EINVAL);
	guarded_free(&g);
}

/* Sends a random-sized batch, then receives a random-sized batch. */
static void pump(struct prtos_chan *w, struct prtos_chan *r, __u64 *sent,
		 __u64 *got, unsigned int rounds)
{
	struct prtos_chan_info info;
	__u32 m[2], depth = w->depth;
	unsigned int i, k, n;
	int ret;

	for (i = 0; i < rounds; i++) {
		n = rnd() % (depth + 2);
		for (k = 0; k < n; k++) {
			m[0] = (__u32)*sent;
			m[1] = mix(*sent, 1);
			ret = prtos_chan_send(w, m, sizeof(m), 0);
			if (*sent - *got >= depth) {
				assert_int_equal(ret, -ENOSPC);
			} else {
				assert_int_equal(ret, 0);
				(*sent)++;
			}
		}
		n = rnd() % (depth + 2);
		for (k = 0; k < n; k++) {
			ret = prtos_chan_receive(r, m, sizeof(m), 0, &info);
			if (*got == *sent) {
				assert_int_equal(ret, -EAGAIN);
				continue;
			}
			assert_int_equal(ret, sizeof(m));
			if (m[0] != (__u32)*got || m[1] != mix(*got, 1))
				fail_msg("message %llu out of order",
					 (unsigned long long)*got);
			(*got)++;
		}
	}
}

/*
 * The 32-bit indices wrap; with a depth that does not divide 2^32 the
 * slots still follow each other (they come from the 64-bit counts).
 */
static void test_queuing_wrap_around(void **state)
{
	static const __u32 depths[] = { 1, 3, 5, 7, 16 };
	static const __u64 starts[] = { 0, 0xfffffff0ULL, 0x2fffffff0ULL };
	struct prtos_channel cfg;
	struct prtos_chan w, r;
	struct guarded g;
	__u64 sent, got;
	size_t d, s;

	for (d = 0; d < ARRAY_SIZE(depths); d++) {
		for (s = 0; s < ARRAY_SIZE(starts); s++) {
			cfg = make_cfg(PRTOS_CHANNEL_QUEUING, 1, 8, depths[d],
				       0);
			chan_make(&g, &cfg, 0);
			/* as if that many messages had gone through */
			open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
			w.writer->messages = starts[s];
			w.writer->head = (__u32)starts[s];
			w.reader->received = starts[s];
			w.reader->tail = (__u32)starts[s];
			open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
			open_ok(&r, &g, PRTOS_CHANNEL_END_READER(0));
			assert_true(w.count == starts[s]);
			assert_true(r.count == starts[s]);
			sent = got = starts[s];
			pump(&w, &r, &sent, &got, 3000);
			/* many times the depth, across the 32-bit wrap */
			assert_true(got - starts[s] > 40ULL * depths[d]);
			assert_true(w.writer->messages == sent);
			assert_int_equal(w.writer->head, (__u32)sent);
			assert_true(r.reader->received == got);
			assert_int_equal(r.reader->tail, (__u32)got);
			guarded_free(&g);
		}
	}
}

/* An end interrupted between its 64-bit count and its index recovers. */
static void test_queuing_reopen(void **state)
{
	struct prtos_channel cfg = make_cfg(PRTOS_CHANNEL_QUEUING, 1, 8, 5, 0);
	struct prtos_chan w, r;
	struct prtos_chan_info info;
	struct guarded g;
	__u64 sent = 0, got = 0;
	char buf[8];

	chan_make(&g, &cfg, 0);
	open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
	open_ok(&r, &g, PRTOS_CHANNEL_END_READER(0));
	pump(&w, &r, &sent, &got, 50);

	/* reopening continues where the section says */
	open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
	open_ok(&r, &g, PRTOS_CHANNEL_END_READER(0));
	pump(&w, &r, &sent, &got, 50);

	/* count written, index not: the message was never published */
	for (; got < sent; got++)
		assert_int_equal(prtos_chan_receive(&r, buf, 8, 0, &info), 8);
	w.writer->messages++;
	open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
	assert_true(w.count == sent);
	r.reader->received++;
	open_ok(&r, &g, PRTOS_CHANNEL_END_READER(0));
	assert_true(r.count == got);
	pump(&w, &r, &sent, &got, 50);
	guarded_free(&g);
}

static void test_queuing_zero_copy(void **state)
{
	struct prtos_channel cfg = make_cfg(PRTOS_CHANNEL_QUEUING, 1, 20, 2, 0);
	struct prtos_chan w, r;
	struct prtos_chan_info info;
	struct guarded g;
	void *slot, *again;
	const void *p;
	char buf[24];

	chan_make(&g, &cfg, 0);
	open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
	open_ok(&r, &g, PRTOS_CHANNEL_END_READER(0));

	assert_int_equal(prtos_chan_commit(&w, 1, 0), -EINVAL);
	assert_int_equal(prtos_chan_release(&r), -EINVAL);
	assert_int_equal(prtos_chan_peek(&r, &p, 0, &info), -EAGAIN);

	assert_int_equal(prtos_chan_reserve(&w, &slot), 20);
	assert_true(inside(&g, slot, 20));
	assert_true(((uintptr_t)slot & 7) == 0);
	assert_int_equal(prtos_chan_reserve(&w, &again), 20);
	assert_ptr_equal(slot, again);
	/* not visible before the commit */
	assert_false(prtos_chan_pending(&r));
	memcpy(slot, "zero-copy", 9);
	assert_int_equal(prtos_chan_commit(&w, 21, 0), -E2BIG);
	assert_int_equal(prtos_chan_commit(&w, 9, 7), 0);
	assert_int_equal(prtos_chan_commit(&w, 9, 7), -EINVAL);

	/* send gives up a reservation that was not committed */
	assert_int_equal(prtos_chan_reserve(&w, &slot), 20);
	memcpy(slot, "dropped", 7);
	assert_int_equal(prtos_chan_send(&w, "sent", 4, 8), 0);
	assert_int_equal(prtos_chan_commit(&w, 4, 0), -EINVAL);
	assert_int_equal(prtos_chan_reserve(&w, &slot), -ENOSPC);
	assert_int_equal(w.writer->overflows, 1);

	assert_int_equal(prtos_chan_peek(&r, &p, 0, &info), 9);
	assert_true(inside(&g, p, 9));
	assert_memory_equal(p, "zero-copy", 9);
	assert_int_equal(info.timestamp, 7);
	assert_int_equal(info.lost, 1);
	/* peeking again: the same message, nothing new lost */
	assert_int_equal(prtos_chan_peek(&r, &p, 0, &info), 9);
	assert_int_equal(info.lost, 0);
	assert_int_equal(prtos_chan_release(&r), 0);
	assert_int_equal(prtos_chan_release(&r), -EINVAL);
	assert_int_equal(prtos_chan_receive(&r, buf, sizeof(buf), 0, &info), 4);
	assert_memory_equal(buf, "sent", 4);
	assert_int_equal(prtos_chan_peek(&r, &p, 0, &info), -EAGAIN);
	assert_int_equal(prtos_chan_reserve(&w, &slot), 20);
	guarded_free(&g);
}

static struct prtos_channel_slot *slot_at(const struct prtos_chan *ch,
					  unsigned int k)
{
	return (struct prtos_channel_slot *)(ch->data + k * ch->slot_size);
}

/* A hostile writer: head, lengths and overflows are garbage. */
static void test_queuing_hostile_writer(void **state)
{
	struct prtos_channel cfg = make_cfg(PRTOS_CHANNEL_QUEUING, 1, 40, 3, 0);
	struct prtos_chan w, r;
	struct prtos_chan_info info;
	struct guarded g, gb;
	__u32 tail, size;
	const void *p;
	__u8 *buf;
	int i, k, ret;

	chan_make(&g, &cfg, 0);
	open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
	open_ok(&r, &g, PRTOS_CHANNEL_END_READER(0));
	buf = guarded_alloc(&gb, 40);

	/* a head too far ahead, or behind the tail: an empty queue */
	tail = r.reader->tail;
	w.writer->head = tail + 4;
	assert_int_equal(prtos_chan_receive(&r, buf, 40, 0, &info), -EAGAIN);
	assert_false(prtos_chan_pending(&r));
	w.writer->head = tail - 1;
	assert_int_equal(prtos_chan_receive(&r, buf, 40, 0, &info), -EAGAIN);
	assert_int_equal(prtos_chan_peek(&r, &p, 0, &info), -EAGAIN);
	assert_false(prtos_chan_pending(&r));
	/* a full queue of lengths beyond the maximum */
	w.writer->head = tail + 3;
	for (k = 0; k < 3; k++)
		slot_at(&w, k)->length = 0xfffffff0;
	assert_true(prtos_chan_pending(&r));
	assert_int_equal(prtos_chan_receive(&r, buf, 40, 0, &info), 40);
	assert_int_equal(info.length, 40);
	assert_int_equal(prtos_chan_peek(&r, &p, 0, &info), 40);
	assert_true(inside(&g, p, 40));
	assert_int_equal(prtos_chan_release(&r), 0);
	/* overflows going backwards report nothing lost */
	w.writer->overflows = 10;
	assert_int_equal(prtos_chan_receive(&r, buf, 40, 0, &info), 40);
	assert_int_equal(info.lost, 10);
	w.writer->overflows = 4;
	w.writer->head = tail + 4;
	assert_int_equal(prtos_chan_receive(&r, buf, 40, 0, &info), 40);
	assert_int_equal(info.lost, 0);
	w.writer->overflows = 6;
	w.writer->head = tail + 5;
	assert_int_equal(prtos_chan_receive(&r, buf, 40, 0, &info), 40);
	assert_int_equal(info.lost, 2);

	for (i = 0; i < 50000; i++) {
		tail = r.reader->tail;
		switch (rnd() % 3) {
		case 0:
			w.writer->head = (__u32)rnd();
			break;
		default:
			w.writer->head = tail + (__u32)(rnd() % 9) - 4;
			break;
		}
		for (k = 0; k < 3; k++)
			slot_at(&w, k)->length = (__u32)rnd() >> (rnd() % 32);
		w.writer->overflows = rnd();
		size = rnd() % 41;
		if (rnd() & 1) {
			ret = prtos_chan_receive(&r, buf + 40 - size, size, 0,
						 &info);
			if (ret == -EAGAIN)
				continue;
			assert_true(ret >= 0 && (__u32)ret <= size);
		} else {
			ret = prtos_chan_peek(&r, &p, 0, &info);
			if (ret == -EAGAIN)
				continue;
			assert_true(ret >= 0 && ret <= 40);
			assert_true(inside(&g, p, ret));
			assert_int_equal(prtos_chan_release(&r), 0);
		}
		assert_true(info.length <= 40);
	}
	guarded_free(&gb);
	guarded_free(&g);
}

/* A hostile reader: its tail is garbage; the writer stays in its slots. */
static void test_queuing_hostile_reader(void **state)
{
	struct prtos_channel cfg = make_cfg(PRTOS_CHANNEL_QUEUING, 1, 40, 3, 0);
	struct prtos_chan w, r;
	struct guarded g;
	__u8 msg[40];
	__u64 overflows;
	__u32 head;
	void *slot;
	int i, ret;

	chan_make(&g, &cfg, 0);
	open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
	open_ok(&r, &g, PRTOS_CHANNEL_END_READER(0));
	memset(msg, 0x3c, sizeof(msg));

	/* a tail ahead of the head, or more than depth behind: full */
	head = w.writer->head;
	r.reader->tail = head + 1;
	assert_int_equal(prtos_chan_send(&w, msg, 40, 0), -ENOSPC);
	assert_false(prtos_chan_pending(&w));
	r.reader->tail = head - 4;
	assert_int_equal(prtos_chan_send(&w, msg, 40, 0), -ENOSPC);
	assert_int_equal(prtos_chan_reserve(&w, &slot), -ENOSPC);
	assert_int_equal(w.writer->overflows, 3);
	r.reader->tail = head;
	assert_int_equal(prtos_chan_send(&w, msg, 40, 0), 0);

	for (i = 0; i < 50000; i++) {
		head = w.writer->head;
		r.reader->tail = rnd() & 1 ? (__u32)rnd()
					   : head + (__u32)(rnd() % 9) - 4;
		overflows = w.writer->overflows;
		if (rnd() & 1) {
			ret = prtos_chan_send(&w, msg, rnd() % 41, 0);
		} else {
			ret = prtos_chan_reserve(&w, &slot);
			if (ret >= 0) {
				assert_int_equal(ret, 40);
				assert_true(slot >= (void *)w.data &&
					    (__u8 *)slot + 40 <=
						    g.base + PAGE + PAGE);
				ret = prtos_chan_commit(&w, 40, 0);
			}
		}
		if (ret == -ENOSPC) {
			assert_true(w.writer->overflows == overflows + 1);
			assert_int_equal(w.writer->head, head);
		} else {
			assert_int_equal(ret, 0);
			assert_int_equal(w.writer->head, head + 1);
		}
	}
	guarded_free(&g);
}

#define SPSC_MESSAGES 100000
#define SPSC_DEPTH    61 /* does not divide 2^32 */

/*
 * Waiting for the peer: spin a little, then sleep, so that on a busy
 * host the peer gets the CPU (yielding would wait for whole time slices).
 */
static void spsc_backoff(unsigned long *failures)
{
	struct timespec ts = { .tv_nsec = 1000 };

	if (!(++*failures % 32))
		nanosleep(&ts, NULL);
}

struct spsc {
	struct prtos_chan w;
	unsigned long refused;
};

static void *spsc_send_thread(void *arg)
{
	struct spsc *s = arg;
	__u32 m[4];
	__u64 i;

	for (i = 0; i < SPSC_MESSAGES; i++) {
		m[0] = (__u32)i;
		m[1] = mix(i, 1);
		m[2] = mix(i, 2);
		m[3] = m[0] ^ m[1] ^ m[2];
		while (prtos_chan_send(&s->w, m, 4 + (i % 4) * 4, i) == -ENOSPC)
			spsc_backoff(&s->refused);
	}
	return NULL;
}

/* A writer thread and a reader: FIFO, no gap, every refusal reported. */
static void test_queuing_concurrent(void **state)
{
	struct prtos_channel cfg =
		make_cfg(PRTOS_CHANNEL_QUEUING, 1, 16, SPSC_DEPTH, 0);
	struct prtos_chan_info info;
	struct prtos_chan r;
	struct spsc s;
	struct guarded g;
	pthread_t thread;
	__u64 got = 0, lost = 0, start = 0xffffffffULL - 50000;
	unsigned long empty = 0, bad = 0;
	__u32 m[4];
	int ret;

	chan_make(&g, &cfg, 0);
	memset(&s, 0, sizeof(s));
	open_ok(&s.w, &g, PRTOS_CHANNEL_END_WRITER);
	/* cross the 32-bit wrap while racing */
	s.w.writer->messages = start;
	s.w.writer->head = (__u32)start;
	s.w.reader->received = start;
	s.w.reader->tail = (__u32)start;
	open_ok(&s.w, &g, PRTOS_CHANNEL_END_WRITER);
	open_ok(&r, &g, PRTOS_CHANNEL_END_READER(0));

	assert_int_equal(pthread_create(&thread, NULL, spsc_send_thread, &s),
			 0);
	while (got < SPSC_MESSAGES) {
		ret = prtos_chan_receive(&r, m, sizeof(m), 0, &info);
		if (ret == -EAGAIN) {
			spsc_backoff(&empty);
			continue;
		}
		lost += info.lost;
		if (ret != (int)(4 + (got % 4) * 4) || m[0] != (__u32)got ||
		    info.timestamp != got)
			bad++;
		else if (ret > 4 && m[1] != mix(got, 1))
			bad++;
		else if (ret == 16 && m[3] != (m[0] ^ m[1] ^ m[2]))
			bad++;
		got++;
	}
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(prtos_chan_receive(&r, m, sizeof(m), 0, &info),
			 -EAGAIN);
	/* every refused send was counted, and reported exactly once */
	assert_true(s.w.writer->overflows == s.refused);
	if (s.refused) {
		/* overflows after the last receive are not reported yet */
		assert_true(lost <= s.refused);
		ret = prtos_chan_send(&s.w, m, 4, 0);
		assert_int_equal(ret, 0);
		assert_int_equal(prtos_chan_receive(&r, m, sizeof(m), 0, &info),
				 4);
		lost += info.lost;
	}
	assert_true(lost == s.refused);
	assert_true(r.reader->received == start + SPSC_MESSAGES + !!s.refused);
	guarded_free(&g);
}

/* ---- doorbells ------------------------------------------------------- */

static void test_arm(void **state)
{
	struct prtos_channel cfg = make_cfg(PRTOS_CHANNEL_SAMPLING, 2, 8, 0, 0);
	struct prtos_channel_header *h;
	struct prtos_chan w, r1;
	struct guarded g;

	h = chan_make(&g, &cfg, 0);
	open_ok(&w, &g, PRTOS_CHANNEL_END_WRITER);
	open_ok(&r1, &g, PRTOS_CHANNEL_END_READER(1));
	assert_false(prtos_chan_armed(&w));
	assert_false(prtos_chan_armed(&r1));

	prtos_chan_arm(&r1);
	prtos_chan_arm(&r1);
	assert_int_equal(r1.reader->arm, 2);
	assert_int_equal(w.writer->arm, 0);
	assert_true(prtos_chan_armed(&r1));
	assert_false(prtos_chan_armed(&w));
	/* the hypervisor delivered for arm value 2 */
	h->served[PRTOS_CHANNEL_END_READER(1)] = 2;
	assert_false(prtos_chan_armed(&r1));

	prtos_chan_arm(&w);
	assert_int_equal(w.writer->arm, 1);
	assert_true(prtos_chan_armed(&w));
	h->served[PRTOS_CHANNEL_END_WRITER] = 1;
	assert_false(prtos_chan_armed(&w));
	guarded_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_sampling),
		cmocka_unit_test(test_format_queuing),
		cmocka_unit_test(test_format_refuses),
		cmocka_unit_test(test_open_refuses_bad_headers),
		cmocka_unit_test(test_open_keeps_geometry),
		cmocka_unit_test(test_sampling_basic),
		cmocka_unit_test(test_sampling_age),
		cmocka_unit_test(test_sampling_busy_and_wrap),
		cmocka_unit_test(test_sampling_hostile),
		cmocka_unit_test(test_sampling_torn_reads),
		cmocka_unit_test(test_queuing_fifo_overflow),
		cmocka_unit_test(test_queuing_wrap_around),
		cmocka_unit_test(test_queuing_reopen),
		cmocka_unit_test(test_queuing_zero_copy),
		cmocka_unit_test(test_queuing_hostile_writer),
		cmocka_unit_test(test_queuing_hostile_reader),
		cmocka_unit_test(test_queuing_concurrent),
		cmocka_unit_test(test_arm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
