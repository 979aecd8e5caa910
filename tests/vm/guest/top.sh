# SPDX-License-Identifier: GPL-2.0
# prtos top in batch mode while cyclic-demo runs in interrupt mode and
# publishes its statistics to the root over the cyclic-stats channel.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up cyclic-demo $DEMOS/cyclic-demo.bin "mode=irq period=1000"
running() { [ "$(cell_state cyclic-demo)" = running ]; }
wait_for 60 running || fail "cyclic-demo not running"
# its releases show as xapic exits (the timer's EOI) once it calibrated
releasing() {
	prtos top -b -n 1 -d 1 > /tmp/top || fail "prtos top: $(cat /tmp/top)"
	grep -q "cyclic-demo .*xapic [1-9]" /tmp/top
}
wait_for 120 releasing || fail "no xapic exits of cyclic-demo: $(cat /tmp/top)"
echo TOP-BEGIN
cat /tmp/top
echo TOP-END
expect_error "invalid delay '0'" prtos top -d 0
prtos cell destroy cyclic-demo || fail destroy
prtos disable || fail disable
expect_error "PRTOS is not enabled" prtos top -n 1
echo "TOP-OK"
