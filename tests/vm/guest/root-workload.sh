# SPDX-License-Identifier: GPL-2.0
# Enable, run a real workload on all CPUs in the root, disable; the results
# must match the same work done natively before.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail "modprobe"
online=$(cpus_online)
before=$(work_all)
echo "checksum native: $before"
prtos enable $CONFIG || fail "enable"
[ "$(cat /sys/devices/prtos/enabled)" = 1 ] || fail "sysfs enabled"
during=$(work_all)
echo "checksum under PRTOS: $during"
[ "$during" = "$before" ] || fail "workload result differs under PRTOS"
[ "$(cpus_online)" = "$online" ] || fail "CPUs online changed: $(cpus_online)"
t0=$(date +%s); sleep 2; t1=$(date +%s)
[ $((t1 - t0)) -ge 2 ] && [ $((t1 - t0)) -le 4 ] || fail "timer: sleep 2 took $((t1 - t0)) s"
echo "exits: $(cat /sys/devices/prtos/vmexits_total)"
prtos disable || fail "disable"
[ "$(cat /sys/devices/prtos/enabled)" = 0 ] || fail "sysfs disabled"
after=$(work_all)
[ "$after" = "$before" ] || fail "workload result differs after disable"
[ "$(cpus_online)" = "$online" ] || fail "CPUs online changed after disable"
echo "ROOT-WORKLOAD-OK"
