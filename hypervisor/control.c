// SPDX-License-Identifier: GPL-2.0
/*
 * Cross-CPU control. The rules that keep it free of deadlocks: every wait
 * also serves the waiting CPU's own requests, and a CPU that is reset
 * abandons whatever it was doing (arch_cpu_restart() unwinds its stack).
 */
#include <prtos-hv/arch.h>
#include <prtos-hv/cell.h>
#include <prtos-hv/console.h>
#include <prtos-hv/control.h>
#include <prtos-hv/spinlock.h>

static spinlock_t control_spinlock;

static void park_loop(struct per_cpu *cpu)
{
	struct cpu_requests *r = &cpu->req;

	cpu_stats_settle(cpu);
	WRITE_ONCE(r->parked, true);
	for (;;) {
		if (READ_ONCE(r->start)) {
			int vector = r->start_vector;

			r->start = false;
			r->park = false;
			r->wait_for_sipi = false;
			r->parked = false;
			arch_cpu_reset(cpu, vector);
			cell_cpu_starting(cpu);
			arch_cpu_restart(cpu);
		}
		if (READ_ONCE(r->resume)) {
			r->resume = false;
			r->park = false;
			r->flush = true;
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			r->parked = false;
			return;
		}
		arch_cpu_relax();
	}
}

/**
 * cpu_check_requests() - serve what other CPUs asked of this one
 * @cpu: this CPU
 */
void cpu_check_requests(struct per_cpu *cpu)
{
	if (READ_ONCE(cpu->req.park))
		park_loop(cpu);
	if (cpu->req.flush) {
		cpu->req.flush = false;
		arch_flush_guest_tlb(cpu);
	}
}

/**
 * cpu_park() - stop another CPU's guest and wait until it is parked
 * @self: this CPU
 * @target: the CPU to stop (not @self)
 */
void cpu_park(struct per_cpu *self, struct per_cpu *target)
{
	if (READ_ONCE(target->req.parked))
		return;
	WRITE_ONCE(target->req.park, true);
	__atomic_add_fetch(&target->req.kicks, 1, __ATOMIC_SEQ_CST);
	arch_cpu_kick(target);
	while (!READ_ONCE(target->req.parked)) {
		cpu_check_requests(self);
		arch_cpu_relax();
	}
}

/* Wait until @target has left its park loop (resumed or started). */
static void wait_unparked(struct per_cpu *self, struct per_cpu *target)
{
	while (READ_ONCE(target->req.parked)) {
		cpu_check_requests(self);
		arch_cpu_relax();
	}
}

/**
 * cpu_resume() - let a parked CPU continue where its guest was
 * @self: this CPU
 * @target: the parked CPU
 *
 * Returns once @target has left the park loop, so that a later
 * cpu_park() cannot mistake a CPU about to resume for a parked one.
 */
void cpu_resume(struct per_cpu *self, struct per_cpu *target)
{
	/* a CPU waiting for SIPI or stopped by a fault has nothing to resume */
	if (!READ_ONCE(target->req.parked) || target->req.wait_for_sipi ||
	    target->failed)
		return;
	WRITE_ONCE(target->req.resume, true);
	wait_unparked(self, target);
}

/**
 * cpu_start() - reset a parked CPU and run its cell's code
 * @self: this CPU
 * @target: the parked CPU
 * @vector: SIPI vector, or -1 to start at the reset vector
 *
 * Returns once @target has taken the request.
 */
void cpu_start(struct per_cpu *self, struct per_cpu *target, int vector)
{
	target->req.start_vector = vector;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	WRITE_ONCE(target->req.start, true);
	wait_unparked(self, target);
}

/**
 * cpu_start_sipi() - a SIPI for @target: start it if it waits for one
 * @self: this CPU
 * @target: the CPU addressed
 * @vector: the SIPI vector
 *
 * Only the first SIPI after an INIT starts a CPU, as on hardware; Linux
 * sends two, and a CPU already running must not take the second as a
 * request to start again.
 */
void cpu_start_sipi(struct per_cpu *self, struct per_cpu *target, int vector)
{
	if (!READ_ONCE(target->req.parked) ||
	    !__atomic_exchange_n(&target->req.wait_for_sipi, false,
				 __ATOMIC_SEQ_CST))
		return;
	cpu_start(self, target, vector);
}

void cell_suspend(struct per_cpu *self, struct cell *cell)
{
	struct per_cpu *c;

	for_each_cpu(c)
		if (c != self && c->cell == cell)
			cpu_park(self, c);
}

void cell_resume(struct per_cpu *self, struct cell *cell)
{
	struct per_cpu *c;

	for_each_cpu(c)
		if (c != self && c->cell == cell)
			cpu_resume(self, c);
	self->req.flush = true;
}

/**
 * cpu_park_forever() - stop this CPU for good, saying why
 * @cpu: this CPU
 * @why: the reason, for the console
 *
 * For a CPU that cannot make progress and must not be retried without
 * end. Nothing resumes it; only its cell's destruction or restart (for a
 * cell) starts it again.
 */
void cpu_park_forever(struct per_cpu *cpu, const char *why)
{
	printk("CPU %u of cell '%s' parked for good: %s\n", cpu->cpu_id,
	       cpu->cell->config->name, why);
	cpu->failed = true;
	cpu->cell->failed_cpus |= BIT(cpu->cpu_id);
	cpu->req.park = true;
	cpu_check_requests(cpu);
	arch_cpu_halt();
}

/**
 * cpu_stats_snapshot() - copy another CPU's counters as one snapshot
 * @self: this CPU (its own requests are served while it waits)
 * @target: the CPU whose counters are read
 * @out: NUM_CPU_STATS counters
 *
 * Waits while an exit of @target is between its first and its last count,
 * which takes microseconds; a CPU that stays inside an exit longer than
 * the bound (it waits on others) is answered with -EBUSY.
 *
 * Return: 0, or -EBUSY.
 */
int cpu_stats_snapshot(struct per_cpu *self, const struct per_cpu *target,
		       u64 *out)
{
	unsigned long tries;
	unsigned int n;
	u32 seq;

	for (tries = 0; tries < 10000000; tries++) {
		seq = READ_ONCE(target->stats_seq);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (!(seq & 1)) {
			for (n = 0; n < NUM_CPU_STATS; n++)
				out[n] = READ_ONCE(target->stats[n]);
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			if (READ_ONCE(target->stats_seq) == seq)
				return 0;
		}
		cpu_check_requests(self);
		arch_cpu_relax();
	}
	return -EBUSY;
}

void control_lock(struct per_cpu *cpu)
{
	while (!spin_trylock(&control_spinlock)) {
		cpu_check_requests(cpu);
		arch_cpu_relax();
	}
}

void control_unlock(void)
{
	spin_unlock(&control_spinlock);
}
