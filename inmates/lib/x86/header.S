// SPDX-License-Identifier: GPL-2.0
/*
 * Start-up of every inmate CPU, from real mode to C in 64-bit long mode.
 *
 * The boot CPU comes from the reset vector (0xffff0, the last 16 bytes of
 * the image's first 64 KiB), secondary CPUs from SIPI vector 0xf0, which
 * enters at 0xf0000; both then run the same code, told apart by ESI (1 =
 * boot CPU). This part of the image may be ROM (bare QEMU maps it as the
 * BIOS), so it never writes to itself: the GDT's descriptors carry their
 * accessed bits already, and everything writable lives in the BSS above
 * 1 MiB. The boot CPU clears the BSS and builds identity page tables for
 * 0-4 GiB with 2 MiB pages, the 3-4 GiB range (local APIC, IOAPIC, PCI
 * windows) uncached; secondary CPUs reuse them.
 */
#include <inmate/layout.h>

#define CR0_PE		0x00000001
#define CR0_WP		0x00010000
#define CR0_NW		0x20000000
#define CR0_CD		0x40000000
#define CR0_PG		0x80000000
#define CR4_PAE		0x00000020
#define MSR_EFER	0xc0000080
#define EFER_LME	0x00000100

#define PT_PRESENT_RW	0x003
#define PT_PWT		0x008
#define PT_PCD		0x010
#define PT_LARGE	0x080
/* PD entries from here on (3 GiB / 2 MiB) map device memory */
#define PD_FIRST_UNCACHED 1536
#define PD_ENTRIES	2048

	.section .boot, "ax"

	.code16
	.globl	boot_sipi_entry
boot_sipi_entry:
	xorl	%esi, %esi
	jmp	1f
	.globl	boot_reset_entry
boot_reset_entry:
	movl	$1, %esi
1:	cli
	cld
	/* CS has base 0xf0000: data is addressed by offset into the image */
	lgdtl	%cs:(gdt_ptr - boot_sipi_entry)
	movl	%cr0, %eax
	/* caches are off after reset on real hardware */
	andl	$~(CR0_CD | CR0_NW), %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$GDT_CODE32, $boot32

	.code32
boot32:
	movl	$GDT_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	testl	%esi, %esi
	jz	enable_paging

	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	xorl	%eax, %eax
	rep stosl

	movl	$(boot_pdpt + PT_PRESENT_RW), boot_pml4
	movl	$(boot_pd + PT_PRESENT_RW), %eax
	movl	$boot_pdpt, %edi
	movl	$4, %ecx
2:	movl	%eax, (%edi)
	addl	$0x1000, %eax
	addl	$8, %edi
	loop	2b

	movl	$boot_pd, %edi
	movl	$(PT_PRESENT_RW | PT_LARGE), %eax
	xorl	%ecx, %ecx
3:	movl	%eax, (%edi, %ecx, 8)
	cmpl	$PD_FIRST_UNCACHED, %ecx
	jb	4f
	orl	$(PT_PCD | PT_PWT), (%edi, %ecx, 8)
4:	addl	$0x200000, %eax
	incl	%ecx
	cmpl	$PD_ENTRIES, %ecx
	jb	3b

enable_paging:
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$boot_pml4, %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_WP), %eax
	movl	%eax, %cr0
	ljmpl	$GDT_CODE64, $boot64

	.code64
boot64:
	movl	$GDT_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	testl	%esi, %esi
	jz	5f
	leaq	smp_stacks + SMP_STACK_SIZE(%rip), %rsp
	call	inmate_start
	jmp	6f
5:	movq	smp_ap_stack_top(%rip), %rsp
	call	smp_ap_start
6:	cli
	hlt
	jmp	6b

	.balign	8
gdt:
	.quad	0
	.quad	0x00cf9b000000ffff	/* GDT_CODE32: flat, accessed */
	.quad	0x00cf93000000ffff	/* GDT_DATA: flat, accessed */
	.quad	0x00af9b000000ffff	/* GDT_CODE64: long mode, accessed */
gdt_end:
gdt_ptr:
	.word	gdt_end - gdt - 1
	.long	gdt

	/* The reset vector: exactly 16 bytes at 0xffff0 (see inmate.lds). */
	.section .reset, "ax"
	.code16
	ljmp	$(INMATE_BASE >> 4), $(boot_reset_entry - boot_sipi_entry)
	.balign	16, 0xf4

	.section .bss.page_aligned, "aw", @nobits
	.balign	4096
boot_pml4:
	.skip	4096
boot_pdpt:
	.skip	4096
boot_pd:
	.skip	4096 * 4

	.section .note.GNU-stack, "", @progbits
