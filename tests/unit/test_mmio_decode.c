// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for the MMIO instruction decoder: real encodings (checked with
 * GNU as), their lengths, truncated and unsupported input, and the
 * partial-register rules of loads and stores.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <asm/mmio-decode.h>

struct decode_case {
	const char *text; /* what `as` made of it, for failure reports */
	bool long_mode_64;
	unsigned int len;
	__u8 bytes[MMIO_INSN_MAX_LEN];
	struct mmio_insn want;
};

#define M64 true
#define M32 false

/* Designated initialisers keep each expectation readable. */
#define LOAD(sz, r)                                         \
	{                                                   \
		.size = (sz), .reg = (r), .dest_size = (sz) \
	}
#define STORE(sz, r)                                       \
	{                                                  \
		.size = (sz), .reg = (r), .is_write = true \
	}
#define STORE_IMM(sz, v)                                                    \
	{                                                                   \
		.size = (sz), .is_write = true, .has_imm = true, .imm = (v) \
	}

static const struct decode_case good[] = {
	{ "mov 0x320(%rax),%eax",
	  M64,
	  6,
	  { 0x8b, 0x80, 0x20, 0x03, 0x00, 0x00 },
	  LOAD(4, 0) },
	{ "mov %edx,(%rax)", M64, 2, { 0x89, 0x10 }, STORE(4, 2) },
	{ "mov %edx,0xffffffffff5fb0b0",
	  M64,
	  7,
	  { 0x89, 0x14, 0x25, 0xb0, 0xb0, 0x5f, 0xff },
	  STORE(4, 2) },
	{ "movl $0x12345678,0x100(%rip)",
	  M64,
	  10,
	  { 0xc7, 0x05, 0x00, 0x01, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12 },
	  STORE_IMM(4, 0x12345678) },
	{ "mov %r12d,0xb0(%rdx)",
	  M64,
	  7,
	  { 0x44, 0x89, 0xa2, 0xb0, 0x00, 0x00, 0x00 },
	  STORE(4, 12) },
	{ "mov 0x30(%rdi),%rax",
	  M64,
	  4,
	  { 0x48, 0x8b, 0x47, 0x30 },
	  LOAD(8, 0) },
	{ "mov %ax,(%rcx)", M64, 3, { 0x66, 0x89, 0x01 }, STORE(2, 0) },
	{ "movzbl 0x10(%rsi),%eax",
	  M64,
	  4,
	  { 0x0f, 0xb6, 0x46, 0x10 },
	  { .size = 1, .reg = 0, .dest_size = 4 } },
	{ "movzwl (%rbx),%r9d",
	  M64,
	  4,
	  { 0x44, 0x0f, 0xb7, 0x0b },
	  { .size = 2, .reg = 9, .dest_size = 4 } },
	{ "movzbw (%rax),%dx",
	  M64,
	  4,
	  { 0x66, 0x0f, 0xb6, 0x10 },
	  { .size = 1, .reg = 2, .dest_size = 2 } },
	{ "movsbl (%rax),%ecx",
	  M64,
	  3,
	  { 0x0f, 0xbe, 0x08 },
	  { .size = 1, .reg = 1, .dest_size = 4, .sign_extend = true } },
	{ "movswq (%rax),%rdx",
	  M64,
	  4,
	  { 0x48, 0x0f, 0xbf, 0x10 },
	  { .size = 2, .reg = 2, .dest_size = 8, .sign_extend = true } },
	{ "movabs 0xfee00030,%eax",
	  M64,
	  9,
	  { 0xa1, 0x30, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00 },
	  LOAD(4, 0) },
	{ "movabs %rax,0xfee000b0",
	  M64,
	  10,
	  { 0x48, 0xa3, 0xb0, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00 },
	  STORE(8, 0) },
	{ "movabs 0x1122334455667788,%al",
	  M64,
	  9,
	  { 0xa0, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 },
	  LOAD(1, 0) },
	{ "movabs %al,0xfee00000",
	  M64,
	  9,
	  { 0xa2, 0x00, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00 },
	  STORE(1, 0) },
	{ "addr32 movabs 0xfee00030,%eax",
	  M64,
	  6,
	  { 0x67, 0xa1, 0x30, 0x00, 0xe0, 0xfe },
	  LOAD(4, 0) },
	{ "mov %ah,(%rax)",
	  M64,
	  2,
	  { 0x88, 0x20 },
	  { .size = 1, .reg = 0, .is_write = true, .high_byte = true } },
	{ "mov %spl,(%rax)", M64, 3, { 0x40, 0x88, 0x20 }, STORE(1, 4) },
	{ "mov (%rdx),%bh",
	  M64,
	  2,
	  { 0x8a, 0x3a },
	  { .size = 1, .reg = 3, .dest_size = 1, .high_byte = true } },
	{ "mov (%rax),%sil", M64, 3, { 0x40, 0x8a, 0x30 }, LOAD(1, 6) },
	{ "mov 0x10(%rip),%r8b",
	  M64,
	  7,
	  { 0x44, 0x8a, 0x05, 0x10, 0x00, 0x00, 0x00 },
	  LOAD(1, 8) },
	{ "movq $-1,0x8(%rax)",
	  M64,
	  8,
	  { 0x48, 0xc7, 0x40, 0x08, 0xff, 0xff, 0xff, 0xff },
	  STORE_IMM(8, 0xffffffffffffffffULL) },
	{ "movq $0x7fffffff,(%rax)",
	  M64,
	  7,
	  { 0x48, 0xc7, 0x00, 0xff, 0xff, 0xff, 0x7f },
	  STORE_IMM(8, 0x7fffffff) },
	{ "movl $0x80000000,(%rax)",
	  M64,
	  6,
	  { 0xc7, 0x00, 0x00, 0x00, 0x00, 0x80 },
	  STORE_IMM(4, 0x80000000) },
	{ "movb $0x5a,0x300(%rax)",
	  M64,
	  7,
	  { 0xc6, 0x80, 0x00, 0x03, 0x00, 0x00, 0x5a },
	  STORE_IMM(1, 0x5a) },
	{ "movb $0x80,(%rax)",
	  M64,
	  3,
	  { 0xc6, 0x00, 0x80 },
	  STORE_IMM(1, 0x80) },
	{ "movw $0x1234,(%rax)",
	  M64,
	  5,
	  { 0x66, 0xc7, 0x00, 0x34, 0x12 },
	  STORE_IMM(2, 0x1234) },
	{ "mov %eax,%fs:0x10(%rax,%rbx,4)",
	  M64,
	  5,
	  { 0x64, 0x89, 0x44, 0x98, 0x10 },
	  STORE(4, 0) },
	{ "mov 0x0(,%rcx,8),%eax",
	  M64,
	  7,
	  { 0x8b, 0x04, 0xcd, 0x00, 0x00, 0x00, 0x00 },
	  LOAD(4, 0) },
	{ "mov 0x0(%r13),%eax", M64, 4, { 0x41, 0x8b, 0x45, 0x00 }, LOAD(4, 0) },
	{ "mov (%r12),%eax", M64, 4, { 0x41, 0x8b, 0x04, 0x24 }, LOAD(4, 0) },
	{ "mov %eax,0x12345678(%rsp)",
	  M64,
	  7,
	  { 0x89, 0x84, 0x24, 0x78, 0x56, 0x34, 0x12 },
	  STORE(4, 0) },
	{ "mov %r15,-0x8(%rbp,%r14,2)",
	  M64,
	  5,
	  { 0x4e, 0x89, 0x7c, 0x75, 0xf8 },
	  STORE(8, 15) },
	{ "mov (%eax),%ecx", M64, 3, { 0x67, 0x8b, 0x08 }, LOAD(4, 1) },
	/* REX must come last: the CPU ignores the 0x48 before 0x66 */
	{ "rex.W; mov %ax,(%rax)",
	  M64,
	  4,
	  { 0x48, 0x66, 0x89, 0x00 },
	  STORE(2, 0) },
	{ "data16 mov %rax,(%rax)",
	  M64,
	  4,
	  { 0x66, 0x48, 0x89, 0x00 },
	  STORE(8, 0) },
	{ "rex.R rex.W: mov %r8,(%rax)",
	  M64,
	  4,
	  { 0x44, 0x48, 0x89, 0x00 },
	  STORE(8, 0) },
	{ "13 x ds; mov %eax,(%rax)",
	  M64,
	  15,
	  { 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
	    0x3e, 0x3e, 0x89, 0x00 },
	  STORE(4, 0) },

	/* 32-bit protected mode */
	{ "mov 0x320(%eax),%eax",
	  M32,
	  6,
	  { 0x8b, 0x80, 0x20, 0x03, 0x00, 0x00 },
	  LOAD(4, 0) },
	{ "mov 0xfee00030,%eax",
	  M32,
	  5,
	  { 0xa1, 0x30, 0x00, 0xe0, 0xfe },
	  LOAD(4, 0) },
	{ "mov %eax,0xfee000b0",
	  M32,
	  5,
	  { 0xa3, 0xb0, 0x00, 0xe0, 0xfe },
	  STORE(4, 0) },
	{ "addr16 mov 0x1234,%eax (moffs)",
	  M32,
	  4,
	  { 0x67, 0xa1, 0x34, 0x12 },
	  LOAD(4, 0) },
	{ "mov 0x10(%bp),%eax", M32, 4, { 0x67, 0x8b, 0x46, 0x10 }, LOAD(4, 0) },
	{ "addr16 mov 0x1234,%ecx",
	  M32,
	  5,
	  { 0x67, 0x8b, 0x0e, 0x34, 0x12 },
	  LOAD(4, 1) },
	{ "mov 0x1234(%bx,%si),%eax",
	  M32,
	  5,
	  { 0x67, 0x8b, 0x80, 0x34, 0x12 },
	  LOAD(4, 0) },
	{ "mov %ecx,(%bx,%di)", M32, 3, { 0x67, 0x89, 0x09 }, STORE(4, 1) },
	{ "mov %dh,(%ecx)",
	  M32,
	  2,
	  { 0x88, 0x31 },
	  { .size = 1, .reg = 2, .is_write = true, .high_byte = true } },
	{ "movw $0x55aa,(%edi)",
	  M32,
	  5,
	  { 0x66, 0xc7, 0x07, 0xaa, 0x55 },
	  STORE_IMM(2, 0x55aa) },
	{ "mov 0x0(,%ecx,8),%eax",
	  M32,
	  7,
	  { 0x8b, 0x04, 0xcd, 0x00, 0x00, 0x00, 0x00 },
	  LOAD(4, 0) },
};

