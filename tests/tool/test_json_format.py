# SPDX-License-Identifier: GPL-2.0
"""The --json output of the prtos command (tools/json.c and its users).

Each command that shows something ('cell list', 'cell stats', 'channel
list', 'console') is run against a temporary sysfs tree (PRTOS_SYSFS) or
the stand-in for the driver's ioctls of test_prtos_cli.py, its output is
parsed with Python's json module and compared with what the tree holds.
Errors stay text on standard error with the exit codes of the text mode;
the text mode itself is checked by test_prtos_cli.py (and here for the
channel table, which the JSON code shares its reading with).

Schema: Documentation/prtos-command.md, "Machine-readable output".

Run with: /usr/bin/python3 -m pytest tests/tool
"""

import errno
import json
import os
import signal
import subprocess

import pytest

from test_prtos_cli import (FAULT_KINDS, ROOT_CELL, TINY, base_env, fake_driver,  # noqa: F401
                            make_sysfs, prtos, read_until, run, run_fake,
                            stats_text)

VERSION = {"prtos_json": 1}


def document(r):
    """The one JSON document of a successful run, on one line."""
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout.endswith("\n") and r.stdout.count("\n") == 1, r.stdout
    doc = json.loads(r.stdout)
    assert doc["prtos_json"] == 1
    return doc


# --- cell list --------------------------------------------------------------

def test_cell_list(prtos, tmp_path):
    sysfs = make_sysfs(tmp_path, {
        0: ROOT_CELL,
        10: {"name": "a-longer-name", "state": "shut down",
             "cpus_assigned": "4-5,7", "cpus_failed": "5"},
        2: {"name": "tiny", "state": "failed", "cpus_assigned": "3",
            "cpus_failed": "3"},
        4: {"name": "odd"},
        5: {"name": "weird \"cpus\"", "state": "created",
            "cpus_assigned": "2-1", "cpus_failed": "x"},
    })
    (sysfs / "cells" / "not-a-cell").mkdir()
    doc = document(run(prtos, "cell", "list", "--json", PRTOS_SYSFS=sysfs))
    assert doc == {**VERSION, "cells": [
        {"id": 0, "name": "linux-root", "state": "running",
         "cpus": [0, 1], "cpus_list": "0-1",
         "failed_cpus": [], "failed_cpus_list": ""},
        {"id": 2, "name": "tiny", "state": "failed",
         "cpus": [3], "cpus_list": "3",
         "failed_cpus": [3], "failed_cpus_list": "3"},
        {"id": 4, "name": "odd", "state": None,
         "cpus": None, "cpus_list": None,
         "failed_cpus": None, "failed_cpus_list": None},
        {"id": 5, "name": 'weird "cpus"', "state": "created",
         "cpus": None, "cpus_list": "2-1",
         "failed_cpus": None, "failed_cpus_list": "x"},
        {"id": 10, "name": "a-longer-name", "state": "shut down",
         "cpus": [4, 5, 7], "cpus_list": "4-5,7",
         "failed_cpus": [5], "failed_cpus_list": "5"},
    ]}
    assert run(prtos, "cell", "list", "-j", PRTOS_SYSFS=sysfs).stdout == \
        run(prtos, "cell", "list", "--json", PRTOS_SYSFS=sysfs).stdout


@pytest.mark.parametrize("cpus, expected", [
    ("", []), ("0", [0]), ("0-63", list(range(64))), ("1,3,5-6", [1, 3, 5, 6]),
    ("64", None), ("0-64", None), ("1,", None), (",1", None), ("1-", None),
    ("1--2", None), ("1,,2", None), ("a", None), ("-1", None),
])
def test_cell_list_cpu_lists(prtos, tmp_path, cpus, expected):
    sysfs = make_sysfs(tmp_path, {1: {**TINY, "cpus_assigned": cpus}})
    cell, = document(run(prtos, "cell", "list", "--json",
                         PRTOS_SYSFS=sysfs))["cells"]
    assert cell["cpus"] == expected
    assert cell["cpus_list"] == cpus


def test_cell_list_empty(prtos, tmp_path):
    doc = document(run(prtos, "cell", "list", "--json",
                       PRTOS_SYSFS=make_sysfs(tmp_path, {})))
    assert doc == {**VERSION, "cells": []}


# --- cell stats -------------------------------------------------------------

NAMES = ["vmexits_total", "hypercall", "cpuid", "msr", "pio", "xapic", "mmio",
         "violation", "management", "other"]


