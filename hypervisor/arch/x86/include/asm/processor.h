/* SPDX-License-Identifier: GPL-2.0 */
/* x86 registers, MSRs and instructions used across the x86 code. */
#ifndef _ASM_PROCESSOR_H
#define _ASM_PROCESSOR_H

#include <prtos-hv/types.h>

#define X86_CR0_PE	       BIT(0)
#define X86_CR0_PG	       BIT(31)
#define X86_CR4_PAE	       BIT(5)
#define X86_CR4_PGE	       BIT(7)
#define X86_CR4_LA57	       BIT(12)

#define MSR_IA32_APICBASE      0x0000001b
#define MSR_IA32_PAT	       0x00000277
#define APICBASE_EN	       BIT(11)
#define APICBASE_EXTD	       BIT(10)
#define MSR_X2APIC_ICR	       0x00000830
#define MSR_EFER	       0xc0000080
#define MSR_VM_CR	       0xc0010114
#define MSR_VM_HSAVE_PA	       0xc0010117

#define EFER_LME	       BIT(8)
#define EFER_LMA	       BIT(10)
#define EFER_NXE	       BIT(11)
#define EFER_SVME	       BIT(12)

#define VM_CR_SVMDIS	       BIT(4)

#define X86_FEATURE_SVM	       BIT(2)  /* CPUID 0x80000001 ECX */
#define X86_FEATURE_NPT	       BIT(0)  /* CPUID 0x8000000a EDX */
#define X86_FEATURE_NRIPS      BIT(3)  /* CPUID 0x8000000a EDX */
#define X86_FEATURE_X2APIC     BIT(21) /* CPUID 1 ECX */
#define X86_FEATURE_HYPERVISOR BIT(31) /* CPUID 1 ECX */

#define X86_RFLAGS_VM	       BIT(17)

#define X86_EXC_UD	       6
#define X86_EXC_GP	       13

struct cpuid_regs {
	u32 eax, ebx, ecx, edx;
};

static inline void cpuid_count(u32 leaf, u32 sub, struct cpuid_regs *r)
{
	asm volatile("cpuid"
		     : "=a"(r->eax), "=b"(r->ebx), "=c"(r->ecx), "=d"(r->edx)
		     : "a"(leaf), "c"(sub));
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 val)
{
	asm volatile("wrmsr"
		     :
		     : "c"(msr), "a"((u32)val), "d"((u32)(val >> 32))
		     : "memory");
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline u64 read_cr2(void)
{
	u64 v;

	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline u64 read_cr3(void)
{
	u64 v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void outb(u16 port, u8 v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

#endif
