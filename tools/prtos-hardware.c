// SPDX-License-Identifier: GPL-2.0
/*
 * 'prtos hardware check [SYSTEM.cell]': whether this machine can run
 * PRTOS, one line per check with a verdict and, where something needs
 * doing, one line of advice. Works without the driver and changes
 * nothing; the facts come from /proc, /sys, /dev/cpu/N/msr and
 * /lib/firmware (machine.c), never from CPUID, so that tests can fake
 * every machine.
 *
 * Verdicts in capitals are the reasons PRTOS cannot run; they make the
 * exit status 1 and are summed up on the last line.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <prtos/config.h>
#include <prtos/image.h>
#include <prtos/ioctl.h>
#include <prtos/version.h>
#include <prtos-lib/image-check.h>

#include "config-file.h"
#include "device.h"
#include "files.h"
#include "machine.h"
#include "prtos.h"

#define MSR_EFER     0xc0000080
#define EFER_SVME    (1ULL << 12)
#define MSR_VM_CR    0xc0010114
#define VM_CR_LOCK   (1ULL << 3)
#define VM_CR_SVMDIS (1ULL << 4)

/* Larger than any hypervisor image; stops us reading something else. */
#define IMAGE_MAX_SIZE (64u << 20)

enum verdict {
	V_OK,
	V_ABSENT,  /* an optional feature the machine lacks */
	V_NOTE,	   /* something to do before 'prtos enable' */
	V_WARNING, /* may get in the way */
	V_UNKNOWN, /* could not be read; the advice says how */
	/* the reasons PRTOS cannot run */
	V_MISSING,
	V_DISABLED,
	V_CONFLICT,
	V_UNSUPPORTED,
	V_INVALID,
	V_UNREADABLE,
};

static const char *const verdict_words[] = {
	[V_OK] = "ok",
	[V_ABSENT] = "absent",
	[V_NOTE] = "note",
	[V_WARNING] = "warning",
	[V_UNKNOWN] = "unknown",
	[V_MISSING] = "MISSING",
	[V_DISABLED] = "DISABLED",
	[V_CONFLICT] = "CONFLICT",
	[V_UNSUPPORTED] = "UNSUPPORTED",
	[V_INVALID] = "INVALID",
	[V_UNREADABLE] = "UNKNOWN",
};

#define NAME_WIDTH    18
#define VERDICT_WIDTH 11

/* What the checks found, for the last line. */
struct report {
	unsigned int fatal;
	unsigned int notes;
	char reasons[1024];
};

/* The facts several checks share. */
struct machine {
	struct cpuinfo cpu;
	int cpu_err;
	bool driver_loaded;
	bool enabled;
	char release[128];
	struct memmap maps[MAX_MEMMAPS];
	int num_maps;
	struct resource_list iomem;
	int iomem_err;
	struct resource_list firmware;
	int firmware_err;
	const char *config_path;
	const struct prtos_system *sys; /* NULL unless a valid one was given */
	const struct prtos_hv_header *image; /* NULL unless usable */
};

/* Print one check's line; @why (for the last line) only for a capital. */
static void __attribute__((format(printf, 5, 6)))
say(struct report *r, const char *check, enum verdict v, const char *why,
    const char *fmt, ...)
{
	size_t n = strlen(r->reasons);
	va_list ap;

	printf("%-*s %-*s ", NAME_WIDTH, check, VERDICT_WIDTH,
	       verdict_words[v]);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (v >= V_MISSING) {
		snprintf(r->reasons + n, sizeof(r->reasons) - n, "%s%s",
			 r->fatal ? "; " : "", why);
		r->fatal++;
	} else if (v != V_OK && v != V_ABSENT) {
		r->notes++;
	}
}

/* The line of advice below a check's line. */
static void __attribute__((format(printf, 1, 2))) advise(const char *fmt, ...)
{
	va_list ap;

	printf("%*s-> ", NAME_WIDTH + VERDICT_WIDTH + 2, "");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static const char *size_text(uint64_t bytes, char *buf, size_t len)
{
	if (bytes && !(bytes & ((1ULL << 30) - 1)))
		snprintf(buf, len, "%llu GiB",
			 (unsigned long long)(bytes >> 30));
	else if (bytes && !(bytes & ((1ULL << 20) - 1)))
		snprintf(buf, len, "%llu MiB",
			 (unsigned long long)(bytes >> 20));
	else
		snprintf(buf, len, "%llu KiB",
			 (unsigned long long)((bytes + 1023) >> 10));
	return buf;
}

/* "0-3,6": a sorted list of CPU numbers as Linux writes CPU lists. */
static const char *cpu_list(const unsigned int *cpus, unsigned int n, char *buf,
			    size_t len)
{
	unsigned int i, j;
	size_t used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used < len; i = j + 1) {
		for (j = i; j + 1 < n && cpus[j + 1] == cpus[j] + 1; j++)
			;
		if (j == i)
			used += snprintf(buf + used, len - used, "%s%u",
					 i ? "," : "", cpus[i]);
		else
			used += snprintf(buf + used, len - used, "%s%u-%u",
					 i ? "," : "", cpus[i], cpus[j]);
	}
	return buf;
}

