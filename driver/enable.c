// SPDX-License-Identifier: GPL-2.0
/*
 * Enabling and disabling the hypervisor: loading the image into the
 * reserved memory, building its address space, and entering it on every
 * online CPU at once. Everything is checked before anything changes;
 * on failure everything is given back.
 */
#include <linux/cpu.h>
#include <linux/firmware.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/cpufeature.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include <asm/debugreg.h>
#include <asm/smp.h>
#include <asm/tsc.h>
#include <prtos-lib/config-check.h>
#include <prtos-lib/image-check.h>
#include <prtos-lib/paging.h>
#include <prtos/config.h>
#include <prtos/console.h>
#include <prtos/version.h>
#include "prtos.h"

#define IDENTITY_MIN	0x100000000ULL /* 4 GiB */
#define MMIO_HOLE_START 0xc0000000ULL

struct hv_state {
	const struct firmware *fw;
	void *mem; /* the hypervisor memory, mapped */
	u64 phys;
	u64 size;
	struct resource *res;
	struct prtos_hv_header *hdr;
	unsigned int next_page; /* pool pages the driver took */
	unsigned int pool_pages;
	/*
	 * Copied out of the header before entry: once the hypervisor runs,
	 * its memory is out of Linux's reach and must not be touched.
	 */
	u64 entry;
	u64 host_cr3;
	struct prtos_linux_cpu *linux_cpus;
	void *console_ring;
	char version[32];
	struct cpumask entered; /* CPUs that run under the hypervisor */
	int result[NR_CPUS];
};

static struct hv_state hv;

/* Page-table callbacks: the tables live in the pool, reached via hv.mem. */
static void *pt_phys_to_virt(void *ctx, __u64 phys)
{
	return hv.mem + (phys - hv.phys);
}

static __u64 pt_alloc(void *ctx)
{
	u64 off;

	if (hv.next_page >= hv.pool_pages)
		return 0;
	off = hv.hdr->pool_offset + (u64)hv.next_page++ * PAGE_SIZE;
	memset(hv.mem + off, 0, PAGE_SIZE);
	return hv.phys + off;
}

static const struct paging_env pt_env = {
	.phys_to_virt = pt_phys_to_virt,
	.alloc_table = pt_alloc,
	.table_flags = PTE_PRESENT | PTE_RW,
	.large_pages = true,
};

static u64 identity_end(const struct prtos_system *sys)
{
	const struct prtos_memory *mem = prtos_cell_mem(&sys->root_cell);
	u64 end = IDENTITY_MIN;
	unsigned int n;

	for (n = 0; n < sys->root_cell.num_memory_regions; n++)
		end = max(end, mem[n].phys_start + mem[n].size);
	return ALIGN(end, PAGE_SIZE_2M);
}

/*
 * The hypervisor's address space: its image and pool at the link address,
 * the trampoline page(s) where Linux has them, and all physical memory
 * the machine has identity-mapped (device memory uncached).
 */
static int build_host_tables(const struct prtos_system *sys, char *reason)
{
	unsigned long tstart = (unsigned long)prtos_trampoline_start;
	unsigned long tend = (unsigned long)prtos_trampoline_end;
	u64 root, end = identity_end(sys), va;
	int err;

	root = pt_alloc(NULL);
	if (!root)
		goto nomem;
	hv.hdr->host_cr3 = root;
	err = paging_map(&pt_env, root, hv.hdr->link_address, hv.phys, hv.size,
			 PTE_RW);
	/* page 0 stays unmapped: a NULL pointer in the hypervisor faults */
	err = err
		      ?: paging_map(&pt_env, root, PAGE_SIZE, PAGE_SIZE,
				    MMIO_HOLE_START - PAGE_SIZE,
				    PTE_RW | PTE_NX);
	err = err
		      ?: paging_map(&pt_env, root, MMIO_HOLE_START,
				    MMIO_HOLE_START,
				    IDENTITY_MIN - MMIO_HOLE_START,
				    PTE_RW | PTE_NX | PTE_PCD | PTE_PWT);
	if (!err && end > IDENTITY_MIN)
		err = paging_map(&pt_env, root, IDENTITY_MIN, IDENTITY_MIN,
				 end - IDENTITY_MIN, PTE_RW | PTE_NX);
	for (va = tstart & PAGE_MASK; !err && va < tend; va += PAGE_SIZE) {
		if (va >= hv.hdr->link_address &&
		    va < hv.hdr->link_address + hv.size)
			return prtos_fail(
				reason, -EINVAL,
				"the driver's trampoline at 0x%lx collides with the hypervisor's address space",
				(unsigned long)va);
		err = paging_map(&pt_env, root, va,
				 (u64)vmalloc_to_pfn((void *)va) << PAGE_SHIFT,
				 PAGE_SIZE, 0);
	}
	if (err)
		goto nomem;
	return 0;
nomem:
	return prtos_fail(
		reason, -ENOMEM,
		"hypervisor memory too small for the page tables (%u pages in the pool)",
		hv.pool_pages);
}

