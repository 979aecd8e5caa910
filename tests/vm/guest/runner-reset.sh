# SPDX-License-Identifier: GPL-2.0
# Runner self-test: reset the machine before the script can report a status.
echo "resetting"
reboot -f
sleep 1000
