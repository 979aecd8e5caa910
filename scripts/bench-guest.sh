# SPDX-License-Identifier: GPL-2.0
# The benchmarks inside the VM (see scripts/bench, which reads the lines
# "BENCH-KV <key> <value>" and "BENCH-MARK <name>" this prints).
#   bench-guest.sh noisy RUNS   every figure RUNS times (the host takes
#                               medians), the root busy only when measured
#   bench-guest.sh icount       under -icount: cyclic-demo once per mode,
#                               the root idle meanwhile
set -e
CONFIG=/prtos/configs/x86/qemu-q35.cell
CELLS=/prtos/configs/x86
DEMOS=/prtos/inmates/demos/x86
kv() { echo "BENCH-KV $1 $2"; }
say() { echo "BENCH: $*"; }

# The guest's clock, in seconds with microseconds, from the kernel log's
# time stamps (/proc/uptime counts in 10 ms steps, busybox's date has no
# nanoseconds): "mark NAME" costs one write; "at NAME" reads the time of
# the latest mark of that name afterwards.
mark() { echo "bench-stamp $1" > /dev/kmsg; }
at() {
	dmesg | sed -n "s/^\[ *\([0-9.]*\)\] bench-stamp $1\$/\1/p" | tail -n 1
}
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a - b }'; }
# seconds a command takes, its output thrown away
timed() {
	mark t0
	"$@" > /dev/null
	mark t1
	minus "$(at t1)" "$(at t0)"
}
# the "(took N s)" the prtos command reports for itself
took() { "$@" | sed -n 's/.*(took \([0-9.]*\) s).*/\1/p'; }
# one cell's VM exits, all its CPUs
cell_exits() {
	sed -n 's/.*vmexits_total=\([0-9]*\).*/\1/p' \
		/sys/devices/prtos/cells/$1/statistics | awk '{ s += $1 } END { print s + 0 }'
}
cyclic_run() {
	prtos cell create $CELLS/cyclic-demo.cell > /dev/null
	prtos cell load cyclic-demo $DEMOS/cyclic-demo.bin -s "$1" > /dev/null
	echo "BENCH-MARK cyclic-start $2"
	prtos cell start cyclic-demo > /dev/null
}
# cyclic_modes KEY SECONDS [PARAMS]: cyclic-demo once per mode for SECONDS
# while the root sleeps (under -icount all CPUs share one clock); the
# cell's VM exits of each run as KEY.<mode>
cyclic_modes() {
	for mode in poll "irq eoi=after" "irq eoi=before"; do
		cyclic_run "mode=$mode period=1000 duration=$2 $3" "$mode"
		sleep $(($2 + 2))
		kv "$1.$(echo $mode | tr ' =' '_-')" "$(cell_exits 1)"
		prtos cell destroy cyclic-demo > /dev/null
	done
}

cpu_work() { seq 1 2000000 | md5sum > /dev/null; }
syscall_work() { dd if=/dev/zero of=/dev/null bs=1 count=1000000 2>/dev/null; }

icount() {
	modprobe prtos
	prtos enable $CONFIG > /dev/null
	cyclic_modes icount.exits 2 bucket_ns=10
	prtos disable > /dev/null
}

noisy() {
	runs=$1
	modprobe prtos
	# the root: native against root cell, paired in each run
	for i in $(seq 1 $runs); do
		kv root.cpu_native_s "$(timed cpu_work)"
		kv root.syscall_native_s "$(timed syscall_work)"
		kv time.enable_s "$(took prtos enable $CONFIG)"
		kv root.cpu_root_s "$(timed cpu_work)"
		kv root.syscall_root_s "$(timed syscall_work)"
		e0=$(cell_exits 0)
		mark w0
		sleep 5
		e1=$(cell_exits 0)
		mark w1
		kv root.idle_exits_per_cpu_s "$(awk -v e=$((e1 - e0)) \
			-v t=$(minus $(at w1) $(at w0)) -v n=$(nproc) \
			'BEGIN { printf "%.2f", e / t / n }')"
		[ $i = $runs ] && cat /sys/devices/prtos/cells/0/statistics |
			sed 's/^/BENCH-ROOT-STATS /'
		[ $i = 1 ] && kv hv_memory_used_bytes \
			$(($(cat /sys/devices/prtos/mem_pool_used_pages) * 4096))
		kv time.disable_s "$(took prtos disable)"
	done
	say "$(nproc) CPUs; the root's figures are paired: native, then 'prtos enable', the same work in the root cell, 'prtos disable'"

	# cell management
	prtos enable $CONFIG > /dev/null
	for i in $(seq 1 $runs); do
		kv time.cell_create_s "$(took prtos cell create $CELLS/tiny-demo.cell)"
		kv time.cell_load_s "$(timed prtos cell load tiny-demo $DEMOS/tiny-demo.bin)"
		echo "BENCH-MARK cell-start"
		kv time.cell_start_s "$(took prtos cell start tiny-demo)"
		sleep 2
		kv time.cell_destroy_s "$(took prtos cell destroy tiny-demo)"
	done

	# cyclic-demo: each mode several times, exits over the whole run
	for i in $(seq 1 $runs); do
		cyclic_modes exits 4
	done
	prtos disable > /dev/null

	# Channels: ping-pong between two cells (doorbell, polling), against
	# the same ping-pong between two CPUs of one cell over its own
	# memory (plain IPI, spinning); VM exits per round trip each side.
	chan() {
		sed -n "s/^writer .* messages=\([0-9]*\).*/\1/p" \
			/sys/devices/prtos/channels/$1/status
	}
	prtos enable $CONFIG > /dev/null
	for mode in doorbell poll; do
		for cell in ipc-pong ipc-ping; do
			prtos cell create $CELLS/$cell.cell > /dev/null
			prtos cell load $cell $DEMOS/ipc-demo.bin \
				-s "mode=$mode size=256" > /dev/null
			prtos cell start $cell > /dev/null
		done
		sleep 3
		m0=$(chan ipc-ping); p0=$(cell_exits 2); q0=$(cell_exits 1); mark i0
		sleep 10
		m1=$(chan ipc-ping); p1=$(cell_exits 2); q1=$(cell_exits 1); mark i1
		n=$((m1 - m0))
		kv ipc.$mode.mb_s "$(awk -v n=$n -v t=$(minus $(at i1) $(at i0)) \
			'BEGIN { printf "%.3f", n * 512 / t / 1e6 }')"
		kv ipc.$mode.exits_per_rt.ping "$(awk -v e=$((p1 - p0)) -v n=$n 'BEGIN { printf "%.3f", e / n }')"
		kv ipc.$mode.exits_per_rt.pong "$(awk -v e=$((q1 - q0)) -v n=$n 'BEGIN { printf "%.3f", e / n }')"
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
	# An inmate's doorbell to a root process returning from poll(): the
	# age of cyclic-demo's statistics when 'prtos channel read --follow'
	# prints them (TSC at the write to TSC after the wake-up and read).
	cyclic_run "mode=poll period=1000" follow
	sleep 2
	timeout 8 prtos channel read --follow cyclic-stats > /tmp/follow || true
	for age in $(sed -n 's/.*(age \([0-9.]*\) s.*/\1/p' /tmp/follow); do
		kv ipc.doorbell_to_root_poll_s $age
	done
	prtos cell destroy cyclic-demo > /dev/null
	prtos disable > /dev/null
}

case "$1" in
icount) icount ;;
noisy) noisy "${2:-3}" ;;
*) echo "usage: bench-guest.sh noisy RUNS | icount" >&2; exit 2 ;;
esac
