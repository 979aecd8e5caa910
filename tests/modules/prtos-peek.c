// SPDX-License-Identifier: GPL-2.0
/*
 * Reads one 64-bit word of physical memory and prints it, to show from
 * inside the root cell what it can and cannot reach. /dev/mem cannot do
 * this: the kernel itself refuses claimed regions (IO_STRICT_DEVMEM).
 * Unload it before the next read (rmmod prtos-peek).
 */
#include <linux/io.h>
#include <linux/module.h>

static unsigned long addr;
module_param(addr, ulong, 0);
MODULE_PARM_DESC(addr, "physical address to read (8-byte aligned)");

static int __init peek_init(void)
{
	void *p;
	u64 v;

	if (addr & 7)
		return -EINVAL;
	p = memremap(addr & PAGE_MASK, PAGE_SIZE, MEMREMAP_WB);
	if (!p)
		return -ENOMEM;
	v = READ_ONCE(*(u64 *)(p + (addr & ~PAGE_MASK)));
	memunmap(p);
	pr_info("prtos-peek: 0x%lx = 0x%016llx\n", addr, v);
	return 0;
}
module_init(peek_init);

static void __exit peek_exit(void)
{
}
module_exit(peek_exit);

MODULE_DESCRIPTION("PRTOS test helper: read physical memory");
MODULE_LICENSE("GPL");
