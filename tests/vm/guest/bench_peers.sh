# make bench, part peers (issue 14): irqwatch next to cyclictest (Debian's
# rt-tests), what operators run today, in the same guest on the same
# injected windows, and the overhead of each on the same CPU-bound work.
#
# Windows, on CPU 1, ROUNDS of each: interrupts off for 50 and 100 ms
# (the injector's irqoff), bottom halves off for 100 ms with a tasklet
# pending (bhoff), and the slab walk: /proc/slabinfo read on CPU 1 while
# the injector's cache has 150,000 partial slabs; and a quiet round (no
# injection) for each tool's noise under TCG. cyclictest runs across each
# injection (-S -d 0: a SCHED_FIFO thread per CPU waking every 1 ms), and
# "irqwatch record" across all of them (default detectors, thresholds of
# 30 ms: TCG's own lateness stays below 17 ms). Per kind: how many
# windows each saw (cyclictest: its CPU's max latency over 30 ms; irqwatch:
# an irqoff or softirqoff event on CPU 1 that starts in the write), the
# length each gave (cyclictest's max latency; irqwatch's duration), and the
# culprit each named (cyclictest names none; irqwatch: an end stack in the
# injector's function or in get_slabinfo, and for the walk the stall event
# with the reader's name and the cache).
#
# Overhead: burn on every vCPU for SECS, OROUNDS interleaved rounds of
# nothing, cyclictest (as above) and irqwatch (loaded at its defaults);
# the median over the rounds of each one's work per second over nothing's.
. /tests/lib.sh
F=/sys/kernel/debug/irqwatch_fault
D=/sys/kernel/debug/irqwatch/irqoff
NEW=/lib/modules/$(uname -r)/extra/irqwatch.ko
ROUNDS=3
OROUNDS=5
SECS=3
THR_US=30000
CPU=1
out=/tmp/peers.jsonl

if ! command -v cyclictest > /dev/null; then
	echo "BENCH peers: no cyclictest in the guest (rt-tests is not installed on the host)"
	exit 0
fi
grep -q '^irqwatch_fault ' /proc/modules || insmod /tests/irqwatch_fault.ko
grep -q '^irqwatch ' /proc/modules && rmmod irqwatch

now_ns() {
	head -1 $D | sed -n 's/.*now_ns=\([0-9]*\) .*/\1/p'
}

insmod "$NEW" irqoff_threshold_us=$THR_US softirq_threshold_us=$THR_US || exit 1
echo 150000 > $F/slab_fill
irqwatch record -o $out 2>/tmp/peers.err &
rec=$!
sleep 1
: > /tmp/peers.inj
# inject KIND MS: one window under cyclictest; appends
# "KIND MS t0 t1 cyclictest_max_us" to /tmp/peers.inj
inject() {
	cyclictest -q -m -S -d 0 -p 90 -i 1000 -D 3 > /tmp/ct.out 2>&1 &
	ct=$!
	sleep 1
	t0=$(now_ns)
	case $1 in
	irqoff) echo "$CPU $2" > $F/irqoff ;;
	bhoff) echo "$CPU $2" > $F/bhoff ;;
	slab) taskset -c $CPU cat /proc/slabinfo > /dev/null ;;
	quiet) sleep 0.3 ;;
	esac
	t1=$(now_ns)
	wait $ct
	max=$(awk -v c=$CPU '$1 == "T:" && $2 == c {
		for (i = 1; i < NF; i++) if ($i == "Max:") print $(i + 1) }' /tmp/ct.out)
	echo "$1 $2 $t0 $t1 ${max:--1}" >> /tmp/peers.inj
}
r=0
while [ $r -lt $ROUNDS ]; do
	inject quiet 0
	inject irqoff 50
	inject irqoff 100
	inject bhoff 100
	inject slab 0
	r=$((r + 1))
done
sleep 1
kill -INT $rec
wait $rec
rmmod irqwatch

echo "BENCH peers: the same windows on CPU $CPU, $ROUNDS of each, cyclictest and irqwatch at once; threshold $((THR_US / 1000)) ms"
printf 'BENCH %-10s %4s | %-9s %13s %-8s | %-9s %13s %-13s\n' kind ms "ct seen" "ct max ms" "ct who" \
	"iw seen" "iw dur ms" "iw culprit"