@pytest.fixture
def stats_sysfs(tmp_path):
    sysfs = make_sysfs(tmp_path / "sysfs", {0: ROOT_CELL, 3: TINY})
    (sysfs / "cells/3/statistics").write_text(stats_text([
        dict(cpu=2, t=123, h=4, x=116), dict(cpu=3, t=45678, h=0, x=45675)]))
    return sysfs


def parse_stats(text):
    """cells/ID/statistics as {cpu: {counter: value}}."""
    lines = [line.split() for line in text.splitlines() if line.strip()]
    return {int(w[1]): {k: int(v) for k, v in (x.split("=") for x in w[2:])}
            for w in lines}


@pytest.mark.parametrize("cell", ["tiny", "3"])
def test_cell_stats(prtos, stats_sysfs, cell):
    doc = document(run(prtos, "cell", "stats", cell, "--json",
                       PRTOS_SYSFS=stats_sysfs))
    held = parse_stats((stats_sysfs / "cells/3/statistics").read_text())
    assert doc["cell"] == {"id": 3, "name": "tiny"}
    assert [c["cpu"] for c in doc["cpus"]] == [2, 3]
    for c in doc["cpus"]:
        assert c["counters"] == held[c["cpu"]]
        assert list(c["counters"]) == NAMES  # the driver's order
        assert set(c) == {"cpu", "counters"}
    assert doc["total"] == {n: sum(held[cpu][n] for cpu in held)
                            for n in NAMES}
    assert doc["total"]["vmexits_total"] == 45801
    assert doc["health"] == {
        "restarts": 2, "window_restarts": 1,
        "faults": {k: {"memory": 3, "ipi": 1}.get(k, 0)
                   for k in FAULT_KINDS}}
    assert list(doc["health"]["faults"]) == FAULT_KINDS  # the driver's order
    assert set(doc) == {"prtos_json", "cell", "cpus", "total", "health"}


def test_cell_stats_large_counters(prtos, stats_sysfs):
    """u64 counters are integers, all their digits kept."""
    big = 2**64 - 2
    (stats_sysfs / "cells/3/statistics").write_text(
        f"cpu 5 vmexits_total={big} other=1\n")
    doc = document(run(prtos, "cell", "stats", "tiny", "-j",
                       PRTOS_SYSFS=stats_sysfs))
    assert doc["cpus"] == [{"cpu": 5, "counters": {"vmexits_total": big,
                                                   "other": 1}}]
    assert f'"vmexits_total":{big}' in run(
        prtos, "cell", "stats", "tiny", "-j", PRTOS_SYSFS=stats_sysfs).stdout


