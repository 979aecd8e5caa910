# SPDX-License-Identifier: GPL-2.0
# Two cells declare the same SHARED page: destroying one leaves it out of
# the root's reach (the other still holds it); the root gets it back when
# the last one is gone. Arguments: directory with test configs.
. /prtos/tests/vm/guest/lib.sh
dir=$1
PAGE=0x3b000000
violations() {
	cat /sys/devices/prtos/root_violations
}
# peek_refused YES|NO: whether the root's read of the page is refused
peek_refused() {
	before=$(violations)
	v=$(peek $PAGE)
	after=$(violations)
	echo "root reads $v at $PAGE (violations $before -> $after)"
	if [ $1 = YES ]; then
		[ "$v" = 0xffffffffffffffff ] || fail "page readable: $v"
		[ $after -gt $before ] || fail "read not counted as a violation"
	else
		[ $after -eq $before ] || fail "read of a page the root owns refused"
	fi
}
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
peek_refused NO
prtos cell create $dir/shared-a.cell || fail "create shared-a"
prtos cell create $dir/shared-b.cell || fail "create shared-b"
peek_refused YES
prtos cell destroy shared-a || fail "destroy shared-a"
peek_refused YES
prtos cell destroy shared-b || fail "destroy shared-b"
peek_refused NO
prtos disable || fail disable
echo "CELL-SHARED-OK"
