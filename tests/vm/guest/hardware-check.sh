# SPDX-License-Identifier: GPL-2.0
# 'prtos hardware check' on the QEMU machine passes before 'modprobe prtos',
# with the msr driver (VM_CR read), after it, with the system configuration
# and while PRTOS is enabled; it refuses a configuration whose hypervisor
# memory Linux did not reserve. Each run's output is framed by "== NAME"
# and "== status N" for the host to read.
# $1: the msr driver module to insmod, or "-"; $2: tests/configs.
. /prtos/tests/vm/guest/lib.sh
MSR_KO=$1
BAD_CONFIGS=$2

# run NAME ARGS...: one check, framed; its status in $status
run() {
	name=$1
	shift
	echo "== $name"
	prtos hardware check "$@" > /tmp/hw 2>&1
	status=$?
	cat /tmp/hw
	echo "== status $status"
}

# passes NAME PATTERN ARGS...: a check that exits 0 with a line PATTERN
passes() {
	name=$1
	pattern=$2
	shift 2
	run "$name" "$@"
	[ $status -eq 0 ] || fail "hardware check ($name) exited $status"
	grep -q "$pattern" /tmp/hw || fail "hardware check ($name): no '$pattern'"
}

passes no-driver '^prtos driver *note *not loaded'
if [ "$MSR_KO" != - ]; then
	insmod "$MSR_KO" || fail "insmod msr"
	passes msr '^SVM in firmware *ok *VM_CR.SVMDIS clear on CPUs 0-3'
fi
modprobe prtos || fail "modprobe prtos"
passes driver '^prtos driver *ok *loaded'
passes config '^hypervisor memory *ok' $CONFIG
prtos enable $CONFIG || fail "enable"
passes enabled '^PRTOS enabled *ok *yes' $CONFIG
prtos disable || fail "disable"

run unreserved $BAD_CONFIGS/bad-unreserved.cell
[ $status -eq 1 ] || fail "unreserved configuration: status $status, not 1"
grep -q '^hypervisor memory *CONFLICT' /tmp/hw || fail "no CONFLICT line"
echo "HARDWARE-CHECK-OK"