static bool sys_exists(const char *rel)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", sys_root(), rel);
	return !access(path, F_OK);
}

/* --- the CPU -------------------------------------------------------------- */

static bool is_amd(const struct cpuinfo *ci)
{
	return !strcmp(ci->vendor, "AuthenticAMD") ||
	       !strcmp(ci->vendor, "HygonGenuine");
}

static void check_cpu(struct report *r, struct machine *m)
{
	const struct cpuinfo *ci = &m->cpu;

	if (m->cpu_err) {
		say(r, "CPU", V_UNREADABLE, "/proc/cpuinfo unreadable",
		    "cannot read %s/cpuinfo: %s", proc_root(),
		    m->cpu_err == -ENODATA ? "it lists no CPU"
					   : strerror(-m->cpu_err));
		advise("mount procfs ('mount -t proc proc /proc') and run this again");
		return;
	}
	say(r, "CPU", V_OK, NULL, "%s, %s%s", *ci->vendor ? ci->vendor : "?",
	    *ci->model ? ci->model : "unknown model",
	    has_flag(ci->flags, "hypervisor") ? " (in a virtual machine)" : "");
}

/* The optional SVM features: what each gives and what is lost without. */
static const struct {
	const char *check, *flag, *with, *without;
} svm_options[] = {
	{ "NRIP save", "nrip_save",
	  "used to step over trapped CPUID, MSR and VMMCALL",
	  "trapped CPUID, MSR and VMMCALL are stepped over by length: nothing lost" },
	{ "decode assists", "decodeassists",
	  "not used yet (trapped accesses are decoded in software)",
	  "this version decodes trapped accesses itself: nothing lost" },
	{ "flush by ASID", "flushbyasid",
	  "not used yet (a cell switch flushes the whole TLB)",
	  "this version flushes the whole TLB anyway: nothing lost" },
	{ "AVIC", "avic", "not used yet (APIC accesses are trapped)",
	  "this version traps and emulates APIC accesses anyway: nothing lost" },
};

/* VM_CR and EFER of every CPU, read through the msr driver. */
struct msr_scan {
	unsigned int *disabled, num_disabled; /* VM_CR.SVMDIS set */
	unsigned int *in_use, num_in_use;     /* EFER.SVME set */
	bool locked;			      /* VM_CR.LOCK on a disabled one */
	int err;			      /* first failed read */
	unsigned int err_cpu;
};

static void scan_msrs(const struct cpuinfo *ci, struct msr_scan *s)
{
	uint64_t vm_cr, efer;
	unsigned int i, cpu;
	int err;

	memset(s, 0, sizeof(*s));
	s->disabled = calloc(ci->num_cpus, sizeof(*s->disabled));
	s->in_use = calloc(ci->num_cpus, sizeof(*s->in_use));
	if (!s->disabled || !s->in_use) {
		s->err = -ENOMEM;
		return;
	}
	for (i = 0; i < ci->num_cpus; i++) {
		cpu = ci->cpus[i];
		err = read_msr(cpu, MSR_VM_CR, &vm_cr);
		if (!err)
			err = read_msr(cpu, MSR_EFER, &efer);
		if (err) {
			if (!s->err) {
				s->err = err;
				s->err_cpu = cpu;
			}
			continue;
		}
		if (vm_cr & VM_CR_SVMDIS) {
			s->disabled[s->num_disabled++] = cpu;
			s->locked |= !!(vm_cr & VM_CR_LOCK);
		}
		if (efer & EFER_SVME)
			s->in_use[s->num_in_use++] = cpu;
	}
}

static void report_msr_error(struct report *r, const struct msr_scan *s)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%u/msr", msr_root(), s->err_cpu);
	switch (s->err) {
	case -ENOENT:
	case -ENXIO:
	case -ENODEV:
		say(r, "SVM in firmware", V_UNKNOWN, NULL,
		    "VM_CR not read: no %s (the msr driver is not loaded)",
		    path);
		advise("as root, run 'modprobe msr' and check again (or look for 'SVM Mode' in the firmware setup)");
		break;
	case -EACCES:
	case -EPERM:
		say(r, "SVM in firmware", V_UNKNOWN, NULL,
		    "VM_CR not read: %s opens for root only", path);
		advise("run this check as root (e.g. with sudo)");
		break;
	default:
		say(r, "SVM in firmware", V_UNKNOWN, NULL,
		    "VM_CR not read from %s: %s", path, strerror(-s->err));
		advise("look for 'SVM Mode' (or 'AMD-V') in the firmware setup and check that it is enabled");
	}
}

