# SPDX-License-Identifier: GPL-2.0
# tiny-demo from creation to destruction, with the CPU and memory checks.
. /prtos/tests/vm/guest/lib.sh
# port 0x61 (PIT gate) through /dev/port: the root's until tiny-demo takes it
port61() { dd if=/dev/port bs=1 skip=97 count=1 2>/dev/null | od -An -tx1 | tr -d ' '; }
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
port61 > /dev/null
[ "$(cat /sys/devices/prtos/root_violations)" = 0 ] || fail "port 0x61 not the root's"
cell_up tiny-demo $DEMOS/tiny-demo.bin
[ "$(cpus_online)" = "0-2" ] || fail "CPU 3 still online in Linux: $(cpus_online)"
sleep 3
prtos cell list
[ "$(cell_state tiny-demo)" = running ] || fail "not running"
# the cell's memory (image at 0xf0000) is out of the root's reach
v=$(peek 0x3a6f0000)
[ "$v" = 0xffffffffffffffff ] || fail "cell memory readable from the root: $v"
prtos cell stats tiny-demo
v=$(port61)
[ "$v" = ff ] || fail "root read the cell's port 0x61: $v"
prtos cell shutdown tiny-demo || fail shutdown
[ "$(cell_state tiny-demo)" = "shut down" ] || fail "not shut down"
prtos cell destroy tiny-demo || fail destroy
[ "$(cell_state tiny-demo)" = none ] || fail "still listed"
[ "$(cpus_online)" = "0-3" ] || fail "CPU 3 not back: $(cpus_online)"
r=$(taskset -c 3 sh -c 'seq 1 1000 | md5sum')
[ -n "$r" ] || fail "CPU 3 unusable"
n=$(cat /sys/devices/prtos/root_violations)
port61 > /dev/null
[ "$(cat /sys/devices/prtos/root_violations)" = "$n" ] || fail "port 0x61 not returned to the root"
# scrubbed: nothing of the cell is left for the root to read
v=$(peek 0x3a6f0000)
[ "$v" = 0x0000000000000000 ] || fail "cell memory not scrubbed: $v"
prtos disable || fail disable
echo "CELL-TINY-OK"
