# SPDX-License-Identifier: GPL-2.0
# When the driver runs out of memory for the sysfs view of the cells,
# enable fails with a reason and changes nothing; afterwards it works.
. /prtos/tests/vm/guest/lib.sh
FAILCALL=/prtos/tests/modules/prtos-failcall.ko
modprobe prtos || fail modprobe
insmod $FAILCALL func=kobject_create_and_add match=cells || fail "insmod prtos-failcall"
if prtos enable $CONFIG > /tmp/out 2>&1; then fail "enabled without the sysfs view"; fi
cat /tmp/out
rmmod prtos-failcall
dmesg | grep "prtos-failcall:" | tail -n 1
grep -q "out of kernel memory for the sysfs view of the cells" /tmp/out || fail "no reason"
[ "$(cat /sys/devices/prtos/enabled)" = 0 ] || fail "enabled is not 0"
[ ! -e /sys/devices/prtos/cells ] || fail "a cells directory was left"
work_all > /dev/null || fail "workload after the refusal"
prtos enable $CONFIG || fail "enable after the refusal"
cell_up tiny-demo $DEMOS/tiny-demo.bin
prtos cell destroy tiny-demo || fail destroy
prtos disable || fail disable
echo "ROOT-ENABLE-NOMEM-OK"
