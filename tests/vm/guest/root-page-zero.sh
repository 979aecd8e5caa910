# SPDX-License-Identifier: GPL-2.0
# Physical page 0 is not mapped in the hypervisor: a hypercall buffer
# there is refused (-EFAULT) instead of being written, one page above
# it is written.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
# GET_REASON (11) and CONSOLE_SNAPSHOT (3) into page 0
r=$(hcall 11 0x0 16); echo "GET_REASON page0 $r"
[ "$r" = -14 ] || fail "GET_REASON into page 0: $r"
r=$(hcall 3 0x0 64); echo "CONSOLE_SNAPSHOT page0 $r"
[ "$r" = -14 ] || fail "CONSOLE_SNAPSHOT into page 0: $r"
r=$(hcall 11 0xff8 16); echo "GET_REASON across page0 $r"
[ "$r" = -14 ] || fail "GET_REASON reaching into page 0: $r"
prtos disable || fail disable
echo "ROOT-PAGE-ZERO-OK"
