# SPDX-License-Identifier: GPL-2.0
# Faulting inmates become 'failed' while the root and another running cell
# carry on; destroy always works.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up cyclic-demo $DEMOS/cyclic-demo.bin "mode=poll"
is_failed() { [ "$(cell_state fault-demo)" = failed ]; }
# the hypercalls the cell made so far (fault=state makes four)
hypercalls() {
	sed -n 's/.* hypercall=\([0-9]*\).*/\1/p' /sys/devices/prtos/cells/2/statistics
}
asked_four() { [ "$(hypercalls)" -ge 4 ] 2>/dev/null; }
for kind in mem ipi triple; do
	cell_up fault-demo $TESTS/fault-demo.bin "fault=$kind"
	# a busy host may take a while to run the inmate up to its fault
	wait_for 60 is_failed || fail "fault=$kind: not failed"
	prtos cell list
	[ "$(cat /sys/devices/prtos/cells/2/cpus_failed)" = 3 ] || fail "fault=$kind: cpus_failed"
	prtos cell destroy fault-demo || fail "fault=$kind: destroy"
	[ "$(cpus_online)" = "0-1,3" ] || fail "fault=$kind: CPU 3 not back"
	echo "root still works: $(work_all)"
	echo "FAULT-DONE $kind"
done
# a cell may ask about its own state only (it is cell 2); a refusal
# leaves it running
cell_up fault-demo $TESTS/fault-demo.bin "fault=state"
wait_for 60 asked_four || fail "fault=state: asked $(hypercalls) times"
sleep 1 # the last answer's line, printed right after the hypercall
[ "$(cell_state fault-demo)" = running ] || fail "fault=state: not running"
prtos cell destroy fault-demo || fail "fault=state: destroy"
# an exception the inmate handles itself: its library prints a crash report
cell_up fault-demo $TESTS/fault-demo.bin "fault=excp"
# nothing of the report is visible to the root (the cell's own UART, no
# exit): a generous pause, then the host test reads COM4
sleep 5
prtos cell destroy fault-demo || fail "fault=excp: destroy"
[ "$(cell_state cyclic-demo)" = running ] || fail "cyclic-demo disturbed"
prtos console | grep FAULT
prtos cell shutdown cyclic-demo || fail "cyclic-demo no longer answers"
prtos cell destroy cyclic-demo || fail destroy
prtos disable || fail disable
echo "CELL-FAULTS-OK"
