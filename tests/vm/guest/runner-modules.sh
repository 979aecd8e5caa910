# SPDX-License-Identifier: GPL-2.0
# Runner self-test: the built tree is in place and "modprobe prtos" works.
set -e
modprobe prtos
grep '^prtos ' /proc/modules | sed 's/^/loaded: /'
echo "firmware: $(wc -c < /lib/firmware/prtos.bin)"
echo "tool: $(command -v prtos)"
find /prtos -type f | sort | sed 's/^/tree: /'
