# Double enable and unloading while enabled are refused with clear words.
. /prtos/tests/vm/guest/lib.sh
modprobe prtos || fail "modprobe"
prtos enable $CONFIG || fail "enable"
if prtos enable $CONFIG > /tmp/out 2>&1; then fail "second enable succeeded"; fi
cat /tmp/out
grep -q "already enabled" /tmp/out || fail "no 'already enabled' message"
if rmmod prtos > /tmp/out 2>&1; then fail "module unloaded while enabled"; fi
cat /tmp/out
grep -q prtos /proc/modules || fail "module gone"
prtos disable || fail "disable"
if prtos disable > /tmp/out 2>&1; then fail "disable while disabled succeeded"; fi
cat /tmp/out
grep -q "not enabled" /tmp/out || fail "no 'not enabled' message"
rmmod prtos || fail "rmmod after disable"
echo "ROOT-REFUSALS-OK"
