# SPDX-License-Identifier: GPL-2.0
# Two cells at once; a third asking for a CPU or memory that is taken is
# refused and changes nothing. Arguments: directory with test configs.
. /prtos/tests/vm/guest/lib.sh
dir=$1
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up tiny-demo $DEMOS/tiny-demo.bin
cell_up cyclic-demo $DEMOS/cyclic-demo.bin "mode=poll"
[ "$(cpus_online)" = "0-1" ] || fail "CPUs online: $(cpus_online)"
expect_error "CPU 2 belongs to cell 'cyclic-demo'" prtos cell create $CONFIGS/smp-demo.cell
expect_error "belongs to cell 'tiny-demo'" prtos cell create $dir/cell-mem-taken.cell
expect_error "not memory of the root cell" prtos cell create $dir/cell-not-root-memory.cell
[ "$(cpus_online)" = "0-1" ] || fail "a refused create changed the CPUs: $(cpus_online)"
[ $(ls /sys/devices/prtos/cells | wc -l) = 3 ] || fail "a refused create left a cell"
echo "root still works: $(work_all)"
sleep 2
prtos cell list
[ "$(cell_state tiny-demo)" = running ] || fail "tiny-demo not running"
[ "$(cell_state cyclic-demo)" = running ] || fail "cyclic-demo not running"
expect_error "cells still exist: tiny-demo cyclic-demo" prtos disable
prtos cell destroy tiny-demo || fail "destroy tiny"
prtos cell destroy cyclic-demo || fail "destroy cyclic"
[ "$(cpus_online)" = "0-3" ] || fail "CPUs not back: $(cpus_online)"
prtos disable || fail disable
echo "CELL-TWO-OK"
