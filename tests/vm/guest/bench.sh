# make bench, in nine parts; output lines start with BENCH.
# 1. Transport throughput and cost: synthetic bursts of 3 s at rising
#    rates into "irqwatch record" writing a file (tmpfs). Per rate: the
#    events recorded, lost (ring_full, seq_gap) and unaccounted (must be
#    0), and the module's own accounting of its cost per event: the
#    producer (hard hrtimer callback storing events) and the drain
#    (symbolize, encode, send).
#    With /lib/irqwatch-base.ko (run.sh --bench with BENCH_BASE=REF: the
#    module built from that commit) every rate runs on both modules in the
#    same boot, ROUNDS rounds each (irqwatch_bench_base_rounds=, default 2),
#    interleaved base, new, then new, base, ... with a fresh load for every
#    burst; rows are labelled base / new, and a new/base row per rate gives
#    the ratios of the means of recorded events, producer and drain ns/ev.
#    The userspace tool is the current one for both (same UAPI).
# 2. bench_irqoff.sh: accuracy of the interrupts-off detector.
# 3. bench_overhead.sh: its overhead on a CPU-bound workload.
# 4. bench_stall.sh: the cost of a stall probe per call, and of the slab
#    preset on reading /proc/slabinfo.
# 5. bench_storm.sh: the interrupt tracepoints' cost: a loopback flood's
#    throughput with them off and on, and the probes' own accounting.
# 6. bench_cpus.sh: memory and the drain's cost per event; run.sh boots
#    again with 8 and 32 vCPUs for it alone.
# 7. bench_peers.sh: irqwatch and cyclictest on the same windows, and the
#    overhead of each.
# 8. bench_idle.sh: the local timer interrupts it adds on an idle guest.
# 9. bench_switch.sh: what its sched_switch probe costs hackbench.
# irqwatch_bench=transport,irqoff,overhead,stall,storm,cpus,peers,idle,switch
# (run.sh: BENCH_PARTS) picks the parts; parts 2-9 use the current module
# only.
. /tests/lib.sh
parts=$(sed -n 's/.*irqwatch_bench=\([a-z,]*\).*/\1/p' /proc/cmdline)
parts=${parts:-transport,irqoff,overhead,stall,storm,cpus,peers,idle,switch}
rounds=$(sed -n 's/.*irqwatch_bench_base_rounds=\([0-9]*\).*/\1/p' /proc/cmdline)
rounds=${rounds:-2}
want() {
	case ",$parts," in
	*",$1,"*) return 0 ;;
	esac
	return 1
}
NEW=/lib/modules/$(uname -r)/extra/irqwatch.ko
BASE=/lib/irqwatch-base.ko
SYNTH=/sys/kernel/debug/irqwatch/synth
ROWS=/tmp/bench_rows
RATES="5000 10000 20000 50000 100000 200000"
stats() { irqwatch stats --json > /tmp/stats.json; }
st() { jq "$1" /tmp/stats.json; }
# detectors=none: only synthetic events, so that the lost counts are theirs
load() { insmod "$1" ring_kb="${BENCH_RING_KB:-64}" detectors=none; }
# row LABEL COLUMNS...: a table row, with a module column when comparing
row() {
	if [ -f $BASE ]; then
		printf 'BENCH %-8s' "$1"
	else
		printf 'BENCH'
	fi
	shift
	printf ' %8s %8s %8s %9s %8s %11s %12s %12s\n' "$@"
}

# burst RATE LABEL: one burst of 3 s at RATE events/s into "irqwatch record"
# (the module loaded); prints its row and adds it to ROWS as
# "LABEL RATE recorded ring_full seq_gap unaccounted producer_ns drain_ns"
burst() {
	rate=$1
	out=/tmp/bench.jsonl
	rm -f $out
	irqwatch record -o $out 2>/tmp/bench_rec.err &
	rec=$!
	stats
	while [ "$(st .listeners)" != 1 ]; do sleep 0.1; stats; done
	n=$((rate * 3))
	d0=$(st .drained) dn0=$(st .drain_ns)
	h0=$(st '[.cpus[].handler_ns] | add') e0=$(st '[.cpus[].events] | add')
	echo "$n $rate" > $SYNTH
	drain_then_quiet $out /tmp/stats.json ||
		echo "BENCH   the drain did not catch up: $(jq -c '{drained, next_seq}' /tmp/stats.json)"
	kill -INT $rec
	wait $rec
	d1=$(st .drained) dn1=$(st .drain_ns)
	h1=$(st '[.cpus[].handler_ns] | add') e1=$(st '[.cpus[].events] | add')
	s=$(grep -c '"type":"synthetic"' $out)
	# jq on the lost records alone: slurping every event takes a minute
	# at the high rates under TCG
	grep -F '"type":"lost"' $out > /tmp/bench_lost.jsonl || true
	full=$(jq -s '[.[] | select(.reason == "ring_full") | .count] | add // 0' /tmp/bench_lost.jsonl)
	gap=$(jq -s '[.[] | select(.reason == "seq_gap") | .count] | add // 0' /tmp/bench_lost.jsonl)
	set -- "$2" "$rate" "$s" "$full" "$gap" $((n - s - full - gap)) \
		$(( (h1 - h0) / (e1 - e0 + 1) )) $(( (dn1 - dn0) / (d1 - d0 + 1) ))
	row "$1" "$2" "$n" "$3" "$4" "$5" "$6" "$7" "$8"
	# the reader's messages, when some events are in no record
	[ "$6" = 0 ] || sed 's/^/BENCH   reader: /' /tmp/bench_rec.err
	echo "$*" >> $ROWS
}

