// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for the console ring: wrap-around, a ring filled exactly, lost
 * bytes, partial reads, positions beyond the head and rings whose header
 * a crash has corrupted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <prtos-lib/console-ring.h>

#define SIZE PRTOS_CONSOLE_SIZE

/* Byte number n of the test stream; varies enough to catch misplacement. */
static char pattern(__u64 n)
{
	return (char)(n * 131 + (n >> 8) * 7 + 1);
}

/* Writes stream bytes [from, from + count) in chunks of @chunk bytes. */
static void write_stream(struct prtos_console_ring *r, __u64 from, size_t count,
			 size_t chunk)
{
	char buf[4 * SIZE];
	size_t i, n;

	assert_true(chunk <= sizeof(buf));
	while (count) {
		n = count < chunk ? count : chunk;
		for (i = 0; i < n; i++)
			buf[i] = pattern(from + i);
		console_ring_write(r, buf, n);
		from += n;
		count -= n;
	}
}

static void assert_stream(const char *out, __u64 from, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (out[i] != pattern(from + i))
			fail_msg("byte %llu of the stream is wrong",
				 (unsigned long long)(from + i));
}

/* Heap-allocated so that ASan notices any access past the ring. */
static int setup(void **state)
{
	struct prtos_console_ring *r = malloc(sizeof(*r));

	if (!r)
		return -1;
	memset(r, 0x5a, sizeof(*r));
	console_ring_init(r);
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static void test_init(void **state)
{
	struct prtos_console_ring *r = *state;
	__u64 pos = 0, lost = 1;
	char out[16];

	assert_int_equal(r->head, 0);
	assert_int_equal(r->size, SIZE);
	assert_true(console_ring_is_valid(r));
	assert_int_equal(console_ring_read(r, &pos, out, sizeof(out), &lost),
			 0);
	assert_int_equal(pos, 0);
	assert_int_equal(lost, 0);
}

static void test_write_read(void **state)
{
	struct prtos_console_ring *r = *state;
	__u64 pos = 0, lost = 1;
	char out[16];

	console_ring_write(r, "hello, ", 7);
	console_ring_write(r, "world\n", 6);
	console_ring_write(r, "ignored", 0);
	assert_int_equal(r->head, 13);
	assert_int_equal(console_ring_read(r, &pos, out, sizeof(out), &lost),
			 13);
	assert_memory_equal(out, "hello, world\n", 13);
	assert_int_equal(pos, 13);
	assert_int_equal(lost, 0);

	/* nothing new */
	assert_int_equal(console_ring_read(r, &pos, out, sizeof(out), &lost),
			 0);
	assert_int_equal(pos, 13);
}

static void test_partial_reads(void **state)
{
	struct prtos_console_ring *r = *state;
	__u64 pos = 0, lost;
	char out[SIZE];
	size_t got, total = 0;

	write_stream(r, 0, 1000, 77);
	while ((got = console_ring_read(r, &pos, out, 64, &lost))) {
		assert_true(got <= 64);
		assert_int_equal(lost, 0);
		assert_stream(out, total, got);
		total += got;
		assert_int_equal(pos, total);
	}
	assert_int_equal(total, 1000);

	/* a zero-sized buffer copies nothing and keeps the position */
	pos = 10;
	assert_int_equal(console_ring_read(r, &pos, NULL, 0, NULL), 0);
	assert_int_equal(pos, 10);
}

static void test_wrap_around(void **state)
{
	struct prtos_console_ring *r = *state;
	__u64 pos, lost;
	char out[SIZE];
	__u64 i;

	write_stream(r, 0, SIZE - 3, SIZE);
	write_stream(r, SIZE - 3, 10, 10);
	assert_int_equal(r->head, SIZE + 7);

	/* the layout the ABI promises: byte n at buf[n % size] */
	for (i = 7; i < SIZE + 7; i++)
		assert_int_equal(r->buf[i % SIZE], pattern(i));

	pos = SIZE - 5;
	assert_int_equal(console_ring_read(r, &pos, out, sizeof(out), &lost),
			 12);
	assert_stream(out, SIZE - 5, 12);
	assert_int_equal(pos, SIZE + 7);
	assert_int_equal(lost, 0);

	/* a read that stops right at the end of the buffer */
	pos = SIZE - 5;
	assert_int_equal(console_ring_read(r, &pos, out, 5, &lost), 5);
	assert_stream(out, SIZE - 5, 5);
	assert_int_equal(console_ring_read(r, &pos, out, 5, &lost), 5);
	assert_stream(out, SIZE, 5);
}

static void test_exact_fill(void **state)
{
	struct prtos_console_ring *r = *state;
	__u64 pos = 0, lost = 1;
	char out[SIZE];

	write_stream(r, 0, SIZE, 100);
	assert_int_equal(console_ring_read(r, &pos, out, sizeof(out), &lost),
			 SIZE);
	assert_stream(out, 0, SIZE);
	assert_int_equal(lost, 0);
	assert_int_equal(pos, SIZE);

	/* one more byte overwrites byte 0 */
	write_stream(r, SIZE, 1, 1);
	pos = 0;
	assert_int_equal(console_ring_read(r, &pos, out, sizeof(out), &lost),
			 SIZE);
	assert_int_equal(lost, 1);
	assert_stream(out, 1, SIZE);
	assert_int_equal(pos, SIZE + 1);
}

static void test_lost(void **state)
{
	struct prtos_console_ring *r = *state;
	__u64 pos = 100, lost = 0;
	char out[SIZE];

	write_stream(r, 0, 3 * SIZE + 17, 1000);
	assert_int_equal(console_ring_read(r, &pos, out, 10, &lost), 10);
	assert_int_equal(lost, 2 * SIZE + 17 - 100);
	assert_stream(out, 2 * SIZE + 17, 10);
	assert_int_equal(pos, 2 * SIZE + 27);

	/* from there on nothing more is lost */
	assert_int_equal(console_ring_read(r, &pos, out, sizeof(out), &lost),
			 SIZE - 10);
	assert_int_equal(lost, 0);
	assert_stream(out, 2 * SIZE + 27, SIZE - 10);

	/* @lost is optional */
	pos = 0;
	assert_int_equal(console_ring_read(r, &pos, out, 1, NULL), 1);
	assert_stream(out, 2 * SIZE + 17, 1);
}

static void test_big_write(void **state)
{
	struct prtos_console_ring *r = *state;
	__u64 pos = 0, lost;
	char out[SIZE];

	write_stream(r, 0, 5, 5);
	/* one write longer than the ring keeps its tail only */
	write_stream(r, 5, 2 * SIZE + 3, 4 * SIZE);
	assert_int_equal(r->head, 2 * SIZE + 8);
	assert_int_equal(console_ring_read(r, &pos, out, sizeof(out), &lost),
			 SIZE);
	assert_int_equal(lost, SIZE + 8);
	assert_stream(out, SIZE + 8, SIZE);
}

static void test_pos_beyond_head(void **state)
{
	struct prtos_console_ring *r = *state;
	__u64 pos, lost = 1;
	char out[16];

	write_stream(r, 0, 20, 20);
	pos = 1000;
	assert_int_equal(console_ring_read(r, &pos, out, sizeof(out), &lost),
			 0);
	assert_int_equal(pos, 20);
	assert_int_equal(lost, 0);

	pos = ~0ULL;
	assert_int_equal(console_ring_read(r, &pos, out, sizeof(out), &lost),
			 0);
	assert_int_equal(pos, 20);
}

static void test_snapshot(void **state)
{
	struct prtos_console_ring *r = *state;
	struct prtos_console_ring *snap = malloc(sizeof(*snap));
	__u64 pos = SIZE, lost;
	char out[SIZE];

	assert_non_null(snap);
	write_stream(r, 0, SIZE + 500, 333);
	memcpy(snap, r, sizeof(*snap));
	/* the live ring moves on; the snapshot does not */
	write_stream(r, SIZE + 500, 100, 100);
	assert_int_equal(console_ring_read(snap, &pos, out, sizeof(out), &lost),
			 500);
	assert_stream(out, SIZE, 500);
	assert_int_equal(pos, SIZE + 500);
	free(snap);
}

static void test_corrupted_size(void **state)
{
	static const __u32 sizes[] = { 0, 1, SIZE - 1, SIZE + 1, 0xffffffff };
	struct prtos_console_ring *r = *state;
	__u64 pos, lost;
	char out[SIZE];
	size_t i;

	write_stream(r, 0, SIZE + 40, 1000);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		r->size = sizes[i];
		assert_false(console_ring_is_valid(r));
		/* the layout is fixed by the ABI, not by the field */
		pos = 0;
		assert_int_equal(console_ring_read(r, &pos, out, sizeof(out),
						   &lost),
				 SIZE);
		assert_int_equal(lost, 40);
		assert_stream(out, 40, SIZE);
	}
}

