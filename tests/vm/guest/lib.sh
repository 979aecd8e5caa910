# SPDX-License-Identifier: GPL-2.0
# Helpers for guest scripts (busybox sh): sourced, not run.

CONFIG=/prtos/configs/x86/qemu-q35.cell

fail() {
	echo "FAIL: $*"
	exit 1
}

# A CPU-bound and file-I/O workload pinned to one CPU; prints a checksum
# that depends only on the work, so runs can be compared.
work_one() {
	cpu=$1
	f=/tmp/work.$cpu
	taskset -c "$cpu" sh -c "seq 1 30000 | md5sum > $f.seq;
		seq 1 5000 > $f.data; cp $f.data $f.copy; md5sum < $f.copy > $f.io;
		usleep 20000" || return 1
	cat "$f.seq" "$f.io" | md5sum | cut -d' ' -f1
}

# Runs work_one on every online CPU in parallel; prints one checksum.
work_all() {
	for cpu in $(seq 0 $(($(nproc) - 1))); do
		work_one "$cpu" > /tmp/sum.$cpu &
	done
	wait
	cat /tmp/sum.* | md5sum | cut -d' ' -f1
}

cpus_online() {
	cat /sys/devices/system/cpu/online
}
