// SPDX-License-Identifier: GPL-2.0
/*
 * Reads or writes one MSR from inside the root cell with the safe
 * accessors, and prints what happened, to show which MSR writes the
 * hypervisor lets the root make. write=1 writes @value, or with
 * same=1 the value just read (a write that changes nothing). Unload it
 * before the next use (rmmod prtos-msr).
 */
#include <linux/module.h>
#include <asm/msr.h>

static unsigned int msr;
module_param(msr, uint, 0);
MODULE_PARM_DESC(msr, "MSR number");
static bool write;
module_param(write, bool, 0);
MODULE_PARM_DESC(write, "write instead of only reading");
static bool same;
module_param(same, bool, 0);
MODULE_PARM_DESC(same, "write back the value read");
static unsigned long long value;
module_param(value, ullong, 0);
MODULE_PARM_DESC(value, "value to write");

static int __init msr_test_init(void)
{
	u64 before = 0, after = 0;
	int rerr, werr = 0;

	rerr = rdmsrl_safe(msr, &before);
	if (write)
		werr = wrmsrl_safe(msr, same ? before : value);
	if (!rerr)
		rerr = rdmsrl_safe(msr, &after);
	pr_info("prtos-msr: 0x%x read %s 0x%llx, write %s, now 0x%llx\n", msr,
		rerr ? "refused" : "ok", before,
		!write ? "none"
		: werr ? "refused"
		       : "ok",
		after);
	return 0;
}
module_init(msr_test_init);

static void __exit msr_test_exit(void)
{
}
module_exit(msr_test_exit);

MODULE_DESCRIPTION("PRTOS test helper: read or write an MSR");
MODULE_LICENSE("GPL");