def test_cell_stats_watch(prtos, stats_sysfs):
    """Two readings, as in test_prtos_cli.test_cell_stats_watch: one
    object, on one line, with the second reading and the rates."""
    stats = stats_sysfs / "cells/3/statistics"
    later = stats_sysfs / "statistics.later"
    later.write_text(stats_text([dict(cpu=2, t=1100, h=50, x=1050),
                                 dict(cpu=3, t=0, h=0, x=0)]))
    stats.unlink()
    os.mkfifo(stats)
    env = base_env()
    env["PRTOS_SYSFS"] = str(stats_sysfs)
    proc = subprocess.Popen([str(prtos), "cell", "stats", "tiny",
                             "--watch=0.5", "--json"], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        with open(stats, "w") as f:
            f.write(stats_text([dict(cpu=2, t=100, h=0, x=100),
                                dict(cpu=3, t=0, h=0, x=0)]))
        os.rename(later, stats)
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 0, err
    assert out.count("\n") == 1
    doc = json.loads(out)
    seconds = doc["interval_s"]
    assert 0.4 <= seconds < 5
    assert doc["cell"] == {"id": 3, "name": "tiny"}
    cpu2, cpu3 = doc["cpus"]
    assert cpu2["counters"]["vmexits_total"] == 1100  # the second reading
    assert cpu2["per_second"]["vmexits_total"] == pytest.approx(
        1000 / seconds, rel=0.01)
    assert cpu2["per_second"]["hypercall"] == pytest.approx(
        50 / seconds, rel=0.01)
    assert cpu3["per_second"] == {n: 0 for n in NAMES}
    assert doc["total"]["vmexits_total"] == 1100
    assert doc["total_per_second"]["vmexits_total"] == pytest.approx(
        cpu2["per_second"]["vmexits_total"], abs=0.002)


# --- channel list -----------------------------------------------------------

CHANNELS = {
    "cyclic-stats": {
        "kind": "sampling", "size": "12288", "writer": "cyclic-demo",
        "readers": "linux-root probe", "max_message_size": "240",
        "depth": "0", "refresh_ns": "2000000000",
        "status": "writer cyclic-demo attached messages=7 overflows=0 "
                  "rings=0 doorbells=0\n"
                  "reader linux-root attached received=2 lost=0 rings=0 "
                  "doorbells=0\n"
                  "reader probe absent received=0 lost=0 rings=0 "
                  "doorbells=0\n"},
    "echo-in": {
        "kind": "queuing", "size": "20480", "writer": "linux-root",
        "readers": "ipc-echo", "max_message_size": "256", "depth": "16",
        "refresh_ns": "0",
        "status": "writer linux-root attached messages=19 "
                  "overflows=18446744073709551615 rings=19 doorbells=0\n"
                  "reader ipc-echo attached received=18 lost=1 rings=0 "
                  "doorbells=17\n"},
}


def make_channels(sysfs, channels):
    for name, attrs in channels.items():
        d = sysfs / "channels" / name
        d.mkdir(parents=True)
        for attr, value in attrs.items():
            (d / attr).write_text(value if attr == "status" else value + "\n")
    return sysfs


def test_channel_list(prtos, tmp_path):
    sysfs = make_channels(make_sysfs(tmp_path, {}), CHANNELS)
    doc = document(run(prtos, "channel", "list", "--json", PRTOS_SYSFS=sysfs))
    assert doc == {**VERSION, "channels": [
        {"name": "cyclic-stats", "kind": "sampling", "size": 12288,
         "max_message_size": 240, "depth": 0, "refresh_ns": 2000000000,
         "ends": [
             {"end": "writer", "cell": "cyclic-demo", "state": "attached",
              "counters": {"messages": 7, "overflows": 0, "rings": 0,
                           "doorbells": 0}},
             {"end": "reader", "cell": "linux-root", "state": "attached",
              "counters": {"received": 2, "lost": 0, "rings": 0,
                           "doorbells": 0}},
             {"end": "reader", "cell": "probe", "state": "absent",
              "counters": {"received": 0, "lost": 0, "rings": 0,
                           "doorbells": 0}}]},
        {"name": "echo-in", "kind": "queuing", "size": 20480,
         "max_message_size": 256, "depth": 16, "refresh_ns": 0,
         "ends": [
             {"end": "writer", "cell": "linux-root", "state": "attached",
              "counters": {"messages": 19, "overflows": 2**64 - 1,
                           "rings": 19, "doorbells": 0}},
             {"end": "reader", "cell": "ipc-echo", "state": "attached",
              "counters": {"received": 18, "lost": 1, "rings": 0,
                           "doorbells": 17}}]},
    ]}


def test_channel_list_text_unchanged(prtos, tmp_path):
    """The table the JSON output shares its reading with."""
    sysfs = make_channels(make_sysfs(tmp_path, {}), CHANNELS)
    r = run(prtos, "channel", "list", PRTOS_SYSFS=sysfs)
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        "CHANNEL       KIND      SIZE   END     CELL         STATE     MSGS"
        "  LOST/OVERFL           RINGS  DOORBELLS\n"
        "cyclic-stats  sampling  12288  writer  cyclic-demo  attached  7   "
        "  0                     0      0\n"
        "                               reader  linux-root   attached  2   "
        "  0                     0      0\n"
        "                               reader  probe        absent    0   "
        "  0                     0      0\n"
        "echo-in       queuing   20480  writer  linux-root   attached  19  "
        "  18446744073709551615  19     0\n"
        "                               reader  ipc-echo     attached  18  "
        "  1                     0      17\n")


def test_channel_list_odd_values(prtos, tmp_path):
    """What the driver does not give, or gives in another form, is null;
    a counter the tool does not know yet is passed on."""
    sysfs = make_channels(make_sysfs(tmp_path, {}), {"c": {
        "kind": "queuing", "size": "big",
        "status": "writer w attached messages=-1 new_counter=5 noequals\n"
                  "short line\n"}})
    doc = document(run(prtos, "channel", "list", "--json", PRTOS_SYSFS=sysfs))
    assert doc["channels"] == [{
        "name": "c", "kind": "queuing", "size": None,
        "max_message_size": None, "depth": None, "refresh_ns": None,
        "ends": [{"end": "writer", "cell": "w", "state": "attached",
                  "counters": {"messages": None, "new_counter": 5}}]}]


