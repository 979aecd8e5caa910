/* SPDX-License-Identifier: GPL-2.0 */
/* A test-and-set lock; the hypervisor only holds locks for short work. */
#ifndef _PRTOS_HV_SPINLOCK_H
#define _PRTOS_HV_SPINLOCK_H

#include <prtos-hv/arch.h>

typedef struct {
	volatile int locked;
} spinlock_t;

static inline bool spin_trylock(spinlock_t *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_lock(spinlock_t *l)
{
	while (!spin_trylock(l))
		while (READ_ONCE(l->locked))
			arch_cpu_relax();
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
