# SPDX-License-Identifier: GPL-2.0
# Runner self-test: write to every UART so the runner can check its tags.
# ttyS0 = COM1 (Linux console), ttyS1 = COM2 (hypervisor), ttyS2/3 = COM3/4.
echo "console line"
echo "console stderr line" >&2
echo "com2 line" > /dev/ttyS1
echo "com3 line" > /dev/ttyS2
printf 'com4 first\ncom4 unterminated' > /dev/ttyS3