# one LABEL MODULE RATE: loads MODULE, one burst, unloads it
one() {
	load "$2"
	burst "$3" "$1"
	rmmod irqwatch
}

# ratio RATE: the new/base row of RATE from ROWS: ratios of the means,
# unaccounted summed over both modules; adds "RATE producer drain" to
# /tmp/bench_ratios
ratio() {
	awk -v r="$1" -v out=/tmp/bench_ratios '
	function q(a, b) { return b > 0 ? sprintf("%.3f", a / b) : "-" }
	$2 == r { n[$1]++; rec[$1] += $3; un += $6; p[$1] += $7; d[$1] += $8 }
	END {
		if (!n["base"] || !n["new"])
			exit
		for (m in n) { rec[m] /= n[m]; p[m] /= n[m]; d[m] /= n[m] }
		printf "BENCH %-8s %8s %8s %8s %9s %8s %11s %12s %12s\n", "new/base", r, "-",
			q(rec["new"], rec["base"]), "-", "-", un,
			q(p["new"], p["base"]), q(d["new"], d["base"])
		if (p["base"] > 0 && d["base"] > 0)
			printf "%s %f %f\n", r, p["new"] / p["base"], d["new"] / d["base"] >> out
	}' $ROWS
}

transport() {
	rm -f $ROWS /tmp/bench_ratios
	if [ -f $BASE ]; then
		for m in base new; do
			[ $m = base ] && f=$BASE || f=$NEW
			load $f
			echo "BENCH module $m: $f, srcversion $(cat /sys/module/irqwatch/srcversion)"
			rmmod irqwatch
		done
		echo "BENCH transport: base vs new, $rounds rounds per rate, interleaved, a fresh load per burst"
	fi
	load "$NEW"
	stats
	echo "BENCH kernel $(uname -r), $(nproc) vCPUs (QEMU TCG), ring $(st .ring_size) bytes/CPU"
	row module rate/s events recorded ring_full seq_gap unaccounted producer_ns/ev drain_ns/ev
	if [ ! -f $BASE ]; then
		for rate in $RATES; do
			burst $rate new
		done
		rmmod irqwatch
		return
	fi
	rmmod irqwatch
	for rate in $RATES; do
		i=1
		while [ $i -le "$rounds" ]; do
			if [ $((i % 2)) = 1 ]; then
				one base $BASE $rate
				one new "$NEW" $rate
			else
				one new "$NEW" $rate
				one base $BASE $rate
			fi
			i=$((i + 1))
		done
		ratio $rate
	done
	# jq: busybox awk has no log() or exp()
	[ ! -f /tmp/bench_ratios ] || jq -R -s -r '
		[split("\n")[] | select(length > 0) | split(" ") | map(tonumber)] as $r |
		($r | length) as $n |
		def g(i): [$r[][i] | log] | add / $n | exp * 1000 | round / 1000;
		"BENCH transport new/base, geometric mean over \($n) rates: " +
		"producer_ns/ev \(g(1)), drain_ns/ev \(g(2))"' /tmp/bench_ratios
}

echo "BENCH parts: $parts"
# part NAME: the marker before a part's lines (run.sh files them by part)
part() { echo "BENCH === part $1"; }
if want transport; then part transport; transport; fi
if want irqoff; then part irqoff; sh /tests/bench_irqoff.sh; fi
if want overhead; then part overhead; sh /tests/bench_overhead.sh; fi
if want stall; then part stall; sh /tests/bench_stall.sh; fi
if want storm; then part storm; sh /tests/bench_storm.sh; fi
if want cpus; then part cpus; sh /tests/bench_cpus.sh; fi
if want peers; then part peers; sh /tests/bench_peers.sh; fi
if want idle; then part idle; sh /tests/bench_idle.sh; fi
if want switch; then part switch; sh /tests/bench_switch.sh; fi
