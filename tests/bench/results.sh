#!/bin/sh
# results.sh KEY TITLE < LINES: puts LINES, a bench run's tables, into
# tests/bench/RESULTS.md as the section KEY, under a heading with TITLE, the
# date, the machine and the QEMU in use; a section of the same KEY from an
# earlier run is replaced, the others are kept (make bench runs the parts
# and kernels it is asked for). Sections are kept in KEY order.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
file=${IRQWATCH_RESULTS:-$top/tests/bench/RESULTS.md}
[ $# -eq 2 ] || { echo "usage: results.sh KEY TITLE < LINES" >&2; exit 2; }
key=$1 title=$2
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
qemu=$(qemu-system-x86_64 --version 2>/dev/null | head -1 || true)
body=$(mktemp)
new=$(mktemp)
trap 'rm -f "$body" "$new"' EXIT
{
	echo "<!-- section: $key -->"
	echo "## $title"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores of ${cpu:-an unknown CPU}, $(free -g | awk '$1 == "Mem:" { print $2 }') GiB;"
	echo "${qemu:-no QEMU} (VM parts: TCG, multi-threaded unless a part says otherwise)."
	echo
	echo '```'
	cat
	echo '```'
	echo "<!-- end: $key -->"
	echo
} > "$body"
[ -f "$file" ] || printf '%s\n\n%s\n%s\n%s\n' '# make bench: the latest figures' \
	'Written by `make bench` (tests/bench/results.sh), one section per part and kernel, each from its' \
	'latest run; see tests/README.md for what each part measures and README.md, "Cost and accuracy".' '' > "$file"
# the file without the old section, then the new one in KEY order
awk -v key="$key" -v bodyf="$body" '
	function flush_body(   l) { while ((getline l < bodyf) > 0) print l; close(bodyf); done = 1 }
	/^<!-- section: / {
		k = $3
		if (k == key) { skip = 1; next }
		if (!done && k > key) flush_body()
	}
	skip && /^<!-- end: / { skip = 0; eat = 1; next }
	skip { next }
	eat && /^$/ { eat = 0; next }
	{ eat = 0; print }
	END { if (!done) flush_body() }' "$file" > "$new"
mv "$new" "$file"
trap - EXIT
rm -f "$body"
echo "results: section $key in $file" >&2
