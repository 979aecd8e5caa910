# SPDX-License-Identifier: GPL-2.0
# The root's MSR writes under PRTOS: the per-thread ones and what Linux
# needs on its own CPUs reach the CPU; anything else is refused with a #GP
# (the safe accessors see an error) and reported; SVM's MSRs read as on a
# CPU without a hypervisor.
. /prtos/tests/vm/guest/lib.sh
MOD=/prtos/tests/modules/prtos-msr.ko
msr() {
	taskset -c 1 insmod $MOD "$@" || fail "insmod prtos-msr $*"
	rmmod prtos-msr
	dmesg | grep "prtos-msr: " | tail -n 1 | sed 's/.*prtos-msr: //'
}
expect() {
	want=$1
	shift
	got=$(msr "$@")
	echo "$* -> $got"
	echo "$got" | grep -q "$want" || fail "$*: expected '$want', got '$got'"
}

modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
v0=$(cat /sys/devices/prtos/root_violations)
# allowed: per-thread PAT, the MTRR default type, DE_CFG, both unchanged
expect "write ok" msr=0x277 write=1 same=1
expect "write ok" msr=0x2ff write=1 same=1
expect "write ok" msr=0xc0011029 write=1 same=1
# HWCR: the flush-filter bit Linux sets, yes; SMMLOCK, no
hwcr=$(msr msr=0xc0010015 | sed 's/.*read ok \(0x[0-9a-f]*\).*/\1/')
expect "write ok" msr=0xc0010015 write=1 value=$((hwcr | 0x40))
expect "write refused" msr=0xc0010015 write=1 value=$((hwcr | 1))
# refused: the TSC (written with its own value) and SVM's save area
expect "write refused" msr=0x10 write=1 same=1
expect "write refused" msr=0xc0010117 write=1 value=0x3a000000
expect "read ok 0x0," msr=0xc0010117
# what reads as 0 may be written back as 0 (Linux's emergency reboot)
expect "write ok" msr=0xc0010117 write=1 value=0
expect "read ok 0x0," msr=0xc0010117
v1=$(cat /sys/devices/prtos/root_violations)
echo "root violations: $v0 -> $v1"
[ $((v1 - v0)) -eq 3 ] || fail "expected 3 refused writes, counted $((v1 - v0))"
echo "still alive: $(work_all)"
prtos disable || fail disable
echo "ROOT-MSR-OK"
