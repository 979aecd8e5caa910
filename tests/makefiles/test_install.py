# SPDX-License-Identifier: GPL-2.0
"""make install puts every part where its user looks for it, a program
builds against the installed library with pkg-config alone, and make
uninstall takes back exactly what install wrote."""
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def make(*args):
    r = subprocess.run(["make", "-C", str(REPO), *args], capture_output=True,
                       text=True, timeout=600,
                       env={**os.environ, "LC_ALL": "C"})
    assert r.returncode == 0, r.stdout + r.stderr
    return r


def files_under(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file())


@pytest.fixture
def installed(tmp_path):
    dest = tmp_path / "dest"
    make("install", f"DESTDIR={dest}", "prefix=/usr")
    return dest


def test_every_part_lands_where_it_is_looked_for(installed):
    files = files_under(installed)
    release = subprocess.run(
        ["modinfo", "-F", "vermagic", str(REPO / "driver/prtos.ko")],
        capture_output=True, text=True, check=True).stdout.split()[0]
    expected = [
        f"lib/modules/{release}/updates/prtos.ko",
        "lib/firmware/prtos.bin",
        "usr/sbin/prtos",
        "usr/include/prtos/port.h",
        "usr/include/prtos/ioctl.h",
        "usr/include/prtos/channel.h",
        "usr/include/prtos-lib/channel.h",
        "usr/lib/libprtos-port.a",
        "usr/lib/pkgconfig/prtos-port.pc",
        "usr/share/prtos/configs/qemu-q35.c",
        "usr/share/prtos/configs/qemu-q35.cell",
        "usr/share/prtos/configs/ipc-echo.cell",
        "usr/share/prtos/inmates/cyclic-demo.bin",
        "usr/share/prtos/inmates/ipc-demo.bin",
        "usr/share/doc/prtos/examples/port-echo.c",
        "usr/share/man/man8/prtos.8",
        "usr/share/man/man5/prtos-config.5",
        "usr/share/bash-completion/completions/prtos",
    ]
    for f in expected:
        assert f in files, f"{f} not installed; installed: {files}"
    assert os.access(installed / "usr/sbin/prtos", os.X_OK)
    # nothing of the build's by-products, nothing of the tests
    assert not [f for f in files if f.endswith((".o", ".d", ".elf"))]
    assert not [f for f in files if "test" in f], files
    pc = (installed / "usr/lib/pkgconfig/prtos-port.pc").read_text()
    assert "prefix=/usr\n" in pc and "@" not in pc


def test_a_program_builds_against_the_installed_library(installed,
                                                        tmp_path):
    env = {**os.environ,
           "PKG_CONFIG_PATH": str(installed / "usr/lib/pkgconfig"),
           "PKG_CONFIG_SYSROOT_DIR": str(installed)}
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "prtos-port"],
                           capture_output=True, text=True, env=env,
                           check=True).stdout.split()
    assert all(str(REPO) not in f for f in flags), flags
    out = tmp_path / "port-echo"
    r = subprocess.run(
        ["cc", "-Wall", "-Wextra", "-Werror", "-static", "-o", str(out),
         str(installed / "usr/share/doc/prtos/examples/port-echo.c"),
         *flags], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([str(out)], capture_output=True, text=True)
    assert r.returncode == 2 and "usage: port-echo TX RX COUNT" in r.stderr


def test_uninstall_takes_back_what_install_wrote(installed):
    # a file of someone else's in a shared directory stays
    (installed / "usr/include/other.h").write_text("/* not ours */\n")
    make("uninstall", f"DESTDIR={installed}", "prefix=/usr")
    assert files_under(installed) == ["usr/include/other.h"]
    assert not (installed / "usr/share/prtos").exists()


def test_install_refuses_an_unbuilt_tree(tmp_path):
    r = subprocess.run(["make", "-C", str(REPO), "install",
                        f"DESTDIR={tmp_path}",
                        "CONFIGS=configs/x86/nonexistent.cell"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode != 0
    assert "configs/x86/nonexistent.cell is not built: run 'make' first" \
        in r.stdout + r.stderr
    assert files_under(tmp_path) == []
