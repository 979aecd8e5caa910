# SPDX-License-Identifier: GPL-2.0
# Linux user space writes a queuing channel that an inmate reads and
# answers on another; a message too long and a full queue are refused by
# name, and what was queued stays for the next reader. A doorbell reaches
# the reader only once it has armed it.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
# raw rings of the root's writer port of echo-in (port 1; hypercall
# PRTOS_HC_CHANNEL_RING = 12) to a reader that polls, so never arms: each
# is counted, none delivered, though the reader has a vector and runs
cell_up ipc-echo $DEMOS/ipc-demo.bin "mode=poll tx=echo-out rx=echo-in"
for i in 1 2 3; do
	r=$(hcall 12 0x1 0x0)
	[ "$r" = 0 ] || fail "ring $i to an unarmed reader delivered $r"
done
[ "$(chan_field echo-in writer rings)" = 3 ] || fail "rings not counted"
[ "$(chan_field echo-in reader doorbells)" = 0 ] ||
	fail "a doorbell reached the unarmed reader"
prtos cell destroy ipc-echo || fail destroy
# the same reader waiting for its doorbell has armed it: a ring gets there
cell_up ipc-echo $DEMOS/ipc-demo.bin "tx=echo-out rx=echo-in"
rung() {
	[ "$(hcall 12 0x1 0x0)" = 1 ]
}
wait_for 60 rung || fail "no ring reached the armed reader"
[ "$(chan_field echo-in reader doorbells)" -ge 1 ] ||
	fail "the delivered doorbell was not counted"
for word in first second third; do
	prtos channel write echo-in "hello $word" || fail "write $word"
done
answered() {
	prtos channel read echo-out >> /tmp/echo
	grep -q "hello third" /tmp/echo
}
wait_for 300 answered || fail "no answer: $(cat /tmp/echo)"
cat /tmp/echo
[ "$(grep -c '^hello ' /tmp/echo)" = 3 ] || fail "not three answers"
[ "$(grep '^hello ' /tmp/echo | sed 's/  (.*//' | tr '\n' ,)" = \
	"hello first,hello second,hello third," ] || fail "answers out of order"
expect_error "message too long: 300 bytes, channel 'echo-in' takes at most 256" \
	prtos channel write echo-in "$(printf '%300s' x)"
expect_error "the root cell is the reader of channel 'echo-out'" \
	prtos channel write echo-out nope
# no reader: the queue keeps 16 messages, the 17th is refused and counted
prtos cell destroy ipc-echo || fail destroy
for i in $(seq 1 16); do
	prtos channel write echo-in "queued $i" || fail "write $i"
done
expect_error "channel 'echo-in' is full (16 messages)" \
	prtos channel write echo-in "one too many"
[ "$(chan_field echo-in writer overflows)" = 1 ] || fail "overflow not counted"
prtos channel list
# a new reader takes them over, in order, and learns of the lost one
cell_up ipc-echo $DEMOS/ipc-demo.bin "tx=echo-out rx=echo-in"
: > /tmp/echo
all() {
	prtos channel read echo-out >> /tmp/echo
	grep -q "queued 16" /tmp/echo
}
wait_for 300 all || fail "queued messages not answered: $(cat /tmp/echo)"
[ "$(grep -c '^queued ' /tmp/echo)" = 16 ] || fail "not 16 answers"
[ "$(chan_field echo-in reader lost)" = 1 ] || fail "the reader was not told of 1 lost"
prtos cell destroy ipc-echo || fail destroy
prtos disable || fail disable
echo "CELL-ECHO-OK"
