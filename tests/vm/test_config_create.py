# SPDX-License-Identifier: GPL-2.0
"""'prtos config create' on the QEMU machine: the system configuration it
writes enables PRTOS and runs tiny-demo (configured for qemu-q35.c) beside
Linux, and it describes the machine as configs/x86/qemu-q35.c does where
that file describes the machine and not a choice."""

import re

from vmtest import REPO, run_vm

QEMU_Q35 = REPO / "configs" / "x86" / "qemu-q35.c"
NUM = r"(0x[0-9a-fA-F]+|\d+)"


def number(text):
    return int(text, 0)


def field(source, name):
    """The value of '.name = NUMBER' (the first one)."""
    m = re.search(r"\." + name + r"\s*=\s*" + NUM, source)
    assert m, f"no .{name} in the source"
    return number(m.group(1))


def block(source, name):
    """The text of '.name = { ... }' at the top level of the config."""
    m = re.search(r"\n\t\." + name + r" = \{\n(.*?)\n\t\},", source, re.S)
    assert m, f"no .{name} block"
    return m.group(1)


def facts(source):
    """What a system configuration's C source says about the machine."""
    hv = block(source, "sys")
    mem = [tuple(number(v) for v in m.groups()[:3]) + (m.group(4),)
           for m in re.finditer(r"\{ " + NUM + ", " + NUM + ", " + NUM +
                                r", (\w+)", block(source, "mem"))]
    pio = [tuple(map(number, m.groups()))
           for m in re.finditer(r"\{ " + NUM + ", " + NUM + r" \}",
                                block(source, "pio"))]
    pci = [(m.group(1), number(m.group(2)), number(m.group(3)))
           for m in re.finditer(r"\{ PRTOS_PCI_TYPE_(\w+), " + NUM + ", " +
                                NUM + r" \}", block(source, "pci"))]
    chips = block(source, "irqchips")
    return {
        "hv": (field(hv, "phys_start"), field(hv, "size")),
        "console": field(hv, "address"),
        "mmconfig": (field(hv, "pci_mmconfig_base"),
                     field(hv, "pci_mmconfig_end_bus")),
        "apic_base": field(hv, "apic_base"),
        "cpus": number(re.search(r"\.cpus = \{ " + NUM, hv).group(1)),
        "ioapic": (field(chips, "id"), field(chips, "address")),
        "mem": mem,
        "pio": pio,
        "pci": pci,
    }


def generated_source(r):
    lines = r.lines("linux")
    start, end = lines.index("GEN-C-BEGIN"), lines.index("GEN-C-END")
    return "\n".join(lines[start + 1:end]) + "\n"


def test_generated_config_runs_tiny_demo():
    r = run_vm("config-create.sh", timeout=400)
    assert r.returncode == 0, f"guest failed: {r!r}"
    assert "CONFIG-CREATE-OK" in r.text("linux")
    com4 = r.text("com4")
    assert "tiny-demo: hello" in com4
    assert "tiny-demo: heartbeat 1" in com4
    hv = r.text("hv")
    assert "Cell 'tiny-demo'" in hv
    assert "memory read of 8 bytes at 0x3a6f0000" in hv
    assert "FAULT" not in hv and "PRTOS PANIC" not in hv

    gen, ref = facts(generated_source(r)), facts(QEMU_Q35.read_text())
    # the machine: its 4 CPUs (qemu-q35.c allows for up to 8), the
    # hypervisor's memory, its UART, IOAPIC, APIC and ECAM
    assert gen["cpus"] == 0xf and ref["cpus"] & gen["cpus"] == gen["cpus"]
    for key in ("hv", "console", "ioapic", "apic_base", "mmconfig", "pio",
                "pci"):
        assert gen[key] == ref[key], key
    # the memory for cells is the same region, RAM below the reservation too
    for region in [(0, 0, 0x3a000000, "RAM"),
                   (0x3a600000, 0x3a600000, 0x5a00000, "RAM")]:
        assert region in gen["mem"] and region in ref["mem"], region
    # and the local APIC is in neither
    assert not [m for m in gen["mem"] if m[0] <= 0xfee00000 < m[0] + m[2]]
