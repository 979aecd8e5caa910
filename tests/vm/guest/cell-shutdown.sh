# SPDX-License-Identifier: GPL-2.0
# cyclic-demo refuses a shutdown while a frame runs (its first frame is
# made 4 s long) and accepts one between frames.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up cyclic-demo $DEMOS/cyclic-demo.bin "mode=poll period=1000 hold_ms=4000"
sleep 1
expect_error "refused the shutdown request" prtos cell shutdown cyclic-demo
[ "$(cell_state cyclic-demo)" = running ] || fail "not running after the refusal"
sleep 4
# frames are 5 us of every 1000 now: a request lands between frames
ok=0
for attempt in 1 2 3; do
	if prtos cell shutdown cyclic-demo; then ok=1; break; fi
done
[ $ok = 1 ] || fail "shutdown never accepted"
[ "$(cell_state cyclic-demo)" = "shut down" ] || fail "not shut down"
prtos cell destroy cyclic-demo || fail destroy
prtos disable || fail disable
echo "CELL-SHUTDOWN-OK"
