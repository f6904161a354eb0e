#!/bin/bash
# The metrics of "irqwatch record --prom" read by a real node_exporter
# (Debian's prometheus-node-exporter, textfile collector only): a log is
# replayed through the metrics library as record counts it
# (userspace/build/tests/prom-replay: there is no module to record from
# here), the exporter started on a free port of 127.0.0.1 and its /metrics
# checked: the irqwatch_* series with the expected values, the file's
# mtime, node_textfile_scrape_error 0; a half-written temporary file of
# the writer's naming (".NAME.XXXXXX") is not read; a broken .prom file
# makes node_textfile_scrape_error 1 (so the check can fail). The
# exporter is killed on exit. Usage: tests/prom/node-exporter.sh [REPLAY]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
replay=${1:-$top/userspace/build/tests/prom-replay}
data=$top/tests/unit/data/report
exporter=$(command -v prometheus-node-exporter || true)
[ -n "$exporter" ] || { echo "prom: prometheus-node-exporter not installed (tests/deps.sh)" >&2; exit 1; }
command -v curl > /dev/null || { echo "prom: curl not installed (tests/deps.sh)" >&2; exit 1; }

start=$(date +%s.%N)
work=$(mktemp -d)
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2> /dev/null || true
		wait "$pid" 2> /dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
dir=$work/textfile
mkdir "$dir"

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

"$replay" "$dir/irqwatch.prom" "$data/db7.jsonl" "$data/web1.jsonl" \
	"$top/tests/prom/storms.jsonl"

# A port nobody listens on; the exporter is tried on another if it loses
# the race for it.
start_exporter() {
	local try port
	for try in 1 2 3 4 5; do
		port=$((20000 + (RANDOM % 40000)))
		[ -z "$(ss -Hltn "sport = :$port")" ] || continue
		"$exporter" --web.listen-address="127.0.0.1:$port" \
			--collector.disable-defaults --collector.textfile \
			--collector.textfile.directory="$dir" \
			> "$work/exporter.log" 2>&1 &
		pid=$!
		for _ in $(seq 50); do
			if curl -sf "http://127.0.0.1:$port/metrics" > /dev/null; then
				url=http://127.0.0.1:$port/metrics
				echo "prom: $("$exporter" --version 2>&1 | head -n 1), port $port (try $try)"
				return 0
			fi
			kill -0 "$pid" 2> /dev/null || break
			sleep 0.1
		done
		kill "$pid" 2> /dev/null || true
		wait "$pid" 2> /dev/null || true
		pid=
	done
	echo "prom: the exporter did not start:" >&2
	cat "$work/exporter.log" >&2
	return 1
}
start_exporter

scrape() { curl -sf "$url" > "$work/metrics"; }
# expect LINE: exactly this line is in the scrape
expect() {
	if grep -qxF -- "$1" "$work/metrics"; then ok "$1"; else bad "missing: $1"; fi
}

scrape
expect 'node_textfile_scrape_error 0'
expect 'irqwatch_build_info{kernel="test",version="0.1.0"} 1'
expect 'irqwatch_events_total{cause="irqs_disabled",type="irqoff"} 4'
expect 'irqwatch_events_total{cause="vcpu_stall",type="irqoff"} 1'
expect 'irqwatch_events_total{cause="idle_exit",type="irqoff"} 0'
expect 'irqwatch_events_total{cause="unconfirmed",type="irqoff"} 0'
expect 'irqwatch_events_total{cause="bh_disabled",type="softirqoff"} 1'
# the exporter gives every series of a family the same labels: "" for none
expect 'irqwatch_events_total{cause="",type="stall"} 2'
expect 'irqwatch_events_total{cause="",type="softirq_storm"} 1'
expect 'irqwatch_events_total{cause="",type="hardirq_storm"} 2'
expect 'irqwatch_lost_events_total{reason="seq_gap"} 5'
expect 'irqwatch_lost_events_total{reason="ring_full"} 2'
expect 'irqwatch_lost_events_total{reason="write_error"} 0'
expect 'irqwatch_irqoff_duration_seconds_bucket{cause="irqs_disabled",le="0.1"} 1'
expect 'irqwatch_irqoff_duration_seconds_bucket{cause="irqs_disabled",le="0.5"} 3'
expect 'irqwatch_irqoff_duration_seconds_bucket{cause="irqs_disabled",le="+Inf"} 4'
expect 'irqwatch_irqoff_duration_seconds_sum{cause="irqs_disabled"} 1.432'
expect 'irqwatch_irqoff_duration_seconds_count{cause="irqs_disabled"} 4'
expect 'irqwatch_softirqoff_duration_seconds_bucket{cause="bh_disabled",le="0.05"} 1'
expect 'irqwatch_stall_duration_seconds_bucket{le="0.005"} 1'
expect 'irqwatch_stall_duration_seconds_count 2'
expect 'irqwatch_stall_calls_total{probe="get_slabinfo"} 1'
expect 'irqwatch_stall_calls_total{probe="odd\"name\\with\nnewline"} 1'
expect 'irqwatch_storm_active{kind="softirq"} 1'
expect 'irqwatch_storm_active{kind="hardirq"} 0'
expect 'irqwatch_storm_active{kind="imbalance"} 1'
expect 'irqwatch_last_event_timestamp_seconds{type="irqoff"} 1.79525532e+09'
expect 'irqwatch_last_event_timestamp_seconds{type="hardirq_storm"} 1.795255501e+09'
if grep -q "^node_textfile_mtime_seconds{file=\"$dir/irqwatch.prom\"} " "$work/metrics" ||
   grep -q '^node_textfile_mtime_seconds{file="irqwatch.prom"} ' "$work/metrics"; then
	ok "node_textfile_mtime_seconds of irqwatch.prom"
else
	bad "no node_textfile_mtime_seconds of irqwatch.prom"
fi
n=$(grep -c '^irqwatch_' "$work/metrics" || true)
[ "$n" -ge 90 ] && ok "$n irqwatch_ series" || bad "only $n irqwatch_ series"

# the writer's temporary name: never read, even when cut short
printf 'irqwatch_events_total{type="irqoff",cause="irqs_dis' > "$dir/.irqwatch.prom.AbC123"
scrape
expect 'node_textfile_scrape_error 0'
rm "$dir/.irqwatch.prom.AbC123"

# a broken .prom file: the exporter says so, so this check can fail
printf 'irqwatch_events_total{type="irqoff",cause="irqs_dis' > "$dir/broken.prom"
scrape
expect 'node_textfile_scrape_error 1'
rm "$dir/broken.prom"
scrape
expect 'node_textfile_scrape_error 0'

# replaced while the exporter runs: the new values are read
"$replay" "$dir/irqwatch.prom" "$data/db7.jsonl" 2> /dev/null
scrape
expect 'irqwatch_events_total{cause="irqs_disabled",type="irqoff"} 2'
expect 'node_textfile_scrape_error 0'
left=$(find "$dir" -name '.irqwatch.prom.*' | wc -l)
[ "$left" = 0 ] && ok "no temporary file left" || bad "$left temporary files left"

echo "prom: $pass passed, $fail failed ($(awk -v s="$start" -v e="$(date +%s.%N)" \
	'BEGIN { printf "%.1f", e - s }') s)"
[ "$fail" = 0 ]