static void check_svm_firmware(struct report *r, const struct machine *m,
			       const struct msr_scan *s)
{
	char list[256];

	if (m->enabled) {
		say(r, "SVM in firmware", V_OK, NULL,
		    "PRTOS is enabled, so SVM is on (VM_CR not read: guests see SVMDIS set)");
		return;
	}
	if (s->num_disabled) {
		say(r, "SVM in firmware", V_DISABLED,
		    "SVM disabled by the firmware",
		    "VM_CR.SVMDIS set on CPU%s %s%s",
		    s->num_disabled > 1 ? "s" : "",
		    cpu_list(s->disabled, s->num_disabled, list, sizeof(list)),
		    s->locked ? " and locked" : "");
		advise("enable 'SVM Mode' (also called AMD-V or Virtualization) in the firmware setup, then power-cycle");
		return;
	}
	if (s->err) {
		report_msr_error(r, s);
		return;
	}
	say(r, "SVM in firmware", V_OK, NULL, "VM_CR.SVMDIS clear on CPU%s %s",
	    m->cpu.num_cpus > 1 ? "s" : "",
	    cpu_list(m->cpu.cpus, m->cpu.num_cpus, list, sizeof(list)));
}

static void check_other_hypervisor(struct report *r, const struct machine *m,
				   const struct msr_scan *s)
{
	bool kvm = sys_exists("module/kvm_amd");
	char list[256];

	if (m->enabled) {
		say(r, "other hypervisor", V_OK, NULL,
		    "none: PRTOS itself holds SVM");
	} else if (s->num_in_use) {
		say(r, "other hypervisor", V_WARNING, NULL,
		    "SVM is in use (EFER.SVME set) on CPU%s %s%s",
		    s->num_in_use > 1 ? "s" : "",
		    cpu_list(s->in_use, s->num_in_use, list, sizeof(list)),
		    kvm ? ": kvm_amd runs a virtual machine" : "");
		advise("'prtos enable' is refused while another hypervisor runs: stop its virtual machines%s",
		       kvm ? " and run 'modprobe -r kvm_amd'" : "");
	} else if (kvm) {
		say(r, "other hypervisor", V_NOTE, NULL, "kvm_amd is loaded%s",
		    s->err ? "" : ", SVM unused (EFER.SVME clear)");
		advise("'prtos enable' is refused while KVM runs a virtual machine: stop them, or 'modprobe -r kvm_amd'");
	} else {
		say(r, "other hypervisor", V_OK, NULL,
		    "none: kvm_amd not loaded%s",
		    s->err ? "" : ", SVM unused (EFER.SVME clear)");
	}
}

static void check_x2apic(struct report *r, const struct cpuinfo *ci,
			 const char *with, const char *without)
{
	if (has_flag(ci->flags, "x2apic"))
		say(r, "x2APIC", V_OK, NULL, "x2apic: %s", with);
	else
		say(r, "x2APIC", V_ABSENT, NULL, "no x2apic: %s", without);
}

static void check_svm(struct report *r, const struct machine *m)
{
	const struct cpuinfo *ci = &m->cpu;
	struct msr_scan scan;
	unsigned int i;
	bool on;

	if (!has_flag(ci->flags, "svm")) {
		say(r, "SVM (AMD-V)", V_MISSING, "no AMD SVM",
		    "no svm flag in /proc/cpuinfo");
		if (has_flag(ci->flags, "hypervisor"))
			advise("this is a virtual machine: its host must offer SVM and NPT (QEMU: -cpu ...,+svm,+npt; KVM: kvm_amd nested=1)");
		else
			advise("enable 'SVM Mode' in the firmware setup, and remove any clearcpuid= that hides svm from the kernel command line");
		check_x2apic(r, ci, "present", "not present");
		return;
	}
	say(r, "SVM (AMD-V)", V_OK, NULL, "svm");
	if (m->enabled)
		memset(&scan, 0, sizeof(scan));
	else
		scan_msrs(ci, &scan);
	check_svm_firmware(r, m, &scan);
	check_other_hypervisor(r, m, &scan);
	free(scan.disabled);
	free(scan.in_use);

	if (has_flag(ci->flags, "npt")) {
		say(r, "nested paging", V_OK, NULL, "npt");
	} else {
		say(r, "nested paging", V_MISSING, "no nested paging (NPT)",
		    "no npt flag: PRTOS confines every cell with nested page tables");
		advise(has_flag(ci->flags, "hypervisor")
			       ? "this is a virtual machine: give it a CPU model with NPT (QEMU: -cpu ...,+npt)"
			       : "PRTOS needs an AMD CPU with nested paging (every one since the family 10h Opterons and Phenoms has it)");
	}
	for (i = 0; i < sizeof(svm_options) / sizeof(svm_options[0]); i++) {
		on = has_flag(ci->flags, svm_options[i].flag);
		say(r, svm_options[i].check, on ? V_OK : V_ABSENT, NULL,
		    "%s%s: %s", on ? "" : "no ", svm_options[i].flag,
		    on ? svm_options[i].with : svm_options[i].without);
	}
	check_x2apic(
		r, ci,
		"Linux in the root cell may use x2APIC mode, where only its IPIs trap",
		"the root's APIC accesses (EOI, timer) all trap through the xAPIC page");
}

