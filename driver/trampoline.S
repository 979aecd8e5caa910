/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The way into and out of the hypervisor. This code lives in the module's
 * text and is mapped at the same address in the hypervisor's page tables,
 * because Linux maps nothing an out-of-tree module could make executable
 * in the hypervisor's memory (vmap and friends force NX). Both ways keep
 * the same frame on Linux's stack, so every path back ends at
 * prtos_resume: as a guest after enable, natively after disable or after
 * a failed enable.
 */
#include <linux/linkage.h>
#include <asm/msr-index.h>
#include <asm/nospec-branch.h>
#include <asm/processor-flags.h>
#include <prtos/hypercall.h>

	.text
	.balign 4096
SYM_INNER_LABEL(prtos_trampoline_start, SYM_L_GLOBAL)

.macro save_linux_frame
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	pushfq
	cli
.endm

/*
 * int prtos_enter_hypervisor(cpu, hv_cr3, entry): returns 0 with this CPU
 * now running Linux as a guest, or the hypervisor's -errno.
 */
SYM_CODE_START(prtos_enter_hypervisor)
	endbr64
	save_linux_frame
	mov	%rdi, %r12
	mov	%rsi, %r13
	mov	%rdx, %r14
	/* GIF off before the switch: no NMI may arrive half-way */
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$EFER_SVME, %eax
	wrmsr
	clgi
	/* toggling PGE flushes Linux's global entries along with the rest */
	mov	%cr4, %rax
	mov	%rax, %r15
	and	$~X86_CR4_PGE, %rax
	mov	%rax, %cr4
	mov	%r13, %cr3
	mov	%r15, %cr4
	mov	%r12, %rdi
	mov	%rsp, %rsi
	ANNOTATE_RETPOLINE_SAFE
	jmp	*%r14
SYM_CODE_END(prtos_enter_hypervisor)

/* int prtos_leave_hypervisor(void): the disable hypercall on this CPU */
SYM_CODE_START(prtos_leave_hypervisor)
	endbr64
	save_linux_frame
	mov	$PRTOS_HC_DISABLE, %eax
	vmmcall
	jmp	prtos_resume
SYM_CODE_END(prtos_leave_hypervisor)

/*
 * Called by the hypervisor, in its address space, to hand the CPU back:
 * rdi Linux CR3, rsi Linux RSP (the frame above), rdx the result,
 * rcx CS, r8 SS, r9 DS, r10 ES. Linux's GDT and IDT are already loaded.
 */
SYM_CODE_START(prtos_leave_stub)
	endbr64
	mov	%cr4, %rax
	mov	%rax, %r11
	and	$~X86_CR4_PGE, %rax
	mov	%rax, %cr4
	mov	%rdi, %cr3
	mov	%r11, %cr4
	mov	%rsi, %rsp
	push	%rcx
	lea	1f(%rip), %rax
	push	%rax
	lretq
1:	mov	%r8w, %ss
	mov	%r9w, %ds
	mov	%r10w, %es
	stgi
	mov	%rdx, %r11
	mov	$MSR_EFER, %ecx
	rdmsr
	and	$~EFER_SVME, %eax
	wrmsr
	mov	%r11, %rax
	jmp	prtos_resume
SYM_CODE_END(prtos_leave_stub)

SYM_CODE_START(prtos_resume)
	popfq
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	RET
SYM_CODE_END(prtos_resume)

SYM_INNER_LABEL(prtos_trampoline_end, SYM_L_GLOBAL)
