// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of hypervisor/mmio.c: the sorted table of a cell's trapped
 * regions, its refusals, and that one lookup reaches the right handler
 * with the right offset, or nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <prtos-hv/cell.h>
#include <prtos-hv/mmio.h>
#include <prtos-hv/percpu.h>

static struct cell cell;
static struct per_cpu cpu;

/* What the last handler call saw. */
static struct {
	int calls;
	void *arg;
	u64 offset;
	u64 address;
} seen;

static int tag_a, tag_b, tag_c;

static enum mmio_result record(struct per_cpu *c, void *arg, u64 offset,
			       struct mmio_access *access)
{
	assert_ptr_equal(c, &cpu);
	seen.calls++;
	seen.arg = arg;
	seen.offset = offset;
	seen.address = access->address;
	if (!access->is_write)
		access->value = offset;
	return MMIO_HANDLED;
}

static int setup(void **state)
{
	memset(&cell, 0, sizeof(cell));
	memset(&seen, 0, sizeof(seen));
	cpu.cell = &cell;
	return 0;
}

static enum mmio_result load(u64 address, unsigned int size)
{
	struct mmio_access a = { .address = address, .size = size };

	return mmio_dispatch(&cpu, &a);
}

static void table_is_kept_sorted(void **state)
{
	unsigned int n;

	assert_int_equal(mmio_region_register(&cell, 0xfee00000, 0x1000, record,
					      &tag_a),
			 0);
	assert_int_equal(mmio_region_register(&cell, 0xfec00000, 0x1000, record,
					      &tag_b),
			 0);
	assert_int_equal(mmio_region_register(&cell, 0xfed00000, 0x400, record,
					      &tag_c),
			 0);
	assert_int_equal(cell.mmio.num, 3);
	for (n = 1; n < cell.mmio.num; n++)
		assert_true(cell.mmio.regions[n - 1].start <
			    cell.mmio.regions[n].start);
}

static void overlaps_and_empty_ranges_are_refused(void **state)
{
	assert_int_equal(mmio_region_register(&cell, 0x2000, 0x1000, record,
					      NULL),
			 0);
	/* overlapping the start, the end, inside, around */
	assert_int_equal(mmio_region_register(&cell, 0x1800, 0x1000, record,
					      NULL),
			 -EINVAL);
	assert_int_equal(mmio_region_register(&cell, 0x2fff, 0x10, record,
					      NULL),
			 -EINVAL);
	assert_int_equal(mmio_region_register(&cell, 0x2100, 0x10, record,
					      NULL),
			 -EINVAL);
	assert_int_equal(mmio_region_register(&cell, 0x1000, 0x3000, record,
					      NULL),
			 -EINVAL);
	assert_int_equal(mmio_region_register(&cell, 0x5000, 0, record, NULL),
			 -EINVAL);
	assert_int_equal(mmio_region_register(&cell, ~0ULL - 0xff, 0x1000,
					      record, NULL),
			 -EINVAL);
	/* adjacent on both sides is fine */
	assert_int_equal(mmio_region_register(&cell, 0x1000, 0x1000, record,
					      NULL),
			 0);
	assert_int_equal(mmio_region_register(&cell, 0x3000, 0x1000, record,
					      NULL),
			 0);
	assert_int_equal(cell.mmio.num, 3);
}

static void a_full_table_is_refused(void **state)
{
	unsigned int n;

	for (n = 0; n < MAX_MMIO_REGIONS; n++)
		assert_int_equal(mmio_region_register(&cell, n * 0x10000ULL,
						      0x1000, record, NULL),
				 0);
	assert_int_equal(mmio_region_register(&cell, 0x800000, 0x1000, record,
					      NULL),
			 -ENOSPC);
	assert_int_equal(cell.mmio.num, MAX_MMIO_REGIONS);
}

static void each_access_reaches_its_region_with_its_offset(void **state)
{
	struct mmio_access a = { .address = 0xfec00010, .size = 4 };

	table_is_kept_sorted(state);
	assert_int_equal(mmio_dispatch(&cpu, &a), MMIO_HANDLED);
	assert_ptr_equal(seen.arg, &tag_b);
	assert_int_equal(seen.offset, 0x10);
	assert_int_equal(a.value, 0x10);

	assert_int_equal(load(0xfee00ffc, 4), MMIO_HANDLED);
	assert_ptr_equal(seen.arg, &tag_a);
	assert_int_equal(seen.offset, 0xffc);

	assert_int_equal(load(0xfed003ff, 1), MMIO_HANDLED);
	assert_ptr_equal(seen.arg, &tag_c);
	assert_int_equal(seen.offset, 0x3ff);
	assert_int_equal(seen.calls, 3);
	assert_true(mmio_claims(&cell, 0xfed00000));
}

static void unclaimed_or_straddling_accesses_reach_no_handler(void **state)
{
	table_is_kept_sorted(state);
	assert_int_equal(load(0xfebfffff, 1), MMIO_UNHANDLED);
	assert_int_equal(load(0xfec01000, 4), MMIO_UNHANDLED);
	assert_int_equal(load(0xfed00400, 4), MMIO_UNHANDLED);
	assert_int_equal(load(0, 8), MMIO_UNHANDLED);
	assert_int_equal(load(~0ULL, 1), MMIO_UNHANDLED);
	/* starts inside, ends past the region */
	assert_int_equal(load(0xfee00ffd, 4), MMIO_UNHANDLED);
	assert_int_equal(load(0xfed003fc, 8), MMIO_UNHANDLED);
	assert_int_equal(seen.calls, 0);
	assert_false(mmio_claims(&cell, 0xfed00400));
	assert_false(mmio_claims(&cell, 0xfedfffff));
}

static void an_empty_table_claims_nothing(void **state)
{
	assert_int_equal(load(0xfee00000, 4), MMIO_UNHANDLED);
	assert_false(mmio_claims(&cell, 0xfee00000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(table_is_kept_sorted, setup),
		cmocka_unit_test_setup(overlaps_and_empty_ranges_are_refused,
				       setup),
		cmocka_unit_test_setup(a_full_table_is_refused, setup),
		cmocka_unit_test_setup(
			each_access_reaches_its_region_with_its_offset, setup),
		cmocka_unit_test_setup(
			unclaimed_or_straddling_accesses_reach_no_handler,
			setup),
		cmocka_unit_test_setup(an_empty_table_claims_nothing, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