static void check_insn(const struct decode_case *t, const struct mmio_insn *got)
{
	const struct mmio_insn *w = &t->want;

	if (got->length != t->len || got->size != w->size ||
	    got->is_write != w->is_write || got->has_imm != w->has_imm ||
	    got->imm != w->imm || got->reg != w->reg ||
	    got->high_byte != w->high_byte ||
	    got->sign_extend != w->sign_extend ||
	    got->dest_size != w->dest_size)
		print_error("decoding \"%s\":\n", t->text);
	assert_int_equal(got->length, t->len);
	assert_int_equal(got->size, t->want.size);
	assert_int_equal(got->is_write, t->want.is_write);
	assert_int_equal(got->has_imm, t->want.has_imm);
	assert_int_equal(got->imm, t->want.imm);
	assert_int_equal(got->reg, t->want.reg);
	assert_int_equal(got->high_byte, t->want.high_byte);
	assert_int_equal(got->sign_extend, t->want.sign_extend);
	assert_int_equal(got->dest_size, t->want.dest_size);
}

static void test_good_encodings(void **state)
{
	struct mmio_insn insn;
	__u8 buf[MMIO_INSN_MAX_LEN];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		const struct decode_case *t = &good[i];

		/* exact length */
		assert_int_equal(mmio_decode(t->bytes, t->len, t->long_mode_64,
					     &insn),
				 0);
		check_insn(t, &insn);

		/* trailing bytes of the next instruction do not matter */
		memset(buf, 0x89, sizeof(buf));
		memcpy(buf, t->bytes, t->len);
		assert_int_equal(mmio_decode(buf, sizeof(buf), t->long_mode_64,
					     &insn),
				 0);
		check_insn(t, &insn);
	}
}

