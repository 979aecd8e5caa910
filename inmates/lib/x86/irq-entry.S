// SPDX-License-Identifier: GPL-2.0
/*
 * One entry stub per vector, IRQ_STUB_SIZE bytes apart so that irq.c
 * finds stub n at irq_stubs + IRQ_STUB_SIZE * n. Each pushes a zero where
 * the CPU pushes no error code, then its vector, and joins the common
 * path, which saves the general-purpose registers as a struct irq_frame
 * and calls irq_dispatch(). The CPU aligns RSP to 16 bytes before its
 * 40-byte frame; with 2 + 15 pushes more the call happens 16-byte
 * aligned, as the ABI wants.
 */
#include <inmate/irq-entry.h>

	.text
	.balign	IRQ_STUB_SIZE
	.globl	irq_stubs
irq_stubs:
	vector = 0
	.rept	IRQ_NUM_VECTORS
	.balign	IRQ_STUB_SIZE
	/* #DF, #TS, #NP, #SS, #GP, #PF, #AC, #CP, #VC, #SX push error codes */
	.if (vector == 8) || (vector >= 10 && vector <= 14) || \
	    (vector == 17) || (vector == 21) || (vector == 29) || (vector == 30)
	.else
	pushq	$0
	.endif
	pushq	$vector
	jmp	irq_common
	vector = vector + 1
	.endr

irq_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	cld
	call	irq_dispatch
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp
	iretq

	.section .note.GNU-stack, "", @progbits
