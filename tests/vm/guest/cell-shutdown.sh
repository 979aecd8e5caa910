# SPDX-License-Identifier: GPL-2.0
# cyclic-demo answers "later" to a shutdown while a frame runs (its first
# frame is made 4 s long) and accepts when the frame ends; with a 1 s
# period the request comes before that frame has started, in the
# start-up's critical phase, which defers it just the same; a request that
# times out first is withdrawn and the cell runs on; a cell that denies
# is reported as refusing. Never a fixed wait for the answer itself.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up cyclic-demo $DEMOS/cyclic-demo.bin "mode=poll period=1000000 hold_ms=4000"
expect_error "answered 'later' but had not accepted after 0.200 s" \
	prtos cell shutdown --timeout 0.2 cyclic-demo
[ "$(cell_state cyclic-demo)" = running ] || fail "not running after the timeout"
# the frame ends within 4 s of guest time: a generous deadline for it
prtos cell shutdown --timeout 120 cyclic-demo || fail "shutdown not accepted"
[ "$(cell_state cyclic-demo)" = "shut down" ] || fail "not shut down"
prtos cell destroy cyclic-demo || fail destroy
cell_up cyclic-demo $DEMOS/cyclic-demo.bin "mode=poll shutdown=deny"
expect_error "refused the shutdown request" prtos cell shutdown cyclic-demo
[ "$(cell_state cyclic-demo)" = running ] || fail "not running after the refusal"
expect_error "invalid timeout" prtos cell shutdown --timeout 0 cyclic-demo
prtos cell destroy cyclic-demo || fail destroy
prtos disable || fail disable
echo "CELL-SHUTDOWN-OK"
