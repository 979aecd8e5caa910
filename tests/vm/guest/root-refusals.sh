# SPDX-License-Identifier: GPL-2.0
# Double enable and unloading while enabled are refused with clear words.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail "modprobe"
prtos enable $CONFIG || fail "enable"
if prtos enable $CONFIG > /tmp/out 2>&1; then fail "second enable succeeded"; fi
cat /tmp/out
grep -q "already enabled" /tmp/out || fail "no 'already enabled' message"
if rmmod prtos > /tmp/out 2>&1; then fail "module unloaded while enabled"; fi
cat /tmp/out
grep -q prtos /proc/modules || fail "module gone"
# Linux may take CPUs offline and online under the hypervisor, but cannot
# disable it while one is offline (that CPU could not leave)
echo 0 > /sys/devices/system/cpu/cpu1/online || fail "offline CPU 1"
if prtos disable > /tmp/out 2>&1; then fail "disable with CPU 1 offline succeeded"; fi
cat /tmp/out
grep -q "CPU 1 is offline in Linux but still under the hypervisor" /tmp/out || fail "no message about CPU 1"
echo 1 > /sys/devices/system/cpu/cpu1/online || fail "online CPU 1 under PRTOS"
taskset -c 1 sh -c 'seq 1 1000 | md5sum' > /dev/null || fail "CPU 1 unusable"
prtos disable || fail "disable"
if prtos disable > /tmp/out 2>&1; then fail "disable while disabled succeeded"; fi
cat /tmp/out
grep -q "not enabled" /tmp/out || fail "no 'not enabled' message"
rmmod prtos || fail "rmmod after disable"
echo "ROOT-REFUSALS-OK"
