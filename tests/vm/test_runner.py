# SPDX-License-Identifier: GPL-2.0
"""The VM runner (scripts/vm): what the guest gets and what the host sees."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import vmtest
from vmtest import (EXIT_HV_PANIC, EXIT_KERNEL_PANIC, EXIT_NO_STATUS,
                    EXIT_TIMEOUT, GUEST_DIR, VM, run_vm)


# ---- without booting


def test_help_teaches_by_example():
    out = subprocess.run([str(VM), "--help"], capture_output=True, text=True,
                         check=True).stdout
    for needle in ("--smp", "--mem", "--timeout", "--add", "GUEST_SCRIPT",
                   "examples:", "exit status:", "[hv]", "PRTOS_KERNEL",
                   "PRTOS_VM_QEMU_EXTRA"):
        assert needle in out


def test_refuses_less_than_1g():
    r = subprocess.run([str(VM), "--mem", "512M",
                        str(GUEST_DIR / "runner-echo.sh"), "0"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 2
    assert "0x3a000000" in r.stderr and "1G" in r.stderr


def test_refuses_missing_add_path(tmp_path):
    r = subprocess.run([str(VM), "--add", str(tmp_path / "nope"),
                        str(GUEST_DIR / "runner-echo.sh"), "0"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 2
    assert "does not exist" in r.stderr


# ---- booting


def test_status_args_and_added_files(tmp_path):
    (tmp_path / "note.txt").write_text("added by --add\n")
    (tmp_path / "other").write_text("placed at a chosen path\n")
    r = run_vm("runner-echo.sh", 3, "two words", "-x", "/root/note.txt",
               "/opt/other", timeout=120,
               add=[tmp_path / "note.txt", (tmp_path / "other", "/opt/other")])
    assert r.returncode == 3, r.reason
    linux = r.lines("linux")
    assert "argc=4" in linux
    assert ["arg=<two words>", "arg=<-x>"] == [
        l for l in linux if l in ("arg=<two words>", "arg=<-x>")]
    assert "file /root/note.txt: added by --add" in linux
    assert "file /opt/other: placed at a chosen path" in linux
    assert "whoami=0 cwd=/prtos host=prtos-vm" in linux
    assert r.reason is None


def test_each_uart_has_its_tag():
    r = run_vm("runner-uarts.sh", timeout=120)
    assert r.returncode == 0, r.reason
    assert "console line" in r.lines("linux")
    assert "console stderr line" in r.lines("linux")
    assert r.lines("hv") == ["com2 line"]
    assert r.lines("com3") == ["com3 line"]
    # a line without a newline still arrives when the machine stops
    assert r.lines("com4") == ["com4 first", "com4 unterminated"]
    assert not any("\r" in l or "\x1b" in l for l in r.output_lines)


def test_smp_and_reserved_memory():
    r = run_vm("runner-machine.sh", smp=2, timeout=120)
    assert r.returncode == 0, r.reason
    linux = r.lines("linux")
    assert "nproc=2" in linux
    assert any(re.fullmatch(r"iomem: 3a000000-3fffffff : Reserved", l)
               for l in linux), linux
    mounts = " ".join(l for l in linux if l.startswith("mount: "))
    for fs in (" /proc ", " /sys ", " /dev ", " /tmp "):
        assert fs in mounts
    assert any(l.startswith("cmdline: ") and "memmap=96M$0x3a000000" in l
               for l in linux)


def test_icount_machine_has_every_cpu_online():
    # Linux boots on CPU 0 alone under -icount; /init brings the rest up
    r = run_vm("runner-machine.sh", icount=True, timeout=600)
    assert r.returncode == 0, r.reason
    linux = r.lines("linux")
    assert "nproc=4" in linux
    assert any(l.startswith("cmdline: ") and " maxcpus=1" in l
               for l in linux), linux


def test_timeout_kills_the_machine():
    # long enough for the guest to boot and print on a busy host (a
    # 20 s limit was once reached before the script ran)
    r = run_vm("runner-sleep.sh", timeout=60)
    assert r.returncode == EXIT_TIMEOUT
    assert "sleeping" in r.lines("linux")
    assert "timeout" in r.reason
    assert r.duration < 120


def test_kernel_panic_is_reported():
    r = run_vm("runner-panic.sh", timeout=120)
    assert r.returncode == EXIT_KERNEL_PANIC, r.reason
    assert "crashing" in r.lines("linux")
    assert "panic" in r.reason.lower()


def test_hypervisor_panic_stops_the_machine():
    r = run_vm("runner-hv-panic.sh", timeout=120)
    assert r.returncode == EXIT_HV_PANIC, r.reason
    assert "PRTOS PANIC" in r.reason
    assert r.duration < 60  # stopped after the panic, not at the timeout


def test_reset_without_status_is_reported():
    r = run_vm("runner-reset.sh", timeout=120)
    assert r.returncode == EXIT_NO_STATUS, r.reason
    assert "resetting" in r.lines("linux")
    assert "reset" in r.reason


# the printk timestamp of a guest kernel line
KERNEL_LINE = re.compile(r"^\[linux\] \[\s*\d+\.\d+\] ")


def test_kernel_log_held_back_by_default():
    r = run_vm("runner-echo.sh", 0, "quiet", timeout=120, kernel_log=False)
    assert r.returncode == 0, r.reason
    out = r.output_lines
    # the script's output comes first; boot and firmware lines are held back
    assert [l for l in out if l.startswith("[linux]")][0] == "[linux] argc=1"
    assert not any(KERNEL_LINE.match(l) for l in out), out
    assert not any("SeaBIOS" in l or "Linux version" in l for l in out)
    assert not any(l.startswith("vm: ") for l in out)


def test_kernel_log_option_shows_everything():
    r = run_vm("runner-echo.sh", 0, timeout=120, kernel_log=True)
    assert r.returncode == 0, r.reason
    assert any("Linux version" in l for l in r.lines("linux"))
    assert sum(1 for l in r.output_lines if KERNEL_LINE.match(l)) >= 5


def test_failure_shows_what_was_held_back():
    r = run_vm("runner-echo.sh", 3, timeout=120, kernel_log=False)
    assert r.returncode == 3, r.reason
    out = r.output_lines
    head = [i for i, l in enumerate(out)
            if l.startswith("vm: the last") and "held back" in l]
    assert len(head) == 1, out
    tail = out[head[0] + 1:]
    # the boot, as it would have been printed, after the script's output
    assert any("Linux version" in l for l in tail)
    assert sum(1 for l in tail if KERNEL_LINE.match(l)) >= 5
    assert out.index("[linux] argc=0") < head[0]


def test_prtos_module_lines_are_shown():
    """Quiet output keeps what PRTOS's driver says, not the loader's notes."""
    r = run_vm("runner-kmsg.sh", timeout=120, kernel_log=False)
    assert r.returncode == 0, r.reason
    out = r.output_lines
    assert "[linux] script done" in out
    assert any(re.match(r"^\[linux\] \[\s*[\d.]+\] prtos: a line from",
                        l) for l in out), out
    assert not any("taints kernel" in l or "unrelated:" in l for l in out)


def test_stalled_boot_is_tried_again_then_reported():
    # an init that never starts the script: the boot never ends
    r = run_vm("runner-echo.sh", 0, timeout=200, kernel_log=False,
               env={"PRTOS_VM_BOOT_TIMEOUT": "20",
                    "PRTOS_VM_APPEND": "rdinit=/bin/cat"})
    assert r.returncode == EXIT_TIMEOUT, r.reason
    assert r.stderr.count("booting again") == 1, r.stderr
    assert "did not reach the guest script within 20 s" in r.reason
    assert "argc=" not in r.text("linux")
    # each attempt shows where the boot was when it was given up
    assert sum(1 for l in r.output_lines
               if l.startswith("vm: the last")) == 2
    assert r.duration < 150


def _build_module(tmp_path):
    """Build a do-nothing prtos.ko against the booted kernel's headers."""
    kver = vmtest.kernel_release()
    build = Path(f"/lib/modules/{kver}/build")
    if not build.is_dir() or not shutil.which("make"):
        pytest.skip(f"no kernel headers for {kver}: run scripts/install-deps")
    src = tmp_path / "mod"
    src.mkdir()
    (src / "prtos.c").write_text(
        '#include <linux/module.h>\n'
        'static int __init fake_init(void) { return 0; }\n'
        'static void __exit fake_exit(void) { }\n'
        'module_init(fake_init);\nmodule_exit(fake_exit);\n'
        'MODULE_LICENSE("GPL");\n')
    (src / "Kbuild").write_text("obj-m := prtos.o\n")
    subprocess.run(["make", "-s", "-C", str(build), f"M={src}", "modules"],
                   check=True, capture_output=True, timeout=300)
    return src / "prtos.ko"


