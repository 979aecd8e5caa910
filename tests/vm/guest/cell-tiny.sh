# tiny-demo from creation to destruction, with the CPU and memory checks.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up tiny-demo $DEMOS/tiny-demo.bin
[ "$(cpus_online)" = "0-2" ] || fail "CPU 3 still online in Linux: $(cpus_online)"
sleep 3
prtos cell list
[ "$(cell_state tiny-demo)" = running ] || fail "not running"
# the cell's memory (image at 0xf0000) is out of the root's reach
v=$(peek 0x3a6f0000)
[ "$v" = 0xffffffffffffffff ] || fail "cell memory readable from the root: $v"
prtos cell stats tiny-demo
prtos cell shutdown tiny-demo || fail shutdown
[ "$(cell_state tiny-demo)" = "shut down" ] || fail "not shut down"
prtos cell destroy tiny-demo || fail destroy
[ "$(cell_state tiny-demo)" = none ] || fail "still listed"
[ "$(cpus_online)" = "0-3" ] || fail "CPU 3 not back: $(cpus_online)"
r=$(taskset -c 3 sh -c 'seq 1 1000 | md5sum')
[ -n "$r" ] || fail "CPU 3 unusable"
# scrubbed: nothing of the cell is left for the root to read
v=$(peek 0x3a6f0000)
[ "$v" = 0x0000000000000000 ] || fail "cell memory not scrubbed: $v"
prtos disable || fail disable
echo "CELL-TINY-OK"