/*
 * Every proper prefix of a valid instruction is refused. Each is copied
 * into a buffer of exactly that size, so a read past @len shows up under
 * ASan or valgrind.
 */
static void test_truncated(void **state)
{
	struct mmio_insn insn;
	unsigned int n;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		const struct decode_case *t = &good[i];

		for (n = 0; n < t->len; n++) {
			__u8 *p = malloc(n ? n : 1);

			assert_non_null(p);
			memcpy(p, t->bytes, n);
			assert_int_equal(mmio_decode(p, n, t->long_mode_64,
						     &insn),
					 -EINVAL);
			assert_int_equal(insn.length, 0);
			free(p);
		}
	}
}

static const struct {
	const char *text;
	bool long_mode_64;
	unsigned int len;
	__u8 bytes[16];
} bad[] = {
	{ "mov %ah,%al (register operand)", M64, 2, { 0x88, 0xe0 } },
	{ "mov %eax,%eax", M64, 2, { 0x89, 0xc0 } },
	{ "mov %r8,%rax", M64, 3, { 0x4c, 0x8b, 0xc0 } },
	{ "movzbl %al,%eax", M64, 3, { 0x0f, 0xb6, 0xc0 } },
	{ "movl $1,%eax (c7 c0)", M64, 6, { 0xc7, 0xc0, 1, 0, 0, 0 } },
	{ "lock mov %eax,(%rax)", M64, 3, { 0xf0, 0x89, 0x00 } },
	{ "rep movsl", M64, 2, { 0xf3, 0xa5 } },
	{ "repne mov", M64, 3, { 0xf2, 0x89, 0x00 } },
	{ "add %eax,(%rax)", M64, 2, { 0x01, 0x00 } },
	{ "or %eax,(%rax)", M64, 2, { 0x09, 0x00 } },
	{ "xchg %eax,(%rax)", M64, 2, { 0x87, 0x00 } },
	{ "syscall", M64, 2, { 0x0f, 0x05 } },
	{ "cmpxchg %ecx,(%rax)", M64, 3, { 0x0f, 0xb1, 0x08 } },
	{ "c6 /1 (not a mov)", M64, 3, { 0xc6, 0x08, 0x00 } },
	{ "c7 /7 xbegin-like", M64, 6, { 0xc7, 0x38, 0, 0, 0, 0 } },
	{ "xabort $0", M64, 3, { 0xc6, 0xf8, 0x00 } },
	{ "only prefixes", M64, 4, { 0x66, 0x67, 0x48, 0x3e } },
	{ "14 x ds; mov %eax,(%rax) (16 bytes)",
	  M64,
	  16,
	  { 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
	    0x3e, 0x3e, 0x3e, 0x89, 0x00 } },
	{ "inc %eax; mov (32-bit: 0x40 is no prefix)",
	  M32,
	  3,
	  { 0x40, 0x89, 0x00 } },
	{ "dec %eax (32-bit)", M32, 4, { 0x48, 0x8b, 0x47, 0x30 } },
};

