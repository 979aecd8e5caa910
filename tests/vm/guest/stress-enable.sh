# SPDX-License-Identifier: GPL-2.0
# Enable and disable $1 times while the root is busy on every CPU; every
# enable must gather every CPU.
. /prtos/tests/vm/guest/lib.sh
want=${1:-100}
modprobe prtos || fail modprobe
for cpu in 0 1 2 3; do
	taskset -c $cpu sh -c 'while :; do echo x | md5sum > /dev/null; done' &
done
n=0
while [ $n -lt $want ]; do
	prtos enable $CONFIG > /tmp/out 2>&1 || { cat /tmp/out; fail "enable $((n + 1)) failed"; }
	usleep $(((n * 7919) % 200000))
	prtos disable > /tmp/out 2>&1 || { cat /tmp/out; fail "disable $((n + 1)) failed"; }
	n=$((n + 1))
	[ $((n % 20)) = 0 ] && echo "cycle $n"
done
kill $(jobs -p) 2>/dev/null
echo "STRESS-ENABLE-OK $n"
