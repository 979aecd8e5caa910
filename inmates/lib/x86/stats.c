// SPDX-License-Identifier: GPL-2.0
/*
 * Running statistics with a fixed-width histogram. Adding a sample is a
 * handful of integer operations and no division by a variable in the
 * common case, so that it can run inside a real-time frame; percentiles
 * are read from the histogram and are therefore exact to one bucket.
 */
#include <inmate/stats.h>

/**
 * stats_init() - set up empty statistics
 * @s: the statistics
 * @buckets: @num_buckets counters, owned by @s from now on
 * @num_buckets: 2 or more; the last bucket collects the overflow
 * @bucket_width: width of a bucket, in the unit of the samples, > 0
 */
void stats_init(struct stats *s, u32 *buckets, unsigned int num_buckets,
		u64 bucket_width)
{
	s->buckets = buckets;
	s->num_buckets = num_buckets < 2 ? 2 : num_buckets;
	s->bucket_width = bucket_width ? bucket_width : 1;
	stats_reset(s);
}

/**
 * stats_reset() - forget every sample, keep the histogram's shape
 * @s: the statistics
 */
void stats_reset(struct stats *s)
{
	unsigned int i;

	s->count = 0;
	s->sum = 0;
	s->min = U64_MAX;
	s->max = 0;
	for (i = 0; i < s->num_buckets; i++)
		s->buckets[i] = 0;
}

static unsigned int bucket_of(const struct stats *s, u64 value)
{
	u64 last = s->num_buckets - 1;
	u64 i = value / s->bucket_width;

	return i < last ? (unsigned int)i : (unsigned int)last;
}

/**
 * stats_add() - add one sample
 * @s: the statistics
 * @value: the sample
 */
void stats_add(struct stats *s, u64 value)
{
	u32 *b = &s->buckets[bucket_of(s, value)];

	s->count++;
	s->sum = value > U64_MAX - s->sum ? U64_MAX : s->sum + value;
	if (value < s->min)
		s->min = value;
	if (value > s->max)
		s->max = value;
	if (*b != 0xffffffff)
		(*b)++;
}

/**
 * stats_merge() - add every sample of one series to another
 * @into: the statistics to add to
 * @from: statistics of the same bucket width and number of buckets
 */
void stats_merge(struct stats *into, const struct stats *from)
{
	unsigned int i;
	u64 n;

	if (!from->count)
		return;
	into->count += from->count;
	into->sum = from->sum > U64_MAX - into->sum ? U64_MAX
						    : into->sum + from->sum;
	if (from->min < into->min)
		into->min = from->min;
	if (from->max > into->max)
		into->max = from->max;
	for (i = 0; i < into->num_buckets && i < from->num_buckets; i++) {
		n = (u64)into->buckets[i] + from->buckets[i];
		into->buckets[i] = n > 0xffffffff ? 0xffffffff : (u32)n;
	}
}

/**
 * stats_avg() - the mean of the samples
 * @s: the statistics
 *
 * Return: the mean rounded down, 0 without samples.
 */
u64 stats_avg(const struct stats *s)
{
	return s->count ? s->sum / s->count : 0;
}

/**
 * stats_min() - the smallest sample
 * @s: the statistics
 *
 * Return: the smallest sample, 0 without samples.
 */
u64 stats_min(const struct stats *s)
{
	return s->count ? s->min : 0;
}

/**
 * stats_percentile() - a value that a given share of the samples reach
 * @s: the statistics
 * @permille: the share in tenths of a percent (990 for p99), 0..1000
 *
 * Finds the bucket that holds the sample of rank ceil(count * share) and
 * returns its upper edge, clipped to the observed maximum: less than one
 * bucket width above the exact percentile, never below it. A rank that
 * falls into the overflow bucket gives the maximum.
 *
 * Return: the percentile, 0 without samples.
 */
u64 stats_percentile(const struct stats *s, unsigned int permille)
{
	u64 rank, seen = 0, edge;
	unsigned int i;

	if (!s->count)
		return 0;
	if (permille > 1000)
		permille = 1000;
	rank = (s->count / 1000) * permille +
	       ((s->count % 1000) * permille + 999) / 1000;
	if (!rank)
		rank = 1;
	for (i = 0; i + 1 < s->num_buckets; i++) {
		seen += s->buckets[i];
		if (seen >= rank) {
			edge = (i + 1) * s->bucket_width - 1;
			return edge < s->max ? edge : s->max;
		}
	}
	return s->max;
}

/**
 * stats_count_below() - how many samples are known to lie below a value
 * @s: the statistics
 * @limit: the value
 *
 * Return: the samples in the buckets that lie wholly below @limit; those
 * in the overflow bucket are never counted, their values being unknown.
 */
u64 stats_count_below(const struct stats *s, u64 limit)
{
	u64 end = limit / s->bucket_width, n = 0;
	unsigned int i;

	for (i = 0; i < end && i + 1 < s->num_buckets; i++)
		n += s->buckets[i];
	return n;
}
