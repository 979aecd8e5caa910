# SPDX-License-Identifier: GPL-2.0
# A CPU given back by a cell comes online while PRTOS hides SVM from the
# root, so Linux drops SVM from its feature flags for good: enable must
# still work after disable (it asks CPUID, not the flags).
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
for round in 1 2 3; do
	prtos enable $CONFIG || fail "enable, round $round"
	cell_up tiny-demo $DEMOS/tiny-demo.bin
	prtos cell destroy tiny-demo || fail "destroy, round $round"
	[ "$(cpus_online)" = "0-3" ] || fail "CPUs not back: $(cpus_online)"
	prtos disable || fail "disable, round $round"
	echo "svm flags: $(grep -c ' svm' /proc/cpuinfo) of $(nproc) CPUs"
done
echo "ROOT-REENABLE-OK"