def test_channel_list_none(prtos, tmp_path):
    sysfs = make_sysfs(tmp_path, {})
    (sysfs / "channels").mkdir()
    doc = document(run(prtos, "channel", "list", "--json", PRTOS_SYSFS=sysfs))
    assert doc == {**VERSION, "channels": []}


def test_channel_list_unreadable_channel(prtos, tmp_path):
    """A channel that cannot be read fails the command with its text
    message, and no half document is printed."""
    sysfs = make_channels(make_sysfs(tmp_path, {}), CHANNELS)
    (sysfs / "channels/echo-in/status").unlink()
    for args in [["--json"], []]:
        r = run(prtos, "channel", "list", *args, PRTOS_SYSFS=sysfs)
        assert r.returncode == 1
        assert r.stdout == ""
        assert r.stderr == (f"prtos: cannot read channel 'echo-in' in "
                            f"{sysfs}/channels: No such file or directory\n")


# --- console ----------------------------------------------------------------

def test_console(fake_driver, tmp_path):
    console = tmp_path / "console"
    text = "".join(f"PRTOS: line {i}\n" for i in range(3000))
    console.write_text(text)
    doc = document(run_fake(fake_driver, "console", "--json",
                            FAKE_CONSOLE=console))
    assert doc == {**VERSION, "lines": text.splitlines(), "lost_bytes": 0}


def test_console_empty(fake_driver):
    doc = document(run_fake(fake_driver, "console", "-j"))
    assert doc == {**VERSION, "lines": [], "lost_bytes": 0}


def test_console_lost_and_partial_line(fake_driver, tmp_path):
    console = tmp_path / "console"
    console.write_bytes(b"ine 1\n\nline 3 without newline")
    doc = document(run_fake(fake_driver, "console", "--json",
                            FAKE_CONSOLE=console, FAKE_CONSOLE_START=1234))
    assert doc == {**VERSION, "lost_bytes": 1234,
                   "lines": ["ine 1", "", "line 3 without newline"]}


def test_console_line_longer_than_the_ring(fake_driver, tmp_path):
    console = tmp_path / "console"
    console.write_bytes(b"x" * 40000 + b"\nend\n")
    lines = document(run_fake(fake_driver, "console", "--json",
                              FAKE_CONSOLE=console))["lines"]
    assert [len(line) for line in lines] == [16384, 16384, 7232, 3]
    console.write_bytes(b"y" * 16384 + b"\n" + b"z" * 16385)
    lines = document(run_fake(fake_driver, "console", "--json",
                              FAKE_CONSOLE=console))["lines"]
    assert lines == ["y" * 16384, "z" * 16384, "z"]


ESCAPES = (b'quote " backslash \\ tab \t cr \r nul \0 esc \x1b bell \x07 '
           b'del \x7f slash / end')
UTF8 = ("caf\u00e9 \u20ac \U0001F600 \u2028").encode()
INVALID = b"a\x80b\xc3(c\xed\xa0\x80d\xf4\x90\x80\x80e\xe2\x82"


def test_console_escaping(fake_driver, tmp_path):
    console = tmp_path / "console"
    console.write_bytes(b"\n".join([ESCAPES, UTF8, INVALID]) + b"\n")
    r = run_fake(fake_driver, "console", "--json", FAKE_CONSOLE=console)
    assert r.returncode == 0, r.stderr
    raw = r.stdout
    # Every control character is escaped: the document is one line.
    assert raw.count("\n") == 1 and "\t" not in raw and "\r" not in raw
    assert all(ord(ch) >= 0x20 and ch != "\x7f" for ch in raw[:-1])
    for escape in [r'\"', "\\\\", r"\t", r"\r", r"\u0000", r"\u001b",
                   r"\u0007", r"\u007f"]:
        assert escape in raw
    lines = json.loads(raw)["lines"]
    assert lines[0] == ESCAPES.decode()
    # Valid UTF-8 is passed through as it is.
    assert lines[1] == UTF8.decode()
    assert UTF8.decode() in raw
    # Invalid bytes: one U+FFFD per maximal invalid subpart, as Python does.
    assert lines[2] == INVALID.decode("utf-8", errors="replace")
    assert lines[2] == ("a\ufffdb\ufffd(c\ufffd\ufffd\ufffdd"
                        "\ufffd\ufffd\ufffd\ufffde\ufffd")
    assert len(lines) == 3


