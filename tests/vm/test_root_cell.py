# SPDX-License-Identifier: GPL-2.0
"""The root cell: PRTOS takes over the running Linux and gives it back.

Each test boots QEMU through scripts/vm, runs a guest script from
tests/vm/guest/ and checks what Linux, the tool and the hypervisor said.
"""

import re

from vmtest import REPO, run_vm


def assert_ok(r, marker):
    assert r.returncode == 0, f"guest failed: {r!r}"
    assert marker in r.text("linux")


def test_workload_survives_enable_and_disable():
    r = run_vm("root-workload.sh", timeout=400)
    assert_ok(r, "ROOT-WORKLOAD-OK")
    hv = r.text("hv")
    assert "PRTOS active on 4 CPUs" in hv
    assert "PRTOS disabled" in hv
    # ordinary work in the root never strays outside its configuration
    assert "VIOLATION" not in hv


def test_twenty_cycles_under_load():
    r = run_vm("root-cycles.sh", "20", timeout=900)
    assert_ok(r, "ROOT-CYCLES-OK 20")
    assert "LOAD-MISMATCH" not in r.text("linux")
    assert r.text("hv").count("PRTOS active on 4 CPUs") == 20
    assert r.text("hv").count("PRTOS disabled") == 20


def test_double_enable_and_unload_are_refused():
    r = run_vm("root-refusals.sh", timeout=400)
    assert_ok(r, "ROOT-REFUSALS-OK")


def test_bad_configs_are_refused_and_change_nothing():
    r = run_vm("root-bad-configs.sh", "/root/configs", timeout=400,
               add=[(REPO / "tests" / "configs", "/root/configs")])
    assert_ok(r, "ROOT-BAD-CONFIGS-OK")
    linux = r.text("linux")
    assert "Invalid argument" not in linux
    # the unreserved config passes the offline checks: the driver says why
    assert "boot Linux with memmap=" in linux
    # the hypervisor's own refusal reaches the command
    assert re.search(r"prtos: .*cannot build the root cell: out of "
                     r"hypervisor memory", linux)


def test_hypervisor_memory_and_uart_unreachable_from_root():
    r = run_vm("root-isolation.sh", timeout=400)
    assert_ok(r, "ROOT-ISOLATION-OK")
    hv = r.text("hv")
    # the root's write to COM2 never reached the hypervisor's UART
    assert "root writes to COM2" not in hv
    assert "VIOLATION: cell 'linux-root'" in hv


def test_enable_without_svm_says_why():
    r = run_vm("root-no-svm.sh", timeout=300,
               env={"PRTOS_VM_QEMU_EXTRA": "-cpu qemu64,-svm"})
    assert_ok(r, "ROOT-NO-SVM-OK")


def test_enable_out_of_memory_for_sysfs_fails_cleanly():
    r = run_vm("root-enable-nomem.sh", timeout=400)
    assert_ok(r, "ROOT-ENABLE-NOMEM-OK")
    assert "failed 1 times" in r.text("linux")


def test_physical_page_zero_is_not_reached_by_the_hypervisor():
    r = run_vm("root-page-zero.sh", timeout=400)
    assert_ok(r, "ROOT-PAGE-ZERO-OK")
    assert "PRTOS PANIC" not in r.text("hv")


def test_root_cannot_aim_an_ioapic_pin_at_a_cell():
    r = run_vm("root-ioapic.sh", timeout=400)
    assert_ok(r, "ROOT-IOAPIC-OK")
    hv = r.text("hv")
    refused = re.findall(r"VIOLATION: cell 'linux-root' CPU \d+: IOAPIC "
                         r"register (0x2[ab]) write of (0x[0-9a-f]+)", hv)
    # low word towards CPU 2, destination CPU 2, NMI, broadcast
    assert [reg for reg, _ in refused] == ["0x2a", "0x2b", "0x2a", "0x2a"]
    assert "FAULT" not in hv


def test_root_msr_writes_follow_an_allow_list():
    r = run_vm("root-msr.sh", timeout=400)
    assert_ok(r, "ROOT-MSR-OK")
    hv = r.text("hv")
    refused = re.findall(r"VIOLATION: cell 'linux-root' CPU 1: write of MSR "
                         r"(0x[0-9a-f]+)", hv)
    assert refused == ["0xc0010015", "0x10", "0xc0010117"], refused
