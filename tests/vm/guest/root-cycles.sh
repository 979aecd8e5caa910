# SPDX-License-Identifier: GPL-2.0
# Enable and disable many times while every CPU is busy.
. /prtos/tests/vm/guest/lib.sh
cycles=${1:-20}
modprobe prtos || fail "modprobe"
expect=$(seq 1 20000 | md5sum)
stop=/tmp/stop
for cpu in $(seq 0 $(($(nproc) - 1))); do
	taskset -c $cpu sh -c "while [ ! -e $stop ]; do
		[ \"\$(seq 1 20000 | md5sum)\" = \"$expect\" ] || echo LOAD-MISMATCH; done" &
done
i=1
while [ $i -le $cycles ]; do
	prtos enable $CONFIG > /tmp/enable.out 2>&1 || { cat /tmp/enable.out; fail "enable $i"; }
	usleep 200000
	prtos disable > /tmp/disable.out 2>&1 || { cat /tmp/disable.out; fail "disable $i"; }
	echo "cycle $i done"
	i=$((i + 1))
done
touch $stop
wait
[ "$(cat /sys/devices/prtos/enabled)" = 0 ] || fail "still enabled"
echo "ROOT-CYCLES-OK $cycles"
