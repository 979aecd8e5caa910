# SPDX-License-Identifier: GPL-2.0
# Wrong operations on cells: each a clear error, nothing changed.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
expect_error "not enabled" prtos cell create $CONFIGS/tiny-demo.cell
prtos enable $CONFIG || fail enable
head -c 4096 /dev/urandom > /tmp/garbage.cell
expect_error "not a PRTOS configuration" prtos cell create /tmp/garbage.cell
expect_error "system configuration" prtos cell create $CONFIG
prtos cell create $CONFIGS/tiny-demo.cell || fail create
expect_error "nothing has been loaded" prtos cell start tiny-demo
: > /tmp/empty.bin
expect_error "empty" prtos cell load tiny-demo /tmp/empty.bin
head -c 3000000 /dev/zero > /tmp/huge.bin
expect_error "not inside loadable memory" prtos cell load tiny-demo /tmp/huge.bin
expect_error "not inside loadable memory" prtos cell load tiny-demo $DEMOS/tiny-demo.bin -a 0x300000
prtos cell load tiny-demo $DEMOS/tiny-demo.bin || fail load
prtos cell start tiny-demo || fail start
expect_error "running" prtos cell load tiny-demo $DEMOS/tiny-demo.bin
expect_error "no cell named 'nosuch'" prtos cell destroy nosuch
expect_error "no cell with id 7" prtos cell start 7
expect_error "exists already" prtos cell create $CONFIGS/tiny-demo.cell
[ "$(cell_state tiny-demo)" = running ] || fail "tiny-demo disturbed"
[ "$(cpus_online)" = "0-2" ] || fail "CPUs changed: $(cpus_online)"
prtos cell destroy tiny-demo || fail destroy
prtos disable || fail disable
echo "CELL-ERRORS-OK"