static int check_image(char *reason)
{
	return prtos_check_image(hv.fw->data, hv.fw->size, hv.size,
				 PRTOS_FIRMWARE, reason, PRTOS_REASON_LEN);
}

static int claim_memory(const struct prtos_system *sys, char *reason)
{
	hv.phys = sys->hypervisor_memory.phys_start;
	hv.size = sys->hypervisor_memory.size;
	if (region_intersects(hv.phys, hv.size, IORESOURCE_MEM,
			      IORES_DESC_RESERVED) != REGION_INTERSECTS)
		return prtos_fail(
			reason, -ENOMEM,
			"hypervisor memory 0x%llx-0x%llx is not reserved: boot Linux with memmap=0x%llx$0x%llx",
			hv.phys, hv.phys + hv.size - 1, hv.size, hv.phys);
	hv.res = request_mem_region(hv.phys, hv.size, "PRTOS hypervisor");
	if (!hv.res)
		return prtos_fail(
			reason, -EBUSY,
			"hypervisor memory 0x%llx-0x%llx is already in use (see /proc/iomem)",
			hv.phys, hv.phys + hv.size - 1);
	hv.mem = memremap(hv.phys, hv.size, MEMREMAP_WB);
	if (!hv.mem) {
		release_mem_region(hv.phys, hv.size);
		hv.res = NULL;
		return prtos_fail(reason, -ENOMEM,
				  "cannot map the hypervisor memory");
	}
	return 0;
}

static void release_all(void)
{
	if (hv.mem)
		memunmap(hv.mem);
	if (hv.res)
		release_mem_region(hv.phys, hv.size);
	release_firmware(hv.fw);
	memset(&hv, 0, sizeof(hv));
}

static u16 seg_attrib(u64 desc)
{
	return ((desc >> 40) & 0xff) | (((desc >> 52) & 0xf) << 8);
}

static void capture_segment(struct prtos_segment *seg, u16 sel,
			    const struct desc_ptr *gdt)
{
	u64 desc;

	seg->selector = sel;
	seg->attrib = 0;
	seg->limit = 0;
	seg->base = 0;
	if (!(sel & ~3) || (sel | 7) > gdt->size)
		return;
	desc = *(u64 *)(gdt->address + (sel & ~7));
	seg->attrib = seg_attrib(desc);
	seg->limit = (desc & 0xffff) | ((desc >> 32) & 0xf0000);
	if (desc & (1ULL << 55))
		seg->limit = (seg->limit << 12) | 0xfff;
	seg->base = ((desc >> 16) & 0xffffff) | (((desc >> 56) & 0xff) << 24);
}

/* Linux's state on this CPU, for the hypervisor to resume it as a guest. */
static void capture_linux(struct prtos_linux_cpu *l)
{
	struct desc_ptr gdt, idt;
	u16 sel;

	native_store_gdt(&gdt);
	store_idt(&idt);
	l->cr0 = read_cr0();
	l->cr3 = __read_cr3();
	l->cr4 = __read_cr4();
	rdmsrl(MSR_EFER, l->efer);
	rdmsrl(MSR_IA32_CR_PAT, l->pat);
	l->dr7 = native_get_debugreg(7);
	l->gdtr_base = gdt.address;
	l->gdtr_limit = gdt.size;
	l->idtr_base = idt.address;
	l->idtr_limit = idt.size;
	savesegment(cs, sel);
	capture_segment(&l->cs, sel, &gdt);
	savesegment(ss, sel);
	capture_segment(&l->ss, sel, &gdt);
	savesegment(ds, sel);
	capture_segment(&l->ds, sel, &gdt);
	savesegment(es, sel);
	capture_segment(&l->es, sel, &gdt);
	l->apic_id = cpu_physical_id(smp_processor_id());
}

