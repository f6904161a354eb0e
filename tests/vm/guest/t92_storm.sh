# The softirq side from the interrupt tracepoints (detectors softirq and
# storm, storm_interval_ms=200 so that a storm starts in 0.6 s and ends
# 2 s after it stops; an imbalance is checked every 2 s):
#  - softirq_latency: a tasklet raised while bottom halves are injected off
#    for 60 ms on CPU 0 waited that long, and was served by the kworker's
#    local_bh_enable() (the injector's function in the stack), raised by it;
#  - softirq_storm: the injector's self-raising tasklet on CPU 1 for 3 s
#    starts a storm within 4 intervals (TASKLET the busiest vector,
#    ksoftirqd's share reported), ended 10 intervals after the storm
#    stopped, its length within 0.6 s of the injection's (too short for
#    an imbalance: none on CPU 1);
#  - hardirq_storm: the injector's software interrupt line fired back to
#    back on CPU 0 for 8.5 s: its number, name, rate and affinity (its
#    dummy irq chip keeps no effective affinity: none is sent);
#  - irq_imbalance: all of that line's interrupts on CPU 0 while CPU 1
#    idles: an imbalance on CPU 0 starts (3 checks) and ends (3 checks
#    after), naming the line with its affinity;
#  - a UDP flood over loopback on CPU 1 (softirq_storm_pct 20 for it): a
#    storm whose busiest vector is NET_RX, its NAPI context the backlog;
#  - turning the detector off in a storm sends its end;
#  - no storm on a CPU where none was made; the tracepoints listed as
#    attached in status; the per-vector counters in stats.
# TCG's timing: intervals come late (the work runs on a vCPU that TCG may
# stall 10-17 ms and more), so times get 0.4-0.6 s of slack.
. /tests/lib.sh
F=/sys/kernel/debug/irqwatch_fault
D=/sys/kernel/debug/irqwatch/irqoff
out=/tmp/storm.jsonl
unload
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
insmod "$MOD" detectors=softirq,storm storm_interval_ms=200 \
	softirq_threshold_us=20000
loaded irqwatch_fault || insmod "$FAULT"

