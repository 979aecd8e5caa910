# SPDX-License-Identifier: GPL-2.0
"""Channels between cells: ping-pong over queuing channels with doorbells
and by polling, their counters, and ends that misbehave or go away."""
import os
import re
import struct
import subprocess

import pytest

from vmtest import REPO, run_vm


def assert_ok(r, marker):
    assert r.returncode == 0, f"guest failed: {r!r}"
    assert marker in r.output, f"no {marker!r} in the output"
    assert "PRTOS PANIC" not in r.text("hv")


RTT = re.compile(r"ipc-demo: rtt mode=(\w+) n=(\d+) min=\d+ avg=\d+ "
                 r"p99=\d+ max=\d+ lost=(\d+)")


@pytest.mark.parametrize("mode", ["doorbell", "poll"])
def test_ping_pong_between_two_cells(mode):
    r = run_vm("cell-ipc.sh", mode, timeout=900)
    assert_ok(r, f"CELL-IPC-OK {mode}")
    com3, com4 = r.text("com3"), r.text("com4")
    assert f"ipc-demo: role=ping mode={mode} size=64" in com3
    assert f"ipc-demo: role=pong mode={mode} size=64" in com4
    reports = [m for m in RTT.finditer(com3)]
    assert reports, com3
    assert all(m.group(1) == mode for m in reports)
    assert sum(int(m.group(2)) for m in reports) > 0
    assert all(m.group(3) == "0" for m in reports), "round trips lost"
    assert com3.count("ipc-demo: shutting down") == 1
    assert com4.count("ipc-demo: shutting down") == 1


def test_faulting_end_is_stopped_and_the_channel_survives():
    r = run_vm("cell-ipc-faults.sh", timeout=900)
    assert_ok(r, "CELL-IPC-FAULTS-OK")
    hv = r.text("hv")
    assert re.search(r"FAULT: cell 'ipc-pong' CPU 3: memory write (of \d bytes )?"
                     r"at 0x8020[0-9a-f]{4} \(channel 'ipc-ping', the section "
                     r"of its writer 'ipc-ping'\), RIP 0x[0-9a-f]+: cell "
                     r"stopped", hv), hv
    assert "FAULT: cell 'ipc-ping'" not in hv


def test_linux_reads_the_statistics_cyclic_demo_publishes():
    r = run_vm("cell-stats-channel.sh", timeout=900)
    assert_ok(r, "CELL-STATS-CHANNEL-OK")
    assert re.search(r"^mode=poll period=1000us releases=\d+ lat_ns min=\d+ "
                     r".* misses=\d+  \(age [0-9.]+ s, valid\)\s*$",
                     r.text("linux"), re.M), r.text("linux")


def test_linux_writes_a_queue_that_a_cell_answers():
    r = run_vm("cell-echo.sh", timeout=900)
    assert_ok(r, "CELL-ECHO-OK")
    assert "ipc-demo: role=pong mode=doorbell" in r.text("com4")


@pytest.fixture
def installed_port_echo(tmp_path):
    """PRTOS installed under /usr/local into a staging directory, and the
    example program built against that installation with pkg-config."""
    dest = tmp_path / "dest"
    subprocess.run(["make", "-s", "-C", str(REPO), "install",
                    f"DESTDIR={dest}"], check=True, timeout=600)
    env = {**os.environ,
           "PKG_CONFIG_PATH": str(dest / "usr/local/lib/pkgconfig"),
           "PKG_CONFIG_SYSROOT_DIR": str(dest)}
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "prtos-port"],
                           capture_output=True, text=True, env=env,
                           check=True).stdout.split()
    prog = dest / "usr/local/bin/port-echo"
    prog.parent.mkdir(parents=True)
    subprocess.run(["cc", "-static", "-o", str(prog), str(
        dest / "usr/local/share/doc/prtos/examples/port-echo.c"), *flags],
        check=True)
    return dest


def test_installed_prtos_and_a_program_on_its_library(installed_port_echo):
    r = run_vm("installed-port-echo.sh", timeout=900,
               add=[(installed_port_echo, "/")])
    assert_ok(r, "INSTALLED-PORT-ECHO-OK")
    assert re.search(r"port-echo: 100 answers in order, \d+ doorbells "
                     r"on 'echo-out'", r.text("linux")), r.text("linux")