static void test_bad_encodings(void **state)
{
	struct mmio_insn insn;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int err;

		memset(&insn, 0xaa, sizeof(insn));
		err = mmio_decode(bad[i].bytes, bad[i].len, bad[i].long_mode_64,
				  &insn);
		if (err != -EINVAL)
			print_error("decoding \"%s\":\n", bad[i].text);
		assert_int_equal(err, -EINVAL);
		assert_int_equal(insn.length, 0);
		assert_int_equal(insn.size, 0);
	}
}

static struct mmio_insn decode(const __u8 *bytes, unsigned int len)
{
	struct mmio_insn insn;

	assert_int_equal(mmio_decode(bytes, len, true, &insn), 0);
	return insn;
}

static void test_load_merge(void **state)
{
	const __u64 old = 0x1122334455667788ULL;
	struct mmio_insn insn;

	/* mov 0x320(%rax),%eax: 32-bit write clears bits 63:32 */
	insn = decode((const __u8[]){ 0x8b, 0x80, 0x20, 0x03, 0, 0 }, 6);
	assert_int_equal(mmio_load_merge(&insn, old, 0xffffffffdeadbeefULL),
			 0xdeadbeefULL);

	/* mov 0x30(%rdi),%rax: full replacement */
	insn = decode((const __u8[]){ 0x48, 0x8b, 0x47, 0x30 }, 4);
	assert_int_equal(mmio_load_merge(&insn, old, 0x8000000000000001ULL),
			 0x8000000000000001ULL);

	/* mov (%rax),%ax: keeps bits 63:16 */
	insn = decode((const __u8[]){ 0x66, 0x8b, 0x00 }, 3);
	assert_int_equal(mmio_load_merge(&insn, old, 0xabcdef12),
			 0x112233445566ef12ULL);

	/* mov (%rax),%sil: keeps bits 63:8 */
	insn = decode((const __u8[]){ 0x40, 0x8a, 0x30 }, 3);
	assert_int_equal(insn.reg, 6);
	assert_int_equal(mmio_load_merge(&insn, old, 0x1ff),
			 0x11223344556677ffULL);

	/* mov (%rdx),%bh: replaces bits 15:8 of rbx only */
	insn = decode((const __u8[]){ 0x8a, 0x3a }, 2);
	assert_int_equal(insn.reg, 3);
	assert_true(insn.high_byte);
	assert_int_equal(mmio_load_merge(&insn, old, 0x1a5),
			 0x112233445566a588ULL);

	/* movzbl: zero-extends the byte, clears 63:32 */
	insn = decode((const __u8[]){ 0x0f, 0xb6, 0x46, 0x10 }, 4);
	assert_int_equal(mmio_load_merge(&insn, old, 0xfffffff0), 0xf0);

	/* movzbw: zero-extends to 16 bits, keeps 63:16 */
	insn = decode((const __u8[]){ 0x66, 0x0f, 0xb6, 0x10 }, 4);
	assert_int_equal(mmio_load_merge(&insn, old, 0xf0),
			 0x11223344556600f0ULL);

	/* movzwq with REX.W: full 64-bit result */
	insn = decode((const __u8[]){ 0x48, 0x0f, 0xb7, 0x00 }, 4);
	assert_int_equal(mmio_load_merge(&insn, old, 0x12348000), 0x8000);

	/* movsbl: sign-extends to 32 bits, clears 63:32 */
	insn = decode((const __u8[]){ 0x0f, 0xbe, 0x08 }, 3);
	assert_int_equal(mmio_load_merge(&insn, old, 0x80), 0xffffff80ULL);
	assert_int_equal(mmio_load_merge(&insn, old, 0x7f), 0x7f);

	/* movswq: sign-extends to 64 bits */
	insn = decode((const __u8[]){ 0x48, 0x0f, 0xbf, 0x10 }, 4);
	assert_int_equal(mmio_load_merge(&insn, old, 0x8001),
			 0xffffffffffff8001ULL);

	/* movsbw: sign-extends to 16 bits, keeps 63:16 */
	insn = decode((const __u8[]){ 0x66, 0x0f, 0xbe, 0x00 }, 4);
	assert_int_equal(mmio_load_merge(&insn, old, 0x90),
			 0x112233445566ff90ULL);

	/* movabs 0x..,%al via moffs */
	insn = decode((const __u8[]){ 0xa0, 0, 0, 0, 0, 0, 0, 0, 0 }, 9);
	assert_int_equal(mmio_load_merge(&insn, old, 0x42),
			 0x1122334455667742ULL);
}

