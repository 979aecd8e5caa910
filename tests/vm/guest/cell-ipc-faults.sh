# SPDX-License-Identifier: GPL-2.0
# Ends that go away: a pong that writes into ipc-ping's writer section is
# stopped while ipc-ping runs on; what ipc-ping sends meanwhile is kept up
# to the queue's depth and counted as overflow beyond; a re-created pong
# takes over the channel where it was.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up ipc-pong $DEMOS/ipc-demo.bin "mode=poll misbehave=100"
cell_up ipc-ping $DEMOS/ipc-demo.bin "mode=poll"
failed() {
	[ "$(cell_state ipc-pong)" = failed ]
}
wait_for 300 failed || fail "ipc-pong not stopped"
[ "$(cell_state ipc-ping)" = running ] || fail "ipc-ping disturbed"
prtos cell destroy ipc-pong || fail "destroy pong"
# with no reader, the ping (one per second) fills the queue: depth 16
overflowed() {
	[ "$(chan_field ipc-ping writer overflows)" -ge 1 ]
}
wait_for 300 overflowed || fail "no overflow counted"
prtos channel list
sent=$(chan_field ipc-ping writer messages)
read=$(chan_field ipc-ping reader received)
echo "queued: $((sent - read))"
[ $((sent - read)) = 16 ] || fail "queue holds $((sent - read)), not 16"
cell_up ipc-pong $DEMOS/ipc-demo.bin "mode=poll"
more() {
	[ "$(chan_field ipc-pong writer messages)" -ge 200 ]
}
wait_for 300 more || fail "the re-created pong does not answer"
lost=$(chan_field ipc-ping reader lost)
prtos channel list
[ "${lost:-0}" -ge 1 ] || fail "the reader was not told of lost messages"
[ "$(cell_state ipc-ping)" = running ] || fail "ipc-ping not running"
prtos cell destroy ipc-ping || fail destroy
prtos cell destroy ipc-pong || fail destroy
prtos disable || fail disable
echo "CELL-IPC-FAULTS-OK"
