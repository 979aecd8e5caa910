// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the MMIO instruction decoder (hypervisor/arch/x86/
 * mmio-decode.c), differentially against Capstone. The decoder sees the
 * bytes at a guest's RIP; whatever it accepts must be an instruction that
 * Capstone decodes to the same length, a MOV, MOVZX or MOVSX with one
 * memory operand of the access size the decoder reports, in the
 * direction it reports. Refusing is always allowed; mis-decoding never.
 * The first byte chooses 64-bit (even) or 32-bit mode.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <capstone/capstone.h>

#include <asm/mmio-decode.h>

static csh cs64, cs32;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs64) != CS_ERR_OK ||
	    cs_open(CS_ARCH_X86, CS_MODE_32, &cs32) != CS_ERR_OK)
		abort();
	cs_option(cs64, CS_OPT_DETAIL, CS_OPT_ON);
	cs_option(cs32, CS_OPT_DETAIL, CS_OPT_ON);
	return 0;
}

static void disagree(const char *what, const uint8_t *b, unsigned int len,
		     const struct mmio_insn *in, const cs_insn *c)
{
	fprintf(stderr, "mmio_decode and Capstone disagree (%s):", what);
	for (unsigned int i = 0; i < len; i++)
		fprintf(stderr, " %02x", b[i]);
	fprintf(stderr, "\n  decoder: length %u size %u %s\n", in->length,
		in->size, in->is_write ? "store" : "load");
	if (c)
		fprintf(stderr, "  capstone: %s %s, length %u\n", c->mnemonic,
			c->op_str, c->size);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t size)
{
	uint8_t bytes[MMIO_INSN_MAX_LEN];
	unsigned int len, i, mem = 0, mem_index = 0;
	struct mmio_insn in;
	bool long_mode;
	cs_insn *c;
	cs_x86 *x;
	size_t n;

	if (size < 2)
		return 0;
	long_mode = !(d[0] & 1);
	len = size - 1 > MMIO_INSN_MAX_LEN ? MMIO_INSN_MAX_LEN : size - 1;
	memcpy(bytes, d + 1, len);
	memset(&in, 0, sizeof(in));
	if (mmio_decode(bytes, len, long_mode, &in))
		return 0;
	if (in.length < 1 || in.length > len)
		disagree("length outside the input", bytes, len, &in, NULL);
	n = cs_disasm(long_mode ? cs64 : cs32, bytes, in.length, 0x1000, 1, &c);
	if (n != 1)
		disagree("Capstone finds no instruction", bytes, in.length, &in,
			 NULL);
	if (c->size != in.length)
		disagree("length", bytes, in.length, &in, c);
	if (c->id != X86_INS_MOV && c->id != X86_INS_MOVABS &&
	    c->id != X86_INS_MOVZX && c->id != X86_INS_MOVSX)
		disagree("not a move", bytes, in.length, &in, c);
	x = &c->detail->x86;
	for (i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_MEM) {
			mem++;
			mem_index = i;
		}
	if (mem != 1)
		disagree("not one memory operand", bytes, in.length, &in, c);
	if (x->operands[mem_index].size != in.size)
		disagree("access size", bytes, in.length, &in, c);
	if ((mem_index == 0) != in.is_write)
		disagree("direction", bytes, in.length, &in, c);
	cs_free(c, n);
	return 0;
}
