// SPDX-License-Identifier: GPL-2.0
/*
 * Decodes the few x86 instructions a guest uses to touch MMIO (MOV between
 * a register or an immediate and memory, MOVZX, MOVSX, MOV with a moffs
 * address) far enough to emulate them. Anything else is refused with
 * -EINVAL, and the caller stops the cell rather than guess.
 *
 * Prefixes: 0x66 (16-bit operands), 0x67 (address size), the six segment
 * overrides and, in 64-bit mode, REX. As on the CPU, a REX that is not
 * directly in front of the opcode is ignored. LOCK and REP/REPNE are
 * refused: on these opcodes LOCK raises #UD, and the string instructions
 * that REP goes with are not emulated.
 */
#include <asm/mmio-decode.h>

#define REX_W	     0x08
#define REX_R	     0x04

#define MODRM_MOD(m) ((m) >> 6)
#define MODRM_REG(m) (((m) >> 3) & 7)
#define MODRM_RM(m)  ((m)&7)

struct cursor {
	const __u8 *bytes;
	unsigned int len;
	unsigned int pos;
};

struct prefixes {
	bool opsize;
	bool adsize;
	__u8 rex; /* the REX byte, 0 if there is none */
};

static int fetch(struct cursor *c, unsigned int n, __u64 *val)
{
	__u64 v = 0;
	unsigned int i;

	if (n > c->len - c->pos)
		return -EINVAL;
	for (i = 0; i < n; i++)
		v |= (__u64)c->bytes[c->pos + i] << (8 * i);
	c->pos += n;
	*val = v;
	return 0;
}

static int fetch_byte(struct cursor *c, __u8 *b)
{
	__u64 v;
	int err = fetch(c, 1, &v);

	*b = (__u8)v;
	return err;
}

/* Reads the prefixes and returns the first opcode byte in @op. */
static int decode_prefixes(struct cursor *c, bool long_mode_64,
			   struct prefixes *p, __u8 *op)
{
	__u8 b;
	int err;

	for (;;) {
		err = fetch_byte(c, &b);
		if (err)
			return err;
		switch (b) {
		case 0x66:
			p->opsize = true;
			break;
		case 0x67:
			p->adsize = true;
			break;
		case 0x26:
		case 0x2e:
		case 0x36:
		case 0x3e:
		case 0x64:
		case 0x65:
			break;
		case 0xf0:
		case 0xf2:
		case 0xf3:
			return -EINVAL;
		default:
			if (long_mode_64 && (b & 0xf0) == 0x40) {
				p->rex = b;
				continue;
			}
			*op = b;
			return 0;
		}
		/* a legacy prefix after REX makes the CPU ignore the REX */
		p->rex = 0;
	}
}

/*
 * Skips the ModRM memory operand (ModRM, SIB, displacement) and returns
 * the ModRM reg field in @reg_field. Register operands (mod 11) are no
 * memory access and are refused.
 */
static int decode_modrm(struct cursor *c, bool long_mode_64,
			const struct prefixes *p, unsigned int *reg_field)
{
	unsigned int mod, rm, disp = 0;
	__u64 unused;
	__u8 modrm, sib;
	int err;

	err = fetch_byte(c, &modrm);
	if (err)
		return err;
	mod = MODRM_MOD(modrm);
	rm = MODRM_RM(modrm);
	*reg_field = MODRM_REG(modrm);
	if (mod == 3)
		return -EINVAL;

	if (!long_mode_64 && p->adsize) {
		/* 16-bit addressing: no SIB, disp16 alone when rm is 110 */
		if (mod == 0)
			disp = rm == 6 ? 2 : 0;
		else
			disp = mod == 1 ? 1 : 2;
		return fetch(c, disp, &unused);
	}

	if (mod == 1)
		disp = 1;
	else if (mod == 2)
		disp = 4;
	else if (rm == 5)
		disp = 4; /* RIP-relative in 64-bit mode, absolute else */
	if (rm == 4) {
		err = fetch_byte(c, &sib);
		if (err)
			return err;
		if (mod == 0 && (sib & 7) == 5)
			disp = 4; /* no base register, disp32 */
	}
	return fetch(c, disp, &unused);
}

static unsigned int operand_size(const struct prefixes *p)
{
	if (p->rex & REX_W)
		return 8;
	return p->opsize ? 2 : 4;
}

static __u64 zext_bytes(__u64 v, unsigned int size)
{
	return size >= 8 ? v : v & ((1ULL << (8 * size)) - 1);
}

static __u64 sext_bytes(__u64 v, unsigned int size)
{
	unsigned int shift = 64 - 8 * size;

	return (__u64)((__s64)(v << shift) >> shift);
}

/* MOV r/m, r and MOV r, r/m (0x88..0x8b). */
static int decode_mov_reg(struct cursor *c, bool long_mode_64,
			  const struct prefixes *p, __u8 op,
			  struct mmio_insn *insn)
{
	unsigned int reg;
	int err;

	err = decode_modrm(c, long_mode_64, p, &reg);
	if (err)
		return err;
	insn->is_write = op == 0x88 || op == 0x89;
	insn->size = (op & 1) ? operand_size(p) : 1;
	if (insn->size == 1 && !p->rex && reg >= 4) {
		/* without REX, byte registers 4..7 are AH, CH, DH, BH */
		insn->high_byte = true;
		reg -= 4;
	} else if (p->rex & REX_R) {
		reg += 8;
	}
	insn->reg = reg;
	if (!insn->is_write)
		insn->dest_size = insn->size;
	return 0;
}

/* MOV r/m, imm (0xc6 /0, 0xc7 /0). */
static int decode_mov_imm(struct cursor *c, bool long_mode_64,
			  const struct prefixes *p, __u8 op,
			  struct mmio_insn *insn)
{
	unsigned int reg_field, imm_size;
	int err;

