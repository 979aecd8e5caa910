# SPDX-License-Identifier: GPL-2.0
"""Process helpers shared by the QEMU runners (scripts/vm, run-inmate-bare)."""

import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent(parent):
    """A preexec_fn that makes a child (QEMU) die with the runner.

    Otherwise a runner killed by a signal (SIGPIPE from "| head", SIGTERM
    from a test's timeout) would leave QEMU running, and with it a guest
    or inmate that never stops.
    """
    def preexec():
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the runner died before prctl
            os._exit(1)
    return preexec
