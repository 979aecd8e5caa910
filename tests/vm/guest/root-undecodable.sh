# SPDX-License-Identifier: GPL-2.0
# An access of the root outside its memory that the hypervisor cannot
# decode (XCHG): each one is reported once, with its instruction bytes,
# and Linux gets a #GP; nothing is retried, Linux goes on.
. /prtos/tests/vm/guest/lib.sh
POKE=/prtos/tests/modules/prtos-poke.ko
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
v0=$(cat /sys/devices/prtos/root_violations)
for i in 1 2 3; do
	insmod $POKE addr=0x3a000000 || fail "insmod prtos-poke"
	rmmod prtos-poke
done
dmesg | grep "prtos-poke:" | tail -n 3
[ "$(dmesg | grep -c 'prtos-poke: 0x3a000000 trapped')" = 3 ] || fail "no #GP for the XCHG"
sleep 1
v1=$(cat /sys/devices/prtos/root_violations)
echo "UNDECODABLE violations $v0 -> $v1"
[ "$v1" = "$((v0 + 3))" ] || fail "expected 3 violations, got $v0 -> $v1"
work_all > /dev/null || fail "workload after the faults"
prtos disable || fail disable
echo "ROOT-UNDECODABLE-OK"
