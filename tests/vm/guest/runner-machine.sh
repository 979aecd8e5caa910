# SPDX-License-Identifier: GPL-2.0
# Runner self-test: report the machine the runner built.
echo "nproc=$(nproc)"
grep -i '3a000000' /proc/iomem | sed 's/^/iomem: /'
grep -E ' (proc|sysfs|devtmpfs|tmpfs) ' /proc/mounts | sed 's/^/mount: /'
echo "cmdline: $(cat /proc/cmdline)"
