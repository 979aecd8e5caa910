# SPDX-License-Identifier: GPL-2.0
# Create, load, start and destroy a cell many times; each time its CPU
# comes back to Linux and does real work.
. /prtos/tests/vm/guest/lib.sh
n=${1:-20}
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
pool=$(cat /sys/devices/prtos/mem_pool_used_pages)
i=1
while [ $i -le $n ]; do
	cell_up tiny-demo $DEMOS/tiny-demo.bin > /dev/null
	[ "$(cpus_online)" = "0-2" ] || fail "cycle $i: CPU 3 online"
	usleep 300000
	prtos cell destroy tiny-demo > /dev/null || fail "cycle $i: destroy"
	[ "$(cpus_online)" = "0-3" ] || fail "cycle $i: CPU 3 not back"
	taskset -c 3 sh -c 'seq 1 2000 | md5sum' > /dev/null || fail "cycle $i: CPU 3 unusable"
	echo "cycle $i done"
	i=$((i + 1))
done
# every cell's page tables, bitmaps and comm region went back to the pool
[ "$(cat /sys/devices/prtos/mem_pool_used_pages)" = "$pool" ] || fail "hypervisor pool leaks: $pool pages used before, $(cat /sys/devices/prtos/mem_pool_used_pages) after"
prtos disable || fail disable
echo "CELL-CYCLES-OK $n"
