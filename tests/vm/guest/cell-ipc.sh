# SPDX-License-Identifier: GPL-2.0
# ipc-ping and ipc-pong play ping-pong over two queuing channels; their
# counters and the exits they cost are read from sysfs. Argument: the
# mode, doorbell or poll.
. /prtos/tests/vm/guest/lib.sh
mode=$1
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
prtos channel list || fail "channel list"
[ "$(cat /sys/devices/prtos/channels/ipc-ping/kind)" = queuing ] || fail kind
[ "$(chan_field ipc-ping writer messages)" = 0 ] || fail "not empty"
cell_up ipc-pong $DEMOS/ipc-demo.bin "mode=$mode"
cell_up ipc-ping $DEMOS/ipc-demo.bin "mode=$mode"
answered() {
	[ "$(chan_field ipc-pong writer messages)" -ge $1 ]
}
wait_for 300 answered 300 || fail "fewer than 300 answers"
prtos channel list
prtos cell stats ipc-ping
# one snapshot: the writer rings after it sends
st=/tmp/ping.status
cat /sys/devices/prtos/channels/ipc-ping/status > $st
sent=$(sed -n 's/^writer .* messages=\([0-9]*\).*/\1/p' $st)
rings=$(sed -n 's/^writer .* rings=\([0-9]*\).*/\1/p' $st)
got=$(sed -n 's/^reader .* doorbells=\([0-9]*\).*/\1/p' $st)
echo "ipc-ping: sent=$sent rings=$rings doorbells to pong=$got"
grep -q "^writer ipc-ping attached" $st || fail "writer not attached"
grep -q "^reader ipc-pong attached" $st || fail "reader not attached"
if [ $mode = doorbell ]; then
	# a ring only when the peer waits: at most one per message
	[ "$rings" -ge 1 ] && [ "$rings" -le "$sent" ] ||
		fail "rings $rings for $sent messages"
	[ "$got" -ge 1 ] && [ "$got" -le "$rings" ] ||
		fail "doorbells delivered $got of $rings rings"
else
	[ "$rings" = 0 ] && [ "$got" = 0 ] || fail "polling rang: $rings $got"
fi
prtos cell shutdown --timeout 60 ipc-ping || fail "shutdown ping"
prtos cell shutdown --timeout 60 ipc-pong || fail "shutdown pong"
# both stopped: their counters no longer move. One exit per ring, and no
# other hypercall on the sender.
rings=$(chan_field ipc-ping writer rings)
hc=$(prtos cell stats ipc-ping | sed -n 's/^hypercall *\([0-9]*\) .*/\1/p')
echo "ipc-ping: rings=$rings hypercalls=${hc:-0}"
[ "${hc:-0}" = "$rings" ] || fail "hypercalls ${hc:-0} != rings $rings"
prtos cell destroy ipc-ping || fail destroy
prtos cell destroy ipc-pong || fail destroy
grep -q "^writer ipc-ping absent" /sys/devices/prtos/channels/ipc-ping/status ||
	fail "writer still attached after destroy"
prtos disable || fail disable
echo "CELL-IPC-OK $mode"
