# SPDX-License-Identifier: GPL-2.0
# Runner self-test of the quiet kernel log: the real module loader's notes
# about taint, a line as PRTOS's driver would print it, and an unrelated
# kernel line, all after the script started.
modprobe prtos || exit 1
echo "prtos: a line from PRTOS's driver" >/dev/kmsg
echo "unrelated: a kernel line that says nothing about PRTOS" >/dev/kmsg
dmesg | grep -q "taints kernel" || exit 2
echo "script done"
