# SPDX-License-Identifier: GPL-2.0
# cyclic-demo publishes its statistics on the sampling channel
# cyclic-stats; Linux user space reads them through /dev/prtos-channel
# and sees fresh, changing, valid values. Misuse is refused by name.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
[ -c /dev/prtos-channel/cyclic-stats ] || fail "no /dev/prtos-channel/cyclic-stats"
prtos channel read cyclic-stats | tee /tmp/r0
grep -q "No message yet" /tmp/r0 || fail "a message before the writer ran"
cell_up cyclic-demo $DEMOS/cyclic-demo.bin "mode=poll"
published() {
	prtos channel read cyclic-stats > /tmp/r1 && grep -q "releases=" /tmp/r1
}
wait_for 300 published || fail "nothing published"
cat /tmp/r1
grep -q "(age [0-9.]* s, valid)" /tmp/r1 || fail "not valid: $(cat /tmp/r1)"
changed() {
	prtos channel read cyclic-stats > /tmp/r2 &&
		[ "$(sed 's/  (age.*//' /tmp/r2)" != "$(sed 's/  (age.*//' /tmp/r1)" ]
}
wait_for 300 changed || fail "the statistics do not change"
cat /tmp/r2
grep -q "(age [0-9.]* s, valid)" /tmp/r2 || fail "not valid: $(cat /tmp/r2)"
# following: poll() arms the root's end, the writer rings, the doorbell
# wakes the reader
prtos channel read --follow cyclic-stats > /tmp/follow &
follower=$!
followed() {
	[ "$(grep -c 'releases=' /tmp/follow)" -ge 3 ] &&
		[ "$(chan_field cyclic-stats reader doorbells)" -ge 1 ]
}
wait_for 300 followed ||
	fail "following saw $(grep -c releases= /tmp/follow) messages, doorbells $(chan_field cyclic-stats reader doorbells)"
kill $follower
wait $follower 2>/dev/null
cat /sys/devices/prtos/channels/cyclic-stats/status
# hostile rings (PRTOS_HC_CHANNEL_RING = 12): a port the root lacks is
# refused; its reader port rings the writer, which has no vector: nothing
# is delivered, the ring is counted
r=$(hcall 12 0x5 0x0)
[ "$r" = -2 ] || fail "ring of port 5: $r"
before=$(chan_field cyclic-stats writer doorbells)
rings=$(chan_field cyclic-stats reader rings)
r=$(hcall 12 0x0 0x0)
[ "$r" = 0 ] || fail "a ring to a writer without a vector delivered $r"
[ "$(chan_field cyclic-stats writer doorbells)" = "$before" ] ||
	fail "a doorbell reached the writer"
[ "$(chan_field cyclic-stats reader rings)" = $((rings + 1)) ] ||
	fail "the ring was not counted"
expect_error "the root cell is the reader of channel 'cyclic-stats'" \
	prtos channel write cyclic-stats hello
expect_error "no channel 'nope'" prtos channel read nope
expect_error "the root cell is not an end of channel 'ipc-ping'" \
	prtos channel read ipc-ping
# a process holding the channel keeps PRTOS from being disabled
sleep 1000 < /dev/prtos-channel/cyclic-stats &
holder=$!
prtos cell destroy cyclic-demo || fail destroy
expect_error "/dev/prtos-channel/cyclic-stats is open" prtos disable
kill $holder
wait $holder 2>/dev/null
prtos disable || fail disable
echo "CELL-STATS-CHANNEL-OK"
