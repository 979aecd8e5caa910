# SPDX-License-Identifier: GPL-2.0
# The demo, inside the VM (see scripts/demo). It ends with a summary of
# what each step took and how the cyclic cell did, and a verdict line.
set -e
CYCLIC=/prtos/configs/x86/cyclic-demo.cell
SYSFS=/sys/devices/prtos
current="start-up"

step() {
	current=$1
	echo
	echo "===== $*"
}

# The last thing printed, whatever happens: a failed step is named.
verdict_on_exit() {
	status=$?
	[ $status -eq 0 ] && return
	echo
	echo "===== Verdict: FAILED in step '$current' (exit status $status)"
	echo "      The lines above say why; 'make test' checks each part alone."
}
trap verdict_on_exit EXIT

# Run a prtos command, show its output, and keep the duration it reports
# ("... (took 0.123 s)") in took_NAME.
timed() {
	name=$1
	shift
	out=$("$@") || {
		echo "$out"
		return 1
	}
	echo "$out"
	t=$(echo "$out" | sed -n 's/.*(took \([0-9.]*\) s).*/\1/p' | tail -n 1)
	eval "took_$name=\${t:-?}"
}

# The value of KEY=... in the statistics line $2.
field() {
	echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1
}

ns_to_us() {
	awk -v ns="$1" 'BEGIN { if (ns == "") print "?"; else printf "%.1f", ns / 1000 }'
}

step "Linux boots alone on $(nproc) CPUs; loading the driver"
modprobe prtos
cat $SYSFS/version
cpus_before=$(cat /sys/devices/system/cpu/online)

step "prtos enable: Linux becomes the root cell of the hypervisor"
timed enable prtos enable /prtos/configs/x86/qemu-q35.cell
prtos console

step "prtos cell create: CPU 2 leaves Linux, 2 MiB leave the root"
timed create prtos cell create $CYCLIC
echo "CPUs online in Linux: $(cat /sys/devices/system/cpu/online)"

step "prtos cell load / start: the cyclic real-time inmate, 1 ms period, APIC timer"
prtos cell load cyclic-demo /prtos/inmates/demos/x86/cyclic-demo.bin \
	-s "mode=irq period=1000"
timed start prtos cell start cyclic-demo
prtos cell list

step "The inmate reports its release latency once a second on COM3 ([com3]); Linux works on"
for cpu in 0 1; do
	taskset -c "$cpu" sh -c "seq 1 30000 | md5sum >/tmp/sum.$cpu" &
done
wait
cat /tmp/sum.*
sleep 4
prtos cell stats cyclic-demo

step "The same statistics seen from Linux: the inmate publishes them on the channel cyclic-stats"
prtos channel list
for i in 1 2 3; do
	prtos channel read cyclic-stats
	sleep 1
done

step "prtos cell shutdown / destroy: CPU 2 and the memory go back to Linux"
timed shutdown prtos cell shutdown --timeout 30 cyclic-demo
# The cell has stopped: its last message is the run's total, and its
# counters no longer move, so both are one consistent snapshot.
total=$(prtos channel read cyclic-stats | sed 's/  (age.*//')
cell_dir=$(grep -lx cyclic-demo $SYSFS/cells/*/name | sed 's#/name$##')
exits=$(awk '{ for (i = 3; i <= NF; i++)
		if ($i ~ /^vmexits_total=/) { sub(/.*=/, "", $i); n += $i } }
	END { print n + 0 }' "$cell_dir/statistics")
timed destroy prtos cell destroy cyclic-demo
cpus_after=$(cat /sys/devices/system/cpu/online)
echo "CPUs online in Linux: $cpus_after"

step "prtos disable: back to native Linux"
timed disable prtos disable
echo "enabled: $(cat $SYSFS/enabled)"
rmmod prtos

current="summary"
releases=$(field releases "$total")
misses=$(field misses "$total")
[ -n "$releases" ] && [ "$releases" -gt 0 ] || {
	echo "no release statistics from the cyclic cell: '$total'"
	exit 1
}
[ "$cpus_after" = "$cpus_before" ] || {
	echo "CPUs online after destroy: $cpus_after, before: $cpus_before"
	exit 1
}
per_release=$(awk -v e="$exits" -v r="$releases" 'BEGIN { printf "%.2f", e / r }')
miss_pct=$(awk -v m="$misses" -v r="$releases" 'BEGIN { printf "%.1f", 100 * m / r }')

echo
echo "===== Summary"
printf '  %-9s %-9s %-9s %-9s %-9s %s\n' enable create start shutdown \
	destroy disable
printf '  %-9s %-9s %-9s %-9s %-9s %s\n' "${took_enable}s" \
	"${took_create}s" "${took_start}s" "${took_shutdown}s" \
	"${took_destroy}s" "${took_disable}s"
echo
echo "  cyclic-demo on CPU 2, 1 ms period, APIC timer interrupt:"
printf '  %-9s %-9s %-9s %-9s %-9s %s\n' releases misses "p50 us" \
	"p99 us" "max us" "VM exits/release"
printf '  %-9s %-9s %-9s %-9s %-9s %s\n' "$releases" "$misses" \
	"$(ns_to_us "$(field p50 "$total")")" \
	"$(ns_to_us "$(field p99 "$total")")" \
	"$(ns_to_us "$(field max "$total")")" "$per_release"
echo
echo "  These figures come from software emulation (QEMU TCG, no KVM):"
echo "  absolute latencies are those of an emulated CPU on a shared host,"
echo "  not of hardware. 'make bench' runs the same inmate on bare metal in"
echo "  the same run and prints the ratio between the two."
echo
echo "===== Verdict: OK: every step succeeded, CPU 2 and the memory went back to Linux, $releases releases with $misses missed ($miss_pct%)"
