// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of inmates/lib/x86/stats.c: min, average and max, which bucket a
 * sample lands in (edges, the overflow bucket, huge values), percentiles
 * read from the histogram (exact to one bucket, never below the exact
 * value, clipped to the observed range), merging and saturation. Random
 * series are checked against the exact percentile of the sorted samples.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include <inmate/stats.h>

#define NB 16

static u32 buckets[NB], buckets2[NB];

static void test_empty(void **state)
{
	struct stats s;

	stats_init(&s, buckets, NB, 10);
	assert_int_equal(s.count, 0);
	assert_int_equal(stats_min(&s), 0);
	assert_int_equal(stats_avg(&s), 0);
	assert_int_equal(s.max, 0);
	assert_int_equal(stats_percentile(&s, 990), 0);
	assert_int_equal(stats_count_below(&s, 1000), 0);
}

static void test_min_avg_max(void **state)
{
	struct stats s;

	stats_init(&s, buckets, NB, 10);
	stats_add(&s, 30);
	stats_add(&s, 10);
	stats_add(&s, 21);
	assert_int_equal(s.count, 3);
	assert_int_equal(stats_min(&s), 10);
	assert_int_equal(s.max, 30);
	/* 61 / 3 rounds down */
	assert_int_equal(stats_avg(&s), 20);
}

static void test_bucket_edges(void **state)
{
	struct stats s;

	stats_init(&s, buckets, NB, 10);
	stats_add(&s, 0);
	stats_add(&s, 9);
	stats_add(&s, 10);
	stats_add(&s, 149);
	/* (NB - 1) * width is the overflow bucket's lower edge */
	stats_add(&s, 150);
	stats_add(&s, UINT64_MAX);
	assert_int_equal(buckets[0], 2);
	assert_int_equal(buckets[1], 1);
	assert_int_equal(buckets[14], 1);
	assert_int_equal(buckets[NB - 1], 2);
	assert_int_equal(s.max, UINT64_MAX);
	/* the sum saturates instead of wrapping */
	assert_int_equal(s.sum, UINT64_MAX);
	assert_int_equal(stats_avg(&s), UINT64_MAX / 6);
}

static void test_count_below(void **state)
{
	struct stats s;

	stats_init(&s, buckets, NB, 10);
	stats_add(&s, 5);
	stats_add(&s, 15);
	stats_add(&s, 25);
	stats_add(&s, 1000);
	assert_int_equal(stats_count_below(&s, 0), 0);
	assert_int_equal(stats_count_below(&s, 10), 1);
	/* a limit inside a bucket counts only the buckets wholly below */
	assert_int_equal(stats_count_below(&s, 19), 1);
	assert_int_equal(stats_count_below(&s, 30), 3);
	/* the overflow bucket's samples have unknown values: never counted */
	assert_int_equal(stats_count_below(&s, UINT64_MAX), 3);
}

static void test_percentiles_exact_width(void **state)
{
	struct stats s;
	u32 many[128];
	unsigned int i;

	stats_init(&s, many, 128, 1);
	for (i = 1; i <= 100; i++)
		stats_add(&s, i);
	assert_int_equal(stats_percentile(&s, 500), 50);
	assert_int_equal(stats_percentile(&s, 990), 99);
	assert_int_equal(stats_percentile(&s, 1000), 100);
	/* rank 1 at least: p0 is the minimum */
	assert_int_equal(stats_percentile(&s, 0), 1);
	/* shares beyond 100 % are 100 % */
	assert_int_equal(stats_percentile(&s, 5000), 100);
}

static void test_percentile_bucket_edge(void **state)
{
	struct stats s;
	unsigned int i;

	stats_init(&s, buckets, NB, 10);
	for (i = 1; i <= 100; i++)
		stats_add(&s, i);
	/* the 50th sample (50) is in [50, 60): upper edge 59 */
	assert_int_equal(stats_percentile(&s, 500), 59);
	/* the 99th (99) is in [90, 100): 99 */
	assert_int_equal(stats_percentile(&s, 990), 99);
	/* p100 is in [100, 110), whose edge 109 is clipped to the max */
	assert_int_equal(stats_percentile(&s, 1000), 100);
}

static void test_percentile_clipped(void **state)
{
	struct stats s;

	stats_init(&s, buckets, NB, 1000);
	stats_add(&s, 700);
	stats_add(&s, 800);
	/* one bucket holds both: its edge 999, clipped to the max */
	assert_int_equal(stats_percentile(&s, 500), 800);
	assert_int_equal(stats_percentile(&s, 990), 800);
	/* also within the first bucket */
	stats_init(&s, buckets, NB, 10);
	stats_add(&s, 5);
	stats_add(&s, 7);
	assert_int_equal(stats_percentile(&s, 500), 7);
}

