# SPDX-License-Identifier: GPL-2.0
# Runner self-test: print the arguments and any files named after the status,
# then exit with the status given as the first argument.
# usage: runner-echo.sh STATUS [ARGS...] (files to print: ARGS that exist)
status=$1
shift
echo "argc=$#"
for a in "$@"; do
	echo "arg=<$a>"
	[ -f "$a" ] && echo "file $a: $(cat "$a")"
done
echo "whoami=$(id -u) cwd=$(pwd) host=$(hostname)"
exit "$status"
