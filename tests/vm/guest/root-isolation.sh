# SPDX-License-Identifier: GPL-2.0
# After enable the hypervisor's memory and UART are out of the root's
# reach: reads see all ones, the hypervisor reports the access, and after
# disable the memory is readable again (it holds the image: "PRTOS-HV").
. /prtos/tests/vm/guest/lib.sh
PEEK=/prtos/tests/modules/prtos-peek.ko
MAGIC=0x56482d534f545250	# "PRTOS-HV" read as a little-endian u64
peek() {
	insmod $PEEK addr=$1 || fail "insmod prtos-peek"
	rmmod prtos-peek
	dmesg | grep "prtos-peek: $1 = " | tail -n 1 | sed 's/.* = //'
}
modprobe prtos || fail "modprobe"
prtos enable $CONFIG || fail "enable"
v=$(peek 0x3a000000)
echo "hypervisor memory under PRTOS reads $v"
[ "$v" = 0xffffffffffffffff ] || fail "hypervisor memory readable: $v"
v=$(peek 0x3a100000)
[ "$v" = 0xffffffffffffffff ] || fail "hypervisor pool readable: $v"
echo "root writes to COM2" > /dev/ttyS1
prtos console > /tmp/console
grep "VIOLATION" /tmp/console
grep -q "memory read of 8 bytes at 0x3a000000" /tmp/console || fail "no report of the memory read"
grep -q "port .* at 0x2f[89a-f]" /tmp/console || fail "no report of the COM2 access"
[ "$(cat /sys/devices/prtos/root_violations)" -ge 3 ] || fail "violations not counted"
echo "still alive: $(work_all)"
prtos disable || fail "disable"
v=$(peek 0x3a000000)
echo "hypervisor memory after disable reads $v"
[ "$v" = $MAGIC ] || fail "image not where expected after disable: $v"
echo "ROOT-ISOLATION-OK"
