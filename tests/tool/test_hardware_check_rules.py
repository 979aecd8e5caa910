# SPDX-License-Identifier: GPL-2.0
"""'prtos hardware check' on fake machines.

Each test builds a machine in tmp_path: a /proc (cpuinfo, cmdline, iomem,
sys/kernel/osrelease), a /sys (module/, firmware/memmap/,
firmware/acpi/tables/, class/iommu/), the msr driver's /dev/cpu/N/msr
(sparse files holding VM_CR and EFER at their MSR offsets), a firmware
directory with a hypervisor image and the driver's sysfs directory, and
points the tool at them with PRTOS_PROC, PRTOS_SYS, PRTOS_MSR_DIR,
PRTOS_FIRMWARE_DIR and PRTOS_SYSFS. The good machine is an AMD EPYC with
every SVM feature, memmap=96M$0x3a000000 and that range Reserved in
/proc/iomem; each test breaks one thing and checks the verdict line, the
advice and the exit status.

The image header and the configurations are written by C programs built
against include/prtos/, so no layout is copied here.

Run with: /usr/bin/python3 -m pytest tests/tool/test_hardware_check_rules.py
"""

import re
import shutil
import struct
import subprocess

import pytest

from test_prtos_cli import INCLUDES, ROOT, TOOL, base_env, compile_c

MSR_EFER = 0xC0000080
MSR_VM_CR = 0xC0010114
VM_CR_LOCK = 1 << 3
VM_CR_SVMDIS = 1 << 4
EFER_SVME = 1 << 12

# Writes a hypervisor image: argv[1] max_cpus, argv[2] ABI version.
IMAGE_GEN_C = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <prtos/image.h>
#include <prtos/version.h>

#define LINK 0xffffffffc0000000ULL
static unsigned char image[0x4000];

int main(int argc, char **argv)
{
	struct prtos_hv_header *h = (void *)image;

	memcpy(h->magic, PRTOS_HV_MAGIC, sizeof(h->magic));
	h->abi_version = argc > 2 ? atoi(argv[2]) : PRTOS_ABI_VERSION;
	h->header_size = sizeof(*h);
	h->link_address = LINK;
	h->entry = LINK + 0x1000;
	h->core_end = LINK + 0x100000;
	h->percpu_size = 0x4000;
	h->max_cpus = argc > 1 ? atoi(argv[1]) : 16;
	h->linux_cpus = LINK + 0x2000;
	h->console_ring = LINK + 0x10000;
	strcpy(h->version, PRTOS_VERSION);
	fwrite(image, sizeof(image), 1, stdout);
	return 0;
}
"""

# Writes a system configuration: argv[1] hypervisor memory start, argv[2]
# its size, argv[3] the root cell's CPU mask (all hex).
CONFIG_GEN_C = r"""
#include <stdio.h>
#include <stdlib.h>
#include <prtos/config.h>

static struct {
	struct prtos_system sys;
	struct prtos_memory mem[1];
	struct prtos_pio pio[1];
} __attribute__((packed)) sys = {
	.sys = {
		.signature = PRTOS_SYSTEM_SIGNATURE,
		.revision = PRTOS_CONFIG_REVISION,
		.debug_console = { .type = PRTOS_CONSOLE_UART_PIO,
				   .address = 0x2f8 },
		.platform = { .pci_mmconfig_base = 0xb0000000,
			      .pci_mmconfig_end_bus = 255,
			      .apic_base = 0xfee00000 },
		.root_cell = {
			.signature = PRTOS_CELL_SIGNATURE,
			.revision = PRTOS_CONFIG_REVISION,
			.name = "linux-root",
			.num_memory_regions = 1,
			.num_pio = 1,
		},
	},
	.mem = { { 0, 0, 0x3a000000, PRTOS_MEM_RWX | PRTOS_MEM_DMA } },
	.pio = { { 0, 0x10000 } },
};

