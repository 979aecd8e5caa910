// SPDX-License-Identifier: GPL-2.0
/*
 * The IOAPIC, shared by cells pin by pin. Its page is trapped in every
 * cell; the index register is kept per cell and every window access is
 * carried out on the real chip under one lock, so that cells cannot
 * disturb each other's index/window pairs. A redirection entry may only
 * be read or written by the cell that owns its pin, and an unmasked entry
 * may only send fixed or lowest-priority interrupts to its owner's CPUs;
 * pins change owner (masked) when cells are created and destroyed.
 */
#include <asm/apic.h>
#include <asm/arch-x86.h>
#include <prtos-hv/arch.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/console.h>
#include <prtos-hv/mem.h>
#include <prtos-hv/mmio.h>
#include <prtos-hv/spinlock.h>
#include <prtos-hv/violation.h>

#define IOAPIC_REGSEL	0x00
#define IOAPIC_WIN	0x10
#define IOAPIC_EOI	0x40
#define IOAPIC_REDIR	0x10
#define IOAPIC_MAX_PINS 120
#define REDIR_MASKED	BIT(16)
#define REDIR_LOGICAL	BIT(11)
#define REDIR_MODE(lo)	(((lo) >> 8) & 7)
#define MODE_FIXED	0
#define MODE_LOWEST	1

static u64 ioapic_phys;
static unsigned int num_pins;
static u8 pin_owner[IOAPIC_MAX_PINS];		   /* cell id; 0: the root's */
static u64 root_pins[(IOAPIC_MAX_PINS + 63) / 64]; /* it may give */
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
 * @root: the root cell, being built
 *
 * The pins the root lists are the ones cells may later be given.
 */
void ioapic_init(const struct cell *root)
{
	const struct prtos_cell_desc *rc = root->config;
	const struct prtos_irqchip *chip = prtos_cell_irqchips(rc);
	unsigned int n, pin;

	for (n = 0; n < rc->num_irqchips; n++, chip++)
		if (chip->type == PRTOS_IRQCHIP_IOAPIC)
			break;
	if (n == rc->num_irqchips)
		return;
	ioapic_phys = chip->address;
	num_pins = ((ioapic_read(1) >> 16) & 0xff) + 1;
	if (num_pins > IOAPIC_MAX_PINS)
		num_pins = IOAPIC_MAX_PINS;
	for (pin = 0; pin < num_pins; pin++)
		if (cell_has_pin(root, pin))
			root_pins[pin / 64] |= BIT(pin % 64);
}

/**
 * ioapic_cell_check() - can @cell have the pins it asks for?
 * @cell: a new cell
 *
 * Return: -1 if all pins it names are the root's to give, else the first
 * pin that is not.
 */
