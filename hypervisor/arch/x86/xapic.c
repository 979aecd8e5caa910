// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated local APIC of every cell. Without AVIC the only way to keep
 * IPIs inside a cell is to trap the APIC page (never mapped in the nested
 * tables) and carry accesses out on the real APIC. Registers pass through
 * except the interrupt command register: its destinations are confined to
 * the sender's cell, INIT and SIPI are emulated (a real INIT would reset
 * the CPU out of the hypervisor), and SMIs and ExtINT are refused.
 *
 * Broadcasts (the shorthands "all" and "all but self", and the broadcast
 * destination) mean "my CPUs" for every cell and are delivered to the
 * sender's own CPUs. A destination that names a CPU of another cell is a
 * violation.
 */
#include <asm/apic.h>
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/control.h>
#include <prtos-hv/mmio.h>
#include <prtos-hv/violation.h>

static bool logical_match(const struct per_cpu *c, u32 dest, bool x2apic)
{
	u32 ldr = c->arch.ldr >> 24;

	if (x2apic) /* cluster in bits 31:16, one bit per CPU below */
		return (dest >> 16) == (c->apic_id >> 4) &&
		       (dest & BIT(c->apic_id & 0xf));
	if ((c->arch.dfr >> 28) == 0xf) /* flat model */
		return ldr & dest;
	return (ldr >> 4) == (dest >> 4) && (ldr & dest & 0xf);
}

/*
 * CPUs (bitmap of CPU numbers) an ICR write addresses; *@broadcast tells
 * whether it addresses "everybody" rather than naming CPUs.
 */
static u64 icr_targets(struct per_cpu *cpu, u32 low, u32 dest, bool x2apic,
		       bool *broadcast)
{
	u32 all = x2apic ? 0xffffffff : 0xff;
	struct per_cpu *c;
	u64 set = 0;

	*broadcast = ICR_SHORTHAND(low) >= ICR_SHORTHAND_ALL ||
		     (!(low & ICR_LOGICAL) && dest == all);
	if (ICR_SHORTHAND(low) == ICR_SHORTHAND_SELF)
		return BIT(cpu->cpu_id);
	for_each_cpu(c) {
		if (ICR_SHORTHAND(low) == ICR_SHORTHAND_OTHERS && c == cpu)
			continue;
		if (*broadcast ||
		    (low & ICR_LOGICAL ? logical_match(c, dest, x2apic)
				       : dest == c->apic_id))
			set |= BIT(c->cpu_id);
	}
	return set;
}

/**
 * apic_cell_cpus() - the CPUs of a cell, as a bitmap of CPU numbers
 * @cell: the cell
 */
u64 apic_cell_cpus(const struct cell *cell)
{
	struct per_cpu *c;
	u64 set = 0;

	for_each_cpu(c)
		if (c->cell == cell)
			set |= BIT(c->cpu_id);
	return set;
}

/**
 * apic_dest_cpus() - the CPUs an xAPIC destination field addresses
 * @dest: the 8-bit destination (an APIC ID, or a logical mask)
 * @logical: logical destination mode
 *
 * As the APICs see it now: a logical destination matches each CPU by the
 * logical ID its owner gave it. Physical 0xff is every CPU.
 *
 * Return: bitmap of CPU numbers.
 */
u64 apic_dest_cpus(u32 dest, bool logical)
{
	struct per_cpu *c;
	u64 set = 0;

	for_each_cpu(c)
		if (logical ? logical_match(c, dest, false)
			    : dest == 0xff || dest == c->apic_id)
			set |= BIT(c->cpu_id);
	return set;
}

static void init_sipi(struct per_cpu *cpu, u32 low, u64 targets)
{
	struct per_cpu *c;

	/* INIT de-assert is a no-op on every CPU PRTOS runs on */
	if (ICR_MODE(low) == ICR_MODE_INIT && !(low & ICR_ASSERT))
		return;
	control_lock(cpu);
	for_each_cpu(c) {
		if (!(targets & BIT(c->cpu_id)) || c == cpu)
			continue;
		if (ICR_MODE(low) == ICR_MODE_INIT) {
			cpu_park(cpu, c);
			c->req.wait_for_sipi = true;
		} else {
			cpu_start_sipi(cpu, c, ICR_VECTOR(low));
		}
	}
	control_unlock();
}