int main(int argc, char **argv)
{
	if (argc != 4)
		return 2;
	sys.sys.hypervisor_memory.phys_start = strtoull(argv[1], NULL, 16);
	sys.sys.hypervisor_memory.size = strtoull(argv[2], NULL, 16);
	sys.sys.root_cell.cpus[0] = strtoull(argv[3], NULL, 16);
	fwrite(&sys, sizeof(sys), 1, stdout);
	return 0;
}
"""

EPYC_FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov "
              "pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext "
              "fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl "
              "nonstop_tsc cpuid extd_apicid aperfmperf pni pclmulqdq "
              "monitor ssse3 fma cx16 sse4_1 sse4_2 x2apic movbe popcnt aes "
              "xsave avx f16c rdrand lahf_lm cmp_legacy svm extapic "
              "cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw ibs "
              "skinit wdt tce topoext perfctr_core perfctr_nb bpext "
              "perfctr_llc mwaitx cpb hw_pstate ssbd ibpb vmmcall fsgsbase "
              "bmi1 avx2 smep bmi2 rdseed adx smap clflushopt sha_ni xsaveopt "
              "xsavec xgetbv1 xsaves clzero irperf xsaveerptr rdpru wbnoinvd "
              "arat npt lbrv svm_lock nrip_save tsc_scale vmcb_clean "
              "flushbyasid decodeassists pausefilter pfthreshold avic "
              "v_vmsave_vmload vgif v_spec_ctrl umip rdpid overflow_recov "
              "succor smca sme sev sev_es")

INTEL_FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov "
               "pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe "
               "syscall nx pdpe1gb rdtscp lm constant_tsc pni pclmulqdq "
               "dtes64 monitor ds_cpl vmx smx est tm2 ssse3 fma cx16 xtpr "
               "pdcm pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx "
               "f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb "
               "tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase bmi1 "
               "avx2 smep bmi2 erms invpcid mpx rdseed adx smap clflushopt")
INTEL_VMX_FLAGS = ("vnmi preemption_timer invvpid ept_x_only ept_ad ept_1gb "
                   "flexpriority tsc_offset vtpr mtf vapic ept vpid "
                   "unrestricted_guest ple pml ept_mode_based_exec")

GOOD_IOMEM = """\
00000000-00000fff : Reserved
00001000-0009fbff : System RAM
0009fc00-0009ffff : Reserved
000a0000-000bffff : PCI Bus 0000:00
000f0000-000fffff : Reserved
  000f0000-000fffff : System ROM
00100000-39ffffff : System RAM
  05600000-06401d31 : Kernel code
  07910000-089fffff : Kernel bss
