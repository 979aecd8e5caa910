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

CONFIGS=/prtos/configs/x86
DEMOS=/prtos/inmates/demos/x86
TESTS=/prtos/inmates/tests/x86

# cell_up NAME IMAGE [PARAMETERS]: create from configs/x86/NAME.cell,
# load and start.
cell_up() {
	prtos cell create $CONFIGS/$1.cell || fail "create $1"
	if [ -n "$3" ]; then
		prtos cell load $1 $2 -s "$3" || fail "load $1"
	else
		prtos cell load $1 $2 || fail "load $1"
	fi
	prtos cell start $1 || fail "start $1"
}

cell_state() {
	for d in /sys/devices/prtos/cells/*; do
		[ "$(cat $d/name)" = "$1" ] && { cat $d/state; return; }
	done
	echo none
}

# Runs a command expected to fail; its message must match a pattern.
expect_error() {
	pattern=$1
	shift
	if "$@" > /tmp/out 2>&1; then
		cat /tmp/out
		fail "'$*' succeeded"
	fi
	cat /tmp/out
	grep -q -i -- "$pattern" /tmp/out || fail "'$*': message lacks '$pattern'"
	grep -q "Invalid argument" /tmp/out && fail "'$*': bare errno text"
	return 0
}

PEEK=/prtos/tests/modules/prtos-peek.ko
peek() {
	insmod $PEEK addr=$1 || fail "insmod prtos-peek"
	rmmod prtos-peek
	dmesg | grep "prtos-peek: $1 = " | tail -n 1 | sed 's/.* = //'
}

# chan_field CHANNEL END KEY: a counter of one end from channels/*/status
# (END is "writer" or "reader"), one snapshot.
chan_field() {
	sed -n "s/^$2 .* $3=\([0-9]*\).*/\1/p" \
		/sys/devices/prtos/channels/$1/status | head -n 1
}

# wait_for SECONDS COMMAND...: until COMMAND succeeds, at most SECONDS.
wait_for() {
	limit=$1
	shift
	while ! "$@"; do
		limit=$((limit - 1))
		[ $limit -gt 0 ] || return 1
		sleep 1
	done
}

# hcall CODE ARG0 ARG1: one raw hypercall from the root (arguments in hex,
# 0x...); prints its result.
HCALL=/prtos/tests/modules/prtos-hcall.ko
hcall() {
	insmod $HCALL code=$1 arg0=$2 arg1=$3 || fail "insmod prtos-hcall"
	rmmod prtos-hcall
	dmesg | grep "prtos-hcall: code=$1 arg0=$2 " | tail -n 1 | sed 's/.*result=//'
}
