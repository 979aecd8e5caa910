# SPDX-License-Identifier: GPL-2.0
"""'prtos config create' on fake machines.

Each test builds a /proc and a /sys tree in tmp_path (PRTOS_PROC,
PRTOS_SYS): /proc/cmdline, /proc/iomem and /proc/ioports as Linux prints
them, ACPI MADT and MCFG tables built here byte by byte as the ACPI
specification lays them out (with correct checksums unless a test breaks
them), and PCI functions in /sys/bus/pci/devices. The defaults are the
QEMU machine of scripts/vm as its Linux reports it.

The C source the command writes is compiled with the top-level Makefile's
%.cell rule; the result must be the bytes --binary writes, and both must
pass 'prtos config check'.

Run with: /usr/bin/python3 -m pytest tests/tool
"""

import random
import re
import struct
import subprocess

import pytest

from test_prtos_cli import ROOT, base_env, prtos, run  # noqa: F401

# What Linux in the QEMU machine of scripts/vm reports (q35, 4 CPUs, 1 GiB).
CMDLINE = ("console=ttyS0,115200 memmap=96M$0x3a000000 panic=-1 "
           "oops=panic loglevel=6 8250.nr_uarts=4")

IOMEM = """\
00000000-00000fff : Reserved
00001000-0009fbff : System RAM
0009fc00-0009ffff : Reserved
000a0000-000bffff : PCI Bus 0000:00
000c0000-000c05ff : Video ROM
000f0000-000fffff : Reserved
  000f0000-000fffff : System ROM
00100000-39ffffff : System RAM
  0d400000-0e201d31 : Kernel code
  0e400000-0eceafff : Kernel rodata
3a000000-3fffffff : Reserved
40000000-afffffff : PCI Bus 0000:00
b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]
  b0000000-bfffffff : Reserved
    b0000000-bfffffff : pnp 00:07
c0000000-febfffff : PCI Bus 0000:00
  febff000-febfffff : 0000:00:1f.2
fec00000-fec003ff : IOAPIC 0
fed00000-fed003ff : HPET 0
  fed00000-fed003ff : PNP0103:00
fed1c000-fed1ffff : Reserved
fee00000-fee00fff : Local APIC
fffc0000-ffffffff : Reserved
100000000-8ffffffff : PCI Bus 0000:00
fd00000000-ffffffffff : Reserved
"""

IOPORTS = """\
0000-0cf7 : PCI Bus 0000:00
  0000-001f : dma1
  0020-0021 : pic1
  0040-0043 : timer0
  0060-0060 : keyboard
  0070-0077 : rtc0
  0080-008f : dma page reg
  02e8-02ef : serial
  02f8-02ff : serial
  03e8-03ef : serial
  03f8-03ff : serial
  0600-067f : 0000:00:1f.0
    0600-0603 : ACPI PM1a_EVT_BLK
0cf8-0cff : PCI conf1
0d00-ffff : PCI Bus 0000:00
  c040-c05f : 0000:00:1f.2
"""

PCI = [("0000:00:00.0", 0x060000, 0x8086, 0x29c0),
       ("0000:00:1f.0", 0x060100, 0x8086, 0x2918),
       ("0000:00:1f.2", 0x010601, 0x8086, 0x2922),
       ("0000:00:1f.3", 0x0c0500, 0x8086, 0x2930)]


# --- ACPI tables, as the specification lays them out -------------------------

def acpi_table(signature, body):
    """A table with its 36-byte header and a checksum that makes it sum
    to 0."""
    header = signature + struct.pack("<IBB6s8sI4sI", 36 + len(body), 1, 0,
                                     b"BOCHS ", b"BXPC    ", 1, b"BXPC", 1)
    table = bytearray(header + body)
    table[9] = -sum(table) & 0xff
    return bytes(table)


def fix_checksum(table):
    table = bytearray(table)
    table[9] = 0
    table[9] = -sum(table) & 0xff
    return bytes(table)