/* A VMX feature: in "vmx flags" (Linux 5.8 and later) or, before, "flags". */
static void vmx_feature(struct report *r, const struct cpuinfo *ci,
			const char *check, const char *flag, bool old_flag)
{
	if (has_flag(ci->vmx_flags, flag) ||
	    (!ci->vmx_flags && old_flag && has_flag(ci->flags, flag)))
		say(r, check, V_OK, NULL, "%s", flag);
	else if (!ci->vmx_flags && !old_flag)
		say(r, check, V_UNKNOWN, NULL,
		    "this kernel prints no 'vmx flags' line in /proc/cpuinfo");
	else
		say(r, check, V_ABSENT, NULL, "no %s", flag);
}

static void check_vmx(struct report *r, const struct cpuinfo *ci)
{
	if (has_flag(ci->flags, "vmx")) {
		say(r, "VMX (VT-x)", V_OK, NULL, "vmx");
		vmx_feature(r, ci, "EPT", "ept", true);
		vmx_feature(r, ci, "unrestricted guest", "unrestricted_guest",
			    false);
	} else {
		say(r, "VMX (VT-x)", V_ABSENT, NULL,
		    "no vmx flag (Linux hides it when the firmware disabled VMX)");
	}
	check_x2apic(r, ci, "present", "not present");
	say(r, "VMX backend", V_UNSUPPORTED, "no VMX backend yet (Intel CPU)",
	    "this PRTOS version has no VMX backend yet: it runs on AMD SVM only");
	advise("run PRTOS on a machine with an AMD CPU that has SVM and nested paging");
}

static void check_virtualization(struct report *r, const struct machine *m)
{
	const struct cpuinfo *ci = &m->cpu;

	if (m->cpu_err)
		return;
	if (is_amd(ci) || has_flag(ci->flags, "svm")) {
		check_svm(r, m);
	} else if (!strcmp(ci->vendor, "GenuineIntel") ||
		   has_flag(ci->flags, "vmx")) {
		check_vmx(r, ci);
	} else {
		say(r, "virtualization", V_MISSING,
		    "no hardware virtualization",
		    "neither svm nor vmx among the flags of /proc/cpuinfo");
		advise("PRTOS needs an AMD CPU with SVM and nested paging");
	}
}

static void check_iommu(struct report *r)
{
	char path[4096], units[128] = "";
	const char *table = NULL;
	struct dirent *d;
	size_t used = 0;
	DIR *dh;

	if (sys_exists("firmware/acpi/tables/IVRS"))
		table = "AMD-Vi (ACPI IVRS)";
	else if (sys_exists("firmware/acpi/tables/DMAR"))
		table = "VT-d (ACPI DMAR)";
	snprintf(path, sizeof(path), "%s/class/iommu", sys_root());
	dh = opendir(path);
	while (dh && (d = readdir(dh)))
		if (d->d_name[0] != '.' && used < sizeof(units))
			used += snprintf(units + used, sizeof(units) - used,
					 "%s%s", used ? " " : "", d->d_name);
	if (dh)
		closedir(dh);
	if (!table && !*units) {
		say(r, "IOMMU", V_ABSENT, NULL,
		    "no ACPI IVRS or DMAR table (this version uses no IOMMU: device DMA is not confined)");
		return;
	}
	say(r, "IOMMU", V_OK, NULL, "%s, %s%s (this version uses no IOMMU)",
	    table ? table : "IOMMU",
	    *units ? "Linux drives " : "unused by Linux", units);
}

/* --- memory --------------------------------------------------------------- */

