# SPDX-License-Identifier: GPL-2.0
# The demo, inside the VM (see scripts/demo).
set -e
step() { echo; echo "===== $*"; }

step "Linux boots alone on $(nproc) CPUs; loading the driver"
modprobe prtos
cat /sys/devices/prtos/version

step "prtos enable: Linux becomes the root cell of the hypervisor"
prtos enable /prtos/configs/x86/qemu-q35.cell

step "The hypervisor's console (prtos console)"
prtos console

step "Linux keeps working: processes on every CPU, files, timers"
for cpu in $(seq 0 $(($(nproc) - 1))); do
	taskset -c "$cpu" sh -c "seq 1 20000 | md5sum >/tmp/sum.$cpu" &
done
wait
cat /tmp/sum.*
echo "CPUs online: $(cat /sys/devices/system/cpu/online)"
e0=$(cat /sys/devices/prtos/vmexits_total)
sleep 2
e1=$(cat /sys/devices/prtos/vmexits_total)
echo "VM exits in 2 s of mostly idle Linux: $((e1 - e0))"
echo "hypervisor page pool: $(cat /sys/devices/prtos/mem_pool_used_pages) of $(cat /sys/devices/prtos/mem_pool_pages) pages used"

step "prtos disable: back to native Linux"
prtos disable
echo "enabled: $(cat /sys/devices/prtos/enabled)"
rmmod prtos
step "Demo finished"