static void test_percentile_overflow(void **state)
{
	struct stats s;
	unsigned int i;

	stats_init(&s, buckets, NB, 10);
	for (i = 0; i < 98; i++)
		stats_add(&s, 5);
	stats_add(&s, 5000);
	stats_add(&s, 7000);
	assert_int_equal(stats_percentile(&s, 980), 9);
	/* rank 99 lies in the overflow bucket: only the max is known */
	assert_int_equal(stats_percentile(&s, 990), 7000);
}

static void test_rank_rounds_up(void **state)
{
	struct stats s;
	u32 many[64];
	unsigned int i;

	stats_init(&s, many, 64, 1);
	/* 10 samples: p99 is rank ceil(9.9) = 10, the largest */
	for (i = 0; i < 10; i++)
		stats_add(&s, i);
	assert_int_equal(stats_percentile(&s, 990), 9);
	assert_int_equal(stats_percentile(&s, 500), 4);
}

static void test_merge_and_reset(void **state)
{
	struct stats a, b;

	stats_init(&a, buckets, NB, 10);
	stats_init(&b, buckets2, NB, 10);
	stats_add(&a, 12);
	stats_add(&b, 3);
	stats_add(&b, 500);
	stats_merge(&a, &b);
	assert_int_equal(a.count, 3);
	assert_int_equal(stats_min(&a), 3);
	assert_int_equal(a.max, 500);
	assert_int_equal(a.sum, 515);
	assert_int_equal(buckets[0], 1);
	assert_int_equal(buckets[1], 1);
	assert_int_equal(buckets[NB - 1], 1);
	/* merging nothing changes nothing */
	stats_reset(&b);
	stats_merge(&a, &b);
	assert_int_equal(a.count, 3);
	assert_int_equal(stats_min(&a), 3);
	assert_int_equal(b.count, 0);
	assert_int_equal(buckets2[0] + buckets2[NB - 1], 0);
}

static void test_degenerate_shape(void **state)
{
	struct stats s;

	/* width 0 and fewer than 2 buckets are corrected, not divided by */
	stats_init(&s, buckets, 1, 0);
	assert_int_equal(s.bucket_width, 1);
	assert_int_equal(s.num_buckets, 2);
	stats_add(&s, 0);
	stats_add(&s, 7);
	assert_int_equal(buckets[0], 1);
	assert_int_equal(buckets[1], 1);
	assert_int_equal(stats_percentile(&s, 500), 0);
	assert_int_equal(stats_percentile(&s, 1000), 7);
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static void test_random_against_sorted(void **state)
{
	static const unsigned int permille[] = { 1,   100, 500, 900,
						 990, 999, 1000 };
	u64 values[2000], exact, got, rank;
	u32 many[256];
	unsigned int run, i, p, n;
	struct stats s;

	srand(1);
	for (run = 0; run < 50; run++) {
		u64 width = 1 + rand() % 50;

		n = 1 + rand() % 2000;
		stats_init(&s, many, 256, width);
		for (i = 0; i < n; i++) {
			/* within the histogram's range */
			values[i] = rand() % (255 * width);
			stats_add(&s, values[i]);
		}
		qsort(values, n, sizeof(values[0]), cmp_u64);
		assert_int_equal(stats_min(&s), values[0]);
		assert_int_equal(s.max, values[n - 1]);
		for (p = 0; p < sizeof(permille) / sizeof(permille[0]); p++) {
			rank = ((u64)n * permille[p] + 999) / 1000;
			exact = values[(rank ? rank : 1) - 1];
			got = stats_percentile(&s, permille[p]);
			assert_true(got >= exact);
			assert_true(got < exact + width);
			assert_true(got <= values[n - 1]);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_min_avg_max),
		cmocka_unit_test(test_bucket_edges),
		cmocka_unit_test(test_count_below),
		cmocka_unit_test(test_percentiles_exact_width),
		cmocka_unit_test(test_percentile_bucket_edge),
		cmocka_unit_test(test_percentile_clipped),
		cmocka_unit_test(test_percentile_overflow),
		cmocka_unit_test(test_rank_rounds_up),
		cmocka_unit_test(test_merge_and_reset),
		cmocka_unit_test(test_degenerate_shape),
		cmocka_unit_test(test_random_against_sorted),
	};

	return cmocka_run_group_tests_name("inmate_stats", tests, NULL, NULL);
}