/*
 * Both ways run under stop_machine(): every online CPU is in its stopper
 * thread with interrupts off before any of them goes on. An IPI-based
 * call (on_each_cpu) can deadlock here: a CPU that takes the call while
 * holding a spinlock waits inside the hypervisor for the others, and a CPU
 * spinning for that lock with interrupts off never takes the call.
 * CPU hotplug is held off meanwhile, so every CPU sees the same online
 * mask and all of them decide alike.
 */
static int enter_cpu(void *unused)
{
	unsigned int cpu = smp_processor_id();

	if (!cpumask_equal(cpu_online_mask, &hv.entered)) {
		hv.result[cpu] = -EAGAIN;
		return 0;
	}
	capture_linux(&hv.linux_cpus[cpu]);
	hv.result[cpu] = prtos_enter_hypervisor(cpu, hv.host_cr3, hv.entry);
	return 0;
}

static int leave_cpu(void *unused)
{
	unsigned int cpu = smp_processor_id();

	/* a CPU offline in Linux cannot leave: it would stay inside */
	if (!cpumask_equal(cpu_online_mask, &hv.entered)) {
		hv.result[cpu] = -EBUSY;
		return 0;
	}
	hv.result[cpu] = prtos_leave_hypervisor();
	return 0;
}

/* The first error of the CPUs that took part, or 0. */
static int first_result(void)
{
	int cpu;

	for_each_cpu(cpu, &hv.entered)
		if (hv.result[cpu])
			return hv.result[cpu];
	return 0;
}

static int check_cpus(const struct prtos_system *sys, char *reason)
{
	const struct prtos_hv_header *h = (const void *)hv.fw->data;
	u64 v;
	int cpu;

	/*
	 * Ask CPUID itself, not Linux's flags: a CPU that came online while
	 * PRTOS ran (a cell's CPU given back) was identified with SVM hidden,
	 * and Linux keeps only the features every CPU had, for good.
	 */
	if (cpuid_eax(0x80000000) < 0x8000000a ||
	    !(cpuid_ecx(0x80000001) & BIT(2)))
		return prtos_fail(
			reason, -ENODEV,
			"this CPU has no AMD SVM: PRTOS needs AMD-V (QEMU: -cpu ...,+svm,+npt)");
	if (!(cpuid_edx(0x8000000a) & BIT(0)))
		return prtos_fail(
			reason, -ENODEV,
			"this CPU has SVM but no nested paging (NPT): PRTOS needs it");
	rdmsrl(MSR_VM_CR, v);
	if (v & (1 << 4))
		return prtos_fail(
			reason, -ENODEV,
			"SVM is disabled by the firmware (VM_CR.SVMDIS): enable virtualisation in the BIOS setup");
	rdmsrl(MSR_EFER, v);
	if (v & EFER_SVME)
		return prtos_fail(
			reason, -EBUSY,
			"SVM is already in use by another hypervisor (kvm_amd?): unload it first");
	for_each_online_cpu(cpu) {
		if (cpu >= h->max_cpus)
			return prtos_fail(
				reason, -E2BIG,
				"CPU %d is online but the hypervisor supports %u CPUs",
				cpu, h->max_cpus);
		if (!prtos_cell_has_cpu(&sys->root_cell, cpu))
			return prtos_fail(
				reason, -EINVAL,
				"CPU %d is online but not in the root cell's CPU set: fix the configuration or take the CPU offline",
				cpu);
	}
	return 0;
}