/*
 * Carry out an ICR write of @cpu's guest: @low is the command, @dest the
 * destination field (xAPIC: ICR2 bits 31:24; x2APIC: 32 bits).
 */
static void icr_write(struct per_cpu *cpu, u32 low, u32 dest, bool x2apic)
{
	unsigned int mode = ICR_MODE(low);
	u64 mine = apic_cell_cpus(cpu->cell), targets, foreign;
	struct per_cpu *c;
	bool broadcast;

	if (mode == ICR_MODE_SMI || mode == 3 || mode == 7) {
		struct violation v = {
			.kind = VIOLATION_IPI_MODE,
			.value = low,
			.size = 4,
			.write = true,
		};

		cell_violation(cpu, &v);
		return;
	}
	targets = icr_targets(cpu, low, dest, x2apic, &broadcast);
	foreign = targets & ~mine;
	if (foreign && !broadcast) {
		struct violation v = {
			.kind = VIOLATION_IPI,
			.value = low,
			.size = 4,
			.address = __builtin_ctzll(foreign),
			.write = true,
		};

		cell_violation(cpu, &v);
	} else if (foreign) {
		__atomic_add_fetch(&cpu->cell->confined_ipis, 1,
				   __ATOMIC_RELAXED);
	}
	targets &= mine;
	if (mode == ICR_MODE_INIT || mode == ICR_MODE_SIPI) {
		init_sipi(cpu, low, targets);
		return;
	}
	if (!foreign) {
		if (x2apic) {
			wrmsr(MSR_X2APIC_ICR, ((u64)dest << 32) | low);
		} else {
			*apic_reg(APIC_ICR2) = dest << 24;
			*apic_reg(APIC_ICR) = low;
		}
		return;
	}
	/* some addressed CPUs are not the sender's: send to its own only */
	low &= ~(ICR_LOGICAL | ICR_SHORTHAND_MASK);
	for_each_cpu(c) {
		if (!(targets & BIT(c->cpu_id)))
			continue;
		if (x2apic)
			wrmsr(MSR_X2APIC_ICR, ((u64)c->apic_id << 32) | low);
		else
			apic_send_ipi(c->apic_id, low);
	}
}

/**
 * x2apic_icr_write() - a trapped WRMSR to the x2APIC ICR
 * @cpu: this CPU
 * @val: the value written
 */
void x2apic_icr_write(struct per_cpu *cpu, u64 val)
{
	icr_write(cpu, (u32)val, val >> 32, true);
}

static enum mmio_result xapic_access(struct per_cpu *cpu, void *arg, u64 offset,
				     struct mmio_access *a)
{
	u32 val = (u32)a->value;

	if (a->size != 4 || offset & 0xf)
		return MMIO_UNHANDLED;
	cpu->stats[STAT_XAPIC]++;
	if (!a->is_write) {
		a->value = offset == APIC_ICR2 ? cpu->arch.icr_high
					       : *apic_reg(offset);
		return MMIO_HANDLED;
	}
	switch (offset) {
	case APIC_ICR2:
		cpu->arch.icr_high = val;
		break;
	case APIC_ICR:
		icr_write(cpu, val, cpu->arch.icr_high >> 24, false);
		break;
	case APIC_LDR:
		cpu->arch.ldr = val;
		*apic_reg(offset) = val;
		break;
	case APIC_DFR:
		cpu->arch.dfr = val;
		*apic_reg(offset) = val;
		break;
	default:
		*apic_reg(offset) = val;
	}
	return MMIO_HANDLED;
}

/**
 * xapic_cell_init() - trap the local APIC page of a new cell
 * @cell: the cell
 *
 * Return: 0 or -errno.
 */
int xapic_cell_init(struct cell *cell)
{
	return mmio_region_register(cell, XAPIC_PHYS, 4096, xapic_access, NULL);
}
