# SPDX-License-Identifier: GPL-2.0
# Runner self-test: print what a dying hypervisor prints on its UART (COM2),
# then hang the way a machine with a dead hypervisor would.
echo "PRTOS PANIC: fake panic from runner-hv-panic.sh" > /dev/ttyS1
sleep 1000