def lapic(uid, apic_id, flags=1):
    return struct.pack("<BBBBI", 0, 8, uid, apic_id, flags)


def x2apic(apic_id, uid, flags=1):
    return struct.pack("<BBHIII", 9, 16, 0, apic_id, flags, uid)


def ioapic(ioapic_id, address, gsi_base):
    return struct.pack("<BBBBII", 1, 12, ioapic_id, 0, address, gsi_base)


def override(irq, gsi, flags=0):
    return struct.pack("<BBBBIH", 2, 10, 0, irq, gsi, flags)


def local_nmi(uid, flags, lint):
    return struct.pack("<BBBHB", 4, 6, uid, flags, lint)


def madt(entries=None, apic_base=0xfee00000):
    """QEMU's MADT for 4 CPUs unless @entries are given."""
    if entries is None:
        entries = [lapic(i, i) for i in range(4)]
        entries += [ioapic(0, 0xfec00000, 0), override(0, 2)]
        entries += [override(irq, irq, 13) for irq in (5, 9, 10, 11)]
        entries += [local_nmi(0xff, 0, 1)]
    return acpi_table(b"APIC", struct.pack("<II", apic_base, 1) +
                      b"".join(entries))


def mcfg(windows=((0xb0000000, 0, 0, 0xff),)):
    return acpi_table(b"MCFG", bytes(8) + b"".join(
        struct.pack("<QHBBI", base, seg, start, end, 0)
        for base, seg, start, end in windows))


# --- a fake machine ----------------------------------------------------------

class Machine:
    """A /proc and /sys tree; change the attributes, then write()."""

    def __init__(self, top):
        self.top = top
        self.proc = top / "proc"
        self.sys = top / "sys"
        self.cmdline = CMDLINE
        self.iomem = IOMEM
        self.ioports = IOPORTS
        self.madt = madt()
        self.mcfg = mcfg()
        self.pci = list(PCI)

    def write(self):
        (self.proc / "sys/kernel").mkdir(parents=True, exist_ok=True)
        (self.proc / "cmdline").write_text(self.cmdline + "\n")
        (self.proc / "iomem").write_text(self.iomem)
        (self.proc / "ioports").write_text(self.ioports)
        (self.proc / "sys/kernel/hostname").write_text("prtos-vm\n")
        tables = self.sys / "firmware/acpi/tables"
        tables.mkdir(parents=True, exist_ok=True)
        for name, data in (("APIC", self.madt), ("MCFG", self.mcfg)):
            if data is None:
                (tables / name).unlink(missing_ok=True)
            else:
                (tables / name).write_bytes(data)
        devices = self.sys / "bus/pci/devices"
        devices.mkdir(parents=True, exist_ok=True)
        for name, cls, vendor, device in self.pci:
            d = devices / name
            d.mkdir(exist_ok=True)
            (d / "class").write_text(f"0x{cls:06x}\n")
            (d / "vendor").write_text(f"0x{vendor:04x}\n")
            (d / "device").write_text(f"0x{device:04x}\n")
        return self

    def create(self, tool, *args):
        self.write()
        return run(tool, "config", "create", *args, PRTOS_PROC=self.proc,
                   PRTOS_SYS=self.sys)


@pytest.fixture
def machine(tmp_path):
    return Machine(tmp_path / "machine")