static int cmp_entry(const void *a, const void *b)
{
	const struct resource *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Whether entries of @kind cover all of [@start, @end]. */
static bool covered(const struct resource_list *io, enum resource_kind kind,
		    uint64_t start, uint64_t end)
{
	uint64_t next = start;
	unsigned int i;

	for (i = 0; i < io->num; i++) {
		const struct resource *e = &io->entries[i];

		if (e->kind != kind || e->end < next || e->start > next)
			continue;
		if (e->end >= end)
			return true;
		next = e->end + 1;
	}
	return false;
}

/* The first entry not of @kind that overlaps [@start, @end], or NULL. */
static const struct resource *other_overlap(const struct resource_list *io,
					    enum resource_kind kind,
					    uint64_t start, uint64_t end)
{
	unsigned int i;

	for (i = 0; i < io->num; i++)
		if (io->entries[i].kind != kind &&
		    io->entries[i].start <= end && io->entries[i].end >= start)
			return &io->entries[i];
	return NULL;
}

/* Whether any entry of @kind overlaps [@start, @end]. */
static bool overlaps_kind(const struct resource_list *io,
			  enum resource_kind kind, uint64_t start, uint64_t end)
{
	unsigned int i;

	for (i = 0; i < io->num; i++)
		if (io->entries[i].kind == kind &&
		    io->entries[i].start <= end && io->entries[i].end >= start)
			return true;
	return false;
}

/*
 * One line for the range [@start, @start + @size) that PRTOS is to own,
 * described by @what: it must be Reserved in /proc/iomem and, where the
 * firmware's map is known, RAM there. @subject names it on the last line
 * ("memmap= range"); @fix is the advice when Linux has not reserved it.
 */
static void check_placement(struct report *r, const struct machine *m,
			    const char *check, const char *subject,
			    const char *what, uint64_t start, uint64_t size,
			    const char *fix)
{
	uint64_t end = start + size - 1;
	const struct resource *e;
	char why[128];

	if (m->iomem_err) {
		say(r, check, V_UNKNOWN, NULL, "%s: cannot read %s/iomem: %s",
		    what, proc_root(), strerror(-m->iomem_err));
		advise("mount procfs and run this again");
		return;
	}
	if (m->iomem.hidden) {
		say(r, check, V_UNKNOWN, NULL,
		    "%s: /proc/iomem shows no addresses to users other than root",
		    what);
		advise("run this check as root to see whether Linux left the range alone");
		return;
	}
	e = other_overlap(&m->iomem, RES_RESERVED, start, end);
	if (e) {
		snprintf(why, sizeof(why), "%s %s", subject,
			 e->kind == RES_RAM ? "used by Linux"
					    : "overlaps a device");
		say(r, check, V_CONFLICT, why,
		    "%s overlaps '%s' (0x%llx-0x%llx) in /proc/iomem", what,
		    e->name, (unsigned long long)e->start,
		    (unsigned long long)e->end);
		advise("%s",
		       e->kind == RES_RAM
			       ? fix
			       : "choose a range of RAM: the System RAM entries of /proc/iomem (as root) show it");
		return;
	}
	if (!covered(&m->iomem, RES_RESERVED, start, end)) {
		snprintf(why, sizeof(why), "%s not reserved", subject);
		say(r, check, V_CONFLICT, why,
		    "%s is not all Reserved in /proc/iomem", what);
		advise("%s", fix);
		return;
	}
	if (m->firmware_err || covered(&m->firmware, RES_RAM, start, end)) {
		say(r, check, V_OK, NULL, "%s: Reserved in /proc/iomem%s", what,
		    m->firmware_err ? "" : ", RAM in the firmware's map");
		return;
	}
	if (!overlaps_kind(&m->firmware, RES_RAM, start, end)) {
		snprintf(why, sizeof(why), "%s is not RAM", subject);
		say(r, check, V_CONFLICT, why,
		    "%s is not RAM in the firmware's map (/sys/firmware/memmap)",
		    what);
		advise("reserve a range inside RAM: see the 'System RAM' ranges in /sys/firmware/memmap/*/");
		return;
	}
	e = other_overlap(&m->firmware, RES_RAM, start, end);
	if (e)
		say(r, check, V_WARNING, NULL,
		    "%s: Reserved in /proc/iomem, but 0x%llx-0x%llx of it is not RAM ('%s' in the firmware's map)",
		    what, (unsigned long long)max_u64(e->start, start),
		    (unsigned long long)min_u64(e->end, end), e->name);
	else
		say(r, check, V_WARNING, NULL,
		    "%s: Reserved in /proc/iomem, but the firmware's map has no RAM in part of it",
		    what);
	advise("keep the hypervisor and the cells out of that part (firmware tables may live there), or reserve a range inside RAM");
}

#define GRUB_HINT \
	"in /etc/default/grub write memmap=96M\\\\\\$0x3a000000 (the '$' must survive the boot loader)"

static void check_reservations(struct report *r, struct machine *m)
{
	char cmdline_bad[256], what[256], size[32], fix[256];
	char *cmdline;
	int err, i;

	err = read_text(proc_root(), "cmdline", &cmdline);
	if (err) {
		say(r, "reserved memory", V_UNREADABLE,
		    "/proc/cmdline unreadable", "cannot read %s/cmdline: %s",
		    proc_root(), strerror(-err));
		advise("mount procfs ('mount -t proc proc /proc') and run this again");
		return;
	}
	m->num_maps = find_memmaps(cmdline, m->maps, MAX_MEMMAPS, cmdline_bad,
				   sizeof(cmdline_bad));
	if (m->num_maps > MAX_MEMMAPS)
		m->num_maps = MAX_MEMMAPS;
	free(cmdline);
	if (*cmdline_bad) {
		say(r, "reserved memory", m->num_maps ? V_WARNING : V_MISSING,
		    "no memory reserved for PRTOS (memmap= not understood)",
		    "'%s' on the kernel command line is not memmap=SIZE$ADDR",
		    cmdline_bad);
		advise(GRUB_HINT);
	} else if (!m->num_maps) {
		say(r, "reserved memory", V_MISSING,
		    "no memory reserved for PRTOS (memmap=)",
		    "no memmap=SIZE$ADDR on the kernel command line (%s/cmdline)",
		    proc_root());
		advise("reserve RAM that Linux leaves alone: boot with e.g. memmap=96M$0x3a000000; " GRUB_HINT);
	}
	for (i = 0; i < m->num_maps; i++) {
		snprintf(what, sizeof(what), "%s at 0x%llx-0x%llx (%s)",
			 size_text(m->maps[i].size, size, sizeof(size)),
			 (unsigned long long)m->maps[i].start,
			 (unsigned long long)(m->maps[i].start +
					      m->maps[i].size - 1),
			 m->maps[i].text);
		snprintf(fix, sizeof(fix),
			 "Linux did not honour %s: check that no later mem= or memmap= option undoes it",
			 m->maps[i].text);
		check_placement(r, m, "reserved memory", "memmap= range", what,
				m->maps[i].start, m->maps[i].size, fix);
	}
}

/* Reads and validates SYSTEM.cell; m->sys is set when it is valid. */
static void check_system_config(struct report *r, struct machine *m)
{
	char reason[CONFIG_REASON_SIZE], what[512], size[32], fix[256];
	const struct prtos_memory *hv;
	enum config_kind kind;
	size_t len;
	void *blob;
	int err;

	err = read_config(m->config_path, &blob, &len);
	if (err) {
		say(r, "configuration", V_INVALID, "configuration unreadable",
		    "cannot read %s: %s", m->config_path,
		    config_read_error(err));
		return;
	}
	reason[0] = '\0';
	err = check_config(blob, len, CONFIG_SYSTEM, &kind, reason,
			   sizeof(reason));
	if (err) {
		say(r, "configuration", V_INVALID,
		    "invalid system configuration", "%s: %s", m->config_path,
		    *reason ? reason : strerror(-err));
		if (kind == CONFIG_SYSTEM)
			advise("fix what it names ('prtos config check %s' says the same) and rebuild the .cell file",
			       m->config_path);
		free(blob);
		return;
	}
	m->sys = blob;
	hv = &m->sys->hypervisor_memory;
	say(r, "configuration", V_OK, NULL,
	    "%s: system configuration, root cell '%.*s'", m->config_path,
	    PRTOS_CELL_NAME_LEN, m->sys->root_cell.name);
	snprintf(what, sizeof(what), "%s at 0x%llx-0x%llx",
		 size_text(hv->size, size, sizeof(size)),
		 (unsigned long long)hv->phys_start,
		 (unsigned long long)(hv->phys_start + hv->size - 1));
	snprintf(fix, sizeof(fix),
		 "boot Linux with memmap=0x%llx$0x%llx or a reservation around it (see 'reserved memory' above)",
		 (unsigned long long)hv->size,
		 (unsigned long long)hv->phys_start);
	check_placement(r, m, "hypervisor memory", "hypervisor memory", what,
			hv->phys_start, hv->size, fix);
}

/*
 * The hypervisor image where the kernel's firmware loader looks for it
 * (the first of updates/RELEASE, updates, RELEASE and the directory
 * itself), checked as the driver checks it: against the configuration's
 * hypervisor memory, or without one against the largest reservation.
 */
static void check_image(struct report *r, struct machine *m)
{
	static const struct {
		const char *sub;
		bool release;
	} where[] = { { "/updates/", true },
		      { "/updates", false },
		      { "/", true },
		      { "", false } };
	char path[4096], reason[256], size[32];
	const struct prtos_hv_header *h;
	uint64_t hv_size = UINT64_MAX, need;
	unsigned int i;
	size_t len;
	void *data;
	int err = -ENOENT;

	for (i = 0; i < 4 && err == -ENOENT; i++) {
		if (where[i].release && !*m->release)
			continue;
		snprintf(path, sizeof(path), "%s%s%s/%s", firmware_root(),
			 where[i].sub, where[i].release ? m->release : "",
			 PRTOS_FIRMWARE);
		err = read_file(path, &data, &len, IMAGE_MAX_SIZE);
	}
	if (err == -ENOENT) {
		say(r, "hypervisor image", V_MISSING, "no hypervisor image",
		    "no %s in %s", PRTOS_FIRMWARE, firmware_root());
		advise("install it: 'make install', or copy hypervisor/prtos.bin to /lib/firmware/");
		return;
	}
	if (err) {
		say(r, "hypervisor image", V_INVALID,
		    "hypervisor image unreadable", "cannot read %s: %s", path,
		    file_error_text(err, "it is a directory: remove it",
				    "it is too large to be a hypervisor image"));
		return;
	}
	if (m->sys)
		hv_size = m->sys->hypervisor_memory.size;
	for (i = 0; !m->sys && i < (unsigned int)m->num_maps; i++)
		if (hv_size == UINT64_MAX || m->maps[i].size > hv_size)
			hv_size = m->maps[i].size;
	reason[0] = '\0';
	err = prtos_check_image(data, len, hv_size, path, reason,
				sizeof(reason));
	if (err == -ENOMEM) {
		say(r, "hypervisor image", V_CONFLICT,
		    "hypervisor memory too small", "%s", reason);
		advise(m->sys ? "give the configuration's hypervisor_memory more room (and reserve it)"
			      : "reserve more memory with memmap=");
	} else if (err) {
		say(r, "hypervisor image", V_INVALID,
		    "hypervisor image unusable", "%s", reason);
		advise("install the prtos.bin built with this prtos tool (" PRTOS_VERSION
		       "): 'make install'");
	}
	if (err) {
		free(data);
		return;
	}
	h = data;
	need = h->core_end - h->link_address +
	       (uint64_t)h->max_cpus * h->percpu_size +
	       PRTOS_IMAGE_SPARE_PAGES * PRTOS_PAGE_SIZE;
	say(r, "hypervisor image", V_OK, NULL,
	    "%s: PRTOS %.*s, ABI %u, up to %u CPUs, needs %s", path,
	    (int)sizeof(h->version), h->version, h->abi_version, h->max_cpus,
	    size_text(need, size, sizeof(size)));
	m->image = h;
}

static void check_cpus(struct report *r, const struct machine *m)
{
	const struct cpuinfo *ci = &m->cpu;
	unsigned int limit = PRTOS_MAX_CPUS;
	char list[512];

	if (m->cpu_err)
		return;
	if (m->image && m->image->max_cpus < limit)
		limit = m->image->max_cpus;
	cpu_list(ci->cpus, ci->num_cpus, list, sizeof(list));
	if (ci->cpus[ci->num_cpus - 1] >= limit) {
		say(r, "CPUs", V_UNSUPPORTED, "more CPUs online than supported",
		    "%u online (%s), but %s takes CPUs 0-%u only", ci->num_cpus,
		    list,
		    m->image && limit == m->image->max_cpus
			    ? "the hypervisor image"
			    : "PRTOS",
		    limit - 1);
		advise("take CPUs %u and above offline (echo 0 > /sys/devices/system/cpu/cpuN/online) or boot with nr_cpus=%u",
		       limit, limit);
	} else if (ci->num_cpus == 1) {
		say(r, "CPUs", V_NOTE, NULL, "1 online (%s)", list);
		advise("a cell needs CPUs of its own: with one CPU only the root cell can run");
	} else {
		say(r, "CPUs", V_OK, NULL, "%u online (%s)", ci->num_cpus,
		    list);
	}
}

/* The driver refuses to enable while an online CPU is not the root's. */
static void check_root_cpus(struct report *r, const struct machine *m)
{
	const struct cpuinfo *ci = &m->cpu;
	unsigned int *out, n = 0, i;
	char list[512];

	if (m->cpu_err)
		return;
	out = calloc(ci->num_cpus, sizeof(*out));
	if (!out)
		return;
	for (i = 0; i < ci->num_cpus; i++)
		if (!prtos_cell_has_cpu(&m->sys->root_cell, ci->cpus[i]))
			out[n++] = ci->cpus[i];
	if (n) {
		say(r, "root cell CPUs", V_CONFLICT,
		    "online CPUs missing from the root cell",
		    "CPU%s %s online but not in the root cell of %s",
		    n > 1 ? "s" : "", cpu_list(out, n, list, sizeof(list)),
		    m->config_path);
		advise("add them to the root cell's cpus in the configuration, or take them offline");
	} else {
		say(r, "root cell CPUs", V_OK, NULL,
		    "the root cell holds every online CPU");
	}
	free(out);
}

static void check_kernel(struct report *r, const struct machine *m)
{
	if (!*m->release) {
		say(r, "kernel", V_UNKNOWN, NULL,
		    "cannot read %s/sys/kernel/osrelease", proc_root());
		advise("mount procfs and run this again");
	} else if (strncmp(m->release, "6.1.", 4) &&
		   strcmp(m->release, "6.1")) {
		say(r, "kernel", V_WARNING, NULL,
		    "Linux %s: PRTOS is built and tested with Linux 6.1",
		    m->release);
		advise("if prtos.ko does not build or load, use Linux 6.1 (Debian 12's linux-image-amd64)");
	} else {
		say(r, "kernel", V_OK, NULL, "Linux %s", m->release);
	}
}

static void check_driver(struct report *r, const struct machine *m)
{
	char enabled[32], version[128];
	int err;

	if (m->driver_loaded) {
		say(r, "prtos driver", V_OK, NULL, "loaded (%s/module/prtos)",
		    sys_root());
	} else {
		say(r, "prtos driver", V_NOTE, NULL, "not loaded");
		advise("load it before 'prtos enable': modprobe prtos (or insmod driver/prtos.ko)");
	}
	err = read_sysfs("enabled", enabled, sizeof(enabled));
	if (err && !m->driver_loaded) {
		say(r, "PRTOS enabled", V_NOTE, NULL,
		    "no: the driver is not loaded");
	} else if (err) {
		say(r, "PRTOS enabled", V_UNKNOWN, NULL,
		    "cannot read %s/enabled: %s", sysfs_dir(), strerror(-err));
		advise("mount sysfs ('mount -t sysfs sysfs /sys') and run this again");
	} else if (!m->enabled) {
		say(r, "PRTOS enabled", V_NOTE, NULL, "no");
		advise("start it%s: prtos enable %s",
		       r->fatal ? " once the problems above are solved" : "",
		       m->config_path ? m->config_path : "SYSTEM.cell");
	} else {
		if (read_sysfs("version", version, sizeof(version)))
			version[0] = '\0';
		say(r, "PRTOS enabled", V_OK, NULL, "yes%s%s",
		    *version ? ", hypervisor " : "", version);
	}
}

static void gather(struct machine *m)
{
	char enabled[32], *text;
	unsigned int bad_line;

	m->cpu_err = read_cpuinfo(&m->cpu);
	if (!read_text(proc_root(), "sys/kernel/osrelease", &text)) {
		text[strcspn(text, "\n")] = '\0';
		snprintf(m->release, sizeof(m->release), "%s", text);
		free(text);
	}
	m->iomem_err = read_text(proc_root(), "iomem", &text);
	if (!m->iomem_err) {
		m->iomem_err =
			parse_resources(text, false, &m->iomem, &bad_line);
		free(text);
	}
	m->firmware_err = read_firmware_ram(&m->firmware);
	if (!m->firmware_err && !m->firmware.num)
		m->firmware_err = -ENODATA;
	if (!m->iomem_err)
		qsort(m->iomem.entries, m->iomem.num, sizeof(*m->iomem.entries),
		      cmp_entry);
	if (!m->firmware_err)
		qsort(m->firmware.entries, m->firmware.num,
		      sizeof(*m->firmware.entries), cmp_entry);
	m->driver_loaded = sys_exists("module/prtos");
	m->enabled = !read_sysfs("enabled", enabled, sizeof(enabled)) &&
		     strcmp(enabled, "0");
}

/**
 * cmd_hardware_check() - 'prtos hardware check [SYSTEM.cell]'
 * @cmd: its command table entry
 * @argc: argument count
 * @argv: the arguments, argv[0] = "check"
 *
 * Return: EXIT_OK when PRTOS can run here, EXIT_FAIL when it cannot (the
 * last line says why), EXIT_USAGE.
 */
int cmd_hardware_check(const struct command *cmd, int argc, char **argv)
{
	struct machine m;
	struct report r;
	int status;

	status = parse_help_only(cmd, argc, argv);
	if (status >= 0)
		return status;
	if (argc - optind > 1)
		return usage_error(cmd, "too many arguments");
	memset(&m, 0, sizeof(m));
	memset(&r, 0, sizeof(r));
	if (optind < argc)
		m.config_path = argv[optind];
	gather(&m);

	check_cpu(&r, &m);
	check_virtualization(&r, &m);
	check_iommu(&r);
	check_reservations(&r, &m);
	if (m.config_path)
		check_system_config(&r, &m);
	check_image(&r, &m);
	check_cpus(&r, &m);
	if (m.sys)
		check_root_cpus(&r, &m);
	check_kernel(&r, &m);
	check_driver(&r, &m);

	if (r.fatal)
		printf("result: PRTOS cannot run on this machine: %s\n",
		       r.reasons);
	else
		printf("result: PRTOS can run on this machine%s\n",
		       r.notes ? " (see the lines marked note, warning or unknown)"
			       : "");
	free((void *)m.sys);
	free((void *)m.image);
	free_cpuinfo(&m.cpu);
	free_resources(&m.iomem);
	free_resources(&m.firmware);
	return r.fatal ? EXIT_FAIL : EXIT_OK;
}
