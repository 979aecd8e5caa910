# SPDX-License-Identifier: GPL-2.0
# Linux user space writes a queuing channel that an inmate reads and
# answers on another; a message too long and a full queue are refused by
# name, and what was queued stays for the next reader.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up ipc-echo $DEMOS/ipc-demo.bin "tx=echo-out rx=echo-in"
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
