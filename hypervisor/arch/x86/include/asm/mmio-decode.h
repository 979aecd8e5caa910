/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding of the guest instruction behind a trapped MMIO access. The CPU
 * gives no decode assist and no next RIP, so the hypervisor fetches the
 * bytes at the guest RIP and learns from them how wide the access is, which
 * register or immediate it moves and how long the instruction is. The
 * address itself comes from the nested page fault, so it is not computed.
 */
#ifndef _PRTOS_ASM_MMIO_DECODE_H
#define _PRTOS_ASM_MMIO_DECODE_H

#include <prtos-lib/compat.h>

/* The architectural limit on the length of one x86 instruction. */
#define MMIO_INSN_MAX_LEN 15

/**
 * struct mmio_insn - a decoded MMIO access
 * @length:	instruction length in bytes; add it to RIP to skip the access
 * @size:	width of the memory access: 1, 2, 4 or 8
 * @is_write:	true for a store to MMIO, false for a load from it
 * @has_imm:	the store writes @imm rather than a register
 * @imm:	the immediate, truncated to @size bytes; for REX.W C7 the
 *		imm32 sign-extended to 64 bits
 * @reg:	the register operand (0 = rax ... 7 = rdi, 8..15 = r8..r15);
 *		for a high-byte operand the register that holds it (0..3)
 * @high_byte:	the operand is AH, CH, DH or BH (bits 15:8 of @reg)
 * @sign_extend: the load is MOVSX: sign-extend from @size to @dest_size
 * @dest_size:	loads only: width of the register write (differs from
 *		@size for MOVZX/MOVSX); 0 for stores
 *
 * Loads are applied with mmio_load_merge(), stores take their value from
 * mmio_store_value(); neither needs to look at the fields itself.
 */
struct mmio_insn {
	unsigned int length;
	unsigned int size;
	bool is_write;
	bool has_imm;
	__u64 imm;
	unsigned int reg;
	bool high_byte;
	bool sign_extend;
	unsigned int dest_size;
};

int mmio_decode(const __u8 *bytes, unsigned int len, bool long_mode_64,
		struct mmio_insn *insn);
__u64 mmio_load_merge(const struct mmio_insn *insn, __u64 old_reg, __u64 value);
__u64 mmio_store_value(const struct mmio_insn *insn, __u64 reg_value);

#endif