def test_built_tree_and_modprobe(tmp_path):
    """In a copy of the repository layout with fake build outputs, the guest
    finds them where the repository has them and modprobe loads prtos.ko."""
    repo = tmp_path / "repo"
    files = {
        "hypervisor/prtos.bin": b"\x90" * 4096,
        "configs/x86/qemu.cell": b"cell",
        "inmates/demos/x86/tiny.bin": b"inmate",
        "tests/vm/guest/runner-modules.sh":
            (GUEST_DIR / "runner-modules.sh").read_bytes(),
    }
    for rel, data in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_bytes(data)
    (repo / "hypervisor/main.c").write_text("not copied\n")
    (repo / "driver").mkdir()
    shutil.copy(_build_module(tmp_path), repo / "driver/prtos.ko")
    (repo / "tools").mkdir()
    shutil.copy("/bin/busybox", repo / "tools/prtos")
    (repo / "scripts").mkdir()
    shutil.copy(VM, repo / "scripts/vm")
    shutil.copy(VM.parent / "qemu_child.py", repo / "scripts")

    r = run_vm(repo / "tests/vm/guest/runner-modules.sh", timeout=120,
               vm=repo / "scripts/vm")
    assert r.returncode == 0, r.reason
    linux = r.lines("linux")
    assert any(l.startswith("loaded: prtos ") for l in linux)
    assert "firmware: 4096" in linux
    assert "tool: /prtos/tools/prtos" in linux
    tree = {l[len("tree: /prtos/"):] for l in linux if l.startswith("tree: ")}
    assert tree == set(files) | {"driver/prtos.ko", "tools/prtos"}
