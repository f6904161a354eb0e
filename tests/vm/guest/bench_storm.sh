# make bench, the interrupt tracepoints: the throughput of a softirq-heavy
# workload, a UDP flood over loopback on CPU 1 (flood: every batch of
# packets goes through the CPU's backlog in NET_RX softirqs), with the
# tracepoints off (detectors=irqoff: neither the softirq nor the storm
# detector) and on (detectors=softirq,storm), ROUNDS interleaved rounds of
# SECS each, a fresh load for each; medians, and on/off. With the
# tracepoints on, the module's own accounting of its probes (one call in 64
# timed, clock read included): ns per probe call, probe calls and softirqs
# per second on CPU 1. TCG figures: the ratio means more than the
# nanoseconds. Output lines start with BENCH.
. /tests/lib.sh
MOD=/lib/modules/$(uname -r)/extra/irqwatch.ko
ROUNDS=${BENCH_ROUNDS:-5}
SECS=${BENCH_FLOOD_SECS:-3}
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
cpu1() {
	irqwatch stats --json | jq ".cpus[] | select(.cpu == 1) | .softirq | $1"
}
# run off|on: one flood with the module loaded that way; appends its pps
# to /tmp/storm_off or /tmp/storm_on, and for on the probe figures
run() {
	rmmod irqwatch 2>/dev/null || true
	if [ "$1" = off ]; then
		insmod "$MOD" detectors=irqoff
	else
		insmod "$MOD" detectors=softirq,storm
		c0=$(cpu1 .tp_calls); t0=$(cpu1 .tp_timed); n0=$(cpu1 .tp_timed_ns)
		s0=$(cpu1 '[.vectors[].count] | add')
	fi
	p=$(flood "$SECS" 1 | sed -n 's/.* pps=\([0-9]*\).*/\1/p')
	echo "$p" >> "/tmp/storm_$1"
	if [ "$1" = on ]; then
		c1=$(cpu1 .tp_calls); t1=$(cpu1 .tp_timed); n1=$(cpu1 .tp_timed_ns)
		s1=$(cpu1 '[.vectors[].count] | add')
		echo "$(((n1 - n0) / (t1 - t0 > 0 ? t1 - t0 : 1))) $(((c1 - c0) / SECS)) $(((s1 - s0) / SECS))" >> /tmp/storm_probe
	fi
	rmmod irqwatch
}

echo "BENCH tracepoints on $(uname -r), $(nproc) vCPUs (QEMU TCG): a UDP flood over loopback on CPU 1, $ROUNDS interleaved rounds of $SECS s"
: > /tmp/storm_off; : > /tmp/storm_on; : > /tmp/storm_probe
r=0
while [ $r -lt "$ROUNDS" ]; do
	if [ $((r % 2)) = 0 ]; then run off; run on; else run on; run off; fi
	r=$((r + 1))
done
off=$(median < /tmp/storm_off)
on=$(median < /tmp/storm_on)
echo "BENCH flood pps: off $(tr '\n' ' ' < /tmp/storm_off)| on $(tr '\n' ' ' < /tmp/storm_on)"
echo "BENCH flood median pps: off $off, on $on, on/off $(echo "$on $off" | awk '{ printf "%.3f", $1 / $2 }')"
probe=$(cut -d' ' -f1 /tmp/storm_probe | median)
calls=$(cut -d' ' -f2 /tmp/storm_probe | median)
softirqs=$(cut -d' ' -f3 /tmp/storm_probe | median)
echo "BENCH probes (module's accounting, median): $probe ns per probe call, $calls probe calls/s and $softirqs softirqs/s on CPU 1: $(echo "$probe $calls" | awk '{ printf "%.2f", $1 * $2 / 1e7 }') % of CPU 1"