for kind in quiet:0 irqoff:50 irqoff:100 bhoff:100 slab:0; do
	k=${kind%:*} ms=${kind#*:}
	case $k in
	irqoff) fn=irqwatch_fault_irqoff ;;
	bhoff) fn=irqwatch_fault_bhoff ;;
	slab) fn=get_slabinfo ;;
	*) fn=none ;;
	esac
	n=0 ctn=0 iwn=0 culp=0 ctmax="" iwdur=""
	while read -r kk mm t0 t1 max; do
		[ "$kk" = "$k" ] && [ "$mm" = "$ms" ] || continue
		n=$((n + 1))
		[ "$max" -gt $THR_US ] && ctn=$((ctn + 1))
		ctmax="$ctmax $((max / 1000))"
		ev=$(jq -c --argjson c $CPU --argjson a "$t0" --argjson b "$t1" '
			select((.type == "irqoff" or .type == "softirqoff") and .cpu == $c and
			       .mono_ns >= $a and .mono_ns <= $b)' $out | head -1)
		[ -n "$ev" ] || continue
		iwn=$((iwn + 1))
		iwdur="$iwdur $(echo "$ev" | jq '.duration_ns / 1000000 | floor')"
		if echo "$ev" | jq -e --arg f "$fn+" 'any(.stack[]?; startswith($f))' > /dev/null; then
			culp=$((culp + 1))
		fi
	done < /tmp/peers.inj
	printf 'BENCH %-10s %4s | %4s/%-4s %13s %-8s | %4s/%-4s %13s %4s/%-4s %s\n' "$k" "$ms" \
		$ctn $n "$(echo "$ctmax" | median)" none $iwn $n "$(echo "$iwdur" | median)" $culp $n \
		"$([ $fn = none ] || echo "in $fn")"
done
stalls=$(jq -c 'select(.type == "stall" and .probe == "get_slabinfo")' $out | grep -c . || true)
echo "BENCH peers: slab walks: irqwatch's stall events of get_slabinfo: $stalls, e.g. $(jq -c 'select(.type == "stall" and .probe == "get_slabinfo") | {probe, cache, task: .task.comm, duration_ms: (.duration_ns / 1000000 | floor)}' $out | head -1)"

# overhead: burn on every vCPU, nothing / cyclictest / irqwatch, interleaved
burn_all() {
	for c in $(seq 0 $(($(nproc) - 1))); do
		taskset -c "$c" burn $SECS > "/tmp/burn.$c" &
	done
	wait
	cat /tmp/burn.* | awk '{ s += $1 } END { printf "%.1f", s }'
	rm -f /tmp/burn.*
}
# with WHAT: one run of burn_all with WHAT running
with() {
	case $1 in
	none) burn_all ;;
	cyclictest)
		cyclictest -q -m -S -d 0 -p 90 -i 1000 -D $((SECS + 2)) > /dev/null 2>&1 &
		ct=$!
		sleep 0.5
		burn_all
		wait $ct ;;
	irqwatch)
		insmod "$NEW"
		sleep 0.5
		burn_all
		rmmod irqwatch ;;
	esac
}
: > /tmp/peers.ovh
r=0
while [ $r -lt $OROUNDS ]; do
	# each round starts one later
	set -- none cyclictest irqwatch
	i=0
	while [ $i -lt $((r % 3)) ]; do set -- "$2" "$3" "$1"; i=$((i + 1)); done
	for w in "$@"; do
		echo "$r $w $(with "$w")" >> /tmp/peers.ovh
	done
	r=$((r + 1))
done
echo "BENCH peers overhead: burn on every vCPU, $SECS s a run, $OROUNDS rounds interleaved; ratio: median over the rounds of the work per second over the same round's without either"
for w in none cyclictest irqwatch; do
	runs=$(awk -v w=$w '$2 == w { printf "%s ", $3 }' /tmp/peers.ovh)
	ratio=$(awk -v w=$w '$2 == "none" { n[$1] = $3 } $2 == w { x[$1] = $3 }
		END { for (r in x) if (n[r] > 0) printf "%.4f ", x[r] / n[r] }' /tmp/peers.ovh | median)
	printf 'BENCH   %-11s units/s %s  ratio %s\n' "$w" "$runs" "$ratio"
done
