# SPDX-License-Identifier: GPL-2.0
"""CPUs changing hands: the root's IPIs while a cell runs, accesses the
hypervisor cannot decode, and stress of cell hand-backs and of
enable/disable on a busy root and a busy host.
"""

import ctypes
import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time

from vmtest import REPO, run_vm


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


# gdb, attached to QEMU's gdb stub, waits for root CPU 0 to be about to
# VMRUN and puts the host-save image where the guest state is: what QEMU's
# TCG now and then does by itself (see svm.c, entered_host_image()).
GDB_SCRIPT = """
set pagination off
set confirm off
file {elf}
target remote 127.0.0.1:{port}
set $pcpu0 = (char *)&__percpu_start
hbreak *((char *)svm_vmrun_next - 3) if ((unsigned long)$rsp >> 16) == ((unsigned long)$pcpu0 >> 16)
# the image exists from CPU 0's first VMRUN on; a few hundred entries later
ignore 1 300
continue
set $s = (struct svm_cpu *)((struct per_cpu *)$pcpu0)->arch.vendor
set var $s->vmcb.save = *(struct vmcb_save *)($s->host_save + 0x400)
printf "HOST-IMAGE-PLANTED rip=%lx next=%lx\\n", $s->vmcb.save.rip, svm_vmrun_next
delete
detach
"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _plant_host_image(port, out, stop):
    """Run gdb once QEMU's stub listens (the VM may wait for its turn)."""
    script = GDB_SCRIPT.format(elf=REPO / "hypervisor/prtos.elf", port=port)
    while not stop.is_set():
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.5)
    else:
        return
    # the stub takes one connection: the probe's is closed by now
    time.sleep(1)
    with tempfile.NamedTemporaryFile("w", suffix=".gdb") as f:
        f.write(script)
        f.flush()
        proc = subprocess.Popen(["gdb", "-nx", "-batch", "-x", f.name],
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        out.append(proc)
        out.append(proc.communicate()[0])


def test_an_entry_into_the_host_image_is_repeated_with_the_guest_state():
    port = _free_port()
    found, stop = [], threading.Event()
    gdb = threading.Thread(target=_plant_host_image, args=(port, found, stop))
    gdb.start()
    try:
        r = run_vm("root-host-image.sh", timeout=600, env={
            "PRTOS_VM_QEMU_EXTRA": f"-gdb tcp:127.0.0.1:{port}"})
    finally:
        stop.set()
        if found and found[0].poll() is None:
            found[0].kill()
        gdb.join(timeout=60)
    log = found[1] if len(found) > 1 else ""
    print(log)
    m = re.search(r"HOST-IMAGE-PLANTED rip=(\w+) next=(\w+)", log)
    assert m and m.group(1) == m.group(2), log
    assert_ok(r, "ROOT-HOST-IMAGE-OK")
    hv = r.text("hv")
    assert re.search(r"CPU 0: VMRUN entered the host's own saved state instead "
                     r"of cell 'linux-root''s; entry repeated with the "
                     r"guest's state \(1 so far on this CPU\)", hv), hv
    assert "PRTOS PANIC" not in hv
