# SPDX-License-Identifier: GPL-2.0
"""make demo: the PRTOS story from its first line, a summary and a verdict."""

import re
import subprocess

from vmtest import REPO

DEMO = REPO / "scripts" / "demo"
SECONDS = re.compile(r"^\d+\.\d{3}s$")
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def _run_demo():
    r = subprocess.run([str(DEMO)], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, errors="replace",
                       timeout=1800)
    print(r.stdout)
    print(r.stderr)
    return r


def _linux(lines):
    return [l[len("[linux] "):] for l in lines if l.startswith("[linux] ")]


def test_demo_is_quiet_and_ends_in_a_verdict():
    r = _run_demo()
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    linux = _linux(out)

    # the story starts with the first step: no firmware or boot messages
    assert [l for l in linux if l.strip()][0].startswith(
        "===== Linux boots alone on 4 CPUs")
    for noise in ("SeaBIOS", "Linux version", "calibrate_delay", "mtrr:",
                  "taints kernel", "Key type"):
        assert not any(noise in l for l in out), noise

    # the summary: one duration per step, then the cyclic cell's figures
    i = linux.index("===== Summary")
    assert linux[i + 1].split() == ["enable", "create", "start", "shutdown",
                                    "destroy", "disable"]
    took = linux[i + 2].split()
    assert len(took) == 6 and all(SECONDS.match(t) for t in took), took
    j = next(n for n in range(i, len(linux))
             if linux[n].split()[:2] == ["releases", "misses"])
    assert linux[j].split() == ["releases", "misses", "p50", "us", "p99",
                                "us", "max", "us", "VM", "exits/release"]
    figures = linux[j + 1].split()
    assert len(figures) == 6 and all(NUMBER.match(f) for f in figures)
    releases, misses = int(figures[0]), int(figures[1])
    p50, p99, worst, per_release = map(float, figures[2:])
    assert releases > 0 and 0 <= misses <= releases
    assert p50 <= p99 <= worst
    assert per_release > 0
    assert any("software emulation" in l for l in linux[j:])
    assert any("make bench" in l for l in linux[j:])

    # the verdict is the last thing the demo says, and agrees with the table
    verdict = [l for l in linux if l.startswith("===== Verdict")]
    assert len(verdict) == 1
    assert verdict[0].startswith("===== Verdict: OK")
    assert f"{releases} releases with {misses} missed" in verdict[0]
    assert linux.index(verdict[0]) > j