3a000000-3fffffff : Reserved
40000000-7fffffff : System RAM
80000000-afffffff : PCI Bus 0000:00
fee00000-fee00fff : Local APIC
"""

# The firmware's map: RAM to 2 GiB, untouched by memmap=.
GOOD_FIRMWARE_MAP = [(0x0, 0x9fbff, "System RAM"),
                     (0x9fc00, 0x9ffff, "Reserved"),
                     (0xf0000, 0xfffff, "Reserved"),
                     (0x100000, 0x7fffffff, "System RAM"),
                     (0xb0000000, 0xbfffffff, "Reserved")]

CMDLINE = ("BOOT_IMAGE=/boot/vmlinuz-6.1.0-57-amd64 root=/dev/sda1 ro quiet "
           "memmap=96M$0x3a000000")


def cpuinfo_text(vendor, model, flags, cpus, vmx_flags=None):
    blocks = []
    for n in range(cpus):
        lines = [f"processor\t: {n}", f"vendor_id\t: {vendor}",
                 "cpu family\t: 23", "model\t\t: 49",
                 f"model name\t: {model}", f"flags\t\t: {flags}"]
        if vmx_flags is not None:
            lines.append(f"vmx flags\t: {vmx_flags}")
        lines += ["bugs\t\t: sysret_ss_attrs", "bogomips\t: 5988.74", ""]
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + "\n"


@pytest.fixture(scope="session")
def generators(tmp_path_factory):
    d = tmp_path_factory.mktemp("gen")
    progs = {}
    for name, src in [("image", IMAGE_GEN_C), ("config", CONFIG_GEN_C)]:
        c = d / f"{name}.c"
        c.write_text(src)
        compile_c([*INCLUDES, "-o", str(d / name), str(c)], f"{name} generator")
        progs[name] = d / name
    return progs


@pytest.fixture(scope="session")
def prtos():
    res = subprocess.run(["make", "-C", str(ROOT / "tools")],
                         capture_output=True, text=True)
    if res.returncode:
        pytest.fail(f"make -C tools failed:\n{res.stdout}{res.stderr}")
    return TOOL


class Machine:
    """A fake machine under one directory; set its parts, then run()."""

    def __init__(self, root, generators, prtos):
        self.root = root
        self.gen = generators
        self.tool = prtos
        self.proc = root / "proc"
        self.sys = root / "sys"
        self.msr = root / "dev-cpu"
        self.firmware = root / "lib-firmware"
        self.sysfs = root / "sys-devices-prtos"
        for d in (self.proc / "sys/kernel", self.sys / "module",
                  self.sys / "firmware/acpi/tables", self.sys / "class/iommu",
                  self.firmware):
            d.mkdir(parents=True)
        self.cpuinfo(EPYC_FLAGS)
        self.write_proc("cmdline", CMDLINE + "\n")
        self.write_proc("iomem", GOOD_IOMEM)
        self.write_proc("sys/kernel/osrelease", "6.1.0-57-amd64\n")
        self.firmware_map(GOOD_FIRMWARE_MAP)
        for cpu in range(4):
            self.set_msrs(cpu)
        self.image()

    def write_proc(self, name, text):
        (self.proc / name).write_text(text)

    def cpuinfo(self, flags, vendor="AuthenticAMD",
                model="AMD EPYC 7302 16-Core Processor", cpus=4,
                vmx_flags=None):
        self.write_proc("cpuinfo",
                        cpuinfo_text(vendor, model, flags, cpus, vmx_flags))

    def firmware_map(self, entries):
        d = self.sys / "firmware/memmap"
        for i, (start, end, kind) in enumerate(entries):
            (d / str(i)).mkdir(parents=True)
            (d / str(i) / "start").write_text(f"{start:#x}\n")
            (d / str(i) / "end").write_text(f"{end:#x}\n")
            (d / str(i) / "type").write_text(kind + "\n")

    def set_msrs(self, cpu, vm_cr=0, efer=0xd01):
        """Sparse file: each value at its MSR number's offset, as
        /dev/cpu/N/msr reads."""
        d = self.msr / str(cpu)
        d.mkdir(parents=True, exist_ok=True)
        with open(d / "msr", "wb") as f:
            f.seek(MSR_EFER)
            f.write(struct.pack("<Q", efer))
            f.seek(MSR_VM_CR)
            f.write(struct.pack("<Q", vm_cr))

    def image(self, max_cpus=16, abi=None, where="prtos.bin"):
        args = [str(self.gen["image"]), str(max_cpus)]
        if abi is not None:
            args.append(str(abi))
        data = subprocess.run(args, check=True, capture_output=True).stdout
        path = self.firmware / where
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def config(self, name, hv_start=0x3a000000, hv_size=0x600000,
               cpus=0xf):
        data = subprocess.run([str(self.gen["config"]), f"{hv_start:x}",
                               f"{hv_size:x}", f"{cpus:x}"], check=True,
                              capture_output=True).stdout
        path = self.root / name
        path.write_bytes(data)
        return path

    def load_driver(self, enabled=None):
        (self.sys / "module/prtos").mkdir()
        self.sysfs.mkdir()
        if enabled is not None:
            (self.sysfs / "enabled").write_text(f"{int(enabled)}\n")
            (self.sysfs / "version").write_text("0.1.0 (ABI 1)\n")

    def run(self, *args):
        env = base_env()
        env.update(PRTOS_PROC=str(self.proc), PRTOS_SYS=str(self.sys),
                   PRTOS_MSR_DIR=str(self.msr),
                   PRTOS_FIRMWARE_DIR=str(self.firmware),
                   PRTOS_SYSFS=str(self.sysfs))
        r = subprocess.run([str(self.tool), "hardware", "check",
                            *map(str, args)], capture_output=True, text=True,
                           env=env, timeout=30)
        r.checks = parse(r.stdout)
        return r


def parse(out):
    """{check: (verdict, detail, advice or None)} from the tool's lines."""
    checks, last = {}, None
    for line in out.splitlines():
        if line.startswith(" " * 31 + "-> "):
            verdict, detail, _ = checks[last]
            checks[last] = (verdict, detail, line[34:])
            continue
        m = re.match(r"(.{18}) (\S+) +(.*)$", line)
        if m and not line.startswith("result:"):
            last = m.group(1).rstrip()
            checks[last] = (m.group(2), m.group(3), None)
    return checks


def result(r):
    return r.stdout.splitlines()[-1]


@pytest.fixture
def machine(tmp_path, generators, prtos):
    return Machine(tmp_path, generators, prtos)


def assert_can_run(r):
    assert r.returncode == 0, r.stdout + r.stderr
    assert result(r).startswith("result: PRTOS can run on this machine")


def assert_cannot_run(r, *reasons):
    assert r.returncode == 1, r.stdout + r.stderr
    last = result(r)
    assert last.startswith("result: PRTOS cannot run on this machine: ")
    for reason in reasons:
        assert reason in last


# --- the good machine --------------------------------------------------------

