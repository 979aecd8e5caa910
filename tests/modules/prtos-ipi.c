// SPDX-License-Identifier: GPL-2.0
/*
 * Sends IPIs the way Linux does, to show from inside the root cell where
 * they arrive. mode=call runs smp_call_function() @count times (Linux
 * uses the all-but-self shorthand for it once every CPU has been up),
 * waiting each time until every other online CPU ran the call, and
 * prints how often each CPU ran it. mode=fixed sends @count fixed IPIs
 * with @vector to the APIC ID of Linux CPU @cpu (which may be a cell's),
 * in physical destination mode. Unload it before the next use (rmmod
 * prtos-ipi).
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/smp.h>
#include <asm/apic.h>

static char *mode = "call";
module_param(mode, charp, 0);
MODULE_PARM_DESC(mode, "call (smp_call_function) or fixed (one CPU)");
static unsigned int count = 100;
module_param(count, uint, 0);
MODULE_PARM_DESC(count, "how many calls or IPIs");
static unsigned int cpu = 3;
module_param(cpu, uint, 0);
MODULE_PARM_DESC(cpu, "mode=fixed: the Linux CPU number to send to");
static unsigned int vector = 0xfd;
module_param(vector, uint, 0);
MODULE_PARM_DESC(vector, "mode=fixed: the vector (default: reschedule)");

static atomic_t ran[NR_CPUS];

static void count_call(void *unused)
{
	atomic_inc(&ran[smp_processor_id()]);
}

static int __init ipi_init(void)
{
	unsigned int n, c;

	if (!strcmp(mode, "call")) {
		for (n = 0; n < count; n++)
			smp_call_function(count_call, NULL, 1);
		for_each_online_cpu(c)
			pr_info("prtos-ipi: call cpu%u=%d\n", c,
				atomic_read(&ran[c]));
		return 0;
	}
	if (!strcmp(mode, "fixed")) {
		if (cpu >= nr_cpu_ids || vector < 32 || vector > 255)
			return -EINVAL;
		for (n = 0; n < count; n++)
			apic->icr_write(APIC_DM_FIXED | APIC_DEST_PHYSICAL |
						vector,
					cpu_physical_id(cpu));
		pr_info("prtos-ipi: sent %u IPIs with vector 0x%x to CPU %u\n",
			count, vector, cpu);
		return 0;
	}
	return -EINVAL;
}
module_init(ipi_init);

static void __exit ipi_exit(void)
{
}
module_exit(ipi_exit);

MODULE_DESCRIPTION("PRTOS test helper: send IPIs as Linux does");
MODULE_LICENSE("GPL");
