# SPDX-License-Identifier: GPL-2.0
"""The build prints one short line per step, the commands with V=1, and
never hides a warning. Built in a copy of tools/ with one source that
warns, so the tree's own objects are not touched."""
import os
import pathlib
import shutil
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]

WARNING_C = """int prtos_quiet_build_probe(void);
int prtos_quiet_build_probe(void)
{
	int unused;

	return 0;
}
"""


@pytest.fixture
def tools_copy(tmp_path):
    d = tmp_path / "tools"
    top = str(REPO / "tools")
    # the build's outputs at the top only: libprtos/include/prtos is source
    shutil.copytree(REPO / "tools", d, ignore=lambda where, names: [
        n for n in names if where == top and n in ("obj", "prtos")])
    (d / "warn.c").write_text(WARNING_C)
    return d


def build(d, *extra):
    srcs = subprocess.run(
        ["make", "-s", "-C", str(REPO / "tools"), "-p", "-n"],
        capture_output=True, text=True).stdout
    tool_srcs = next(l.split(":=", 1)[1] for l in srcs.splitlines()
                     if l.startswith("TOOL_SRCS :="))
    return subprocess.run(
        ["make", "-C", str(d), f"TOP={REPO}", "EXTRA_CFLAGS=-Wno-error",
         f"TOOL_SRCS={tool_srcs.strip()} warn.c", *extra],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "LC_ALL": "C"})


def test_short_lines_and_the_warning(tools_copy):
    r = build(tools_copy)
    assert r.returncode == 0, r.stderr
    out = r.stdout + r.stderr
    assert "  CC      tools/obj/warn.o" in out
    assert "  LD      tools/prtos" in out
    assert "unused variable 'unused'" in out
    # no command line in the quiet output
    assert not any(l.startswith(("cc ", "gcc ")) for l in out.splitlines())


def test_v1_shows_the_commands(tools_copy):
    r = build(tools_copy, "V=1")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert any(l.startswith(("cc ", "gcc ")) and "warn.c" in l
               for l in lines), r.stdout
    assert "  CC      tools/obj/warn.o" not in r.stdout