	err = decode_modrm(c, long_mode_64, p, &reg_field);
	if (err)
		return err;
	if (reg_field != 0)
		return -EINVAL;
	insn->is_write = true;
	insn->has_imm = true;
	insn->size = op == 0xc6 ? 1 : operand_size(p);
	imm_size = insn->size == 8 ? 4 : insn->size;
	err = fetch(c, imm_size, &insn->imm);
	if (err)
		return err;
	if (insn->size == 8)
		insn->imm = sext_bytes(insn->imm, 4);
	return 0;
}

/* MOV with a moffs address: A0/A1 load, A2/A3 store the accumulator. */
static int decode_moffs(struct cursor *c, bool long_mode_64,
			const struct prefixes *p, __u8 op,
			struct mmio_insn *insn)
{
	unsigned int addr_size;
	__u64 unused;

	if (long_mode_64)
		addr_size = p->adsize ? 4 : 8;
	else
		addr_size = p->adsize ? 2 : 4;
	insn->is_write = op == 0xa2 || op == 0xa3;
	insn->size = (op & 1) ? operand_size(p) : 1;
	insn->reg = 0;
	if (!insn->is_write)
		insn->dest_size = insn->size;
	return fetch(c, addr_size, &unused);
}

/* MOVZX (0x0f 0xb6/0xb7) and MOVSX (0x0f 0xbe/0xbf). */
static int decode_movx(struct cursor *c, bool long_mode_64,
		       const struct prefixes *p, struct mmio_insn *insn)
{
	unsigned int reg;
	__u8 op;
	int err;

	err = fetch_byte(c, &op);
	if (err)
		return err;
	if (op != 0xb6 && op != 0xb7 && op != 0xbe && op != 0xbf)
		return -EINVAL;
	err = decode_modrm(c, long_mode_64, p, &reg);
	if (err)
		return err;
	insn->size = (op & 1) ? 2 : 1;
	insn->sign_extend = op >= 0xbe;
	insn->dest_size = operand_size(p);
	insn->reg = reg + ((p->rex & REX_R) ? 8 : 0);
	return 0;
}

/**
 * mmio_decode() - decode the instruction behind a trapped MMIO access
 * @bytes:	instruction bytes fetched at the guest RIP
 * @len:	how many of them are valid; no more are ever read
 * @long_mode_64: the guest runs in 64-bit mode (else 32-bit protected
 *		mode with 32-bit default operand and address size)
 * @insn:	filled in on success, zeroed otherwise
 *
 * Return: 0, or -EINVAL if the bytes are not a supported memory access,
 * are cut short by @len or run past the 15-byte instruction limit.
 */
int mmio_decode(const __u8 *bytes, unsigned int len, bool long_mode_64,
		struct mmio_insn *insn)
{
	struct cursor c = {
		.bytes = bytes,
		.len = len < MMIO_INSN_MAX_LEN ? len : MMIO_INSN_MAX_LEN,
	};
	struct prefixes p = { 0 };
	__u8 op;
	int err;

	memset(insn, 0, sizeof(*insn));
	err = decode_prefixes(&c, long_mode_64, &p, &op);
	if (err)
		return err;

	switch (op) {
	case 0x88:
	case 0x89:
	case 0x8a:
	case 0x8b:
		err = decode_mov_reg(&c, long_mode_64, &p, op, insn);
		break;
	case 0xc6:
	case 0xc7:
		err = decode_mov_imm(&c, long_mode_64, &p, op, insn);
		break;
	case 0xa0:
	case 0xa1:
	case 0xa2:
	case 0xa3:
		err = decode_moffs(&c, long_mode_64, &p, op, insn);
		break;
	case 0x0f:
		err = decode_movx(&c, long_mode_64, &p, insn);
		break;
	default:
		err = -EINVAL;
		break;
	}
	if (err) {
		memset(insn, 0, sizeof(*insn));
		return err;
	}
	insn->length = c.pos;
	return 0;
}

/**
 * mmio_load_merge() - apply the result of an emulated load to a register
 * @insn:	a decoded load
 * @old_reg:	the current value of register @insn->reg
 * @value:	the data read from the device (only @insn->size bytes count)
 *
 * Follows the CPU's rules for partial writes: 8- and 16-bit destinations
 * keep the other bits (a high-byte destination replaces bits 15:8 only),
 * a 32-bit destination clears bits 63:32, MOVZX/MOVSX extend to the
 * destination size first.
 *
 * Return: the new value of register @insn->reg.
 */
__u64 mmio_load_merge(const struct mmio_insn *insn, __u64 old_reg, __u64 value)
{
	__u64 v = zext_bytes(value, insn->size);

	if (insn->sign_extend)
		v = sext_bytes(v, insn->size);
	if (insn->high_byte)
		return (old_reg & ~0xff00ULL) | ((v & 0xff) << 8);
	switch (insn->dest_size) {
	case 1:
		return (old_reg & ~0xffULL) | (v & 0xff);
	case 2:
		return (old_reg & ~0xffffULL) | (v & 0xffff);
	case 4:
		return v & 0xffffffffULL;
	default:
		return v;
	}
}

/**
 * mmio_store_value() - the data an emulated store writes to the device
 * @insn:	a decoded store
 * @reg_value:	the current value of register @insn->reg (ignored for
 *		immediate stores)
 *
 * Return: the value to write, @insn->size bytes wide.
 */
__u64 mmio_store_value(const struct mmio_insn *insn, __u64 reg_value)
{
	if (insn->has_imm)
		return insn->imm;
	if (insn->high_byte)
		return (reg_value >> 8) & 0xff;
	return zext_bytes(reg_value, insn->size);
}
