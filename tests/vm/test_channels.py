# SPDX-License-Identifier: GPL-2.0
"""Channels between cells: ping-pong over queuing channels with doorbells
and by polling, their counters, and ends that misbehave or go away."""
import re

import pytest

from vmtest import run_vm


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