now_ns() {
	head -1 $D | sed -n 's/.*now_ns=\([0-9]*\) .*/\1/p'
}
events() {
	jq -c --arg t "$1" 'select(.type == $t)' $out
}
# one TYPE CPU PHASE T0 T1: the event of that type, CPU and phase that
# started between T0 - 0.5 s and T1 (fails unless one)
one() {
	e=$(events "$1" | jq -c --argjson c "$2" --arg p "$3" \
		--argjson t0 "$4" --argjson t1 "$5" '
		select(.cpu == $c and .phase == $p and
		       .mono_ns >= $t0 - 500000000 and .mono_ns <= $t1)')
	[ "$(printf '%s' "$e" | grep -c .)" = 1 ] ||
		fail "$1 on cpu $2, phase $3: not one event: $(events "$1")"
	echo "$e"
}
# num JSON EXPR: a number from the event
num() {
	echo "$1" | jq -r "$2"
}

st=$(irqwatch status --json | jq -c '[.tracepoints[] | select(.state != "attached")]')
[ "$st" = "[]" ] || fail "tracepoints not attached: $(irqwatch status --json | jq -c .tracepoints)"

irqwatch record -o $out 2>/tmp/record.err &
rec=$!
wait_listeners 1

# softirq latency of a bh-off window
l0=$(now_ns)
echo "0 60" > $F/bhoff
l1=$(now_ns)
# softirq storm on CPU 1
s0=$(now_ns)
echo "1 3000" > $F/softirq_storm
s1=$(now_ns)
echo "SOFTIRQ_STORM $(cat $F/softirq_storm)"
sleep 2.6
# hardirq storm on CPU 0, long enough for an imbalance: the injector's
# handler takes ~12 % of the CPU under TCG, hence imbalance_pct 5
expect_ok irqwatch config imbalance_pct 5
h0=$(now_ns)
echo "0 8500" > $F/hardirq_storm
h1=$(now_ns)
hs=$(cat $F/hardirq_storm)
echo "HARDIRQ_STORM $hs"
irq=$(echo "$hs" | sed -n 's/^irq=\([0-9]*\) .*/\1/p')
sleep 6.6
# NET_RX over loopback on CPU 1
expect_ok irqwatch config softirq_storm_pct 20
f0=$(now_ns)
flood 3 1
f1=$(now_ns)
sleep 2.6
irqwatch stats --json > /tmp/stats.json
kill -INT $rec
wait $rec || fail "record exited $?: $(cat /tmp/record.err)"

# softirq_latency: the tasklet waited for the bh-off window
lat=$(events softirq_latency | jq -c --argjson t0 "$l0" --argjson t1 "$l1" '
	select(.cpu == 0 and .vector == "TASKLET" and .mono_ns >= $t0 and
	       .mono_ns <= $t1 and
	       ((.stack // []) | any(startswith("irqwatch_fault_bhoff+"))))')
[ "$(printf '%s' "$lat" | grep -c .)" = 1 ] ||
	fail "softirq_latency of the bh-off window: $(events softirq_latency)"
echo "LATENCY $(echo "$lat" | jq -c '{vector, wait_ns, run_ns, served_by, raiser: .raiser.comm, task: .task.comm, wait_softirq_ns, wait_hardirq_ns}')"
echo "$lat" | jq -e '.wait_ns >= 40000000 and .wait_ns <= 100000000 and
	.served_by == "local_bh_enable" and (.task.comm | startswith("kworker/0:")) and
	(.raiser.comm | startswith("kworker/0:")) and .run_ns < .wait_ns' >/dev/null ||
	fail "softirq_latency: $lat"

# softirq_storm on CPU 1: start within 4 intervals, end after 10 quiet ones
ss=$(one softirq_storm 1 start "$s0" "$s1")
se=$(one softirq_storm 1 end "$s0" "$s1")
echo "STORM start $(echo "$ss" | jq -c '{trigger, intervals, share, ksoftirqd_share, vectors: [.vectors[] | {vector, share}]}')"
echo "STORM end duration_ms=$(($(num "$se" .duration_ns) / 1000000)) injected_ms=$(((s1 - s0) / 1000000)) $(echo "$se" | jq -c '{intervals, share, ksoftirqd_share}')"
declared=$(($(num "$ss" .mono_ns) + $(num "$ss" .duration_ns)))
[ "$(num "$ss" .mono_ns)" -ge $((s0 - 400000000)) ] &&
	[ "$declared" -le $((s0 + 800000000 + 600000000)) ] ||
	fail "softirq storm: started at +$((($(num "$ss" .mono_ns) - s0) / 1000000)) ms, declared at +$(((declared - s0) / 1000000)) ms: $ss"
echo "$ss" | jq -e '.intervals == 3 and .share > 0.2 and
	(.vectors | max_by(.share) | .vector) == "TASKLET" and
	(.ksoftirqd_share | type) == "number"' >/dev/null ||
	fail "softirq storm start: $ss"
d=$(num "$se" .duration_ns)
[ "$d" -ge $((s1 - s0 - 600000000)) ] && [ "$d" -le $((s1 - s0 + 600000000)) ] ||
	fail "softirq storm: lasted $((d / 1000000)) ms, injected $(((s1 - s0) / 1000000)) ms: $se"
[ "$(num "$se" .mono_ns)" = "$(num "$ss" .mono_ns)" ] ||
	fail "softirq storm: the end's start is not the start's: $se"

# irq_imbalance: the injector's line pinned to CPU 0 (its storm there),
# CPU 1 idle; a check spans 10 intervals: the first hot one began up to
# 2 s before the storm
is=$(one irq_imbalance 0 start $((h0 - 2000000000)) "$h1")
one irq_imbalance 0 end $((h0 - 2000000000)) "$h1" > /dev/null
echo "IMBALANCE $(echo "$is" | jq -c '{load, mean, stddev, median, over, cpus, irqs}')"
echo "$is" | jq -e --argjson irq "$irq" '.load >= 0.05 and .median * 3 <= .load and
	(.cpus[] | select(.cpu == 1) | .idle) >= 0.5 and
	.irqs[0].irq == $irq and .irqs[0].name == "irqwatch_fault" and
	(.irqs[0].affinity | type) == "string"' >/dev/null ||
	fail "imbalance: $is"
n=$(events irq_imbalance | jq -c 'select(.cpu == 1)' | grep -c . || true)
[ "$n" = 0 ] || fail "imbalance on cpu 1: $(events irq_imbalance)"

# hardirq_storm on CPU 0: the injector's line
hs=$(one hardirq_storm 0 start "$h0" "$h1")
he=$(one hardirq_storm 0 end "$h0" "$h1")
echo "HARDIRQ start $(echo "$hs" | jq -c '{trigger, rate, share, irq}')"
echo "$hs" | jq -e --argjson irq "$irq" '.irq.irq == $irq and
	.irq.name == "irqwatch_fault" and .rate >= 40000 and
	(.irq.affinity | type) == "string"' >/dev/null ||
	fail "hardirq storm start: $hs"
d=$(num "$he" .duration_ns)
[ "$d" -ge $((h1 - h0 - 600000000)) ] && [ "$d" -le $((h1 - h0 + 600000000)) ] ||
	fail "hardirq storm: lasted $((d / 1000000)) ms, injected $(((h1 - h0) / 1000000)) ms: $he"

# the flood: NET_RX, the backlog
fs=$(events softirq_storm | jq -c --argjson t0 "$f0" --argjson t1 "$f1" \
	'select(.cpu == 1 and .phase == "start" and .mono_ns >= $t0 - 400000000 and .mono_ns <= $t1)')
[ "$(printf '%s' "$fs" | grep -c .)" = 1 ] ||
	fail "flood: not one storm start: $(events softirq_storm)"
echo "FLOOD start $(echo "$fs" | jq -c '{trigger, share, ksoftirqd_share, vectors: [.vectors[] | {vector, share}], napi}')"
echo "$fs" | jq -e '(.vectors | max_by(.share) | .vector) == "NET_RX" and
	(.napi | map(.dev) | index("backlog")) != null and
	(.napi[] | select(.dev == "backlog") | .packets) > 0' >/dev/null ||
	fail "flood: $fs"

# nothing else stormed
n=$(events softirq_storm | jq -c 'select(.cpu == 0)' | grep -c . || true)
[ "$n" = 0 ] || fail "softirq storm on cpu 0: $(events softirq_storm)"
n=$(events hardirq_storm | grep -c . || true)
[ "$n" = 2 ] || fail "hardirq storms: $(events hardirq_storm)"

# the counters: CPU 1 ran the tasklet storm's TASKLET softirqs
t=$(jq '.cpus[] | select(.cpu == 1) | .softirq.vectors[] | select(.vector == "TASKLET") | .count' /tmp/stats.json)
c=$(sed -n 's/.* count=\([0-9]*\) .*/\1/p' $F/softirq_storm)
[ "$t" -ge "$c" ] 2>/dev/null || fail "stats: TASKLET runs on cpu 1: $t, the storm made $c"

# The detector turned off in a storm ends it (an end event), and comes back.
irqwatch record -o $out 2>/tmp/record.err &
rec=$!
wait_listeners 1
h0=$(now_ns)
echo "0 1500" > $F/hardirq_storm &
storm=$!
sleep 1.2
expect_ok irqwatch config detectors softirq
expect_ok irqwatch config detectors softirq,storm
wait $storm
sleep 0.3
kill -INT $rec
wait $rec || fail "record exited $?: $(cat /tmp/record.err)"
one hardirq_storm 0 start "$h0" "$(now_ns)" > /dev/null
one hardirq_storm 0 end "$h0" "$(now_ns)" > /dev/null
rmmod irqwatch