/* Copy image and configuration in and describe them to the hypervisor. */
static int load_hypervisor(const struct prtos_system *sys, u32 config_size,
			   char *reason)
{
	const struct prtos_hv_header *h = (const void *)hv.fw->data;
	u64 core = h->core_end - h->link_address;
	u64 pool = ALIGN(core + (u64)h->max_cpus * h->percpu_size, PAGE_SIZE);
	int err;

	memset(hv.mem, 0, hv.size);
	memcpy(hv.mem, hv.fw->data, hv.fw->size);
	hv.hdr = hv.mem;
	hv.pool_pages = (hv.size - pool) / PAGE_SIZE;
	hv.hdr->phys_base = hv.phys;
	hv.hdr->mem_size = hv.size;
	hv.hdr->pool_offset = pool;
	hv.hdr->config_offset = pool;
	hv.hdr->config_size = config_size;
	memcpy(hv.mem + pool, sys, config_size);
	hv.next_page = DIV_ROUND_UP(config_size, PAGE_SIZE);
	if (hv.next_page >= hv.pool_pages)
		return prtos_fail(
			reason, -ENOMEM,
			"hypervisor memory too small for the configuration");
	hv.hdr->leave_stub = (unsigned long)prtos_leave_stub;
	hv.hdr->resume_rip = (unsigned long)prtos_resume;
	hv.hdr->tsc_khz = tsc_khz;
	hv.entry = hv.hdr->entry;
	hv.linux_cpus = hv.mem + (hv.hdr->linux_cpus - hv.hdr->link_address);
	hv.console_ring =
		hv.mem + (hv.hdr->console_ring - hv.hdr->link_address);
	memcpy(hv.version, hv.hdr->version, sizeof(hv.version));
	hv.version[sizeof(hv.version) - 1] = '\0';
	err = build_host_tables(sys, reason);
	hv.host_cr3 = hv.hdr->host_cr3;
	return err;
}

static int enter_all(char *reason)
{
	const struct prtos_hv_header *h = hv.hdr;
	int err;

	memset(hv.result, 0, sizeof(hv.result));
	stop_machine(enter_cpu, NULL, cpu_online_mask);
	err = first_result();
	if (err == -EAGAIN) {
		return prtos_fail(
			reason, err,
			"a CPU went online or offline while PRTOS was being enabled: try again");
	} else if (err) {
		if (h->reason[0])
			strscpy(reason, h->reason, PRTOS_REASON_LEN);
		else
			snprintf(reason, PRTOS_REASON_LEN,
				 "the hypervisor refused to start (error %d)",
				 err);
		pr_err("prtos: enabling failed: %s\n", reason);
	}
	return err;
}

/**
 * prtos_cmd_enable() - PRTOS_ENABLE
 * @arg: user's struct prtos_enable_args
 *
 * Return: 0 or -errno, with the reason copied to user space.
 */
