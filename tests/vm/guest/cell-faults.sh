# SPDX-License-Identifier: GPL-2.0
# Faulting inmates become 'failed' while the root and another running cell
# carry on; destroy always works.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up cyclic-demo $DEMOS/cyclic-demo.bin "mode=poll"
for kind in mem ipi triple; do
	cell_up fault-demo $TESTS/fault-demo.bin "fault=$kind"
	sleep 1
	prtos cell list
	[ "$(cell_state fault-demo)" = failed ] || fail "fault=$kind: not failed"
	[ "$(cat /sys/devices/prtos/cells/2/cpus_failed)" = 3 ] || fail "fault=$kind: cpus_failed"
	prtos cell destroy fault-demo || fail "fault=$kind: destroy"
	[ "$(cpus_online)" = "0-1,3" ] || fail "fault=$kind: CPU 3 not back"
	echo "root still works: $(work_all)"
	echo "FAULT-DONE $kind"
done
# a cell may ask about its own state only (it is cell 2); a refusal
# leaves it running
cell_up fault-demo $TESTS/fault-demo.bin "fault=state"
sleep 1
[ "$(cell_state fault-demo)" = running ] || fail "fault=state: not running"
prtos cell destroy fault-demo || fail "fault=state: destroy"
# an exception the inmate handles itself: its library prints a crash report
cell_up fault-demo $TESTS/fault-demo.bin "fault=excp"
sleep 1
prtos cell destroy fault-demo || fail "fault=excp: destroy"
[ "$(cell_state cyclic-demo)" = running ] || fail "cyclic-demo disturbed"
prtos console | grep FAULT
prtos cell shutdown cyclic-demo || fail "cyclic-demo no longer answers"
prtos cell destroy cyclic-demo || fail destroy
prtos disable || fail disable
echo "CELL-FAULTS-OK"
