// SPDX-License-Identifier: GPL-2.0
/*
 * The violation policy, applied in one place. A cell other than the root
 * that breaks a rule is stopped (its CPUs park, its state becomes failed)
 * or, if its health-monitor policy says so, restarted; the console names
 * cell, CPU, what it did, its RIP and the action; every other cell runs
 * on. The root (Linux) is reported the same way and contained
 * by the caller; its reports are rate-limited so that a loop cannot flood
 * the console, and all of them are counted.
 */
#include <prtos-hv/arch.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/channel.h>
#include <prtos-hv/console.h>
#include <prtos-hv/control.h>
#include <prtos-hv/health.h>
#include <prtos-lib/fmt.h>
#include <prtos-hv/percpu.h>
#include <prtos-hv/violation.h>

/* Root reports before they are only counted, so a loop cannot flood. */
#define VIOLATION_REPORT_LIMIT 100

#define ICR_MODE(l)	       (((l) >> 8) & 7)
#define ICR_VECTOR(l)	       ((l)&0xff)

static const char *dir(const struct violation *v)
{
	return v->write ? "write" : "read";
}

static void describe(const struct cell *cell, const struct violation *v,
		     char *buf, size_t len)
{
	unsigned long long a = v->address, val = v->value;
	size_t n;

	switch (v->kind) {
	case VIOLATION_MEMORY:
		if (v->size)
			n = prtos_snprintf(buf, len,
					   "memory %s of %u bytes at 0x%llx",
					   dir(v), v->size, a);
		else
			n = prtos_snprintf(buf, len, "memory %s at 0x%llx",
					   dir(v), a);
		if (n < len)
			channel_explain(cell, a, buf + n, len - n);
		break;
	case VIOLATION_PORT:
		prtos_snprintf(buf, len, "port %s of %u bytes at 0x%llx",
			       dir(v), v->size, a);
		break;
	case VIOLATION_MSR:
		if (v->write)
			prtos_snprintf(buf, len,
				       "write of MSR 0x%llx (value 0x%llx)", a,
				       val);
		else
			prtos_snprintf(buf, len, "read of MSR 0x%llx", a);
		break;
	case VIOLATION_IPI:
		prtos_snprintf(
			buf, len,
			"IPI (mode %u, vector 0x%x) to CPU %llu, which it does not own",
			(unsigned int)ICR_MODE(val),
			(unsigned int)ICR_VECTOR(val), a);
		break;
	case VIOLATION_IPI_MODE:
		prtos_snprintf(
			buf, len,
			"IPI with delivery mode %u (SMI, ExtINT or reserved), ICR 0x%llx",
			(unsigned int)ICR_MODE(val), val);
		break;
	case VIOLATION_IOAPIC:
		prtos_snprintf(buf, len,
			       "IOAPIC register 0x%llx %s: the pin is not its own",
			       a, dir(v));
		break;
	case VIOLATION_IOAPIC_DEST:
		prtos_snprintf(
			buf, len,
			"IOAPIC register 0x%llx write of 0x%llx: the entry would send an interrupt to a CPU it does not own, or not as fixed or lowest priority",
			a, val);
		break;
	case VIOLATION_APIC_BASE:
		prtos_snprintf(buf, len, "APIC base MSR write of 0x%llx", val);
		break;
	case VIOLATION_UNDECODABLE:
		n = prtos_snprintf(
			buf, len,
			"memory %s at 0x%llx by an instruction the hypervisor cannot emulate, bytes",
			dir(v), a);
		for (unsigned int i = 0; i < v->insn_len && n < len; i++)
			n += prtos_snprintf(buf + n, len - n, " %02x",
					    v->insn[i]);
		if (!v->insn_len && n < len)
			prtos_snprintf(buf + n, len - n, " unreadable");
		break;
	case VIOLATION_TRIPLE_FAULT:
		prtos_snprintf(buf, len, "triple fault");
		break;
	case VIOLATION_GUEST_STATE:
		prtos_snprintf(buf, len, "invalid guest state");
		break;
	case VIOLATION_EXIT:
	default:
		prtos_snprintf(buf, len, "unexpected VM exit 0x%llx", a);
		break;
	}
}

/* Stop the calling CPU's cell (control lock held): park all its CPUs. */
static void __noreturn stop_cell(struct per_cpu *cpu)
{
	struct cell *cell = cpu->cell;
	struct per_cpu *c;

	cell->state = PRTOS_CELL_FAILED;
	cell->failed_cpus |= BIT(cpu->cpu_id);
	cpu->failed = true;
	for_each_cpu(c)
		if (c != cpu && c->cell == cell)
			cpu_park(cpu, c);
	control_unlock();
	cpu->req.park = true;
	cpu_check_requests(cpu);
	/* only a restart of the cell or its destruction ends the wait */
	arch_cpu_halt();
}

/**
 * cell_contains_violations() - is @cell contained rather than stopped?
 * @cell: the cell
 *
 * The root (Linux) cannot be stopped without stopping the machine; every
 * other cell can.
 */
bool cell_contains_violations(const struct cell *cell)
{
	return cell_is_root(cell);
}

/**
 * cell_violation() - the calling CPU's cell broke a rule
 * @cpu: this CPU, in an exit
 * @v: what it did
 *
 * For any cell but the root this does not return: the health monitor
 * counts and logs the fault, and the cell is stopped or, if its policy
 * says so and its restarts are not used up, runs its loaded image again.
 * For the root the violation is reported, counted and logged, and the
 * caller contains the access.
 */
void cell_violation(struct per_cpu *cpu, const struct violation *v)
{
	struct cell *cell = cpu->cell;
	unsigned long long rip = arch_guest_rip(cpu);
	const struct prtos_health *h = &cell->config->health;
	char what[224];
	u64 n;

	describe(cell, v, what, sizeof(what));
	cpu->stats[STAT_VIOLATION]++;
	if (!cell_contains_violations(cell)) {
		/* one decision at a time, even if two of its CPUs fault */
		control_lock(cpu);
		if (hm_fault(cpu, v, rip, true) == PRTOS_HM_DID_RESTART) {
			printk("FAULT: cell '%s' CPU %u: %s, RIP 0x%llx: restart %u of %u\n",
			       cell->config->name, cpu->cpu_id, what, rip,
			       cell->health.window_restarts, h->max_restarts);
			cell_restart(cpu);
		}
		printk("FAULT: cell '%s' CPU %u: %s, RIP 0x%llx: cell stopped (state failed)%s\n",
		       cell->config->name, cpu->cpu_id, what, rip,
		       h->action == PRTOS_HM_RESTART ? ", its restarts used up"
						     : "");
		stop_cell(cpu);
	}
	n = __atomic_add_fetch(&cell->violations, 1, __ATOMIC_RELAXED);
	hm_fault(cpu, v, rip, n <= VIOLATION_REPORT_LIMIT);
	if (n > VIOLATION_REPORT_LIMIT)
		return;
	printk("VIOLATION: cell '%s' CPU %u: %s, RIP 0x%llx%s\n",
	       cell->config->name, cpu->cpu_id, what, rip,
	       n == VIOLATION_REPORT_LIMIT ? " (further ones only counted)"
					   : "");
}
