# SPDX-License-Identifier: GPL-2.0
"""prtos(8) is set from the command's --help: it renders without warnings,
and it and Documentation/prtos-command.md name every command with the
synopsis --help gives."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRTOS = ROOT / "tools/prtos"


def command_paths():
    out = subprocess.run([PRTOS, "--help"], capture_output=True, text=True,
                         check=True).stdout
    block = out.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    return [" ".join(re.match(r"((?:[a-z]+ ?)+)", l.strip()).group(1).split())
            for l in block.splitlines() if re.match(r"  [a-z]", l)]


def usage(path):
    out = subprocess.run([PRTOS, *path.split(), "--help"],
                         capture_output=True, text=True, check=True).stdout
    return out.splitlines()[0].removeprefix("usage: ")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("man") / "prtos.8"
    with open(out, "w") as f:
        subprocess.run([ROOT / "scripts/gen-man", PRTOS], stdout=f,
                       check=True)
    return out


def test_the_built_page_is_the_generated_one(page):
    assert (ROOT / "tools/prtos.8").read_text() == page.read_text()


def test_the_page_renders_without_warnings(page):
    groff = shutil.which("groff")
    assert groff, "groff missing: run scripts/install-deps"
    r = subprocess.run([groff, "-man", "-Tutf8", "-ww", str(page)],
                       capture_output=True, text=True,
                       env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0 and not r.stderr, r.stderr
    text = re.sub(r".\x08", "", r.stdout)
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS",
                    "EXIT STATUS", "ENVIRONMENT", "FILES"):
        assert f"\n{section}\n" in text, section
    # every command with its synopsis, its options and its examples
    for path in command_paths():
        assert usage(path) in text.replace("\u2010", "-"), path
    assert "--watch[=SECONDS]" in text.replace("\u2010", "-")
    assert "prtos cell stats 1 --watch=5" in text.replace("\u2010", "-")


def test_the_command_reference_has_every_synopsis():
    doc = (ROOT / "Documentation/prtos-command.md").read_text()
    headings = re.findall(r"^#+ `prtos (.*)`$", doc, re.M)
    for path in command_paths():
        if path == "help":
            continue
        assert usage(path).removeprefix("prtos ") in headings, \
            f"Documentation/prtos-command.md has no heading `{usage(path)}`"