def test_good_amd_machine(machine):
    machine.load_driver(enabled=False)
    r = machine.run()
    assert_can_run(r)
    assert r.stderr == ""
    c = r.checks
    assert c["CPU"][:2] == ("ok", "AuthenticAMD, AMD EPYC 7302 16-Core Processor")
    assert c["SVM (AMD-V)"][0] == "ok"
    assert c["SVM in firmware"][:2] == ("ok", "VM_CR.SVMDIS clear on CPUs 0-3")
    assert c["other hypervisor"][0] == "ok"
    assert c["nested paging"][:2] == ("ok", "npt")
    for check in ["NRIP save", "decode assists", "flush by ASID", "AVIC",
                  "x2APIC", "CPUs", "kernel", "prtos driver",
                  "hypervisor image"]:
        assert c[check][0] == "ok", check
    assert c["NRIP save"][1].startswith("nrip_save: used")
    assert c["AVIC"][1] == "avic: not used yet (APIC accesses are trapped)"
    assert c["reserved memory"] == (
        "ok", "96 MiB at 0x3a000000-0x3fffffff (memmap=96M$0x3a000000): "
        "Reserved in /proc/iomem, RAM in the firmware's map", None)
    assert c["hypervisor image"][1].endswith(
        "prtos.bin: PRTOS 0.1.0, ABI 1, up to 16 CPUs, needs 1344 KiB")
    assert c["CPUs"][1] == "4 online (0-3)"
    assert c["kernel"][1] == "Linux 6.1.0-57-amd64"
    assert c["IOMMU"][0] == "absent"
    assert c["PRTOS enabled"][:2] == ("note", "no")
    assert c["PRTOS enabled"][2] == "start it: prtos enable SYSTEM.cell"


def test_optional_features_absent_still_runs(machine):
    flags = EPYC_FLAGS
    for f in ["nrip_save", "decodeassists", "flushbyasid", "avic", "x2apic"]:
        flags = flags.replace(f" {f} ", " ")
    machine.cpuinfo(flags)
    r = machine.run()
    assert_can_run(r)
    for check in ["NRIP save", "decode assists", "flush by ASID", "AVIC",
                  "x2APIC"]:
        verdict, detail, advice = r.checks[check]
        assert verdict == "absent", check
        assert detail.startswith("no "), check
    assert "nothing lost" in r.checks["decode assists"][1]
    assert "trap through the xAPIC page" in r.checks["x2APIC"][1]


# --- the CPU -----------------------------------------------------------------

def test_svm_missing(machine):
    machine.cpuinfo(EPYC_FLAGS.replace(" svm ", " "))
    r = machine.run()
    assert_cannot_run(r, "no AMD SVM")
    verdict, detail, advice = r.checks["SVM (AMD-V)"]
    assert verdict == "MISSING"
    assert detail == "no svm flag in /proc/cpuinfo"
    assert "SVM Mode" in advice
    # nothing is said about the parts of SVM
    assert "nested paging" not in r.checks
    assert "SVM in firmware" not in r.checks


def test_svm_missing_in_a_virtual_machine(machine):
    machine.cpuinfo("fpu hypervisor lahf_lm x2apic",
                    model="QEMU Virtual CPU version 2.5+")
    r = machine.run()
    assert_cannot_run(r, "no AMD SVM")
    assert r.checks["CPU"][1].endswith("(in a virtual machine)")
    assert "+svm,+npt" in r.checks["SVM (AMD-V)"][2]


def test_npt_missing(machine):
    machine.cpuinfo(EPYC_FLAGS.replace(" npt ", " "))
    r = machine.run()
    assert_cannot_run(r, "no nested paging (NPT)")
    verdict, detail, advice = r.checks["nested paging"]
    assert verdict == "MISSING"
    assert "nested page tables" in detail
    assert advice
    assert "no AMD SVM" not in result(r)


@pytest.mark.parametrize("vm_cr, locked", [(VM_CR_SVMDIS | VM_CR_LOCK, True),
                                           (VM_CR_SVMDIS, False)])
def test_svm_disabled_by_firmware(machine, vm_cr, locked):
    for cpu in range(4):
        machine.set_msrs(cpu, vm_cr=vm_cr)
    r = machine.run()
    assert_cannot_run(r, "SVM disabled by the firmware")
    verdict, detail, advice = r.checks["SVM in firmware"]
    assert verdict == "DISABLED"
    assert detail == "VM_CR.SVMDIS set on CPUs 0-3" + (
        " and locked" if locked else "")
    assert "firmware setup" in advice


