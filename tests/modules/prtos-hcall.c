// SPDX-License-Identifier: GPL-2.0
/*
 * Issues one hypercall from the root cell with the arguments given, as a
 * hostile or broken root could, and prints the result. Unload it before
 * the next use (rmmod prtos-hcall).
 */
#include <linux/module.h>
#include <prtos/hypercall.h>

static unsigned long code;
module_param(code, ulong, 0);
MODULE_PARM_DESC(code, "PRTOS_HC_* code (RAX)");
static unsigned long arg0;
module_param(arg0, ulong, 0);
MODULE_PARM_DESC(arg0, "first argument (RDI)");
static unsigned long arg1;
module_param(arg1, ulong, 0);
MODULE_PARM_DESC(arg1, "second argument (RSI)");

static int __init hcall_init(void)
{
	long ret = prtos_hypercall(0, code, arg0, arg1);

	pr_info("prtos-hcall: code=%lu arg0=0x%lx arg1=0x%lx result=%ld\n",
		code, arg0, arg1, ret);
	return 0;
}
module_init(hcall_init);

static void __exit hcall_exit(void)
{
}
module_exit(hcall_exit);

MODULE_DESCRIPTION("PRTOS test helper: one hypercall from the root");
MODULE_LICENSE("GPL");
