/* SPDX-License-Identifier: GPL-2.0 */
/* The local APIC: registers, ICR fields, and the hypervisor's use of it. */
#ifndef _ASM_APIC_H
#define _ASM_APIC_H

#include <prtos-hv/types.h>

struct per_cpu;
struct cell;

#define XAPIC_PHYS	     0xfee00000ULL

#define APIC_TPR	     0x80
#define APIC_EOI	     0xb0
#define APIC_LDR	     0xd0
#define APIC_DFR	     0xe0
#define APIC_SVR	     0xf0
#define APIC_SVR_ENABLE	     BIT(8)
#define APIC_ISR	     0x100
#define APIC_ICR	     0x300
#define APIC_ICR2	     0x310
#define APIC_LVT_TIMER	     0x320
#define APIC_LVT_LAST	     0x370
#define APIC_TMICT	     0x380
#define APIC_TMCCT	     0x390
#define APIC_TDCR	     0x3e0
#define TDCR_DIVIDE_BY_1     0xb

#define ICR_VECTOR(l)	     ((l)&0xff)
#define ICR_MODE(l)	     (((l) >> 8) & 7)
#define ICR_LOGICAL	     BIT(11)
#define ICR_ASSERT	     BIT(14)
#define ICR_SHORTHAND(l)     (((l) >> 18) & 3)
#define ICR_SHORTHAND_MASK   (3 << 18)
#define ICR_SHORTHAND_SELF   1
#define ICR_SHORTHAND_ALL    2
#define ICR_SHORTHAND_OTHERS 3
#define ICR_MODE_FIXED	     0
#define ICR_MODE_SMI	     2
#define ICR_MODE_NMI	     4
#define ICR_MODE_INIT	     5
#define ICR_MODE_SIPI	     6
#define LVT_MASKED	     BIT(16)

/* apic.c: the hypervisor's own use of the local APIC */
volatile u32 *apic_reg(unsigned int offset);
void apic_send_ipi(u32 apic_id, u32 low);
void apic_cpu_init(struct per_cpu *cpu);
void apic_quiet(struct per_cpu *cpu);

/* xapic.c: the emulated local APIC of every cell */
int xapic_cell_init(struct cell *cell);
void x2apic_icr_write(struct per_cpu *cpu, u64 val);
u64 apic_cell_cpus(const struct cell *cell);
u64 apic_dest_cpus(u32 dest, bool logical);

#endif
