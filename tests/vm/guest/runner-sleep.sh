# SPDX-License-Identifier: GPL-2.0
# Runner self-test: never finish, so that --timeout has to act.
echo "sleeping"
sleep 1000
