# SPDX-License-Identifier: GPL-2.0
"""Bash completion (tools/completion/prtos), sourced into a real bash and
asked for candidates as the shell would ask: commands and options from the
command's own --help, cell and channel names from a sysfs tree, files by
type."""
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = r"""
. "$COMPLETION"
comp() {
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
	_prtos
	printf '%s\n' "${COMPREPLY[@]}" | sort
}
comp "$@"
"""


@pytest.fixture
def sysfs(tmp_path):
    s = tmp_path / "sysfs"
    for cid, name in ((0, "linux-root"), (1, "tiny-demo"),
                      (2, "cyclic-demo")):
        d = s / "cells" / str(cid)
        d.mkdir(parents=True)
        (d / "name").write_text(name + "\n")
    for chan in ("echo-in", "cyclic-stats"):
        (s / "channels" / chan).mkdir(parents=True)
    return s


def complete(*words, sysfs=None, cwd=None):
    bash = shutil.which("bash")
    env = {"PATH": f"{ROOT / 'tools'}:/usr/bin:/bin", "LC_ALL": "C",
           "COMPLETION": str(ROOT / "tools/completion/prtos"),
           "PRTOS_SYSFS": str(sysfs or "/nonexistent")}
    r = subprocess.run([bash, "-c", SCRIPT, "bash", "prtos", *words],
                       capture_output=True, text=True, env=env, cwd=cwd,
                       timeout=60)
    assert r.returncode == 0 and not r.stderr, r.stderr
    return [l for l in r.stdout.splitlines() if l]


def test_top_level_commands():
    assert complete("") == ["cell", "channel", "config", "console",
                            "disable", "enable", "hardware", "help",
                            "hm", "top"]
    assert complete("c") == ["cell", "channel", "config", "console"]


def test_subcommands():
    assert complete("cell", "") == ["create", "describe", "destroy", "list",
                                    "load", "shutdown", "start", "stats"]
    assert complete("cell", "s") == ["shutdown", "start", "stats"]
    assert complete("channel", "") == ["list", "read", "write"]
    assert complete("config", "") == ["check", "create"]
    assert complete("hardware", "") == ["check"]
    assert complete("hm", "") == ["log"]


def test_options_come_from_help():
    assert complete("cell", "stats", "--") == ["--help", "--json", "--watch"]
    assert complete("cell", "shutdown", "tiny-demo", "--t") == ["--timeout"]
    assert complete("console", "-") == ["--follow", "--help", "--json", "-f",
                                        "-h", "-j"]
    assert complete("-") == ["--help", "--version", "-V", "-h"]
    assert complete("top", "--") == ["--batch", "--delay", "--help",
                                     "--iterations"]


def test_cell_and_channel_names_from_sysfs(sysfs):
    assert complete("cell", "stats", "", sysfs=sysfs) == [
        "cyclic-demo", "linux-root", "tiny-demo"]
    assert complete("cell", "destroy", "t", sysfs=sysfs) == ["tiny-demo"]
    assert complete("channel", "read", "", sysfs=sysfs) == [
        "cyclic-stats", "echo-in"]
    # one name only: nothing more after it
    assert complete("cell", "start", "tiny-demo", "", sysfs=sysfs) == []
    # without PRTOS enabled there is nothing to offer, and no error
    assert complete("cell", "stats", "") == []


def test_files_by_type(tmp_path, sysfs):
    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    for f in ("system.cell", "tiny.cell", "demo.bin", "notes.txt"):
        (tmp_path / f).write_text("")
    (tmp_path / "configs").mkdir()
    assert complete("enable", "", cwd=tmp_path) == [
        "configs", "system.cell", "tiny.cell"]
    assert complete("config", "check", "system.cell", "",
                    cwd=tmp_path) == ["configs", "system.cell", "tiny.cell"]
    assert complete("cell", "load", "tiny-demo", "", cwd=tmp_path,
                    sysfs=sysfs) == ["configs", "demo.bin"]
    # after -s comes a string, not a file
    assert complete("cell", "load", "tiny-demo", "-s", "", cwd=tmp_path,
                    sysfs=sysfs) == []


def test_help_completes_commands():
    assert complete("help", "cell", "de") == ["describe", "destroy"]
