# SPDX-License-Identifier: GPL-2.0
# PRTOS as 'make install' laid it out under /usr/local, with the source
# tree and the runner's own copies of the module and firmware taken away:
# modprobe finds the module in updates/, request_firmware the firmware,
# and a program built against the installed libprtos-port exchanges
# messages with a cell.
. /prtos/tests/vm/guest/lib.sh
rm -rf /prtos /usr/sbin/prtos /lib/modules/*/extra
[ -f /lib/modules/$(uname -r)/updates/prtos.ko ] || fail "module not installed"
[ -f /lib/firmware/prtos.bin ] || fail "firmware not installed"
depmod || fail depmod
export PATH=/usr/local/sbin:/usr/local/bin:$PATH
CONFIGS=/usr/local/share/prtos/configs
INMATES=/usr/local/share/prtos/inmates
modprobe prtos || fail modprobe
prtos enable $CONFIGS/qemu-q35.cell || fail enable
cell_up ipc-echo $INMATES/ipc-demo.bin "tx=echo-out rx=echo-in"
port-echo echo-in echo-out 100 > /tmp/out 2>&1 || fail "port-echo: $(cat /tmp/out)"
cat /tmp/out
grep -q "port-echo: 100 answers in order" /tmp/out || fail "not 100 answers"
expect_error "the root must be the writer of 'echo-out'" \
	port-echo echo-out echo-in 1
expect_error "channel 'nope': no such channel in the system configuration" \
	port-echo nope echo-out 1
prtos cell destroy ipc-echo || fail destroy
prtos disable || fail disable
rmmod prtos || fail rmmod
echo "INSTALLED-PORT-ECHO-OK"
