# SPDX-License-Identifier: GPL-2.0
# Cells whose ports do not fit the system's channels are refused at create
# with the validator's sentence, and change nothing. Arguments: directory
# with test configs.
. /prtos/tests/vm/guest/lib.sh
dir=$1
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
refused() {
	expect_error "$2" prtos cell create $dir/$1.cell
	[ "$(cpus_online)" = "0-3" ] || fail "$1: CPUs changed: $(cpus_online)"
	[ $(ls /sys/devices/prtos/cells | wc -l) = 1 ] || fail "$1 left a cell"
}
refused cell-port-unknown "port 0 names channel 'no-such-channel', which the system configuration does not declare"
refused cell-port-not-writer "is not the writer of channel 'cyclic-stats' (its writer is 'cyclic-demo')"
refused cell-port-not-reader "is not a reader of channel 'cyclic-stats'"
refused cell-port-in-ram "overlaps memory region 0"
refused cell-port-on-comm "overlaps memory region 1"
# and a good one still works
cell_up ipc-pong $DEMOS/tiny-demo.bin
prtos cell destroy ipc-pong || fail "destroy"
prtos disable || fail disable
echo "CELL-CHANNEL-ERRORS-OK"
