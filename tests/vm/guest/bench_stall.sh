# make bench, stall probes: what a probed call costs, and what the slab
# preset costs a reader of /proc/slabinfo. Rounds interleave the
# configurations; the figures are medians. Output lines start with BENCH.
# TCG figures: the ratios mean more than the nanoseconds.
. /tests/lib.sh
F=/sys/kernel/debug/irqwatch_fault
N=${BENCH_CALLS:-200000}
READS=${BENCH_READS:-30}
ROUNDS=${BENCH_ROUNDS:-5}
rmmod irqwatch 2>/dev/null || true
insmod "/lib/modules/$(uname -r)/extra/irqwatch.ko" detectors=stall stall_threshold_us=1000000
grep -q '^irqwatch_fault ' /proc/modules || insmod /tests/irqwatch_fault.ko

# call_ns: ns per call of irqwatch_fault_call(), N calls timed in the kernel
call_ns() {
	echo "$N" > $F/calls
	sed -n 's/.* ns=\([0-9]*\).*/\1/p' $F/calls | awk -v n="$N" '{ printf "%.1f\n", $1 / n }'
}
# read_ms: ms per read of /proc/slabinfo, READS reads timed by /proc/uptime
read_ms() {
	t0=$(cut -d' ' -f1 /proc/uptime)
	i=0
	while [ $i -lt "$READS" ]; do
		cat /proc/slabinfo > /dev/null
		i=$((i + 1))
	done
	t1=$(cut -d' ' -f1 /proc/uptime)
	echo "$t0 $t1" | awk -v n="$READS" '{ printf "%.2f\n", ($2 - $1) * 1000 / n }'
}

echo "BENCH stall probes on $(uname -r), $(nproc) vCPUs (QEMU TCG), $ROUNDS interleaved rounds"
: > /tmp/plain; : > /tmp/probed
r=0
while [ $r -lt "$ROUNDS" ]; do
	call_ns >> /tmp/plain
	irqwatch probe add irqwatch_fault_call --threshold 1s > /dev/null
	call_ns >> /tmp/probed
	irqwatch probe del irqwatch_fault_call
	r=$((r + 1))
done
p=$(median < /tmp/plain)
q=$(median < /tmp/probed)
printf 'BENCH %-40s %10s %10s %10s\n' "cheap call, $N per round" plain probed "cost/call"
printf 'BENCH %-40s %8sns %8sns %8sns\n' "ns per call (median)" "$p" "$q" \
	"$(echo "$p $q" | awk '{ printf "%.1f", $2 - $1 }')"

: > /tmp/off; : > /tmp/on
r=0
while [ $r -lt "$ROUNDS" ]; do
	irqwatch config detectors none > /dev/null
	read_ms >> /tmp/off
	irqwatch config detectors stall > /dev/null
	read_ms >> /tmp/on
	r=$((r + 1))
done
a=$(median < /tmp/off)
b=$(median < /tmp/on)
calls=$(irqwatch probe list --json | jq '.probes[] | select(.symbol == "get_slabinfo") | .calls')
caches=$(($(wc -l < /proc/slabinfo) - 2))
printf 'BENCH %-40s %10s %10s %10s\n' "cat /proc/slabinfo, $caches caches" "preset off" "preset on" ratio
printf 'BENCH %-40s %8sms %8sms %10s\n' "ms per read (median of $READS reads)" "$a" "$b" \
	"$(echo "$a $b" | awk '{ printf "%.3f", $2 / $1 }')"
echo "BENCH get_slabinfo calls timed by the preset: $calls"
rmmod irqwatch