static void test_corrupted_head(void **state)
{
	struct prtos_console_ring *r = *state;
	__u64 pos, lost;
	char out[SIZE];
	size_t got;

	r->size = 0xdeadbeef;
	r->head = ~0ULL;

	/* far behind: lose all but the last SIZE bytes */
	pos = 0;
	got = console_ring_read(r, &pos, out, sizeof(out), &lost);
	assert_int_equal(got, SIZE);
	assert_int_equal(lost, ~0ULL - SIZE);
	assert_int_equal(pos, ~0ULL);

	/* close to the head, across the end of the buffer */
	pos = ~0ULL - 5;
	got = console_ring_read(r, &pos, out, sizeof(out), &lost);
	assert_int_equal(got, 5);
	assert_int_equal(lost, 0);
	assert_memory_equal(out, r->buf + SIZE - 6, 5);
	assert_int_equal(pos, ~0ULL);

	pos = ~0ULL;
	assert_int_equal(console_ring_read(r, &pos, out, sizeof(out), &lost),
			 0);

	/* head not a multiple of anything and just past one ring */
	r->head = SIZE + 1;
	pos = 0;
	assert_int_equal(console_ring_read(r, &pos, out, sizeof(out), &lost),
			 SIZE);
	assert_int_equal(lost, 1);
	assert_memory_equal(out, r->buf + 1, SIZE - 1);
	assert_int_equal(out[SIZE - 1], r->buf[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_read, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_partial_reads, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_wrap_around, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_exact_fill, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_write, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pos_beyond_head, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupted_size, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_corrupted_head, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("console_ring", tests, NULL, NULL);
}
