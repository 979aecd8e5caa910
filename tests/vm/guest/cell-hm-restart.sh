# SPDX-License-Identifier: GPL-2.0
# The health monitor's restart policy (configs/x86/fault-restart-demo.c:
# two restarts within a minute, then stop). fault=scribble overwrites the
# cell's own parameter string before it faults, so each restart faults
# again only if it runs what was loaded. Counts, log and console say what
# happened; a running neighbour and the root carry on.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up cyclic-demo $DEMOS/cyclic-demo.bin "mode=poll"
cell_up fault-restart-demo $TESTS/fault-demo.bin "fault=scribble"
is_failed() { [ "$(cell_state fault-restart-demo)" = failed ]; }
# a busy host may take a while to run the inmate through three faults
wait_for 120 is_failed || fail "not failed: $(cell_state fault-restart-demo)"
f=/sys/devices/prtos/cells/2/faults
[ "$(cat /sys/devices/prtos/cells/2/name)" = fault-restart-demo ] || fail "cell 2"
cat $f
case "$(cat $f)" in
"restarts=2 window_restarts=2 memory=3 port=0 "*) ;;
*) fail "faults after the first run: $(cat $f)" ;;
esac
prtos cell stats fault-restart-demo | tail -n 1
prtos cell stats fault-restart-demo |
	grep -qx "Health monitor: 2 restarts (2 in the current window); faults: memory=3" ||
	fail "cell stats"
[ "$(prtos cell stats fault-restart-demo --json | sed -n 's/.*"health":{"restarts":\([0-9]*\),"window_restarts":\([0-9]*\),"faults":{"memory":\([0-9]*\),.*/\1 \2 \3/p')" = "2 2 3" ] ||
	fail "cell stats --json: $(prtos cell stats fault-restart-demo --json)"
prtos hm log
[ "$(prtos hm log | grep -c 'fault-restart-demo  *3  *memory  *restart')" = 2 ] ||
	fail "hm log: two restarts"
prtos hm log | grep -q 'fault-restart-demo  *3  *memory  *stop  *0x3f000000' ||
	fail "hm log: the stop"
prtos hm log --json | grep -q '"events":3,"dropped":0,' ||
	fail "hm log --json: $(prtos hm log --json)"
prtos console | grep "FAULT: cell 'fault-restart-demo'"
prtos console | grep -q "restart 1 of 2" || fail "console: restart 1"
prtos console | grep -q "restart 2 of 2" || fail "console: restart 2"
prtos console | grep -q "cell stopped (state failed), its restarts used up" ||
	fail "console: stop"
# loaded and started again: a new window, the total goes on
prtos cell load fault-restart-demo $TESTS/fault-demo.bin -s "fault=scribble" ||
	fail "load again"
prtos cell start fault-restart-demo || fail "start again"
wait_for 120 is_failed || fail "not failed again"
case "$(cat $f)" in
"restarts=4 window_restarts=2 memory=6 "*) ;;
*) fail "faults after the second run: $(cat $f)" ;;
esac
[ "$(cell_state cyclic-demo)" = running ] || fail "cyclic-demo disturbed"
# the neighbour goes on releasing after the faults: its statistics change
stats() { prtos channel read cyclic-stats | sed 's/  (age.*//'; }
before=$(stats)
echo "cyclic-demo: $before"
changed() { [ "$(stats)" != "$before" ] && grep -q releases= <<EOT
$(stats)
EOT
}
wait_for 120 changed || fail "cyclic-demo's statistics stand still: $before"
echo "root still works: $(work_all)"
v=$(cat /sys/devices/prtos/root_violations)
[ "$v" = 0 ] || fail "root violations: $v"
prtos cell destroy fault-restart-demo || fail destroy
[ "$(cpus_online)" = "0-1,3" ] || fail "CPU 3 not back: $(cpus_online)"
# a cell that only stops: fault-demo, same inmate, stops at its first fault
cell_up fault-demo $TESTS/fault-demo.bin "fault=mem"
is_fd_failed() { [ "$(cell_state fault-demo)" = failed ]; }
wait_for 60 is_fd_failed || fail "fault-demo not failed"
case "$(cat /sys/devices/prtos/cells/2/faults)" in
"restarts=0 window_restarts=0 memory=1 "*) ;;
*) fail "fault-demo faults: $(cat /sys/devices/prtos/cells/2/faults)" ;;
esac
prtos hm log | grep -q 'fault-demo  *3  *memory  *stop' || fail "hm log: fault-demo"
prtos cell destroy fault-demo || fail "destroy fault-demo"
prtos cell shutdown cyclic-demo || fail "cyclic-demo no longer answers"
prtos cell destroy cyclic-demo || fail "destroy cyclic-demo"
prtos disable || fail disable
echo "CELL-HM-OK"
