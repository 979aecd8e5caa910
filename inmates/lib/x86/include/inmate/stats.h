/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running statistics of a series of non-negative samples (latencies in
 * ns): count, min, average, max, and a histogram of fixed-width buckets
 * from which percentiles are read. The caller provides the bucket array,
 * so the same code serves the freestanding inmates and the host tests.
 */
#ifndef _INMATE_STATS_H
#define _INMATE_STATS_H

#include <inmate/types.h>

/**
 * struct stats - statistics of one series
 * @count: samples added
 * @sum: their sum (saturates instead of wrapping)
 * @min: smallest sample, U64_MAX while @count is 0
 * @max: largest sample
 * @bucket_width: width of each histogram bucket, > 0
 * @num_buckets: entries of @buckets, >= 2; the last one counts every
 *	sample >= (@num_buckets - 1) * @bucket_width (the overflow bucket)
 * @buckets: bucket i counts samples in [i * width, (i + 1) * width)
 */
struct stats {
	u64 count;
	u64 sum;
	u64 min;
	u64 max;
	u64 bucket_width;
	unsigned int num_buckets;
	u32 *buckets;
};

void stats_init(struct stats *s, u32 *buckets, unsigned int num_buckets,
		u64 bucket_width);
void stats_reset(struct stats *s);
void stats_add(struct stats *s, u64 value);
void stats_merge(struct stats *into, const struct stats *from);
u64 stats_avg(const struct stats *s);
u64 stats_min(const struct stats *s);
u64 stats_percentile(const struct stats *s, unsigned int permille);
u64 stats_count_below(const struct stats *s, u64 limit);

#endif
