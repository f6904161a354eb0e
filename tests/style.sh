#!/bin/sh
# Style checks: checkpatch (taken from Debian's linux-source-6.1 into the
# cache at check time) over every kernel-side C file outside kmod/compat/,
# and shellcheck over the scripts (the guest's as POSIX sh: busybox ash).
# W=1 and sparse builds run per kernel in tests/vm/run.sh.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
checkpatch=$("$top/tests/vm/fetch-checkpatch.sh")
cd "$top"
files=$(find kmod tests/fault -name '*.[ch]' ! -path 'kmod/compat/*' ! -name '*.mod.c' | sort)
fail=0
for f in $files; do
	# MACRO_ARG_REUSE: parameter-declaring macros paste the name, they
	# never evaluate it.
	if ! perl "$checkpatch" --no-tree --quiet --strict --show-types \
		--ignore MACRO_ARG_REUSE -f "$f"; then
		fail=1
	fi
done
n=$(echo "$files" | wc -l)
if [ $fail -ne 0 ]; then
	echo "style: checkpatch found problems" >&2
	exit 1
fi
echo "style: checkpatch clean on $n files"
shellcheck -x -S warning tests/*.sh tests/vm/*.sh tests/host/*.sh tests/report/*.sh tests/prom/*.sh tests/bench/*.sh tests/host/guest/irqwatch-e2e .ci/run
shellcheck -s sh -S warning tests/vm/guest/*.sh tests/vm/guest/init
echo "style: shellcheck clean"
