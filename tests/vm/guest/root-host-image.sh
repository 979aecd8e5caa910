# SPDX-License-Identifier: GPL-2.0
# The host test makes one entry of root CPU 0 load the host-save image
# (through QEMU's gdb stub, as QEMU's TCG does now and then by itself);
# the hypervisor must repeat the entry with the guest's state and Linux
# must not notice.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
# CPU 0 busy, so that it enters its guest all the time
taskset -c 0 sh -c 'while :; do echo x | md5sum > /dev/null; done' &
echo "HOST-IMAGE-READY"
repeated() { prtos console | grep -q "entry repeated with the guest's state"; }
wait_for 300 repeated || fail "no repeated entry on the console"
prtos console | grep "VMRUN entered"
echo "root still works: $(work_all)"
v=$(cat /sys/devices/prtos/root_violations)
[ "$v" = 0 ] || fail "root violations: $v"
kill %1
prtos disable || fail disable
echo "ROOT-HOST-IMAGE-OK"
