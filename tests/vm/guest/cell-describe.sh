# SPDX-License-Identifier: GPL-2.0
# A cell's description: 'prtos cell load' writes it, the inmate opens its
# ports from it, 'prtos cell describe' shows it (the test compares it with
# the configuration); cells without one and the root are refused by name.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
expect_error "the root cell has no description" prtos cell describe 0
prtos cell create $CONFIGS/ipc-ping.cell || fail "create ipc-ping"
expect_error "cell \"ipc-ping\" has no description yet" \
	prtos cell describe ipc-ping
prtos cell load ipc-ping $DEMOS/ipc-demo.bin -s "mode=poll size=16" \
	> /tmp/load || fail "load ipc-ping"
cat /tmp/load
grep -q "^Loaded cell description (.* bytes) at 0x2000 into cell" /tmp/load ||
	fail "no description loaded"
echo "TSC-KHZ $(cat /sys/devices/prtos/tsc_khz)"
for ch in ipc-ping ipc-pong; do
	echo "CHANNEL-SIZE $ch $(cat /sys/devices/prtos/channels/$ch/size)"
done
echo "DESCRIBE-BEGIN"
prtos cell describe ipc-ping || fail describe
echo "DESCRIBE-END"
prtos cell start ipc-ping || fail "start ipc-ping"
# the ping side opens both ports by name from its description
attached() {
	grep -q "^writer ipc-ping attached" \
		/sys/devices/prtos/channels/ipc-ping/status &&
		grep -q "^reader ipc-ping attached" \
			/sys/devices/prtos/channels/ipc-pong/status
}
wait_for 120 attached || fail "ipc-ping did not open its ports: \
$(cat /sys/devices/prtos/channels/ipc-p*/status)"
prtos cell destroy ipc-ping || fail destroy
prtos disable || fail disable
echo "CELL-DESCRIBE-OK"
