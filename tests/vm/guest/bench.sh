# make bench: transport throughput and cost. Synthetic bursts of 3 s at
# rising rates into "irqwatch record" writing a file (tmpfs); for each: the
# events recorded, lost (ring_full, seq_gap), and the module's own cost
# accounting. Output lines start with BENCH.
insmod /lib/modules/$(uname -r)/extra/irqwatch.ko ring_kb=${BENCH_RING_KB:-64}
SYNTH=/sys/kernel/debug/irqwatch/synth
st() { irqwatch stats --json | jq "$1"; }
echo "BENCH kernel $(uname -r), $(nproc) vCPUs (QEMU TCG), ring $(st .ring_size) bytes/CPU"
printf 'BENCH %8s %9s %9s %9s %9s %12s %12s\n' rate/s events recorded ring_full seq_gap drain_ns/ev emit_ns/call
for rate in 5000 10000 20000 50000 100000 200000; do
	out=/tmp/bench.jsonl
	rm -f $out
	irqwatch record -o $out 2>/dev/null &
	rec=$!
	while [ "$(st .listeners)" != 1 ]; do sleep 0.1; done
	n=$((rate * 3))
	d0=$(st .drained); dn0=$(st .drain_ns)
	h0=$(irqwatch stats --json | jq '[.cpus[].handler_ns] | add')
	c0=$(irqwatch stats --json | jq '[.cpus[].handler_calls] | add')
	echo "$n $rate" > $SYNTH
	sleep 1
	kill -INT $rec; wait $rec
	d1=$(st .drained); dn1=$(st .drain_ns)
	h1=$(irqwatch stats --json | jq '[.cpus[].handler_ns] | add')
	c1=$(irqwatch stats --json | jq '[.cpus[].handler_calls] | add')
	s=$(grep -c '"type":"synthetic"' $out)
	full=$(jq -s '[.[] | select(.reason == "ring_full") | .count] | add // 0' $out)
	gap=$(jq -s '[.[] | select(.reason == "seq_gap") | .count] | add // 0' $out)
	printf 'BENCH %8s %9s %9s %9s %9s %12s %12s\n' $rate $n $s $full $gap \
		$(( (dn1 - dn0) / (d1 - d0 + 1) )) \
		$(( (h1 - h0) / (c1 - c0 + 1) ))
done
echo "BENCH (emit_ns/call: one synthetic-source timer tick, emitting rate/1000/CPUs events)"
rmmod irqwatch