def test_svm_disabled_on_one_cpu(machine):
    machine.set_msrs(2, vm_cr=VM_CR_SVMDIS)
    r = machine.run()
    assert_cannot_run(r, "SVM disabled by the firmware")
    assert r.checks["SVM in firmware"][1] == "VM_CR.SVMDIS set on CPU 2"


def test_msr_driver_not_loaded(machine):
    shutil.rmtree(machine.msr)
    r = machine.run()
    assert_can_run(r)
    verdict, detail, advice = r.checks["SVM in firmware"]
    assert verdict == "unknown"
    assert "the msr driver is not loaded" in detail
    assert "modprobe msr" in advice


def test_msr_device_root_only(machine):
    for cpu in range(4):
        (machine.msr / str(cpu) / "msr").chmod(0)
    r = machine.run()
    if r.checks["SVM in firmware"][0] == "ok":
        pytest.skip("running as root: permissions do not apply")
    assert_can_run(r)
    verdict, detail, advice = r.checks["SVM in firmware"]
    assert verdict == "unknown"
    assert "root" in detail and "as root" in advice


def test_msr_read_refused(machine):
    """The msr driver answers EIO when the CPU refuses the read."""
    for cpu in range(4):
        (machine.msr / str(cpu) / "msr").write_bytes(b"")
    r = machine.run()
    assert_can_run(r)
    verdict, detail, advice = r.checks["SVM in firmware"]
    assert verdict == "unknown"
    assert detail.endswith("/0/msr: Input/output error")
    assert "firmware setup" in advice


def test_svm_in_use_by_another_hypervisor(machine):
    (machine.sys / "module/kvm_amd").mkdir()
    machine.set_msrs(1, efer=0xd01 | EFER_SVME)
    r = machine.run()
    assert_can_run(r)
    verdict, detail, advice = r.checks["other hypervisor"]
    assert verdict == "warning"
    assert detail == ("SVM is in use (EFER.SVME set) on CPU 1: kvm_amd runs "
                      "a virtual machine")
    assert "modprobe -r kvm_amd" in advice


def test_kvm_loaded_but_idle(machine):
    (machine.sys / "module/kvm_amd").mkdir()
    r = machine.run()
    assert_can_run(r)
    verdict, detail, advice = r.checks["other hypervisor"]
    assert verdict == "note"
    assert detail == "kvm_amd is loaded, SVM unused (EFER.SVME clear)"


def test_intel_with_vmx(machine):
    machine.cpuinfo(INTEL_FLAGS, vendor="GenuineIntel",
                    model="Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz",
                    vmx_flags=INTEL_VMX_FLAGS)
    r = machine.run()
    assert_cannot_run(r, "no VMX backend yet")
    c = r.checks
    assert c["VMX (VT-x)"][:2] == ("ok", "vmx")
    assert c["EPT"][:2] == ("ok", "ept")
    assert c["unrestricted guest"][:2] == ("ok", "unrestricted_guest")
    assert c["x2APIC"][0] == "ok"
    verdict, detail, advice = c["VMX backend"]
    assert verdict == "UNSUPPORTED"
    assert "no VMX backend yet" in detail
    assert "AMD" in advice
    # no SVM checks, no MSR reads on Intel
    assert "SVM (AMD-V)" not in c and "SVM in firmware" not in c


def test_intel_without_unrestricted_guest(machine):
    machine.cpuinfo(INTEL_FLAGS, vendor="GenuineIntel", model="Intel(R) Core",
                    vmx_flags=INTEL_VMX_FLAGS.replace("unrestricted_guest",
                                                      ""))
    r = machine.run()
    assert r.checks["unrestricted guest"][0] == "absent"
    assert_cannot_run(r, "no VMX backend yet")


def test_neither_svm_nor_vmx(machine):
    machine.cpuinfo("fpu sse sse2", vendor="CentaurHauls", model="VIA Nano")
    r = machine.run()
    assert_cannot_run(r, "no hardware virtualization")
    assert r.checks["virtualization"][0] == "MISSING"


def test_cpuinfo_unreadable(machine):
    (machine.proc / "cpuinfo").unlink()
    r = machine.run()
    assert_cannot_run(r, "/proc/cpuinfo unreadable")
    verdict, detail, advice = r.checks["CPU"]
    assert verdict == "UNKNOWN"
    assert "cannot read" in detail and "mount" in advice


