// SPDX-License-Identifier: GPL-2.0
/*
 * Makes one kernel function fail (return NULL, as if out of memory) while
 * the module is loaded, for the calls whose first argument is the string
 * @match, to test error paths of prtos.ko that the stock kernel has no
 * fault injection for. A probe at the function's entry skips its body:
 * the CPU goes on in a function that returns NULL at once, so the caller
 * sees the call fail and nothing is done or leaked. Load, run the
 * operation, unload (rmmod prtos-failcall).
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/string.h>

static char *func = "kobject_create_and_add";
module_param(func, charp, 0);
MODULE_PARM_DESC(func, "the function that is to return NULL");
static char *match = "cells";
module_param(match, charp, 0);
MODULE_PARM_DESC(match, "only calls whose first argument is this string");

static atomic_t failed = ATOMIC_INIT(0);

/*
 * Where a skipped call goes on: entered with the stack of the call, so it
 * returns to the caller.
 */
static noinline notrace void *failcall_return(void)
{
	return NULL;
}

static int on_entry(struct kprobe *p, struct pt_regs *regs)
{
	const char *arg = (const char *)regs->di;

	if (!arg || strcmp(arg, match))
		return 0;
	atomic_inc(&failed);
	regs->ip = (unsigned long)failcall_return;
	/* the handler changed the instruction pointer: resume there */
	return 1;
}

static struct kprobe probe = {
	.pre_handler = on_entry,
};

static int __init failcall_init(void)
{
	probe.symbol_name = func;
	return register_kprobe(&probe);
}
module_init(failcall_init);

static void __exit failcall_exit(void)
{
	unregister_kprobe(&probe);
	pr_info("prtos-failcall: %s(\"%s\") failed %d times\n", func, match,
		atomic_read(&failed));
}
module_exit(failcall_exit);

MODULE_DESCRIPTION("PRTOS test helper: make a kernel function fail");
MODULE_LICENSE("GPL");
