# SPDX-License-Identifier: GPL-2.0
# A cell's counters read many times while it takes an exit per release:
# in cyclic-demo's irq mode every steady-state exit is an EOI (xapic), so
# vmexits_total - xapic must be the same in every read if each read is one
# snapshot. Prints how many reads there were and how many values it took.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up cyclic-demo $DEMOS/cyclic-demo.bin "mode=irq period=1000"
sleep 3
stats=$(ls -d /sys/devices/prtos/cells/1)/statistics
for i in $(seq 1 1500); do
	cat $stats
done | awk '{
	for (i = 3; i <= NF; i++) {
		split($i, kv, "=")
		v[kv[1]] = kv[2]
	}
	reads++
	d = v["vmexits_total"] - v["xapic"]
	if (!(d in seen)) { seen[d] = 1; distinct++ }
	last = v["vmexits_total"]
	if (reads == 1) first = last
}
END { print "SNAPSHOT reads=" reads " distinct=" distinct " exits=" last - first }'
prtos cell shutdown cyclic-demo || fail shutdown
prtos cell destroy cyclic-demo || fail destroy
prtos disable || fail disable
echo "CELL-STATS-SNAPSHOT-OK"