def test_console_follow(fake_driver, tmp_path):
    """One document per line (JSON Lines); a line is given once its
    newline came, a partial one at the end; a loss is one document."""
    tool, shim = fake_driver
    console = tmp_path / "console"
    console.write_text("first\n")
    env = base_env()
    env.update(PRTOS_DEVICE="/dev/null", LD_PRELOAD=str(shim),
               FAKE_CONSOLE=str(console), FAKE_CONSOLE_START="7")
    proc = subprocess.Popen([str(tool), "console", "--follow", "--json"],
                            env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        out = read_until(proc, '"first"}\n')
        with console.open("a") as f:
            f.write('sec"ond\nthird, partial')
        out += read_until(proc, "ond\"}\n")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        out += proc.stdout.read().decode()
        assert proc.stderr.read() == b""
    finally:
        proc.kill()
        proc.wait()
    assert [json.loads(line) for line in out.splitlines()] == [
        {**VERSION, "lost_bytes": 7},
        {**VERSION, "line": "first"},
        {**VERSION, "line": 'sec"ond'},
        {**VERSION, "line": "third, partial"},
    ]


def test_console_error(fake_driver):
    """An error is text on standard error, and nothing is printed."""
    r = run_fake(fake_driver, "console", "--json",
                 FAKE_CONSOLE_ERRNO=errno.ENOMEM)
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr == run_fake(fake_driver, "console",
                                FAKE_CONSOLE_ERRNO=errno.ENOMEM).stderr


def test_output_error(fake_driver, tmp_path):
    tool, shim = fake_driver
    env = base_env()
    env.update(PRTOS_DEVICE="/dev/null", LD_PRELOAD=str(shim))
    with open("/dev/full", "w") as full:
        r = subprocess.run([str(tool), "console", "--json"], env=env,
                           stdout=full, stderr=subprocess.PIPE, text=True,
                           timeout=30)
    assert r.returncode == 1
    assert r.stderr == ("prtos: cannot write to standard output: No space "
                        "left on device\n")


# --- errors and help --------------------------------------------------------

@pytest.mark.parametrize("cmd", [["cell", "list"], ["cell", "stats", "tiny"],
                                 ["channel", "list"]])
def test_errors_stay_text(prtos, tmp_path, cmd):
    """The messages and exit codes of the text mode, nothing on stdout."""
    for extra in [{}, {"PRTOS_SYSFS": make_sysfs(tmp_path / "off", {}, "0")}]:
        text = run(prtos, *cmd, **extra)
        r = run(prtos, *cmd, "--json", **extra)
        assert r.returncode == text.returncode == 1
        assert r.stdout == ""
        assert r.stderr == text.stderr
        assert r.stderr.startswith("prtos: ")


@pytest.mark.parametrize("cell, text", [
    ("nosuch", "there is no cell named"), ("42", "there is no cell with id"),
])
def test_cell_stats_errors_stay_text(prtos, stats_sysfs, cell, text):
    r = run(prtos, "cell", "stats", cell, "--json", PRTOS_SYSFS=stats_sysfs)
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr.startswith(f"prtos: {text}")


def test_cell_stats_malformed(prtos, stats_sysfs):
    (stats_sysfs / "cells/3/statistics").write_text("cpu 2 x=1\nbogus\n")
    r = run(prtos, "cell", "stats", "tiny", "--json", PRTOS_SYSFS=stats_sysfs)
    assert r.returncode == 1
    assert r.stdout == ""
    assert "cannot understand line 2" in r.stderr


@pytest.mark.parametrize("args, message", [
    (["cell", "list", "--json", "all"], "unexpected argument 'all'"),
    (["cell", "list", "--json=yes"], "option '--json' takes no value"),
    (["channel", "list", "-j", "x"], "unexpected argument 'x'"),
    (["console", "--json", "x"], "unexpected argument 'x'"),
    (["cell", "stats", "--json"], "missing NAME|ID"),
    (["cell", "stats", "-w", "--json", "a", "b"], "too many arguments"),
    (["cell", "stats", "-wj", "a"], "invalid interval 'j'"),
])
def test_bad_usage(prtos, args, message):
    r = run(prtos, *args)
    assert r.returncode == 2
    assert r.stdout == ""
    assert message in r.stderr.splitlines()[0]


@pytest.mark.parametrize("cmd", [["cell", "list"], ["cell", "stats"],
                                 ["channel", "list"], ["console"]])
def test_help_names_the_option(prtos, cmd):
    r = run(prtos, *cmd, "--help")
    assert r.returncode == 0
    assert r.stdout.splitlines()[0].endswith(" [-j|--json]")
    assert "  -j, --json " in r.stdout
    assert f"  prtos {' '.join(cmd)} " in r.stdout and "--json\n" in r.stdout
