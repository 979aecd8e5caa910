# SPDX-License-Identifier: GPL-2.0
# The demo, inside the VM (see scripts/demo).
set -e
step() { echo; echo "===== $*"; }
CYCLIC=/prtos/configs/x86/cyclic-demo.cell

step "Linux boots alone on $(nproc) CPUs; loading the driver"
modprobe prtos
cat /sys/devices/prtos/version

step "prtos enable: Linux becomes the root cell of the hypervisor"
prtos enable /prtos/configs/x86/qemu-q35.cell
prtos console

step "prtos cell create: CPU 2 leaves Linux, 2 MiB leave the root"
prtos cell create $CYCLIC
echo "CPUs online in Linux: $(cat /sys/devices/system/cpu/online)"

step "prtos cell load / start: the cyclic real-time inmate, 1 ms period, APIC timer"
prtos cell load cyclic-demo /prtos/inmates/demos/x86/cyclic-demo.bin \
	-s "mode=irq period=1000"
prtos cell start cyclic-demo
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
prtos cell shutdown --timeout 30 cyclic-demo
prtos cell destroy cyclic-demo
echo "CPUs online in Linux: $(cat /sys/devices/system/cpu/online)"

step "prtos disable: back to native Linux"
prtos disable
echo "enabled: $(cat /sys/devices/prtos/enabled)"
rmmod prtos
step "Demo finished"