int ioapic_cell_check(const struct cell *cell)
{
	unsigned int pin;

	for (pin = 0; pin < 256; pin++)
		if (cell_has_pin(cell, pin) &&
		    (pin >= num_pins || pin_owner[pin] != 0 ||
		     !(root_pins[pin / 64] & BIT(pin % 64))))
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

/*
 * Whether an entry (low and high word) keeps to @cell: masked, or a fixed
 * or lowest-priority interrupt for CPUs of the cell only. NMI, SMI, INIT
 * and ExtINT are never a cell's to send through the shared chip.
 */
static bool entry_fits(const struct cell *cell, u32 lo, u32 hi)
{
	u64 targets;

	if (lo & REDIR_MASKED)
		return true;
	if (REDIR_MODE(lo) != MODE_FIXED && REDIR_MODE(lo) != MODE_LOWEST)
		return false;
	targets = apic_dest_cpus(hi >> 24, lo & REDIR_LOGICAL);
	return !(targets & ~apic_cell_cpus(cell));
}

/* An entry as it would be after writing @val at @index; under the lock. */
static bool write_fits(const struct cell *cell, unsigned int index, u32 val)
{
	unsigned int lo_index = index & ~1U;
	u32 lo = index & 1 ? ioapic_read(lo_index) : val;
	u32 hi = index & 1 ? val : ioapic_read(lo_index + 1);

	return index < IOAPIC_REDIR || entry_fits(cell, lo, hi);
}

/**
 * ioapic_cell_cpus_taken() - mask the root's entries aimed at a new cell
 * @cell: a cell that has just taken its CPUs from the root
 *
 * Linux moves its interrupts off a CPU before giving it away; an entry it
 * left pointing at one would now reach the cell, so it is masked and
 * reported on the console.
 */
void ioapic_cell_cpus_taken(struct cell *cell)
{
	unsigned int pin;
	u32 lo, hi;

	if (!ioapic_phys)
		return;
	spin_lock(&ioapic_lock);
	for (pin = 0; pin < num_pins; pin++) {
		if (pin_owner[pin])
			continue;
		lo = ioapic_read(IOAPIC_REDIR + 2 * pin);
		hi = ioapic_read(IOAPIC_REDIR + 2 * pin + 1);
		if (lo & REDIR_MASKED ||
		    !(apic_dest_cpus(hi >> 24, lo & REDIR_LOGICAL) &
		      apic_cell_cpus(cell)))
			continue;
		ioapic_write(IOAPIC_REDIR + 2 * pin, lo | REDIR_MASKED);
		printk("IOAPIC pin %u of the root cell aimed at a CPU of cell '%s': masked\n",
		       pin, cell->config->name);
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

static enum mmio_result ioapic_access(struct per_cpu *cpu, void *arg,
				      u64 offset, struct mmio_access *a)
{
	struct cell *cell = cpu->cell;
	unsigned int index = cell->arch.ioapic_index;
	u32 val = (u32)a->value;

	if (a->size != 4)
		return MMIO_UNHANDLED;
	cpu->stats[STAT_MMIO]++;
	switch (offset) {
	case IOAPIC_REGSEL:
		if (a->is_write)
			cell->arch.ioapic_index = val & 0xff;
		else
			val = index;
		break;
	case IOAPIC_WIN:
		if (!allowed(cell, index)) {
			cell_violation_at(cpu, VIOLATION_IOAPIC, index, 4,
					  a->is_write);
			/* contained: a masked entry that cannot be changed */
			val = index & 1 ? 0 : REDIR_MASKED;
			break;
		}
		spin_lock(&ioapic_lock);
		if (!a->is_write) {
			val = ioapic_read(index);
		} else if (write_fits(cell, index, val)) {
			ioapic_write(index, val);
		} else {
			struct violation v = {
				.kind = VIOLATION_IOAPIC_DEST,
				.address = index,
				.value = val,
				.size = 4,
				.write = true,
			};

			spin_unlock(&ioapic_lock);
			/* the entry stays as it was */
			cell_violation(cpu, &v);
			break;
		}
		spin_unlock(&ioapic_lock);
		break;
	case IOAPIC_EOI:
		if (a->is_write)
			*reg(IOAPIC_EOI) = val;
		break;
	default:
		val = 0;
	}
	if (!a->is_write)
		a->value = val;
	return MMIO_HANDLED;
}

/**
 * arch_raise_pin() - deliver the interrupt the root programmed for a pin
 * @owner: the cell the pin belongs to (the root cell)
 * @pin: a pin of the root that no device drives (the root's doorbells)
 *
 * The entry says vector, destination and destination mode; the interrupt
 * goes out as a fixed, edge IPI, so the IOAPIC needs no EOI for it.
 *
 * Return: true if delivered, false if the pin is not the root's or Linux
 * has it masked (it does not listen).
 */
bool arch_raise_pin(const struct cell *owner, unsigned int pin)
{
	u32 lo, hi;

	if (!ioapic_phys || pin >= num_pins || pin_owner[pin])
		return false;
	spin_lock(&ioapic_lock);
	lo = ioapic_read(IOAPIC_REDIR + 2 * pin);
	hi = ioapic_read(IOAPIC_REDIR + 2 * pin + 1);
	spin_unlock(&ioapic_lock);
	if (lo & REDIR_MASKED || !entry_fits(owner, lo, hi))
		return false;
	apic_send_ipi(hi >> 24,
		      (lo & 0xff) | (lo & REDIR_LOGICAL) | ICR_ASSERT);
	return true;
}

/**
 * ioapic_cell_init() - trap the IOAPIC page in a new cell
 * @cell: the cell
 *
 * Return: 0 or -errno.
 */
int ioapic_cell_init(struct cell *cell)
{
	if (!ioapic_phys)
		return 0;
	return mmio_region_register(cell, ioapic_phys, 4096, ioapic_access,
				    NULL);
}
