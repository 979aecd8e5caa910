# SPDX-License-Identifier: GPL-2.0
# The root's IPIs while a cell runs: Linux's all-but-self broadcasts reach
# every root CPU and are not reported; a fixed IPI naming the cell's CPU
# is reported and does not arrive (the cell would say "unexpected
# interrupt").
. /prtos/tests/vm/guest/lib.sh
IPI=/prtos/tests/modules/prtos-ipi.ko
info() { cat /sys/devices/prtos/$1; }
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up cyclic-demo $DEMOS/cyclic-demo.bin "mode=poll period=1000"
[ "$(cpus_online)" = "0-1,3" ] || fail "CPU 2 still online: $(cpus_online)"
v0=$(info root_violations); c0=$(info root_confined_ipis)
taskset -c 0 insmod $IPI mode=call count=200 || fail "insmod prtos-ipi call"
rmmod prtos-ipi
dmesg | grep "prtos-ipi: call" | tail -n 3
v1=$(info root_violations); c1=$(info root_confined_ipis)
echo "BROADCAST violations $v0 -> $v1, confined $c0 -> $c1"
[ "$v1" = "$v0" ] || fail "a broadcast was reported as a violation"
[ "$c1" -gt "$c0" ] || fail "no broadcast was confined"
insmod $IPI mode=fixed cpu=2 count=5 || fail "insmod prtos-ipi fixed"
rmmod prtos-ipi
v2=$(info root_violations)
echo "FIXED violations $v1 -> $v2"
[ "$v2" = "$((v1 + 5))" ] || fail "fixed IPIs to the cell: $v1 -> $v2"
sleep 1
[ "$(cell_state cyclic-demo)" = running ] || fail "cyclic-demo not running"
prtos cell destroy cyclic-demo || fail destroy
prtos disable || fail disable
echo "ROOT-IPIS-OK"
