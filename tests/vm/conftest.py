# SPDX-License-Identifier: GPL-2.0
"""pytest setup for the VM tests: make vmtest importable, check the host."""

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import vmtest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def vm_host_ready():
    """Fail early, with the fix, when QEMU or a kernel is missing."""
    if not shutil.which("qemu-system-x86_64"):
        pytest.fail("qemu-system-x86_64 not found: run scripts/install-deps")
    try:
        vmtest._runner.find_kernel()
    except vmtest._runner.SetupError as e:
        pytest.fail(str(e))


@pytest.fixture
def run_vm():
    """The vmtest.run_vm function, for tests that prefer a fixture."""
    return vmtest.run_vm
