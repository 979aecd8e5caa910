# SPDX-License-Identifier: GPL-2.0
# The root-cell benchmarks, inside the VM (see scripts/bench).
set -e
CONFIG=/prtos/configs/x86/qemu-q35.cell
say() { echo "BENCH: $*"; }
# /proc/uptime counts in 10 ms steps: the workloads run for seconds
now() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }

cpu_work() { seq 1 2000000 | md5sum > /dev/null; }
syscall_work() { dd if=/dev/zero of=/dev/null bs=1 count=1000000 2>/dev/null; }

# best of three, in milliseconds
measure() {
	best=0
	for i in 1 2 3; do
		t0=$(now); "$1"; t1=$(now)
		d=$((t1 - t0))
		[ $best = 0 ] || [ $d -lt $best ] && best=$d
	done
	echo $best
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

modprobe prtos
cpu_native=$(measure cpu_work)
sys_native=$(measure syscall_work)

t0=$(now); prtos enable $CONFIG > /dev/null; t1=$(now)
enable_ms=$((t1 - t0))
cpu_hv=$(measure cpu_work)
sys_hv=$(measure syscall_work)
e0=$(cat /sys/devices/prtos/vmexits_total); t0=$(now)
sleep 10
e1=$(cat /sys/devices/prtos/vmexits_total); t1=$(now)
idle_rate=$(awk -v e=$((e1 - e0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.0f", e / (t / 1e3) }')
t0=$(now); prtos disable > /dev/null; t1=$(now)
disable_ms=$((t1 - t0))

say "prtos enable: $enable_ms ms, prtos disable: $disable_ms ms (10 ms resolution) ($(nproc) CPUs)"
say "CPU-bound (seq 1 2000000 | md5sum, best of 3): native $cpu_native ms, root cell $cpu_hv ms, ratio $(ratio $cpu_hv $cpu_native)"
say "syscall-heavy (dd bs=1, 10^6 reads and writes, best of 3): native $sys_native ms, root cell $sys_hv ms, ratio $(ratio $sys_hv $sys_native)"
say "VM exits of the idle root cell: $idle_rate per second (all $(nproc) CPUs)"

# Cells: management times, start to first output, cyclic-demo in both modes.
CELLS=/prtos/configs/x86
DEMOS=/prtos/inmates/demos/x86
prtos enable $CONFIG > /dev/null
say "$(prtos cell create $CELLS/tiny-demo.cell)"
say "$(prtos cell load tiny-demo $DEMOS/tiny-demo.bin)"
echo "BENCH-MARK cell-start"
say "$(prtos cell start tiny-demo)"
sleep 2
say "$(prtos cell destroy tiny-demo)"
for mode in poll "irq eoi=after" "irq eoi=before"; do
	prtos cell create $CELLS/cyclic-demo.cell > /dev/null
	prtos cell load cyclic-demo $DEMOS/cyclic-demo.bin \
		-s "mode=$mode period=1000" > /dev/null
	prtos cell start cyclic-demo > /dev/null
	sleep 2
	s=/sys/devices/prtos/cells/1/statistics
	e0=$(sed 's/.*vmexits_total=\([0-9]*\).*/\1/' $s); t0=$(now)
	sleep 10
	e1=$(sed 's/.*vmexits_total=\([0-9]*\).*/\1/' $s); t1=$(now)
	rate=$(awk -v e=$((e1 - e0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.1f", e / (t / 1e3) }')
	say "cyclic-demo mode=$mode: $rate VM exits per second on its CPU in steady state"
	prtos cell shutdown cyclic-demo > /dev/null
	prtos cell destroy cyclic-demo > /dev/null
done
prtos disable > /dev/null

# Channels: ping-pong between two cells (doorbell, polling), against the
# same ping-pong between two CPUs of one cell over its own memory (plain
# IPI, spinning); VM exits per round trip on each side.
exits() {
	sed -n 's/.*vmexits_total=\([0-9]*\).*/\1/p' \
		/sys/devices/prtos/cells/$1/statistics | head -n 1
}
chan() {
	sed -n "s/^writer .* messages=\([0-9]*\).*/\1/p" \
		/sys/devices/prtos/channels/$1/status
}
prtos enable $CONFIG > /dev/null
for mode in doorbell poll; do
	prtos cell create $CELLS/ipc-pong.cell > /dev/null
	prtos cell load ipc-pong $DEMOS/ipc-demo.bin -s "mode=$mode size=256" > /dev/null
	prtos cell start ipc-pong > /dev/null
	prtos cell create $CELLS/ipc-ping.cell > /dev/null
	prtos cell load ipc-ping $DEMOS/ipc-demo.bin -s "mode=$mode size=256" > /dev/null
	prtos cell start ipc-ping > /dev/null
	sleep 3
	m0=$(chan ipc-ping); p0=$(exits 2); q0=$(exits 1); t0=$(now)
	sleep 10
	m1=$(chan ipc-ping); p1=$(exits 2); q1=$(exits 1); t1=$(now)
	n=$((m1 - m0))
	say "ipc-demo mode=$mode, 256-byte messages: $n round trips in $((t1 - t0)) ms, $(awk -v n=$n -v t=$((t1 - t0)) 'BEGIN { printf "%.3f", n * 512 / (t / 1e3) / 1e6 }') MB/s both ways; VM exits per round trip: ping $(ratio $((p1 - p0)) $n), pong $(ratio $((q1 - q0)) $n)"
	echo "BENCH-IPC-END $mode"
	prtos cell shutdown --timeout 30 ipc-ping > /dev/null
	prtos cell shutdown --timeout 30 ipc-pong > /dev/null
	prtos cell destroy ipc-ping > /dev/null
	prtos cell destroy ipc-pong > /dev/null
done
for mode in local-ipi local-poll; do
	prtos cell create $CELLS/smp-demo.cell > /dev/null
	prtos cell load smp-demo $DEMOS/ipc-demo.bin -s "mode=$mode" > /dev/null
	prtos cell start smp-demo > /dev/null
	sleep 13
	echo "BENCH-IPC-END $mode"
	prtos cell destroy smp-demo > /dev/null
done
# An inmate's doorbell to a root process returning from poll(): the age
# of cyclic-demo's statistics when 'prtos channel read --follow' prints
# them (TSC at the write to TSC after the wake-up and the read).
prtos cell create $CELLS/cyclic-demo.cell > /dev/null
prtos cell load cyclic-demo $DEMOS/cyclic-demo.bin -s "mode=poll period=1000" > /dev/null
prtos cell start cyclic-demo > /dev/null
sleep 2
timeout 8 prtos channel read --follow cyclic-stats > /tmp/follow || true
ages=$(sed -n 's/.*(age \([0-9.]*\) s.*/\1/p' /tmp/follow | sort -n | tr '\n' ' ')
rang=$(sed -n 's/^reader .* doorbells=\([0-9]*\).*/\1/p' /sys/devices/prtos/channels/cyclic-stats/status)
say "cyclic-stats to a root process in poll(): ages at the read $ages s ($rang doorbells to the root)"
prtos cell destroy cyclic-demo > /dev/null
prtos disable > /dev/null