static void test_store_value(void **state)
{
	const __u64 reg = 0x1122334455667788ULL;
	struct mmio_insn insn;

	/* mov %edx,(%rax) */
	insn = decode((const __u8[]){ 0x89, 0x10 }, 2);
	assert_int_equal(mmio_store_value(&insn, reg), 0x55667788);

	/* mov %rax,(%rax) */
	insn = decode((const __u8[]){ 0x48, 0x89, 0x00 }, 3);
	assert_int_equal(mmio_store_value(&insn, reg), reg);

	/* mov %ax,(%rcx) */
	insn = decode((const __u8[]){ 0x66, 0x89, 0x01 }, 3);
	assert_int_equal(mmio_store_value(&insn, reg), 0x7788);

	/* mov %al,(%rax) and mov %ah,(%rax) */
	insn = decode((const __u8[]){ 0x88, 0x00 }, 2);
	assert_int_equal(mmio_store_value(&insn, reg), 0x88);
	insn = decode((const __u8[]){ 0x88, 0x20 }, 2);
	assert_int_equal(mmio_store_value(&insn, reg), 0x77);

	/* movq $-1,0x8(%rax): the register does not matter */
	insn = decode((const __u8[]){ 0x48, 0xc7, 0x40, 0x08, 0xff, 0xff, 0xff,
				      0xff },
		      8);
	assert_int_equal(mmio_store_value(&insn, reg), 0xffffffffffffffffULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_encodings),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_encodings),
		cmocka_unit_test(test_load_merge),
		cmocka_unit_test(test_store_value),
	};

	return cmocka_run_group_tests_name("mmio_decode", tests, NULL, NULL);
}
