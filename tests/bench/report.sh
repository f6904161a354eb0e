#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The report bench (make bench-report; the "report" part of make bench): no
# VM. Generates multi-host logs (tests/bench/genlog.c; 1M and 4M records,
# 8 hosts, seed 1) into the cache, reuses them while the generator and the
# writer are the same, and prints one table: "irqwatch report" --format text
# and json on each log, and the equivalent jq program on the 1M one, with
# input MB (10^6 bytes), records, wall s, CPU s (user + sys), MB/s per core
# (MB / CPU s), peak RSS, and the ratio of MB/s per core to jq's. Figures,
# not pass/fail; a run that fails, or a jq result that differs from the
# report's, is an error.
#
# The jq program (culprits.jq here) groups by the report's own fingerprint:
# the event type and the function names of the first 3 frames that are not
# plumbing (userspace/lib/report/plumbing.def, as one regular expression,
# its result memoized per function name) of the first sample's stack, else
# of the end stack; per culprit it counts events and sums and maxes
# duration_ns. Storms, imbalances and lost records have no culprit. It
# parses every line, as the report does; its per-culprit counts and totals
# are checked equal to those of the report's JSON.
#
#   BENCH_JQ_RUNS=N      jq runs (default 3; 0: no jq); the median is shown
#   BENCH_REPORT_RUNS=N  runs of each report (default 3); the median
#   BENCH_REPORT_EVENTS="1000000 4000000"  the logs' sizes in records; jq
#                        runs on the first
#   IRQWATCH_CACHE       cache root (default ~/.cache/irqwatch); logs in bench/
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${IRQWATCH_CACHE:-$HOME/.cache/irqwatch}/bench
jq_runs=${BENCH_JQ_RUNS:-3}
runs=${BENCH_REPORT_RUNS:-3}
sizes=${BENCH_REPORT_EVENTS:-1000000 4000000}
[ -n "$sizes" ] || sizes="1000000 4000000"
hosts=8
seed=1

die() {
	echo "bench-report: $*" >&2
	exit 1
}

[[ $jq_runs =~ ^[0-9]+$ ]] || die "BENCH_JQ_RUNS=$jq_runs: not a number"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_REPORT_RUNS=$runs: not a number from 1"
for n in $sizes; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || die "BENCH_REPORT_EVENTS: '$n' is not a number"
done
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian: apt-get install time)"
[ "$jq_runs" = 0 ] || command -v jq >/dev/null || die "jq is missing (Debian: apt-get install jq)"

make -s -C "$top/userspace" irqwatch genlog >&2
irqwatch=$top/userspace/irqwatch
genlog=$top/userspace/build/tests/genlog

# The logs' key: what the generator writes (its first 20000 records), so
# that a change of the generator or of record's writer makes new logs.
mkdir -p "$cache"
"$genlog" -n 20000 -H "$hosts" -s "$seed" -o "$cache/key.jsonl"
key=$(sha256sum < "$cache/key.jsonl" | cut -c1-12)
rm -f "$cache/key.jsonl"
log_of() {
	echo "$cache/report-$1-h$hosts-s$seed-$key.jsonl"
}

keep=()
for n in $sizes; do
	log=$(log_of "$n")
	keep+=("$log")
	[ -s "$log" ] && continue
	echo "bench-report: generating $n records into $log" >&2
	"$genlog" -n "$n" -H "$hosts" -s "$seed" -o "$log.tmp"
	mv "$log.tmp" "$log"
done
# logs of an older generator or writer go
for f in "$cache"/report-*.jsonl "$cache"/report-*.jsonl.tmp; do
	[ -e "$f" ] || continue
	[[ " ${keep[*]} " == *" $f "* ]] || rm -f "$f"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The plumbing patterns (fnmatch) as one anchored regular expression.
plumbing_re() {
	sed -n 's/^PLUMBING("\(.*\)")$/\1/p' "$top/userspace/lib/report/plumbing.def" |
		sed -e 's/\\\\\[/\x01/g' -e 's/[.^$+(){}|]/\\&/g' -e 's/\*/.*/g' \
			-e 's/?/./g' -e 's/\x01/\\[/g' | paste -sd'|' | sed 's/.*/^(&)$/'
}

cat > "$tmp/culprits.jq" <<'EOF'
def func: index(" [") as $i
	| (split("+")[0] | split(" ")[0]) + (if $i then .[$i:] else "" end);
