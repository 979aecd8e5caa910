# SPDX-License-Identifier: GPL-2.0
# smp-demo: the cell's boot CPU starts its second CPU with INIT/SIPI.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up smp-demo $DEMOS/smp-demo.bin
sleep 4
prtos cell list
[ "$(cpus_online)" = "0-1" ] || fail "cell CPUs still online: $(cpus_online)"
prtos cell shutdown smp-demo || fail shutdown
prtos cell destroy smp-demo || fail destroy
[ "$(cpus_online)" = "0-3" ] || fail "CPUs not back: $(cpus_online)"
prtos disable || fail disable
echo "CELL-SMP-OK"
