# SPDX-License-Identifier: GPL-2.0
# 'prtos config create' describes the machine it runs on: the generated
# system configuration (C source and binary) is valid, enables PRTOS and
# runs tiny-demo, whose configuration was written for qemu-q35.c, beside
# Linux in the memory for cells it sets apart.
. /prtos/tests/vm/guest/lib.sh
prtos config create --binary /tmp/gen.cell /tmp/gen.c || fail "config create"
echo "GEN-C-BEGIN"
cat /tmp/gen.c
echo "GEN-C-END"
prtos config create > /tmp/again.c || fail "config create to stdout"
cmp /tmp/gen.c /tmp/again.c || fail "two runs wrote different sources"
prtos config check /tmp/gen.cell $CONFIGS/tiny-demo.cell || fail "config check"
modprobe prtos || fail modprobe
prtos enable /tmp/gen.cell || fail enable
cell_up tiny-demo $DEMOS/tiny-demo.bin
[ "$(cpus_online)" = "0-2" ] || fail "CPU 3 still online in Linux: $(cpus_online)"
sleep 3
prtos cell list
[ "$(cell_state tiny-demo)" = running ] || fail "not running"
# the cell's memory (image at 0xf0000) is out of the root's reach
v=$(peek 0x3a6f0000)
[ "$v" = 0xffffffffffffffff ] || fail "cell memory readable from the root: $v"
prtos cell destroy tiny-demo || fail destroy
[ "$(cell_state tiny-demo)" = none ] || fail "still listed"
[ "$(cpus_online)" = "0-3" ] || fail "CPU 3 not back: $(cpus_online)"
r=$(work_all)
[ -n "$r" ] || fail "workload after destroy"
prtos disable || fail disable
echo "CONFIG-CREATE-OK"
