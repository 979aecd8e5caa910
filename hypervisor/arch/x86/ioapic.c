// SPDX-License-Identifier: GPL-2.0
/*
 * The IOAPIC, shared by cells pin by pin. Its page is trapped in every
 * cell; the index register is kept per cell and every window access is
 * carried out on the real chip under one lock, so that cells cannot
 * disturb each other's index/window pairs. A redirection entry may only
 * be read or written by the cell that owns its pin; pins change owner
 * (masked) when cells are created and destroyed.
 */
#include <asm/arch-x86.h>
#include <asm/mmio-decode.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/console.h>
#include <prtos-hv/mem.h>
#include <prtos-hv/spinlock.h>

#define IOAPIC_REGSEL		0x00
#define IOAPIC_WIN		0x10
#define IOAPIC_EOI		0x40
#define IOAPIC_REDIR		0x10
#define IOAPIC_MAX_PINS		120
#define REDIR_MASKED		BIT(16)

static u64 ioapic_phys;
static unsigned int num_pins;
static u8 pin_owner[IOAPIC_MAX_PINS];	/* cell id */
static spinlock_t ioapic_lock;

static volatile u32 *reg(unsigned int offset)
{
	return (volatile u32 *)phys_to_virt(ioapic_phys + offset);
}

static u32 ioapic_read(unsigned int index)
{
	*reg(IOAPIC_REGSEL) = index;
	return *reg(IOAPIC_WIN);
}

static void ioapic_write(unsigned int index, u32 val)
{
	*reg(IOAPIC_REGSEL) = index;
	*reg(IOAPIC_WIN) = val;
}

static bool cell_has_pin(const struct cell *cell, unsigned int pin)
{
	const struct prtos_irqchip *chip = prtos_cell_irqchips(cell->config);
	unsigned int n;

	for (n = 0; n < cell->config->num_irqchips; n++, chip++)
		if (chip->address == ioapic_phys && pin < 256 &&
		    (chip->pin_bitmap[pin / 64] >> (pin % 64)) & 1)
			return true;
	return false;
}

/**
 * ioapic_init() - take over the IOAPIC named in the root's configuration
 *
 * Called while the root cell is built; later calls just return the
 * address.
 *
 * Return: the chip's physical address, or 0 if the root has none.
 */
u64 ioapic_init(void)
{
	const struct prtos_cell_desc *rc = root_cell.config;
	const struct prtos_irqchip *chip = prtos_cell_irqchips(rc);
	unsigned int n;

	if (ioapic_phys)
		return ioapic_phys;
	for (n = 0; n < rc->num_irqchips; n++, chip++)
		if (chip->type == PRTOS_IRQCHIP_IOAPIC)
			break;
	if (n == rc->num_irqchips)
		return 0;
	ioapic_phys = chip->address;
	num_pins = ((ioapic_read(1) >> 16) & 0xff) + 1;
	if (num_pins > IOAPIC_MAX_PINS)
		num_pins = IOAPIC_MAX_PINS;
	return ioapic_phys;
}

/**
 * ioapic_cell_check() - can @cell have the pins it asks for?
 * @cell: a new cell
 *
 * Return: -1 if all pins it names are the root's, else the first pin
 * that is not.
 */
int ioapic_cell_check(const struct cell *cell)
{
	unsigned int pin;

	for (pin = 0; pin < 256; pin++)
		if (cell_has_pin(cell, pin) &&
		    (pin >= num_pins || pin_owner[pin] != 0 ||
		     !cell_has_pin(&root_cell, pin)))
			return pin;
	return -1;
}

/**
 * ioapic_cell_assign() - give @cell's pins to it, or back to the root
 * @cell: the cell
 * @take: true on creation, false on destruction
 *
 * Every pin that changes owner is masked first: the new owner programs it.
 */
void ioapic_cell_assign(const struct cell *cell, bool take)
{
	unsigned int pin;

	if (!ioapic_phys)
		return;
	spin_lock(&ioapic_lock);
	for (pin = 0; pin < num_pins; pin++) {
		if (!cell_has_pin(cell, pin))
			continue;
		ioapic_write(IOAPIC_REDIR + 2 * pin,
			     ioapic_read(IOAPIC_REDIR + 2 * pin) |
			     REDIR_MASKED);
		pin_owner[pin] = take ? cell->id : 0;
	}
	spin_unlock(&ioapic_lock);
}

/* May @cell touch register @index? Redirection entries are per owner. */
static bool allowed(const struct cell *cell, unsigned int index)
{
	unsigned int pin = (index - IOAPIC_REDIR) / 2;

	if (index < IOAPIC_REDIR)
		return true;
	return pin < num_pins && pin_owner[pin] == cell->id &&
	       (cell->id || cell_has_pin(cell, pin));
}

/**
 * ioapic_handle() - carry out a trapped access to the IOAPIC page
 * @cpu: this CPU
 * @gpa: the address accessed
 *
 * Return: true if the access was handled, false if it is not one (the
 * caller then treats it as a violation).
 */
bool ioapic_handle(struct per_cpu *cpu, u64 gpa)
{
	struct vmcb *vmcb = &cpu->arch.vmcb;
	unsigned int offset = gpa & 0xfff, index;
	u8 bytes[MMIO_INSN_MAX_LEN];
	unsigned int len = sizeof(bytes);
	struct mmio_insn insn;
	struct cell *cell = cpu->cell;
	u64 *r;
	u32 val;

	if (!ioapic_phys || (gpa & ~0xfffULL) != ioapic_phys ||
	    guest_fetch_insn(cpu, bytes, &len) ||
	    mmio_decode(bytes, len, vmcb->save.cs.attrib & 0x200, &insn) ||
	    insn.size != 4)
		return false;
	cpu->stats[STAT_MMIO]++;
	r = guest_reg_ptr(cpu, insn.reg);
	index = cell->arch.ioapic_index;
	val = insn.is_write ? (u32)mmio_store_value(&insn, *r) : 0;
	switch (offset) {
	case IOAPIC_REGSEL:
		if (insn.is_write)
			cell->arch.ioapic_index = val & 0xff;
		else
			val = index;
		break;
	case IOAPIC_WIN:
		if (!allowed(cell, index)) {
			if (cell != &root_cell)
				cell_fail(cpu, "IOAPIC register 0x%x of a pin it does not own, RIP 0x%llx",
					  index, (unsigned long long)
					  vmcb->save.rip);
			cell_report_violation(cell, "IOAPIC register", index,
					      4, insn.is_write,
					      vmcb->save.rip);
			/* the root sees a masked entry and cannot change it */
			val = index & 1 ? 0 : REDIR_MASKED;
			break;
		}
		spin_lock(&ioapic_lock);
		if (insn.is_write)
			ioapic_write(index, val);
		else
			val = ioapic_read(index);
		spin_unlock(&ioapic_lock);
		break;
	case IOAPIC_EOI:
		if (insn.is_write)
			*reg(IOAPIC_EOI) = val;
		break;
	default:
		val = 0;
	}
	if (!insn.is_write)
		*r = mmio_load_merge(&insn, *r, val);
	vmcb->save.rip += insn.length;
	return true;
}