def test_iommu_present(machine):
    (machine.sys / "firmware/acpi/tables/IVRS").write_bytes(b"IVRS")
    (machine.sys / "class/iommu/ivhd0").mkdir()
    r = machine.run()
    assert_can_run(r)
    assert r.checks["IOMMU"][:2] == (
        "ok", "AMD-Vi (ACPI IVRS), Linux drives ivhd0 (this version uses no "
        "IOMMU)")


# --- reserved memory ---------------------------------------------------------

def test_no_memmap(machine):
    machine.write_proc("cmdline", "root=/dev/sda1 ro quiet\n")
    r = machine.run()
    assert_cannot_run(r, "no memory reserved for PRTOS (memmap=)")
    verdict, detail, advice = r.checks["reserved memory"]
    assert verdict == "MISSING"
    assert "no memmap=SIZE$ADDR on the kernel command line" in detail
    assert "memmap=96M$0x3a000000" in advice
    assert "/etc/default/grub" in advice


def test_memmap_whose_dollar_the_boot_loader_ate(machine):
    machine.write_proc("cmdline", "root=/dev/sda1 memmap=96M0x3a000000\n")
    r = machine.run()
    assert_cannot_run(r, "memmap= not understood")
    verdict, detail, advice = r.checks["reserved memory"]
    assert verdict == "MISSING"
    assert "'memmap=96M0x3a000000'" in detail
    assert "memmap=96M\\\\\\$0x3a000000" in advice


def test_memmap_overlapping_system_ram(machine):
    # the kernel ignored the option: the range is still System RAM
    machine.write_proc("iomem", GOOD_IOMEM.replace(
        "00100000-39ffffff : System RAM", "00100000-3fffffff : System RAM")
        .replace("3a000000-3fffffff : Reserved\n", ""))
    r = machine.run()
    assert_cannot_run(r, "memmap= range used by Linux")
    verdict, detail, advice = r.checks["reserved memory"]
    assert verdict == "CONFLICT"
    assert detail == ("96 MiB at 0x3a000000-0x3fffffff (memmap=96M$0x3a000000)"
                      " overlaps 'System RAM' (0x100000-0x3fffffff) in "
                      "/proc/iomem")
    assert "did not honour memmap=96M$0x3a000000" in advice


def test_memmap_partly_system_ram(machine):
    machine.write_proc("cmdline", "memmap=96M$0x3a000000,32M$0x40000000\n")
    r = machine.run()
    # the second reservation lies in System RAM 0x40000000-0x7fffffff
    assert_cannot_run(r, "memmap= range used by Linux")
    assert "overlaps 'System RAM' (0x40000000-0x7fffffff)" in r.stdout
    assert "0x3a000000-0x3fffffff (memmap=96M$0x3a000000): Reserved" in \
        r.stdout


def test_memmap_outside_ram(machine):
    machine.write_proc("cmdline", "memmap=16M$0x90000000\n")
    machine.write_proc("iomem", GOOD_IOMEM.replace(
        "80000000-afffffff : PCI Bus 0000:00",
        "80000000-8fffffff : PCI Bus 0000:00\n90000000-90ffffff : Reserved"))
    r = machine.run()
    assert_cannot_run(r, "memmap= range is not RAM")
    verdict, detail, _ = r.checks["reserved memory"]
    assert verdict == "CONFLICT"
    assert "not RAM in the firmware's map" in detail


def test_memmap_reaching_into_firmware_memory(machine):
    """As on QEMU with 1 GiB: the last 128 KiB are the firmware's."""
    shutil.rmtree(machine.sys / "firmware/memmap")
    machine.firmware_map([(0x100000, 0x3ffdffff, "System RAM"),
                          (0x3ffe0000, 0x3fffffff, "Reserved")])
    r = machine.run()
    assert_can_run(r)
    verdict, detail, advice = r.checks["reserved memory"]
    assert verdict == "warning"
    assert "0x3ffe0000-0x3fffffff of it is not RAM ('Reserved'" in detail
    assert advice


def test_iomem_hidden_from_users(machine):
    hidden = re.sub(r"[0-9a-f]{8}-[0-9a-f]{8}", "00000000-00000000",
                    GOOD_IOMEM)
    machine.write_proc("iomem", hidden)
    r = machine.run()
    assert_can_run(r)
    verdict, detail, advice = r.checks["reserved memory"]
    assert verdict == "unknown"
    assert "users other than root" in detail
    assert "as root" in advice


# --- image, CPUs, kernel -----------------------------------------------------

def test_image_missing(machine):
    (machine.firmware / "prtos.bin").unlink()
    r = machine.run()
    assert_cannot_run(r, "no hypervisor image")
    verdict, detail, advice = r.checks["hypervisor image"]
    assert verdict == "MISSING"
    assert "make install" in advice


