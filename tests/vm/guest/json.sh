# SPDX-License-Identifier: GPL-2.0
# The --json output of the commands that show things, on a running system:
# cyclic-demo (taking an exit per release, so its counters move while they
# are read) and ipc-echo (answering a message), their channels and the
# hypervisor console. Each document is printed between JSON-BEGIN NAME and
# JSON-END NAME lines for tests/vm/test_json.py to parse.
. /prtos/tests/vm/guest/lib.sh

# show NAME COMMAND...: COMMAND's standard output between the markers
show() {
	name=$1
	shift
	"$@" > /tmp/json.out || fail "$*"
	echo "JSON-BEGIN $name"
	cat /tmp/json.out
	echo "JSON-END $name"
}

modprobe prtos || fail modprobe
prtos enable $CONFIG || fail enable
cell_up cyclic-demo $DEMOS/cyclic-demo.bin "mode=irq period=1000"
cell_up ipc-echo $DEMOS/ipc-demo.bin "tx=echo-out rx=echo-in"
prtos channel write echo-in "hello json" || fail write
answered() {
	prtos channel read echo-out >> /tmp/echo
	grep -q "hello json" /tmp/echo
}
wait_for 300 answered || fail "no answer: $(cat /tmp/echo)"
sleep 2
# No kernel message in the middle of a document on the console.
dmesg -n 1
show cell-list prtos cell list --json
for i in 1 2 3; do
	show cell-stats-$i prtos cell stats cyclic-demo --json
done
show cell-stats-echo prtos cell stats ipc-echo -j
show cell-stats-root prtos cell stats 0 --json
show cell-stats-watch prtos cell stats cyclic-demo --watch=0.5 --json
show channel-list prtos channel list --json
show console prtos console --json
prtos console --follow --json > /tmp/follow &
follower=$!
sleep 1
kill $follower
wait $follower || fail "console --follow --json ended with $?"
show console-follow cat /tmp/follow
# the text output is still there
prtos cell list || fail "cell list"
prtos channel list || fail "channel list"
dmesg -n 6
prtos cell destroy ipc-echo || fail "destroy ipc-echo"
prtos cell destroy cyclic-demo || fail "destroy cyclic-demo"
prtos disable || fail disable
echo "JSON-OK"
