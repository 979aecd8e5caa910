# SPDX-License-Identifier: GPL-2.0
# The root programs a redirection entry of one of its own IOAPIC pins
# (13, unused on q35) while cyclic-demo runs on CPU 2 (APIC ID 2): it may
# aim it at its own CPUs, never at the cell's, and only as a fixed or
# lowest-priority interrupt. Refused writes leave the entry as it was.
. /prtos/tests/vm/guest/lib.sh
MOD=/prtos/tests/modules/prtos-ioapic.ko
entry() {
	insmod $MOD "$@" || fail "insmod prtos-ioapic $*"
	rmmod prtos-ioapic
	dmesg | grep "prtos-ioapic: pin 13 " | tail -n 1 | sed 's/.*pin 13 //'
}
masked() { [ $(( $(echo "$1" | sed 's/lo=\([^ ]*\).*/\1/') & 0x10000 )) -ne 0 ]; }
hi_of() { echo "$1" | sed 's/.*hi=//'; }

modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up cyclic-demo $DEMOS/cyclic-demo.bin "mode=irq period=1000"
v0=$(cat /sys/devices/prtos/root_violations)

e=$(entry dest=0)
echo "to CPU 0: $e"
masked "$e" && fail "a fixed interrupt for the root's own CPU 0 was refused: $e"
[ "$(hi_of "$e")" = 0x00000000 ] || fail "destination not written: $e"

e=$(entry dest=1 mode=1)
echo "lowest priority to CPU 1: $e"
masked "$e" && fail "lowest priority to CPU 1 refused: $e"

e=$(entry dest=2)
echo "to the cell's CPU 2: $e"
masked "$e" || fail "the entry was unmasked towards the cell's CPU: $e"

e=$(entry dest=2 low_first=1)
echo "to the cell's CPU 2, destination last: $e"
[ "$(hi_of "$e")" = 0x00000000 ] || fail "destination moved to the cell's CPU: $e"

e=$(entry dest=0 mode=4)
echo "NMI to CPU 0: $e"
masked "$e" || fail "an NMI entry was accepted: $e"

e=$(entry dest=0xff)
echo "broadcast: $e"
masked "$e" || fail "a broadcast entry was accepted: $e"

v1=$(cat /sys/devices/prtos/root_violations)
echo "root violations: $v0 -> $v1"
[ $((v1 - v0)) -eq 4 ] || fail "expected 4 refused writes, counted $((v1 - v0))"
[ "$(cell_state cyclic-demo)" = running ] || fail "cyclic-demo: $(cell_state cyclic-demo)"
echo "still alive: $(work_all)"
prtos cell shutdown cyclic-demo || fail shutdown
prtos cell destroy cyclic-demo || fail destroy
prtos disable || fail disable
echo "ROOT-IOAPIC-OK"
