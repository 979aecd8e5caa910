// SPDX-License-Identifier: GPL-2.0
/*
 * Touches one 64-bit word of physical memory with an instruction the
 * hypervisor does not emulate (XCHG), to show what the root cell gets
 * for an access outside its memory that cannot be decoded: a #GP, which
 * the exception table here catches. Prints "trapped" or the old value.
 * Unload it before the next use (rmmod prtos-poke).
 */
#include <linux/io.h>
#include <linux/module.h>
#include <asm/asm.h>

static unsigned long addr;
module_param(addr, ulong, 0);
MODULE_PARM_DESC(addr, "physical address to exchange (8-byte aligned)");

static int __init poke_init(void)
{
	unsigned long trapped;
	u64 v = 0;
	void *p;

	if (addr & 7)
		return -EINVAL;
	p = memremap(addr & PAGE_MASK, PAGE_SIZE, MEMREMAP_WB);
	if (!p)
		return -ENOMEM;
	/* trapped stays 1 if the XCHG faults and the fixup skips the clear */
	asm volatile("mov $1, %0\n"
		     "1:	xchg %1, (%2)\n"
		     "	xor %0, %0\n"
		     "2:\n" _ASM_EXTABLE(1b, 2b)
		     : "=&r"(trapped), "+r"(v)
		     : "r"(p + (addr & ~PAGE_MASK))
		     : "memory");
	memunmap(p);
	if (trapped)
		pr_info("prtos-poke: 0x%lx trapped\n", addr);
	else
		pr_info("prtos-poke: 0x%lx = 0x%016llx\n", addr, v);
	return 0;
}
module_init(poke_init);

static void __exit poke_exit(void)
{
}
module_exit(poke_exit);

MODULE_DESCRIPTION("PRTOS test helper: an access the hypervisor cannot decode");
MODULE_LICENSE("GPL");
