# SPDX-License-Identifier: GPL-2.0
# Runner self-test: crash Linux on purpose.
echo 1 > /proc/sys/kernel/sysrq
echo "crashing"
# let the serial console drain before the kernel stops
sleep 1
echo c > /proc/sysrq-trigger
sleep 1000