def compile_cell(source, out):
    """The top-level Makefile's %.cell rule, on @source."""
    obj = out.with_suffix(".cfg.o")
    res = subprocess.run(
        ["gcc", "-c", "-O1", "-Wall", "-Werror", "-D__PRTOS_FREESTANDING__",
         "-I", str(ROOT / "include"), "-fno-pic", "-fno-common", "-o",
         str(obj), str(source)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    subprocess.run(["objcopy", "-O", "binary", "-j", ".rodata", str(obj),
                    str(out)], check=True)
    return out.read_bytes()


@pytest.fixture(scope="session")
def tiny_demo(tmp_path_factory):
    """configs/x86/tiny-demo.c, compiled: the cell the rule is made for."""
    out = tmp_path_factory.mktemp("tiny") / "tiny-demo.cell"
    compile_cell(ROOT / "configs/x86/tiny-demo.c", out)
    return out


def generate(tool, machine, tmp_path, *args):
    """Source and binary of a successful run, checked to agree."""
    src, cell = tmp_path / "gen.c", tmp_path / "gen.cell"
    r = machine.create(tool, "--binary", cell, *args, src)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout.startswith(f"wrote {src} and {cell}: ")
    assert compile_cell(src, tmp_path / "compiled.cell") == cell.read_bytes()
    return src.read_text(), cell


def check(tool, *paths):
    r = run(tool, "config", "check", *paths)
    assert r.returncode == 0, r.stdout
    return r.stdout


def regions(source):
    """(phys, virt, size, flags) of every memory region in the source."""
    return [(int(a, 16), int(b, 16), int(c, 16), f) for a, b, c, f in
            re.findall(r"\{ 0x(\w+), 0x(\w+), 0x(\w+),\s+([^}]*?) \}", source)]


def header(source):
    """The leading comment as one line of prose."""
    text = source.split("*/", 1)[0]
    return re.sub(r"\s*\n \*\s*", " ", text)


def pio(source):
    return [(int(a, 16), int(b, 16))
            for a, b in re.findall(r"\{ 0x(\w{4}), 0x(\w{4}) \},", source)]


def assert_failed(r, *phrases, paths=()):
    """Exit 1, one 'prtos: ' line saying all of @phrases, nothing written."""
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stdout == ""
    assert r.stderr.startswith("prtos: ") and r.stderr.count("\n") == 1, \
        r.stderr
    for phrase in phrases:
        assert phrase in r.stderr
    for p in paths:
        assert not p.exists()
        assert not list(p.parent.glob(p.name + ".*")), "temporary file left"


# --- the QEMU machine ---------------------------------------------------------

def test_qemu_machine(prtos, machine, tmp_path, tiny_demo):
    source, cell = generate(prtos, machine, tmp_path)
    out = check(prtos, cell, tiny_demo)
    assert "root cell 'linux-root', 4 CPUs, 9 memory regions" in out
    assert "tiny-demo.cell: OK" in out
    assert ".phys_start = 0x3a000000,\n\t\t\t.size = 0x600000," in source
    assert ".address = 0x2f8," in source
    assert ".cpus = { 0xf }," in source
    assert ".pci_mmconfig_base = 0xb0000000," in source
    assert ".address = 0xfec00000," in source
    mem = regions(source)
    assert mem[:2] == [(0, 0, 0x3a000000, "RAM"),
                       (0x3a600000, 0x3a600000, 0x5a00000, "RAM")]
    assert (0xfed1c000, 0xfed1c000, 0x4000, "RESERVED") in mem
    assert (0xfec00000, 0xfec00000, 0x1000, "DEVICE") in mem
    # no local APIC, nothing above 4 GiB where nothing is
    assert not [m for m in mem if m[0] <= 0xfee00000 < m[0] + m[2]]
    assert max(m[0] + m[2] for m in mem) == 0x100000000
    assert "left out: 0xfee00000-0xfee00fff Local APIC" in source
    # the ports as configs/x86/qemu-q35.c grants them
    assert pio(source) == [(0, 0x2e8), (0x2f0, 8), (0x300, 0xe8),
                           (0x3f0, 0xfc10)]
    assert "0x02e8-0x02ef: serial port COM4, kept for cells" in source
    assert "{ PRTOS_PCI_TYPE_DEVICE, 0, 0x00fa }," in source


def test_tiny_demo_memory_is_root_memory_outside_the_hypervisor(
        prtos, machine, tmp_path, tiny_demo):
    """The rule tiny-demo.c relies on: its RAM lies in one root region,
    which is the memory for cells, past the hypervisor's."""
    source, _ = generate(prtos, machine, tmp_path)
    demo = regions((ROOT / "configs/x86/tiny-demo.c").read_text())
    ram = [m for m in demo if m[0]][0]
    holders = [m for m in regions(source)
               if m[0] <= ram[0] and ram[0] + ram[2] <= m[0] + m[2]]
    assert holders == [(0x3a600000, 0x3a600000, 0x5a00000, "RAM")]


def test_source_to_stdout(prtos, machine, tmp_path):
    source, _ = generate(prtos, machine, tmp_path)
    r = machine.create(prtos)
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout == source
    assert machine.create(prtos, "-").stdout == source


def test_binary_only(prtos, machine, tmp_path):
    cell = tmp_path / "only.cell"
    r = machine.create(prtos, "-b", cell)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"wrote {cell}: 4 CPUs, hypervisor "
                               "0x3a000000-0x3a5fffff, memory for cells "
                               "0x3a600000-0x3fffffff, console 0x2f8 (COM2)")
    check(prtos, cell)


def test_source_is_formatted(prtos, machine, tmp_path):
    """The file reads like the hand-written ones: kernel style."""
    source, _ = generate(prtos, machine, tmp_path)
    res = subprocess.run(["clang-format", f"--style=file:{ROOT}/.clang-format",
                          "--assume-filename=gen.c"], input=source,
                         capture_output=True, text=True)
    if res.returncode:
        pytest.skip("no clang-format")
    assert res.stdout == source
    assert source.startswith("// SPDX-License-Identifier: GPL-2.0\n/*\n")
    assert max(len(l.expandtabs(8)) for l in source.splitlines()) <= 80


def test_help(prtos):
    r = run(prtos, "config", "create", "--help")
    assert r.returncode == 0
    assert r.stdout.startswith("usage: prtos config create [options] "
                               "[OUTPUT.c]\n")
    for text in ["memmap=SIZE$ADDR", "--binary FILE", "--console PORT|none",
                 "--reserved ADDR:SIZE", "--hv-size SIZE", "PRTOS_PROC",
                 "PRTOS_SYS", "0x3a600000-0x3fffffff", "Examples:",
                 "\n  prtos config create "]:
        assert text in r.stdout
    assert run(prtos, "help", "config", "create").stdout == r.stdout
    assert "config create [options] [OUTPUT.c]" in run(prtos, "--help").stdout


# --- the reservation ----------------------------------------------------------

def test_no_memmap_and_no_option(prtos, machine, tmp_path):
    machine.cmdline = "console=ttyS0,115200 quiet"
    src, cell = tmp_path / "gen.c", tmp_path / "gen.cell"
    r = machine.create(prtos, "--binary", cell, src)
    assert_failed(r, "no memory is reserved for PRTOS",
                  "memmap=SIZE$ADDR", "--reserved ADDR:SIZE", paths=(src, cell))


def test_reserved_option_instead_of_memmap(prtos, machine, tmp_path):
    machine.cmdline = "console=ttyS0,115200 quiet"
    source, cell = generate(prtos, machine, tmp_path, "--reserved",
                            "0x3a000000:96M")
    assert "(96 MiB, --reserved)" in header(source)
    assert (0x3a600000, 0x3a600000, 0x5a00000, "RAM") in regions(source)


def test_several_memmaps_are_ambiguous(prtos, machine, tmp_path):
    machine.cmdline = CMDLINE + " memmap=16M$0x30000000,1G@4G"
    src = tmp_path / "gen.c"
    r = machine.create(prtos, src)
    assert_failed(r, "reserves 2 ranges (memmap=96M$0x3a000000, "
                  "memmap=16M$0x30000000)", "--reserved", paths=(src,))
    source, _ = generate(prtos, machine, tmp_path, "--reserved",
                         "0x3a000000:0x6000000")
    assert ".phys_start = 0x3a000000," in source


@pytest.mark.parametrize("param", ["memmap=96M$", "memmap=96M$0x3a00zz",
                                   "memmap=96M$0x3a000000,8M$"])
def test_unreadable_memmap(prtos, machine, tmp_path, param):
    machine.cmdline = f"console=ttyS0 {param}"
    assert_failed(machine.create(prtos, tmp_path / "x.c"), "cannot read "
                  "'memmap=", "on the kernel command line", "--reserved")


def test_other_memmap_kinds_reserve_nothing(prtos, machine, tmp_path):
    machine.cmdline = "memmap=exactmap memmap=640K@0 memmap=1G#2G,96M$0x3a000000"
    source, _ = generate(prtos, machine, tmp_path)
    assert "(96 MiB, memmap=96M$0x3a000000)" in header(source)


def test_memmap_that_did_not_take(prtos, machine, tmp_path):
    """Linux uses the range: the driver would refuse it, so do we."""
    machine.iomem = IOMEM.replace("00100000-39ffffff : System RAM",
                                  "00100000-3fffffff : System RAM").replace(
        "3a000000-3fffffff : Reserved\n", "")
    r = machine.create(prtos, tmp_path / "gen.c")
    assert_failed(r, "0x3a000000-0x3fffffff", "is not reserved in "
                  "/proc/iomem (it lies in 'System RAM')",
                  "memmap=0x6000000$0x3a000000")


def test_hv_size(prtos, machine, tmp_path):
    source, _ = generate(prtos, machine, tmp_path, "--hv-size", "8M")
    assert ".size = 0x800000," in source
    assert (0x3a800000, 0x3a800000, 0x5800000, "RAM") in regions(source)
    r = machine.create(prtos, "--hv-size", "128M", tmp_path / "x.c")
    assert_failed(r, "smaller than the 128 MiB the hypervisor takes")


def test_whole_reservation_for_the_hypervisor(prtos, machine, tmp_path):
    source, _ = generate(prtos, machine, tmp_path, "--hv-size", "96M")
    assert "Nothing is left for cells" in header(source)
    assert not [m for m in regions(source) if 0x3a000000 <= m[0] < 0x40000000]


# --- consoles and ports -------------------------------------------------------

def test_linux_on_com2_gets_com1_for_the_hypervisor(prtos, machine, tmp_path):
    machine.cmdline = CMDLINE.replace("ttyS0", "ttyS1")
    source, _ = generate(prtos, machine, tmp_path)
    assert ".address = 0x3f8," in source
    owned = {p for base, length in pio(source)
             for p in range(base, base + length)}
    assert 0x2f8 in owned and 0x3f8 not in owned
    assert 0x2e8 not in owned and 0x3e8 not in owned


def test_console_option(prtos, machine, tmp_path):
    source, _ = generate(prtos, machine, tmp_path, "--console", "0x3e8")
    assert ".address = 0x3e8," in source
    owned = {p for base, length in pio(source)
             for p in range(base, base + length)}
    assert not owned & {0x2e8, 0x2f8, 0x3e8}
    source, _ = generate(prtos, machine, tmp_path, "--console", "none")
    assert ".type = PRTOS_CONSOLE_NONE," in source


def test_console_option_refuses_linux_console(prtos, machine, tmp_path):
    r = machine.create(prtos, "--console", "0x3f8", tmp_path / "x.c")
    assert_failed(r, "--console 0x3f8 (COM1) is Linux's console "
                  "(console=ttyS0,115200)")


def test_no_free_serial_port(prtos, machine, tmp_path):
    machine.ioports = "\n".join(l for l in IOPORTS.splitlines()
                                if "serial" not in l or "03f8" in l) + "\n"
    r = machine.create(prtos, tmp_path / "x.c")
    assert_failed(r, "no serial port is free", "--console PORT",
                  "--console none")


# --- CPUs and interrupt controllers --------------------------------------------

def test_x2apic_cpus_and_two_ioapics(prtos, machine, tmp_path):
    entries = [lapic(0, 0), lapic(1, 1), lapic(2, 2, flags=0),
               x2apic(0x100, 3), x2apic(1, 1),  # the same CPU again
               ioapic(2, 0xfec00000, 0), ioapic(3, 0xfec01000, 24),
               struct.pack("<BB", 0x7f, 6) + bytes(4)]  # unknown: skipped
    machine.madt = madt(entries)
    source, cell = generate(prtos, machine, tmp_path)
    assert ".cpus = { 0x7 }," in source
    assert "APIC ids, in the MADT's order" in header(source)
    assert ": 0, 1, 256." in header(source)
    assert "1 more processor entries are not enabled" in header(source)
    chips = re.findall(r"\.id = (\d+),\n\t\t\t\.address = (0x\w+),\n"
                       r"\t\t\t\.pin_bitmap = \{ (0x\w+) \}", source)
    assert chips[0] == ("2", "0xfec00000", "0xffffff")
    assert "IOAPIC 3, GSI 24 and up: all its pins (at most 240)" in source
    check(prtos, cell)


def test_apic_address_override(prtos, machine, tmp_path):
    entries = [lapic(0, 0), ioapic(0, 0xfec00000, 0),
               struct.pack("<BBHQ", 5, 12, 0, 0xfee10000)]
    machine.madt = madt(entries)
    source, _ = generate(prtos, machine, tmp_path)
    assert ".apic_base = 0xfee10000," in source


def test_too_many_cpus(prtos, machine, tmp_path):
    machine.madt = madt([x2apic(i, i) for i in range(65)])
    assert_failed(machine.create(prtos, tmp_path / "x.c"),
                  "65 enabled processors but PRTOS handles at most 64")


def test_bridges_and_other_segments(prtos, machine, tmp_path):
    machine.pci = PCI + [("0000:00:1c.0", 0x060400, 0x8086, 0x244e),
                         ("0001:02:00.0", 0x020000, 0x8086, 0x10d3)]
    machine.mcfg = mcfg([(0xe0000000, 1, 0, 0x3f),
                         (0xb0000000, 0, 0, 0x7f)])
    source, cell = generate(prtos, machine, tmp_path)
    assert "{ PRTOS_PCI_TYPE_BRIDGE, 0, 0x00e0 }," in source
    assert "{ PRTOS_PCI_TYPE_DEVICE, 1, 0x0200 }," in source
    assert "0001:02:00.0 Ethernet controller, 8086:10d3" in source
    assert ".pci_mmconfig_base = 0xb0000000," in source
    assert ".pci_mmconfig_end_bus = 0x7f," in source
    check(prtos, cell)


def test_no_mcfg_no_pci(prtos, machine, tmp_path):
    machine.mcfg = None
    machine.pci = []
    source, cell = generate(prtos, machine, tmp_path)
    assert ".pci_mmconfig_base = 0x0," in source
    assert "prtos_pci_device" not in source
    check(prtos, cell)


# --- broken and hostile input --------------------------------------------------

def truncated(table):
    return table[:-5]


def bad_checksum(table):
    return table[:9] + bytes([table[9] ^ 0x55]) + table[10:]


def entry_past_end(table):
    t = bytearray(table)
    t[-5] = 0x40  # the length of the last (6-byte) entry
    return fix_checksum(t)


def entry_too_short(table):
    t = bytearray(table)
    t[44 + 4 * 8 + 1] = 8  # the IOAPIC entry claims 8 bytes
    return fix_checksum(t)


def zero_length_entry(table):
    t = bytearray(table)
    t[45] = 0
    return fix_checksum(t)


def cut_entry(table):
    t = bytearray(table + b"\x00")
    t[4] += 1
    return fix_checksum(t)


def wrong_signature(table):
    return fix_checksum(b"APIX" + table[4:])


def length_below_header(table):
    t = bytearray(table)
    t[4:8] = struct.pack("<I", 20)
    return fix_checksum(t)


def trailing_bytes(table):
    return table + bytes(16)


@pytest.mark.parametrize("damage, phrase", [
    (truncated, "truncated: the header says 144 bytes but there are only 139"),
    (lambda t: t[:20], "truncated: 20 bytes is shorter than the 36-byte "
                       "ACPI table header"),
    (bad_checksum, "bad checksum"),
    (entry_past_end, "runs past the end of the table"),
    (entry_too_short, "(type 1) has length 8, less than the 12 bytes"),
    (zero_length_entry, "has length 0"),
    (cut_entry, "cut off by the end of the table"),
    (wrong_signature, "signature is 'APIX', not 'APIC'"),
    (length_below_header, "length field 20 is shorter"),
    (trailing_bytes, "the header says 144 bytes but there are 160"),
])
def test_broken_madt(prtos, machine, tmp_path, damage, phrase):
    machine.madt = damage(machine.madt)
    src, cell = tmp_path / "gen.c", tmp_path / "gen.cell"
    r = machine.create(prtos, "--binary", cell, src)
    assert_failed(r, "firmware/acpi/tables/APIC: invalid MADT: ", phrase,
                  paths=(src, cell))


@pytest.mark.parametrize("table, phrase", [
    (acpi_table(b"MCFG", bytes(8 + 12)), "not a whole number of 16-byte "
                                          "entries"),
    (mcfg([(0xb0000000, 0, 0x10, 0x0f)]), "ends at bus 15, before its first "
                                          "bus 16"),
    (bad_checksum(mcfg()), "bad checksum"),
])
def test_broken_mcfg(prtos, machine, tmp_path, table, phrase):
    machine.mcfg = table
    src = tmp_path / "gen.c"
    assert_failed(machine.create(prtos, src),
                  "firmware/acpi/tables/MCFG: invalid MCFG: ", phrase,
                  paths=(src,))


def test_no_madt(prtos, machine, tmp_path):
    machine.madt = None
    assert_failed(machine.create(prtos, tmp_path / "x.c"),
                  "APIC: no such table", "acpi=off")


def test_random_madt_damage_never_crashes(prtos, machine, tmp_path):
    """Bytes flipped anywhere, checksum made right: the tool refuses or
    accepts, but never dies of a signal or writes a file it rejects."""
    rng = random.Random(1234)
    base = machine.madt
    for i in range(150):
        t = bytearray(base)
        for _ in range(rng.randint(1, 6)):
            t[rng.randrange(len(t))] = rng.randrange(256)
        if rng.random() < 0.3:
            t = t[:rng.randrange(len(t))]
        machine.madt = fix_checksum(t) if len(t) > 9 else bytes(t)
        cell = tmp_path / f"r{i}.cell"
        r = machine.create(prtos, "-b", cell)
        assert r.returncode in (0, 1), (i, r.returncode, r.stderr)
        if r.returncode:
            assert r.stderr.startswith("prtos: ") and not cell.exists()
        else:
            check(prtos, cell)


def test_addresses_hidden_from_non_root(prtos, machine, tmp_path):
    machine.iomem = re.sub(r"[0-9a-f]+-[0-9a-f]+ :", "00000000-00000000 :",
                           IOMEM)
    assert_failed(machine.create(prtos, tmp_path / "x.c"),
                  "shows every address as 0", "run as root")


def test_unreadable_iomem_line(prtos, machine, tmp_path):
    machine.iomem = IOMEM + "garbage\n"
    assert_failed(machine.create(prtos, tmp_path / "x.c"),
                  "iomem, line 26: cannot read \"garbage\"")


@pytest.mark.parametrize("args, message", [
    (["--reserved", "0x3a000000"], "--reserved '0x3a000000' is not "
                                   "ADDR:SIZE"),
    (["--reserved", "1G:0"], "--reserved '1G:0' is an empty range"),
    (["--console", "com2"], "--console 'com2' is not a UART's I/O port"),
    (["--hv-size", "big"], "--hv-size 'big' is not a size"),
    (["a.c", "b.c"], "too many arguments"),
    (["--binary"], "option '--binary' needs a value"),
])
def test_bad_usage(prtos, args, message):
    r = run(prtos, "config", "create", *args)
    assert r.returncode == 2
    assert r.stderr.startswith(f"prtos config create: {message}")
    assert "run 'prtos config create --help'" in r.stderr