def test_image_found_where_the_firmware_loader_looks_first(machine):
    (machine.firmware / "prtos.bin").unlink()
    machine.image(max_cpus=8, where="updates/6.1.0-57-amd64/prtos.bin")
    r = machine.run()
    assert_can_run(r)
    assert "updates/6.1.0-57-amd64/prtos.bin: PRTOS 0.1.0, ABI 1, up to 8 " \
        "CPUs" in r.checks["hypervisor image"][1]


def test_image_of_another_abi(machine):
    machine.image(abi=99)
    r = machine.run()
    assert_cannot_run(r, "hypervisor image unusable")
    verdict, detail, advice = r.checks["hypervisor image"]
    assert verdict == "INVALID"
    assert "has ABI 99" in detail


def test_reservation_too_small_for_image(machine):
    machine.write_proc("cmdline", "memmap=1M$0x3a000000\n")
    r = machine.run()
    assert_cannot_run(r, "hypervisor memory too small")
    assert r.checks["hypervisor image"][0] == "CONFLICT"


def test_more_cpus_than_the_image_supports(machine):
    machine.image(max_cpus=2)
    r = machine.run()
    assert_cannot_run(r, "more CPUs online than supported")
    verdict, detail, advice = r.checks["CPUs"]
    assert verdict == "UNSUPPORTED"
    assert detail == ("4 online (0-3), but the hypervisor image takes CPUs "
                      "0-1 only")
    assert "nr_cpus=2" in advice


def test_one_cpu(machine):
    machine.cpuinfo(EPYC_FLAGS, cpus=1)
    r = machine.run()
    assert_can_run(r)
    assert r.checks["CPUs"][:2] == ("note", "1 online (0)")


def test_other_kernel(machine):
    machine.write_proc("sys/kernel/osrelease", "6.8.0-31-generic\n")
    r = machine.run()
    assert_can_run(r)
    verdict, detail, advice = r.checks["kernel"]
    assert verdict == "warning"
    assert detail.startswith("Linux 6.8.0-31-generic: ")


# --- the driver --------------------------------------------------------------

def test_module_not_loaded(machine):
    r = machine.run()
    assert_can_run(r)
    verdict, detail, advice = r.checks["prtos driver"]
    assert (verdict, detail) == ("note", "not loaded")
    assert "modprobe prtos" in advice
    assert r.checks["PRTOS enabled"][:2] == (
        "note", "no: the driver is not loaded")


def test_module_loaded(machine):
    machine.load_driver(enabled=False)
    r = machine.run()
    assert_can_run(r)
    assert r.checks["prtos driver"][0] == "ok"
    assert r.checks["prtos driver"][1].startswith("loaded (")
    assert r.checks["PRTOS enabled"][:2] == ("note", "no")


def test_enabled_reads_no_msr(machine):
    """While PRTOS runs the root sees VM_CR.SVMDIS set (the hypervisor
    hides SVM): the check must not call that disabled."""
    machine.load_driver(enabled=True)
    for cpu in range(4):
        machine.set_msrs(cpu, vm_cr=VM_CR_SVMDIS, efer=0xd01 | EFER_SVME)
    r = machine.run()
    assert_can_run(r)
    assert r.checks["SVM in firmware"][0] == "ok"
    assert r.checks["other hypervisor"][0] == "ok"
    assert r.checks["PRTOS enabled"][:2] == ("ok", "yes, hypervisor 0.1.0 "
                                             "(ABI 1)")


# --- with a system configuration ---------------------------------------------

def test_config_fits(machine):
    cfg = machine.config("system.cell")
    machine.load_driver(enabled=False)
    r = machine.run(cfg)
    assert_can_run(r)
    c = r.checks
    assert c["configuration"][:2] == (
        "ok", f"{cfg}: system configuration, root cell 'linux-root'")
    assert c["hypervisor memory"][:2] == (
        "ok", "6 MiB at 0x3a000000-0x3a5fffff: Reserved in /proc/iomem, RAM "
        "in the firmware's map")
    assert c["root cell CPUs"][0] == "ok"
    assert c["PRTOS enabled"][2] == f"start it: prtos enable {cfg}"


