/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry from the driver's trampoline, and the exception stubs.
 *
 * The trampoline arrives here on Linux's stack (which is not mapped in
 * the hypervisor's address space), with the hypervisor's page tables
 * loaded and GIF and interrupts off. Nothing may touch the stack before
 * the switch to this CPU's own.
 */
#define PERCPU_SIZE	0x10000
#define MAX_CPUS	16

	.text
	.globl prtos_hv_entry
/* rdi: Linux CPU number, rsi: Linux stack pointer */
prtos_hv_entry:
	endbr64
	cmp	$MAX_CPUS, %rdi
	jae	1f
	mov	%rdi, %rax
	shl	$16, %rax
	lea	__percpu_start + PERCPU_SIZE(%rip), %rsp
	add	%rax, %rsp
	xor	%ebp, %ebp
	call	prtos_cpu_entry
1:	cli
	hlt
	jmp	1b

/* Exceptions in the hypervisor itself: all are fatal and get reported. */
.macro exception_stub vec
	.balign 16
exception_\vec:
	.if !(\vec == 8 || (\vec >= 10 && \vec <= 14) || \vec == 17 || \vec == 21 || \vec == 29 || \vec == 30)
	push	$0
	.endif
	push	$\vec
	jmp	exception_common
.endm

.irp vec, 0,1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	exception_stub \vec
.endr

/*
 * An NMI that made a guest exit stays pending; the exit handler opens GIF
 * for a moment so that it is taken here, where it has nothing left to do.
 */
	.balign 16
exception_2:
	iretq

exception_common:
	push	%rax
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
	and	$~15, %rsp
	call	exception_report
	jmp	1b

/*
 * Interrupts are only ever let in to drain what a CPU's previous owner
 * left pending (see xapic_reset()): acknowledge and drop them.
 */
	.balign 16
	.globl irq_drain
irq_drain:
	push	%rax
	movabs	$0xfee000b0, %rax	/* local APIC EOI, identity-mapped */
	movl	$0, (%rax)
	pop	%rax
	iretq

	.section .rodata
	.globl exception_entries
exception_entries:
.irp vec, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad exception_\vec
.endr