int prtos_cmd_enable(struct prtos_enable_args __user *arg)
{
	struct prtos_enable_args args;
	char *reason = args.reason;
	struct prtos_system *sys = NULL;
	bool entered = false;
	int err;

	if (copy_from_user(&args, arg, sizeof(args)))
		return -EFAULT;
	memset(args.reason, 0, sizeof(args.reason));
	mutex_lock(&prtos_lock);
	if (prtos_enabled) {
		err = prtos_fail(
			reason, -EBUSY,
			"PRTOS is already enabled: run 'prtos disable' first");
		goto out;
	}
	if (args.config_size < sizeof(*sys) ||
	    args.config_size > PRTOS_CONFIG_MAX_SIZE) {
		err = prtos_fail(
			reason, -EINVAL,
			"invalid system configuration: size %u bytes is out of range",
			args.config_size);
		goto out;
	}
	sys = vmemdup_user(u64_to_user_ptr(args.config), args.config_size);
	if (IS_ERR(sys)) {
		err = PTR_ERR(sys);
		sys = NULL;
		goto out;
	}
	err = prtos_check_system_config(sys, args.config_size, reason,
					PRTOS_REASON_LEN);
	if (err) {
		char why[PRTOS_REASON_LEN];

		strscpy(why, reason, sizeof(why));
		err = prtos_fail(reason, err,
				 "invalid system configuration: %s", why);
		goto out;
	}
	err = request_firmware(&hv.fw, PRTOS_FIRMWARE, prtos_dev);
	if (err) {
		err = prtos_fail(
			reason, -ENOENT,
			"hypervisor image %s not found in /lib/firmware (error %d)",
			PRTOS_FIRMWARE, err);
		goto out;
	}
	hv.phys = sys->hypervisor_memory.phys_start;
	hv.size = sys->hypervisor_memory.size;
	err = check_image(reason);
	if (!err)
		err = claim_memory(sys, reason);
	if (err)
		goto out_release;
	hv.hdr = hv.mem;

	cpus_read_lock();
	err = check_cpus(sys, reason);
	/* what can fail for lack of memory fails before anything is entered */
	if (!err && prtos_cells_init(&sys->root_cell))
		err = prtos_fail(
			reason, -ENOMEM,
			"out of kernel memory for the sysfs view of the cells");
	if (!err && prtos_channels_init(sys)) {
		prtos_cells_exit();
		err = prtos_fail(
			reason, -ENOMEM,
			"out of kernel memory for the sysfs view of the channels");
	}
	if (!err)
		err = load_hypervisor(sys, args.config_size, reason);
	if (!err) {
		hv.hdr->pool_used_pages = hv.next_page;
		hv.hdr->online_cpus = num_online_cpus();
		cpumask_copy(&hv.entered, cpu_online_mask);
	}
	cpus_read_unlock();
	if (!err) {
		entered = true;
		err = enter_all(reason);
	}
	if (err && entered) {
		prtos_console_keep(hv.console_ring);
		prtos_console_log(hv.console_ring, "hypervisor: ");
	}
	if (err) {
		prtos_channels_exit();
		prtos_cells_exit();
		goto out_release;
	}
	prtos_enabled = true;
	/* kept for the checks of cell creation; freed by disable */
	prtos_system_config = sys;
	sys = NULL;
	__module_get(THIS_MODULE);
	pr_info("prtos: hypervisor %s active on %u CPUs\n", hv.version,
		num_online_cpus());
	goto out;

out_release:
	release_all();
out:
	mutex_unlock(&prtos_lock);
	kvfree(sys);
	if (copy_to_user(arg->reason, args.reason, sizeof(args.reason)))
		return -EFAULT;
	return err;
}

/**
 * prtos_cmd_disable() - PRTOS_DISABLE
 * @arg: user's struct prtos_disable_args
 *
 * Return: 0 or -errno, with the reason copied to user space.
 */
int prtos_cmd_disable(struct prtos_disable_args __user *arg)
{
	struct prtos_disable_args args = {};
	char *reason = args.reason;
	int cpu, err = 0;

	mutex_lock(&prtos_lock);
	if (!prtos_enabled) {
		err = prtos_fail(reason, -ENODEV, "PRTOS is not enabled");
		goto out;
	}
	if (prtos_cells_busy(reason) || prtos_channel_devs_busy(reason)) {
		err = -EBUSY;
		pr_err("prtos: %s\n", reason);
		goto out;
	}
	cpus_read_lock();
	for_each_cpu(cpu, &hv.entered)
		if (!cpu_online(cpu))
			break;
	cpus_read_unlock();
	if (cpu < nr_cpu_ids) {
		err = prtos_fail(
			reason, -EBUSY,
			"CPU %d is offline in Linux but still under the hypervisor: bring it online first (echo 1 > /sys/devices/system/cpu/cpu%d/online)",
			cpu, cpu);
		goto out;
	}
	memset(hv.result, 0, sizeof(hv.result));
	stop_machine(leave_cpu, NULL, cpu_online_mask);
	err = first_result();
	if (err) {
		/* some CPU is still under the hypervisor: keep everything */
		err = prtos_fail(
			reason, err,
			"the hypervisor refused to let go of a CPU (error %d)",
			err);
		goto out;
	}
	prtos_console_keep(hv.console_ring);
	release_all();
	prtos_channels_exit();
	prtos_cells_exit();
	prtos_enabled = false;
	kvfree(prtos_system_config);
	prtos_system_config = NULL;
	module_put(THIS_MODULE);
	pr_info("prtos: hypervisor disabled\n");
out:
	mutex_unlock(&prtos_lock);
	if (copy_to_user(arg->reason, args.reason, sizeof(args.reason)))
		return -EFAULT;
	return err;
}
