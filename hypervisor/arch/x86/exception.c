// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's own IDT. The hypervisor runs with interrupts and GIF
 * off, so only exceptions arrive here, and each is a bug: report it with
 * the registers and stop the CPU. Interrupt vectors only drain stale
 * interrupts when a CPU changes owner.
 */
#include <asm/arch-x86.h>
#include <asm/processor.h>
#include <prtos-hv/setup.h>

struct idt_gate {
	u16 offset0;
	u16 selector;
	u8 ist;
	u8 type;
	u16 offset1;
	u32 offset2;
	u32 reserved;
} __packed;

struct exception_frame {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rdi, rsi, rbp, rbx, rdx, rcx, rax;
	u64 vector, error, rip, cs, rflags, rsp, ss;
};

#define HV_CS	  0x10
#define GATE_INTR 0x8e

extern const u64 exception_entries[32];
extern char irq_drain[];
static struct idt_gate idt[256];

/**
 * exception_init() - load the hypervisor's IDT on this CPU
 */
void exception_init(void)
{
	struct desc_ptr idtr = { sizeof(idt) - 1, (u64)(unsigned long)idt };
	unsigned int n;

	for (n = 0; n < 256; n++) {
		u64 a = n < 32 ? exception_entries[n]
			       : (u64)(unsigned long)irq_drain;

		idt[n] = (struct idt_gate){
			.offset0 = (u16)a,
			.selector = HV_CS,
			.type = GATE_INTR,
			.offset1 = (u16)(a >> 16),
			.offset2 = (u32)(a >> 32),
		};
	}
	asm volatile("lidt %0" : : "m"(idtr));
}

void __noreturn exception_report(struct exception_frame *f);

void exception_report(struct exception_frame *f)
{
	panic_stop("exception %llu (error 0x%llx) at RIP 0x%llx, CR2 0x%llx\n"
		   "  RAX %016llx RBX %016llx RCX %016llx RDX %016llx\n"
		   "  RSI %016llx RDI %016llx RBP %016llx RSP %016llx",
		   f->vector, f->error, f->rip, read_cr2(), f->rax, f->rbx,
		   f->rcx, f->rdx, f->rsi, f->rdi, f->rbp, f->rsp);
}
