# SPDX-License-Identifier: GPL-2.0
# cyclic-demo in one mode; prints the exits of its CPU over a steady-state
# window for the test to compare with the releases in that window.
. /prtos/tests/vm/guest/lib.sh
mode=$1
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up cyclic-demo $DEMOS/cyclic-demo.bin "mode=$mode period=1000"
sleep 3
stats=$(ls -d /sys/devices/prtos/cells/1)/statistics
a=$(cat $stats); t0=$(cat /proc/uptime)
sleep 5
b=$(cat $stats); t1=$(cat /proc/uptime)
echo "STATS-BEFORE $a"
echo "STATS-AFTER $b"
echo "WINDOW $t0 $t1"
prtos cell shutdown cyclic-demo || fail shutdown
prtos cell destroy cyclic-demo || fail destroy
prtos disable || fail disable
echo "CELL-CYCLIC-OK"
