# SPDX-License-Identifier: GPL-2.0
# CPUs changing hands, many times: tiny-demo (CPU 3), cyclic-demo (CPU 2)
# and smp-demo (CPUs 2 and 3) created, loaded, started and destroyed in
# varying order and timing, with and without a shutdown first, and work
# pinned to each returned CPU at once. Stops after $1 hand-backs (CPUs
# returned to Linux). The root must not have a single violation and every
# CPU must be back and usable at the end.
. /prtos/tests/vm/guest/lib.sh
want=${1:-100}
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
v0=$(cat /sys/devices/prtos/root_violations)
pool=$(cat /sys/devices/prtos/mem_pool_used_pages)
(while :; do echo x | md5sum > /dev/null; done) &
busy=$!
back=0
i=0
while [ $back -lt $want ]; do
	i=$((i + 1))
	case $((i % 4)) in
	0) cells="tiny-demo" ;;
	1) cells="cyclic-demo tiny-demo" ;;
	2) cells="smp-demo" ;;
	3) cells="tiny-demo cyclic-demo" ;;
	esac
	for c in $cells; do
		cell_up $c $DEMOS/$c.bin > /dev/null
	done
	usleep $(((i * 7919) % 250000))
	for c in $cells; do
		[ $((i % 3)) = 0 ] && prtos cell shutdown $c > /dev/null 2>&1
		prtos cell destroy $c > /dev/null || fail "cycle $i: destroy $c"
		case $c in
		tiny-demo) ret="3" ;;
		cyclic-demo) ret="2" ;;
		smp-demo) ret="2 3" ;;
		esac
		for cpu in $ret; do
			taskset -c $cpu sh -c 'seq 1 300 | md5sum' > /dev/null ||
				fail "cycle $i: CPU $cpu unusable after $c"
			back=$((back + 1))
		done
	done
	[ "$(cpus_online)" = "0-3" ] || fail "cycle $i: CPUs online: $(cpus_online)"
	v=$(cat /sys/devices/prtos/root_violations)
	[ "$v" = "$v0" ] || fail "cycle $i: root violations $v0 -> $v"
	if [ $((i % 25)) = 0 ]; then
		# no cell exists now: the hypervisor's pool is back at its baseline
		p=$(cat /sys/devices/prtos/mem_pool_used_pages)
		[ "$p" = "$pool" ] || fail "cycle $i: pool $pool pages used at the start, $p now"
		echo "cycle $i: $back hand-backs, pool $p pages, root MemFree $(sed -n 's/^MemFree: *//p' /proc/meminfo)"
	fi
done
kill $busy
[ "$(cat /sys/devices/prtos/mem_pool_used_pages)" = "$pool" ] || fail "pool: $pool pages used before, $(cat /sys/devices/prtos/mem_pool_used_pages) after"
for cpu in 0 1 2 3; do
	taskset -c $cpu sh -c 'seq 1 3000 | md5sum' > /dev/null || fail "CPU $cpu unusable"
done
prtos disable || fail disable
echo "STRESS-HANDOVER-OK $back hand-backs in $i cycles, root violations $v0"
