# make bench, in four parts; output lines start with BENCH.
# 1. Transport throughput and cost: synthetic bursts of 3 s at rising
#    rates into "irqwatch record" writing a file (tmpfs). Per rate: the
#    events recorded, lost (ring_full, seq_gap) and unaccounted (must be
#    0), and the module's own accounting of its cost per event: the
#    producer (hard hrtimer callback storing events) and the drain
#    (symbolize, encode, send).
# 2. bench_irqoff.sh: accuracy of the interrupts-off detector.
# 3. bench_overhead.sh: its overhead on a CPU-bound workload.
# 4. bench_stall.sh: the cost of a stall probe per call, and of the slab
#    preset on reading /proc/slabinfo.
# detectors=none: only synthetic events, so that the lost counts are theirs
insmod "/lib/modules/$(uname -r)/extra/irqwatch.ko" ring_kb="${BENCH_RING_KB:-64}" detectors=none
SYNTH=/sys/kernel/debug/irqwatch/synth
stats() { irqwatch stats --json > /tmp/stats.json; }
st() { jq "$1" /tmp/stats.json; }
stats
echo "BENCH kernel $(uname -r), $(nproc) vCPUs (QEMU TCG), ring $(st .ring_size) bytes/CPU"
printf 'BENCH %8s %8s %8s %9s %8s %11s %12s %12s\n' rate/s events recorded ring_full seq_gap unaccounted \
	producer_ns/ev drain_ns/ev
for rate in 5000 10000 20000 50000 100000 200000; do
	out=/tmp/bench.jsonl
	rm -f $out
	irqwatch record -o $out 2>/dev/null &
	rec=$!
	stats
	while [ "$(st .listeners)" != 1 ]; do sleep 0.1; stats; done
	n=$((rate * 3))
	d0=$(st .drained) dn0=$(st .drain_ns)
	h0=$(st '[.cpus[].handler_ns] | add') e0=$(st '[.cpus[].events] | add')
	echo "$n $rate" > $SYNTH
	# until the drain has taken every stored event from the rings
	stats
	while [ "$(st .drained)" -lt "$(( $(st .next_seq) - 1 ))" ]; do sleep 0.2; stats; done
	kill -INT $rec
	wait $rec
	d1=$(st .drained) dn1=$(st .drain_ns)
	h1=$(st '[.cpus[].handler_ns] | add') e1=$(st '[.cpus[].events] | add')
	s=$(grep -c '"type":"synthetic"' $out)
	full=$(jq -s '[.[] | select(.reason == "ring_full") | .count] | add // 0' $out)
	gap=$(jq -s '[.[] | select(.reason == "seq_gap") | .count] | add // 0' $out)
	printf 'BENCH %8s %8s %8s %9s %8s %11s %12s %12s\n' $rate $n $s $full $gap \
		$((n - s - full - gap)) \
		$(( (h1 - h0) / (e1 - e0 + 1) )) $(( (dn1 - dn0) / (d1 - d0 + 1) ))
done
rmmod irqwatch
sh /tests/bench_irqoff.sh
sh /tests/bench_overhead.sh
sh /tests/bench_stall.sh
