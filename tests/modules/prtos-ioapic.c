// SPDX-License-Identifier: GPL-2.0
/*
 * Programs one IOAPIC redirection entry from inside the root cell, as a
 * driver bypassing Linux's interrupt code would, prints what the chip
 * holds afterwards and puts the entry back as it was. It shows which
 * entries the hypervisor lets the root write. Unload it before the next
 * use (rmmod prtos-ioapic).
 */
#include <linux/io.h>
#include <linux/module.h>

#define IOAPIC_BASE 0xfec00000UL
#define REGSEL	    0x00
#define WINDOW	    0x10
#define MASKED	    BIT(16)

static unsigned int pin = 13;
module_param(pin, uint, 0);
MODULE_PARM_DESC(pin, "IOAPIC pin (default 13, unused on q35)");
static unsigned int dest;
module_param(dest, uint, 0);
MODULE_PARM_DESC(dest, "destination: APIC ID or logical mask");
static unsigned int mode;
module_param(mode, uint, 0);
MODULE_PARM_DESC(mode, "delivery mode: 0 fixed, 1 lowest, 4 NMI, ...");
static bool logical;
module_param(logical, bool, 0);
MODULE_PARM_DESC(logical, "logical destination mode");
static bool low_first;
module_param(low_first, bool, 0);
MODULE_PARM_DESC(low_first,
		 "write the low word (unmasking) before the destination");

static void __iomem *regs;

static u32 rd(unsigned int index)
{
	writel(index, regs + REGSEL);
	return readl(regs + WINDOW);
}

static void wr(unsigned int index, u32 val)
{
	writel(index, regs + REGSEL);
	writel(val, regs + WINDOW);
}

static int __init ioapic_test_init(void)
{
	unsigned int lo_index = 0x10 + 2 * pin, hi_index = lo_index + 1;
	u32 lo = 0xef | (mode & 7) << 8 | (logical ? BIT(11) : 0);
	u32 hi = dest << 24, old_lo, old_hi;

	if (pin >= 24)
		return -EINVAL;
	regs = ioremap(IOAPIC_BASE, PAGE_SIZE);
	if (!regs)
		return -ENOMEM;
	old_lo = rd(lo_index);
	old_hi = rd(hi_index);
	if (low_first) {
		wr(lo_index, lo);
		wr(hi_index, hi);
	} else {
		wr(hi_index, hi);
		wr(lo_index, lo);
	}
	pr_info("prtos-ioapic: pin %u lo=0x%08x hi=0x%08x\n", pin, rd(lo_index),
		rd(hi_index));
	wr(lo_index, old_lo | MASKED);
	wr(hi_index, old_hi);
	wr(lo_index, old_lo);
	iounmap(regs);
	return 0;
}
module_init(ioapic_test_init);

static void __exit ioapic_test_exit(void)
{
}
module_exit(ioapic_test_exit);

MODULE_DESCRIPTION("PRTOS test helper: program an IOAPIC entry");
MODULE_LICENSE("GPL");