def test_config_hypervisor_memory_not_reserved(machine):
    cfg = machine.config("system.cell", hv_start=0x40000000)
    machine.load_driver(enabled=False)
    r = machine.run(cfg)
    assert_cannot_run(r, "hypervisor memory used by Linux")
    verdict, detail, advice = r.checks["hypervisor memory"]
    assert verdict == "CONFLICT"
    assert detail.startswith("6 MiB at 0x40000000-0x405fffff overlaps "
                             "'System RAM'")
    assert advice.startswith("boot Linux with memmap=0x600000$0x40000000")
    # the reservation itself is fine
    assert r.checks["reserved memory"][0] == "ok"
    assert r.checks["PRTOS enabled"][2] == (
        f"start it once the problems above are solved: prtos enable {cfg}")


def test_config_hypervisor_memory_too_small(machine):
    cfg = machine.config("system.cell", hv_size=0x100000)
    r = machine.run(cfg)
    assert_cannot_run(r, "hypervisor memory too small")
    assert "too small for the image" in r.checks["hypervisor image"][1]


def test_config_root_cell_lacks_cpu(machine):
    cfg = machine.config("system.cell", cpus=0x7)
    r = machine.run(cfg)
    assert_cannot_run(r, "online CPUs missing from the root cell")
    verdict, detail, advice = r.checks["root cell CPUs"]
    assert verdict == "CONFLICT"
    assert detail == f"CPU 3 online but not in the root cell of {cfg}"


@pytest.mark.parametrize("content, reason", [
    (b"", "the file is empty"),
    (b"int x;\n", "this is a text file"),
])
def test_config_invalid(machine, content, reason):
    cfg = machine.root / "bad.cell"
    cfg.write_bytes(content)
    r = machine.run(cfg)
    assert r.returncode == 1
    verdict, detail, _ = r.checks["configuration"]
    assert verdict == "INVALID"
    assert reason in detail


def test_config_missing_file(machine):
    r = machine.run(machine.root / "nonexistent.cell")
    assert_cannot_run(r, "configuration unreadable")
    assert "no such file: check the path" in r.checks["configuration"][1]


# --- help and usage ----------------------------------------------------------

def test_help(prtos):
    env = base_env()
    r = subprocess.run([str(prtos), "hardware", "check", "--help"],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0
    assert r.stdout.startswith("usage: prtos hardware check [SYSTEM.cell]\n")
    for text in ["Examples:", "\n  prtos hardware check\n", "modprobe msr",
                 "memmap=SIZE$ADDR", "PRTOS_PROC", "PRTOS_SYS ",
                 "PRTOS_MSR_DIR", "PRTOS_FIRMWARE_DIR", "PRTOS_SYSFS",
                 "no VMX backend yet", "Exit status"]:
        assert text in r.stdout, text
    for args in (["help", "hardware", "check"], ["hardware", "check", "-h"]):
        assert subprocess.run([str(prtos), *args], capture_output=True,
                              text=True, env=env).stdout == r.stdout
    group = subprocess.run([str(prtos), "hardware", "--help"],
                           capture_output=True, text=True, env=env)
    assert group.returncode == 0
    assert "  hardware check [SYSTEM.cell]" in group.stdout
    top = subprocess.run([str(prtos), "--help"], capture_output=True,
                         text=True, env=env)
    assert "  hardware check [SYSTEM.cell]" in top.stdout


@pytest.mark.parametrize("args, message", [
    (["a.cell", "b.cell"], "too many arguments"),
    (["--verbose"], "unknown option '--verbose'"),
])
def test_usage_errors(machine, args, message):
    r = machine.run(*args)
    assert r.returncode == 2
    assert r.stdout == ""
    assert f"prtos hardware check: {message}" in r.stderr
    assert "run 'prtos hardware check --help'" in r.stderr


def test_hardware_without_subcommand(prtos):
    r = subprocess.run([str(prtos), "hardware"], capture_output=True,
                       text=True, env=base_env())
    assert r.returncode == 2
    assert "missing subcommand" in r.stderr


def test_memmap_not_shown_reserved(machine):
    # a reservation /proc/iomem does not show at all (e.g. above mem=)
    machine.write_proc("iomem", GOOD_IOMEM.replace(
        "3a000000-3fffffff : Reserved\n", ""))
    r = machine.run()
    assert_cannot_run(r, "memmap= range not reserved")
    verdict, detail, _ = r.checks["reserved memory"]
    assert verdict == "CONFLICT"
    assert detail.endswith("is not all Reserved in /proc/iomem")


def test_memmap_over_a_device(machine):
    machine.write_proc("cmdline", "memmap=16M$0x80000000\n")
    r = machine.run()
    assert_cannot_run(r, "memmap= range overlaps a device")
    assert "overlaps 'PCI Bus 0000:00'" in r.checks["reserved memory"][1]
