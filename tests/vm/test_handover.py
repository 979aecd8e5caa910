# SPDX-License-Identifier: GPL-2.0
"""CPUs changing hands: the root's IPIs while a cell runs, accesses the
hypervisor cannot decode, and stress of cell hand-backs and of
enable/disable on a busy root and a busy host.
"""

import ctypes
import os
import re
import signal
import subprocess

from vmtest import run_vm


def assert_ok(r, marker):
    assert r.returncode == 0, f"guest failed: {r!r}"
    assert marker in r.text("linux")
    assert "PRTOS PANIC" not in r.text("hv")
    for uart in ("com3", "com4"):
        assert "unexpected interrupt" not in r.text(uart)


def test_root_broadcasts_stay_with_the_root_and_fixed_ipis_are_refused():
    r = run_vm("root-ipis.sh", timeout=400)
    assert_ok(r, "ROOT-IPIS-OK")
    linux, hv = r.text("linux"), r.text("hv")
    # every other online root CPU ran each of the 200 calls
    counts = dict(re.findall(r"prtos-ipi: call cpu(\d+)=(\d+)", linux))
    assert len(counts) == 3, counts
    assert sorted(int(v) for v in counts.values())[1:] == [200, 200]
    assert "IPI (mode 0, vector 0xfb)" not in hv
    assert "IPI (mode 0, vector 0xfc)" not in hv
    fixed = re.findall(r"VIOLATION: cell 'linux-root' CPU \d+: IPI \(mode 0, "
                       r"vector 0xfd\) to CPU 2, which it does not own", hv)
    assert len(fixed) == 5, hv


def test_undecodable_root_access_is_reported_once_and_not_retried():
    r = run_vm("root-undecodable.sh", timeout=400)
    assert_ok(r, "ROOT-UNDECODABLE-OK")
    lines = [l for l in r.lines("hv") if "cannot emulate" in l]
    assert len(lines) == 3, lines
    for l in lines:
        assert re.search(r"VIOLATION: cell 'linux-root' CPU \d+: memory "
                         r"(read|write) at 0x3a000000 by an instruction the "
                         r"hypervisor cannot emulate, bytes( [0-9a-f]{2})+, "
                         r"RIP 0x[0-9a-f]+", l), l


def _die_with_parent():
    """In the child: be killed when the test process dies, however it
    dies (a killed test run once left its load running for an hour)."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG,
                                            signal.SIGKILL)


class HostLoad:
    """Both host cores kept busy for as long as the block runs."""

    def __enter__(self):
        self.procs = [subprocess.Popen(["sha256sum", "/dev/zero"],
                                       stdout=subprocess.DEVNULL,
                                       preexec_fn=_die_with_parent)
                      for _ in range(2)]
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            p.kill()
            p.wait()


def soak():
    """make soak runs the long versions (PRTOS_SOAK=1)."""
    return os.environ.get("PRTOS_SOAK") == "1"


def test_stress_cells_hand_cpus_back_with_the_host_busy():
    want = 1000 if soak() else 100
    with HostLoad():
        r = run_vm("stress-handover.sh", want,
                   timeout=7200 if soak() else 900)
    assert_ok(r, "STRESS-HANDOVER-OK")
    m = re.search(r"STRESS-HANDOVER-OK (\d+) hand-backs", r.text("linux"))
    assert int(m.group(1)) >= want
    assert "VIOLATION" not in r.text("hv")
    assert "FAULT" not in r.text("hv")


def test_stress_enable_disable_with_root_and_host_busy():
    want = 1000 if soak() else 100
    with HostLoad():
        r = run_vm("stress-enable.sh", want,
                   timeout=7200 if soak() else 900)
    assert_ok(r, "STRESS-ENABLE-OK")
    assert f"STRESS-ENABLE-OK {want}" in r.text("linux")
    assert "not every CPU arrived" not in r.text("hv")


def test_enable_again_after_a_cell_gave_back_its_cpu():
    r = run_vm("root-reenable-after-cell.sh", timeout=600)
    assert_ok(r, "ROOT-REENABLE-OK")
    assert "no AMD SVM" not in r.text("linux")