reduce (inputs | select(.type != "lost" and .type != "softirq_storm" and
			.type != "hardirq_storm" and .type != "irq_imbalance")) as $e
	({c: {}, p: {}};
	((($e.samples // [])[0].stack // []) | if length > 0 then . else ($e.stack // []) end) as $s
	| ($s | map(func)) as $f
	| reduce $f[] as $n (.; if .p[$n] == null then .p[$n] = ($n | test($re)) else . end)
	| .p as $p
	| [limit(3; $f[] | select($p[.] | not))] as $t
	| ($e.type + if ($t | length) > 0 then ($t | map(";" + .) | join(""))
		     elif ($f | length) > 0 then ";" + $f[0] else ";?" end) as $k
	| .c[$k].count += 1
	| .c[$k].total_ns += ($e.duration_ns // 0)
	| .c[$k].max_ns = ([.c[$k].max_ns // 0, $e.duration_ns // 0] | max))
| .c
EOF

# One timed run: "wall user sys maxrss_kb" on stdout; the command's output
# goes to $tmp/out.
timed() {
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" > "$tmp/out" ||
		die "failed: $*"
	cat "$tmp/time"
}

# The median of N runs by CPU time: "wall cpu rss_kb".
median() {
	local i
	for ((i = 0; i < $1; i++)); do
		timed "${@:2}"
	done | awk '{ print $1, $2 + $3, $4 }' | sort -k2,2g |
		awk '{ l[NR] = $0 } END { print l[int((NR + 1) / 2)] }'
}

rows=()
jq_rate=
row() {	# name log records wall cpu rss_kb
	local mb rate
	mb=$(stat -c %s "$2" | awk '{ printf "%.1f", $1 / 1e6 }')
	rate=$(awk -v mb="$mb" -v c="$5" 'BEGIN { printf "%.1f", (c > 0 ? mb / c : 0) }')
	rows+=("$1|$mb|$3|$4|$5|$rate|$(($6 / 1024))")
}

first=1
for n in $sizes; do
	log=$(log_of "$n")
	for fmt in text json; do
		echo "bench-report: irqwatch report --format $fmt, $n records ($runs runs)" >&2
		read -r wall cpu rss < <(median "$runs" "$irqwatch" report --format "$fmt" "$log")
		row "report $fmt" "$log" "$n" "$wall" "$cpu" "$rss"
		[ "$fmt" = json ] && cp "$tmp/out" "$tmp/report.json"
	done
	if [ "$first" = 1 ] && [ "$jq_runs" -gt 0 ]; then
		echo "bench-report: jq, $n records ($jq_runs runs)" >&2
		read -r wall cpu rss < <(median "$jq_runs" jq -n -c --arg re "$(plumbing_re)" \
			-f "$tmp/culprits.jq" "$log")
		row "jq culprits" "$log" "$n" "$wall" "$cpu" "$rss"
		jq_rate=$(echo "${rows[-1]}" | cut -d'|' -f6)
		# the same culprits, counts and totals as the report's
		jq -S 'to_entries | map({key, value: {count: .value.count,
			total_ns: .value.total_ns}}) | from_entries' "$tmp/out" > "$tmp/a"
		jq -S '[.culprits[] | {key: .fingerprint, value: {count: .count,
			total_ns: .total_ns}}] | from_entries' "$tmp/report.json" > "$tmp/b"
		cmp -s "$tmp/a" "$tmp/b" ||
			die "jq's culprits differ from the report's (diff $tmp/a $tmp/b)"
		agree=$(jq length "$tmp/a")
	fi
	first=0
done

table() {
	printf 'irqwatch report bench: %s hosts, seed %s, %s (median of %s report runs, %s jq runs)\n' \
		"$hosts" "$seed" "$(nproc) CPUs" "$runs" "$jq_runs"
	printf '%-12s %9s %9s %8s %8s %10s %7s %6s\n' WHAT "INPUT MB" RECORDS \
		"WALL s" "CPU s" "MB/s/core" "RSS MB" "VS JQ"
	for r in "${rows[@]}"; do
		IFS='|' read -r what mb events wall cpu rate rss <<< "$r"
		vs=-
		[ -n "$jq_rate" ] && [ "$what" != "jq culprits" ] &&
			vs=$(awk -v a="$rate" -v b="$jq_rate" 'BEGIN { printf "%.0fx", (b > 0 ? a / b : 0) }')
		printf '%-12s %9s %9s %8s %8s %10s %7s %6s\n' "$what" "$mb" "$events" \
			"$wall" "$cpu" "$rate" "$rss" "$vs"
	done
	[ -z "${agree:-}" ] ||
		echo "jq and the JSON report agree on the $agree culprits (count and total per fingerprint)"
	echo "VS JQ: MB/s per core over jq's (jq reads the first log only); logs: $cache (key $key)"
}
echo
table
# the same table into the results file, with the machine
table | "$top/tests/bench/results.sh" report "irqwatch report (no VM)"
