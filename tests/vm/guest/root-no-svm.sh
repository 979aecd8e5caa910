# SPDX-License-Identifier: GPL-2.0
# On a CPU without SVM enabling fails with a sentence saying so.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail "modprobe"
if prtos enable $CONFIG > /tmp/out 2>&1; then fail "enabled without SVM"; fi
cat /tmp/out
grep -q "no AMD SVM" /tmp/out || fail "message does not name SVM"
echo "ROOT-NO-SVM-OK"
