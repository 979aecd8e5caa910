# SPDX-License-Identifier: GPL-2.0
# Every bad system config is refused with a message naming the problem,
# Linux carries on, and a good config still enables afterwards.
# Arguments: directory with the test configs.
. /prtos/tests/vm/guest/lib.sh
dir=$1
modprobe prtos || fail "modprobe"
expect_refusal() {
	file=$1; pattern=$2
	if prtos enable "$file" > /tmp/out 2>&1; then
		fail "$file was accepted"
	fi
	echo "--- $file:"; cat /tmp/out
	grep -q -i "$pattern" /tmp/out || fail "$file: message lacks '$pattern'"
	[ "$(cat /sys/devices/prtos/enabled)" = 0 ] || fail "enabled after $file"
	grep -q "PRTOS hypervisor" /proc/iomem && fail "memory still claimed after $file"
	return 0
}
cp $CONFIG /tmp/sig.cell
printf 'PRTOSXXX' | dd of=/tmp/sig.cell conv=notrunc 2>/dev/null
expect_refusal /tmp/sig.cell "not a PRTOS configuration"
head -c 300 $CONFIG > /tmp/trunc.cell
expect_refusal /tmp/trunc.cell "truncated"
: > /tmp/empty.cell
expect_refusal /tmp/empty.cell "empty"
expect_refusal $dir/bad-overlap.cell "overlap"
expect_refusal $dir/bad-hv-overlap.cell "overlaps the hypervisor memory"
expect_refusal $dir/bad-unreserved.cell "not reserved"
expect_refusal $dir/bad-cpu.cell "not in the root cell"
# only the hypervisor itself can find this one out: its reason must reach
# the command, and its console stay readable after the failed attempt
expect_refusal $dir/bad-pool-exhausted.cell "out of hypervisor memory"
expect_refusal $dir/bad-root-port.cell "names channel 'missing', which the system configuration does not declare"
expect_refusal $dir/bad-channel-self-reader.cell "is both the writer and a reader of channel 'loop'"
prtos console | grep "cannot build the root cell" || fail "prtos console lacks the hypervisor's reason"
dmesg | grep "prtos: hypervisor: ERROR" || fail "kernel log lacks the hypervisor's messages"
# the hypervisor image itself: garbage, then missing
cp /lib/firmware/prtos.bin /tmp/prtos.bin.good
head -c 65536 /dev/urandom > /lib/firmware/prtos.bin
expect_refusal $CONFIG "prtos.bin is not a PRTOS hypervisor image"
rm /lib/firmware/prtos.bin
expect_refusal $CONFIG "prtos.bin not found"
cp /tmp/prtos.bin.good /lib/firmware/prtos.bin
echo "Linux still works: $(work_all)"
prtos enable $CONFIG || fail "good config after bad ones"
prtos disable || fail "disable"
echo "ROOT-BAD-CONFIGS-OK"
