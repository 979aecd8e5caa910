/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMRUN loop. The guest's general-purpose registers (all but RAX and
 * RSP, which the VMCB holds) live on this CPU's stack between exits, laid
 * out as struct guest_regs, with the VMCB's physical address above them.
 * FS, GS, TR, LDTR and the syscall MSRs are never switched: the
 * hypervisor does not use them, so the guest's values simply stay live.
 */
#define PERCPU_SIZE	0x10000

	.text
	.globl svm_run
/* rdi: physical address of this CPU's VMCB; does not return */
svm_run:
	/*
	 * Start from the top of this CPU's stack (the callers' frames are
	 * never returned to), so that the frame below sits where
	 * guest_regs_frame() and a CPU restart expect it.
	 */
	mov	%rsp, %rax
	or	$(PERCPU_SIZE - 1), %rax
	lea	1(%rax), %rsp
	push	$0			/* keeps the exit handler's stack aligned */
	push	%rdi
	.rept 14
	push	$0
	.endr
	.globl svm_reenter
/* also the way back in after a CPU reset (arch_cpu_restart) */
svm_reenter:
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdi
	pop	%rsi
	pop	%rbp
	pop	%rbx
	pop	%rdx
	pop	%rcx
	mov	(%rsp), %rax
	vmrun	%rax
	push	%rcx
	push	%rdx
	push	%rbx
	push	%rbp
	push	%rsi
	push	%rdi
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, %rdi
	call	svm_handle_exit
	jmp	svm_reenter