def cell_config(name):
    """The cell configuration binary configs/x86/NAME.cell, decoded."""
    data = (REPO / "configs" / "x86" / f"{name}.cell").read_bytes()
    # struct prtos_cell_desc, its health policy (four u32) last
    head = "<8sII32sQIIIIII16x"
    (_sig, _rev, _flags, cname, cpus, nmem, npio, nirq, npci, console,
     nports) = struct.unpack_from(head, data)
    off = struct.calcsize(head)
    mem = [struct.unpack_from("<QQQQ", data, off + 32 * i)
           for i in range(nmem)]
    off += 32 * nmem + 8 * npio + 48 * nirq + 8 * npci
    ports = [struct.unpack_from("<32sIIQ", data, off + 48 * i)
             for i in range(nports)]
    return {
        "name": cname.rstrip(b"\0").decode(),
        "cpus": [c for c in range(64) if cpus >> c & 1],
        "mem": [(virt, size, flags) for _phys, virt, size, flags in mem],
        "console": console,
        "ports": [(ch.rstrip(b"\0").decode(), end, vector, address)
                  for ch, end, vector, address in ports],
    }


def fdt_nodes(text):
    """'prtos cell describe' output as {node path: {property: value}}."""
    nodes, path = {}, []
    for line in text.splitlines():
        line = line.strip()
        if line.endswith("{"):
            path.append(line[:-1].strip())
            nodes["/".join(path)] = {}
        elif line == "};":
            path.pop()
        elif line.endswith(";") and path:
            key, _, val = line[:-1].partition(" = ")
            nodes["/".join(path)][key] = val
    return nodes


def cells(*values):
    """A property of 64-bit values as the tool prints its u32 cells."""
    return "<" + " ".join(f"{v >> 32:#x} {v & 0xffffffff:#x}"
                          for v in values) + ">"


def test_cell_description_matches_its_configuration():
    r = run_vm("cell-describe.sh", timeout=600)
    assert_ok(r, "CELL-DESCRIBE-OK")
    out = r.text("linux")
    described = out.split("DESCRIBE-BEGIN", 1)[1].split("DESCRIBE-END")[0]
    nodes = fdt_nodes(described)
    cfg = cell_config("ipc-ping")
    tsc = re.search(r"^TSC-KHZ (\d+)$", out, re.M).group(1)
    sizes = dict(re.findall(r"^CHANNEL-SIZE (\S+) (\d+)$", out, re.M))

    top = nodes["/"]
    assert top["model"] == f'"{cfg["name"]}"'
    assert top["compatible"] == '"prtos,cell"'
    assert top["prtos,tsc-khz"] == f"<{int(tsc):#x}>"
    assert nodes["//chosen"]["bootargs"] == '"mode=poll size=16"'
    assert sorted(k for k in nodes if k.startswith("//cpus/")) == \
        [f"//cpus/cpu@{c:x}" for c in cfg["cpus"]]
    for c in cfg["cpus"]:
        assert nodes[f"//cpus/cpu@{c:x}"]["reg"] == f"<{c:#x}>"
    mems = {k: v for k, v in nodes.items() if k.startswith("//memory@")}
    assert len(mems) == len(cfg["mem"])
    for virt, size, flags in cfg["mem"]:
        m = mems[f"//memory@{virt:x}"]
        assert m["reg"] == cells(virt, size)
        assert m["prtos,flags"] == f"<{flags:#x}>"
    assert nodes["//console"]["prtos,io-port"] == f"<{cfg['console']:#x}>"
    ports = {k: v for k, v in nodes.items() if k.startswith("//ports/")}
    assert len(ports) == len(cfg["ports"])
    for n, (channel, end, vector, address) in enumerate(cfg["ports"]):
        p = ports[f"//ports/port@{n:x}"]
        assert p["channel"] == f'"{channel}"'
        assert p["prtos,index"] == f"<{n:#x}>"
        assert p["kind"] == '"queuing"'
        assert p["role"] == ('"writer"' if end == 1 else '"reader"')
        assert p["reg"] == cells(address, int(sizes[channel]))
        assert p["interrupts"] == f"<{vector:#x}>"
        assert ("reader-index" in p) == (end == 2)
    assert "ipc-demo: described as cell 'ipc-ping', TSC " \
        f"{tsc} kHz" in r.text("com3")
    assert "ipc-demo: role=ping mode=poll size=16" in r.text("com3")


def test_top_shows_cells_and_channel_traffic():
    r = run_vm("top.sh", timeout=900)
    assert_ok(r, "TOP-OK")
    frame = r.text("linux").split("TOP-BEGIN", 1)[1].split("TOP-END")[0]
    rows = {l.split()[1]: l.split() for l in frame.splitlines()
            if l[:1].isdigit()}
    assert rows["cyclic-demo"][2] == "running"
    assert float(rows["cyclic-demo"][4]) > 0
    assert rows["linux-root"][2] == "running"
    # cyclic-demo writes cyclic-stats; the root reads it
    assert re.search(r"^cyclic-stats\s+sampling\s+writer\s+cyclic-demo\s+"
                     r"attached\s+[0-9.]+", frame, re.M), frame
