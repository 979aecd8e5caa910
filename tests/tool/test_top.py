# SPDX-License-Identifier: GPL-2.0
"""prtos top against a fake sysfs tree: rates between two samples (the
first sample of a cell's statistics is read from a FIFO, so the test knows
when it was taken, the second from the file renamed over it), reasons in
order, channel ends, batch frames, and its usage errors."""
import os
import subprocess

import pexpect
import pytest

from test_prtos_cli import (ROOT_CELL, TINY, base_env, make_sysfs, prtos,
                            run, stats_text)

__all__ = ["prtos"]


@pytest.fixture
def top_sysfs(tmp_path):
    s = make_sysfs(tmp_path / "sysfs", {0: ROOT_CELL, 3: TINY})
    for attr, value in (("root_violations", "2"), ("vmexits_total", "500"),
                        ("mem_pool_used_pages", "55"),
                        ("mem_pool_pages", "1248")):
        (s / attr).write_text(value + "\n")
    (s / "cells/0/statistics").write_text(
        "cpu 0 vmexits_total=9 other=9\ncpu 1 vmexits_total=1 other=1\n")
    ch = s / "channels/echo-in"
    ch.mkdir(parents=True)
    (ch / "kind").write_text("queuing\n")
    (ch / "status").write_text(
        "writer linux-root attached messages=12 overflows=1 rings=3 "
        "doorbells=0\n"
        "reader ipc-echo absent received=0 lost=0 rings=0 doorbells=2\n")
    return s


def test_rates_by_reason_over_two_samples(prtos, top_sysfs):
    stats = top_sysfs / "cells/3/statistics"
    later = top_sysfs / "statistics.later"
    later.write_text(stats_text([dict(cpu=3, t=1100, h=50, x=1050)]))
    os.mkfifo(stats)
    env = base_env()
    env["PRTOS_SYSFS"] = str(top_sysfs)
    proc = subprocess.Popen([str(prtos), "top", "-b", "-n", "1", "-d",
                             "0.5"], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        with open(stats, "w") as f:
            f.write(stats_text([dict(cpu=3, t=100, h=0, x=100)]))
        os.rename(later, stats)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 0, err
    lines = out.splitlines()
    secs = float(lines[0].rsplit("over ", 1)[1].split(" s")[0])
    assert 0.4 <= secs < 20
    assert lines[0].startswith("PRTOS ") and \
        "2 cells, 0 VM exits/s, root violations 2, pool 55/1248 pages" \
        in lines[0]
    assert "\x1b" not in out
    rows = {l.split()[1]: l for l in lines if l[:1].isdigit()}
    assert rows["linux-root"].split()[:5] == ["0", "linux-root", "running",
                                              "0-1", "0.0"]
    tiny = rows["tiny"].split(None, 5)
    assert tiny[:4] == ["3", "tiny", "running", "3"]
    # 1000 exits: 950 xapic, 50 hypercall (mgmt/pio unchanged: left out)
    # the header rounds the interval to 0.1 s: allow for that
    assert abs(float(tiny[4]) * secs / 1000 - 1) < 0.1
    reasons = tiny[5].split(", ")
    assert [r.split()[0] for r in reasons] == ["xapic", "hypercall"]
    assert float(reasons[0].split()[1]) / float(tiny[4]) == \
        pytest.approx(0.95, abs=0.001)
    ends = [l.split() for l in lines if l.split()[:1] in (["echo-in"],
                                                           ["reader"])]
    assert ends[0] == ["echo-in", "queuing", "writer", "linux-root",
                       "attached", "0.0", "1", "0.0"]
    assert ends[1] == ["reader", "ipc-echo", "absent", "0.0", "0", "0.0"]


def test_batch_frames_follow_one_another(prtos, top_sysfs):
    (top_sysfs / "cells/3/statistics").write_text(
        stats_text([dict(cpu=3, t=1, h=0, x=1)]))
    r = run(prtos, "top", "-b", "-n", "3", "-d", "0.1",
            PRTOS_SYSFS=top_sysfs)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("\nPRTOS ") + r.stdout.startswith("PRTOS ") == 3


def test_a_cell_created_between_samples_has_no_rate_yet(prtos, top_sysfs):
    # no statistics file: shown, without a rate, and no error printed
    r = run(prtos, "top", "-n", "1", "-d", "0.1", PRTOS_SYSFS=top_sysfs)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    tiny = next(l for l in r.stdout.splitlines() if " tiny " in l).split()
    assert tiny[4:] == ["-", "-"]


@pytest.mark.parametrize("args, message", [
    (["-d", "0"], "invalid delay '0': give a number of seconds from 0.1"),
    (["-d", "x"], "invalid delay 'x'"),
    (["-n", "0"], "invalid count '0': give a number of frames, 1 or more"),
    (["extra"], "unexpected argument 'extra'"),
])
def test_usage_errors(prtos, top_sysfs, args, message):
    r = run(prtos, "top", *args, PRTOS_SYSFS=top_sysfs)
    assert r.returncode == 2
    assert message in r.stderr


def test_not_enabled(prtos, tmp_path):
    r = run(prtos, "top", "-n", "1",
            PRTOS_SYSFS=make_sysfs(tmp_path, {}, "0"))
    assert r.returncode == 1
    assert "PRTOS is not enabled" in r.stderr


def test_in_a_terminal_it_redraws_and_q_quits(prtos, top_sysfs):
    env = base_env()
    env["PRTOS_SYSFS"] = str(top_sysfs)
    child = pexpect.spawn(str(prtos), ["top", "-d", "0.2"], env=env,
                          timeout=30, encoding="utf-8")
    try:
        child.expect_exact("\x1b[?25l")        # cursor hidden
        child.expect_exact("\x1b[H\x1b[2J")    # a frame drawn in place
        child.expect_exact("(q quits)")
        child.expect_exact("\x1b[H\x1b[2J")    # and redrawn
        child.send("q")
        child.expect_exact("\x1b[?25h")        # cursor shown again
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
