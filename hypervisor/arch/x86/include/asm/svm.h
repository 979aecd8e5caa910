/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMD SVM: the virtual machine control block (AMD64 Architecture
 * Programmer's Manual, volume 2, appendix B) and exit codes.
 */
#ifndef _ASM_SVM_H
#define _ASM_SVM_H

#include <prtos-hv/types.h>
#include <prtos/image.h>

/* Intercept vector 3 (offset 0x0c) */
#define SVM_INTERCEPT_INTR     BIT(0)
#define SVM_INTERCEPT_NMI      BIT(1)
#define SVM_INTERCEPT_INIT     BIT(3)
#define SVM_INTERCEPT_CPUID    BIT(18)
#define SVM_INTERCEPT_INVLPGA  BIT(26)
#define SVM_INTERCEPT_IOIO     BIT(27)
#define SVM_INTERCEPT_MSR      BIT(28)
#define SVM_INTERCEPT_SHUTDOWN BIT(31)
/* Intercept vector 4 (offset 0x10) */
#define SVM_INTERCEPT_VMRUN   BIT(0)
#define SVM_INTERCEPT_VMMCALL BIT(1)
#define SVM_INTERCEPT_VMLOAD  BIT(2)
#define SVM_INTERCEPT_VMSAVE  BIT(3)
#define SVM_INTERCEPT_STGI    BIT(4)
#define SVM_INTERCEPT_CLGI    BIT(5)
#define SVM_INTERCEPT_SKINIT  BIT(6)

#define SVM_TLB_FLUSH_ALL     1
#define SVM_NP_ENABLE	      BIT(0)

#define SVM_EXIT_NMI	      0x061
#define SVM_EXIT_INIT	      0x063
#define SVM_EXIT_CPUID	      0x072
#define SVM_EXIT_INVLPGA      0x07a
#define SVM_EXIT_IOIO	      0x07b
#define SVM_EXIT_MSR	      0x07c
#define SVM_EXIT_SHUTDOWN     0x07f
#define SVM_EXIT_VMRUN	      0x080
#define SVM_EXIT_VMMCALL      0x081
#define SVM_EXIT_VMLOAD	      0x082
#define SVM_EXIT_VMSAVE	      0x083
#define SVM_EXIT_STGI	      0x084
#define SVM_EXIT_CLGI	      0x085
#define SVM_EXIT_SKINIT	      0x086
#define SVM_EXIT_NPF	      0x400
#define SVM_EXIT_INVALID      ((u64)-1)

/* EXITINFO1 of an IOIO exit */
#define SVM_IOIO_IN	    BIT(0)
#define SVM_IOIO_STR	    BIT(2)
#define SVM_IOIO_REP	    BIT(3)
#define SVM_IOIO_SIZE_SHIFT 4
#define SVM_IOIO_PORT_SHIFT 16

/* EXITINFO1 of a nested page fault */
#define SVM_NPF_PRESENT	    BIT(0)
#define SVM_NPF_WRITE	    BIT(1)
#define SVM_NPF_FETCH	    BIT(4)

#define SVM_EVENT_VALID	    BIT(31)
#define SVM_EVENT_ERR_VALID BIT(11)
#define SVM_EVENT_EXCEPTION (3 << 8)

struct vmcb_control {
	u32 intercept_cr;
	u32 intercept_dr;
	u32 intercept_exceptions;
	u32 intercept_vec3;
	u32 intercept_vec4;
	u32 intercept_vec5;
	u8 reserved0[0x3c - 0x18];
	u16 pause_filter_threshold;
	u16 pause_filter_count;
	u64 iopm_base_pa;
	u64 msrpm_base_pa;
	u64 tsc_offset;
	u32 asid;
	u8 tlb_control;
	u8 reserved1[3];
	u64 int_ctl;
	u64 int_state;
	u64 exitcode;
	u64 exitinfo1;
	u64 exitinfo2;
	u64 exitintinfo;
	u64 nested_ctl;
	u64 avic_bar;
	u64 ghcb;
	u64 event_inject;
	u64 nested_cr3;
	u64 virt_ext;
	u32 clean;
	u32 reserved2;
	u64 next_rip;
	u8 insn_len;
	u8 insn_bytes[15];
	u8 reserved3[0x400 - 0xe0];
} __packed;

struct vmcb_save {
	struct prtos_segment es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr;
	u8 reserved0[0xcb - 0xa0];
	u8 cpl;
	u32 reserved1;
	u64 efer;
	u8 reserved2[0x148 - 0xd8];
	u64 cr4, cr3, cr0, dr7, dr6, rflags, rip;
	u8 reserved3[0x1d8 - 0x180];
	u64 rsp;
	u64 s_cet, ssp, isst_addr;
	u64 rax;
	u64 star, lstar, cstar, sfmask, kernel_gs_base;
	u64 sysenter_cs, sysenter_esp, sysenter_eip;
	u64 cr2;
	u8 reserved4[0x268 - 0x248];
	u64 g_pat;
	u64 dbgctl;
} __packed;

struct vmcb {
	struct vmcb_control control;
	struct vmcb_save save;
	u8 reserved[4096 - 0x400 - sizeof(struct vmcb_save)];
} __packed;

_Static_assert(sizeof(struct vmcb_control) == 0x400, "VMCB control size");
_Static_assert(offsetof(struct vmcb_control, exitcode) == 0x70, "exitcode");
_Static_assert(offsetof(struct vmcb_control, nested_cr3) == 0xb0, "ncr3");
_Static_assert(offsetof(struct vmcb_control, insn_len) == 0xd0, "insn");
_Static_assert(offsetof(struct vmcb_save, cpl) == 0xcb, "cpl");
_Static_assert(offsetof(struct vmcb_save, efer) == 0xd0, "efer");
_Static_assert(offsetof(struct vmcb_save, cr4) == 0x148, "cr4");
_Static_assert(offsetof(struct vmcb_save, rsp) == 0x1d8, "rsp");
_Static_assert(offsetof(struct vmcb_save, rax) == 0x1f8, "rax");
_Static_assert(offsetof(struct vmcb_save, cr2) == 0x240, "cr2");
_Static_assert(offsetof(struct vmcb_save, g_pat) == 0x268, "g_pat");
_Static_assert(sizeof(struct vmcb) == 4096, "VMCB size");

/*
 * Guest registers that VMRUN does not switch, as svm-run.S pushes them
 * (lowest address first). RAX and RSP live in the VMCB.
 */
struct guest_regs {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rdi, rsi, rbp, rbx, rdx, rcx;
};

/**
 * struct svm_cpu - the SVM backend's per-CPU state
 * @vmcb: the guest's control block
 * @host_save: the host save area (VM_HSAVE_PA)
 * @regs: the guest registers svm-run.S saved, during an exit
 * @hsave_msr_orig: VM_HSAVE_PA as it was before, restored on leaving
 * @hsave_set: VM_HSAVE_PA points at @host_save
 * @vmcb_ready: @vmcb holds the guest's state
 */
struct svm_cpu {
	struct vmcb vmcb;
	u8 host_save[4096];
	struct guest_regs *regs;
	u64 hsave_msr_orig;
	bool hsave_set;
	bool vmcb_ready;
};

/* EXITINTINFO / EVENTINJ */
#define SVM_EVENT_TYPE_MASK (7 << 8)
#define SVM_EVENT_NMI	    (2 << 8)

void __noreturn svm_run(u64 vmcb_pa);
void svm_handle_exit(struct guest_regs *regs);

#endif
