# SPDX-License-Identifier: GPL-2.0
"""Run a guest script in QEMU through scripts/vm, for pytest VM tests.

    from vmtest import run_vm
    r = run_vm("my-test.sh", "arg", smp=2, add=["/tmp/x.ko"])
    assert r.returncode == 0, r.reason
    assert "hello" in r.lines("hv")

A script given as a bare name is taken from tests/vm/guest/; other relative
paths are relative to the repository root.
"""

import importlib.machinery
import importlib.util
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VM = REPO / "scripts" / "vm"
GUEST_DIR = REPO / "tests" / "vm" / "guest"


def _load_runner():
    loader = importlib.machinery.SourceFileLoader("prtos_vm_runner", str(VM))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


# The runner's own exit codes, from the one place that defines them.
_runner = _load_runner()
EXIT_SETUP = _runner.EXIT_SETUP
EXIT_TIMEOUT = _runner.EXIT_TIMEOUT
EXIT_KERNEL_PANIC = _runner.EXIT_KERNEL_PANIC
EXIT_HV_PANIC = _runner.EXIT_HV_PANIC
EXIT_NO_STATUS = _runner.EXIT_NO_STATUS
TAGS = _runner.UART_TAGS + ("qemu",)


def kernel_release():
    """The release (uname -r) of the kernel the runner boots; build test
    modules against /lib/modules/<it>/build."""
    return _runner.kernel_release(_runner.find_kernel())


class VmResult:
    """What one boot produced.

    returncode  the runner's exit status (the guest script's, or EXIT_*)
    output      every tagged line ("[tag] text"), joined with newlines
    stderr      the runner's own stderr ("vm: ..." lines)
    duration    seconds from start to exit of the runner
    """

    def __init__(self, returncode, output_lines, stderr, duration):
        self.returncode = returncode
        self.output_lines = output_lines
        self.output = "\n".join(output_lines)
        self.stderr = stderr
        self.duration = duration

    def lines(self, tag):
        """The lines of one source ("linux", "hv", "com3", "com4", "qemu")
        without their tag."""
        prefix = f"[{tag}] "
        return [l[len(prefix):] for l in self.output_lines
                if l.startswith(prefix) or l == prefix.rstrip()]

    def text(self, tag):
        """The lines of one source as one string."""
        return "\n".join(self.lines(tag))

    @property
    def reason(self):
        """The runner's last "vm: ..." message without the prefix, or None."""
        msgs = [l[4:] for l in self.stderr.splitlines()
                if l.startswith("vm: ") and "waiting for another" not in l]
        return msgs[-1] if msgs else None

    def __repr__(self):
        return (f"VmResult(returncode={self.returncode}, "
                f"reason={self.reason!r}, duration={self.duration:.1f})")


def _script_path(script):
    p = Path(script)
    if p.is_absolute():
        return p
    if len(p.parts) == 1 and (GUEST_DIR / p).exists():
        return GUEST_DIR / p
    return REPO / p


def _add_arg(item):
    if isinstance(item, (tuple, list)):
        host, guest = item
        return f"{host}:{guest}"
    return str(item)


def run_vm(script, *args, smp=4, mem="1G", timeout=300, add=(), env=None,
           vm=VM, kernel_log=True, icount=False):
    """Boot the VM, run script with args in it, and return a VmResult.

    add: host paths, "HOST:GUEST" strings or (host, guest) pairs.
    env: extra environment for the runner (e.g. PRTOS_VM_QEMU_EXTRA).
    vm:  the runner to use (tests of the runner point it at a copy).
    kernel_log: pass --kernel-log (the whole guest kernel log, as tests
         want it: an absent warning must really be absent).
    icount: pass --icount (deterministic time, one CPU at a time).
    The output is echoed as it arrives, so pytest shows it on failure.
    """
    cmd = [str(vm), "--smp", str(smp), "--mem", str(mem),
           "--timeout", str(timeout)] + (["--kernel-log"] if kernel_log
                                         else [])
    if icount:
        cmd.append("--icount")
    for item in add:
        cmd += ["--add", _add_arg(item)]
    cmd += [str(_script_path(script))] + [str(a) for a in args]
    full_env = dict(os.environ, **(env or {}))

    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=full_env, text=True, errors="replace")
    # The runner enforces the timeout itself (from when its QEMU starts; runs
    # take turns); this only guards against a runner that hangs.
    watchdog = threading.Timer(3 * timeout + 300, proc.kill)
    watchdog.start()
    err = []
    err_reader = threading.Thread(target=lambda: err.append(proc.stderr.read()))
    err_reader.start()
    lines = []
    try:
        for line in proc.stdout:
            line = line.rstrip("\n")
            lines.append(line)
            print(line, flush=True)
        proc.wait()
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        err_reader.join()
    stderr = "".join(err)
    if stderr:
        print(stderr, end="", file=sys.stderr, flush=True)
    return VmResult(proc.returncode, lines, stderr, time.monotonic() - start)
