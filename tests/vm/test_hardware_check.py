# SPDX-License-Identifier: GPL-2.0
"""'prtos hardware check' on the QEMU machine (qemu64,+svm,+npt, 4 CPUs,
memmap=96M$0x3a000000): PRTOS can run there before and after the driver
is loaded, with its system configuration and while enabled, and the check
reads the real /proc, /sys and msr devices of a running Linux.
"""

import re
from pathlib import Path

from vmtest import REPO, kernel_release, run_vm


def sections(linux):
    """{name: (lines, status)} of the runs framed by hardware-check.sh."""
    out = {}
    for m in re.finditer(r"^== (\S+)\n(.*?)^== status (\d+)$", linux,
                         re.M | re.S):
        out[m.group(1)] = (m.group(2).splitlines(), int(m.group(3)))
    return out


def verdict(lines, check):
    """The verdict and detail of one check's line."""
    for line in lines:
        if line[:18].rstrip() == check:
            return line[19:].split(None, 1)
    raise AssertionError(f"no '{check}' line in:\n" + "\n".join(lines))


def test_hardware_check_on_the_qemu_machine():
    msr = Path(f"/lib/modules/{kernel_release()}/kernel/arch/x86/kernel/"
               "msr.ko")
    add = [(REPO / "tests" / "configs", "/root/configs")]
    if msr.is_file():
        add.append((msr, "/root/msr.ko"))
    r = run_vm("hardware-check.sh",
               "/root/msr.ko" if msr.is_file() else "-", "/root/configs",
               timeout=400, add=add)
    assert r.returncode == 0, f"guest failed: {r!r}"
    linux = r.text("linux")
    assert "HARDWARE-CHECK-OK" in linux
    runs = sections(linux)

    lines, status = runs["no-driver"]
    assert status == 0
    assert lines[-1].startswith("result: PRTOS can run on this machine")
    assert verdict(lines, "CPU")[0] == "ok"
    assert verdict(lines, "SVM (AMD-V)") == ["ok", "svm"]
    assert verdict(lines, "nested paging") == ["ok", "npt"]
    # TCG offers none of the optional features (DESIGN.md, platform facts)
    for check in ["NRIP save", "decode assists", "flush by ASID", "AVIC",
                  "x2APIC", "IOMMU"]:
        assert verdict(lines, check)[0] == "absent", check
    assert verdict(lines, "SVM in firmware")[0] == "unknown"
    assert verdict(lines, "reserved memory")[1].startswith(
        "96 MiB at 0x3a000000-0x3fffffff (memmap=96M$0x3a000000): Reserved "
        "in /proc/iomem")
    assert verdict(lines, "hypervisor image")[0] == "ok"
    assert verdict(lines, "CPUs") == ["ok", "4 online (0-3)"]
    assert verdict(lines, "kernel")[1].startswith("Linux 6.1.")
    assert verdict(lines, "prtos driver") == ["note", "not loaded"]

    if msr.is_file():
        lines, status = runs["msr"]
        assert status == 0
        assert verdict(lines, "SVM in firmware") == [
            "ok", "VM_CR.SVMDIS clear on CPUs 0-3"]
        assert verdict(lines, "other hypervisor")[1].endswith(
            "SVM unused (EFER.SVME clear)")

    lines, status = runs["driver"]
    assert status == 0
    assert verdict(lines, "prtos driver")[0] == "ok"
    assert verdict(lines, "PRTOS enabled") == ["note", "no"]

    lines, status = runs["config"]
    assert status == 0
    assert verdict(lines, "configuration")[0] == "ok"
    assert verdict(lines, "hypervisor memory")[1].startswith(
        "6 MiB at 0x3a000000-0x3a5fffff: Reserved in /proc/iomem")
    assert verdict(lines, "root cell CPUs")[0] == "ok"

    lines, status = runs["enabled"]
    assert status == 0
    assert verdict(lines, "PRTOS enabled")[0] == "ok"
    assert verdict(lines, "SVM in firmware")[0] == "ok"
    # checking from the root cell stays inside what it may touch
    assert "VIOLATION" not in r.text("hv")

    lines, status = runs["unreserved"]
    assert status == 1
    assert verdict(lines, "hypervisor memory")[0] == "CONFLICT"
    assert lines[-1].startswith("result: PRTOS cannot run on this machine: ")
