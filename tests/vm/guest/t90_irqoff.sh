# The interrupts-off detector: injected windows are reported once, with
# their duration, cause irqs_disabled, an in-window NMI sample and an end
# stack in the injector's function; an idle guest gets no irqs_disabled
# window; period, threshold, cpus and detectors change at runtime; CPU
# hotplug starts and stops the timer without a false window.
#
# Each window is checked in the module's test-only debugfs files
# (IRQWATCH_TESTING): irqoff (config in force, per-CPU counters and
# histogram, as GET_STATS has them) and irqoff_windows (the last 16
# windows as the detector made them), and again in the JSON of "irqwatch
# record", which has what the event's payload carried through the rings
# and netlink: duration, cpu, task, end stack, cause, context and the same
# samples (count, irqs_disabled ones, those in the injector's function).
. /tests/lib.sh
F=/sys/kernel/debug/irqwatch_fault
D=/sys/kernel/debug/irqwatch/irqoff
W=/sys/kernel/debug/irqwatch/irqoff_windows
out=/tmp/irqoff.jsonl
seen=/tmp/irqoff.seen
SLACK=200000000
unload
# TCG's own lateness stays below 16 ms (tests/README.md): 30 ms is safe.
insmod "$MOD" irqoff_threshold_us=30000
loaded irqwatch_fault || insmod "$FAULT"
rt=0
[ "$(cat /sys/kernel/realtime 2>/dev/null)" = 1 ] && rt=1

# field NAME LINE: the value of NAME=value in LINE
field() {
	echo " $2" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"
}
# cpustat CPU NAME: a per-CPU counter
cpustat() {
	field "$2" "$(grep "^cpu=$1 " $D)"
}
header() {
	field "$1" "$(head -1 $D)"
}
# last_window CPU: the debugfs block of the last window logged on CPU
last_window() {
	awk -v c="cpu=$1" '
		/^window / { keep = ($3 == c); if (keep) blk = "" }
		keep { blk = blk $0 "\n" }
		END { printf "%s", blk }' $W
}
# windows_after ID [CPU [FN [not]]]: the debugfs blocks of the windows
# after ID (on CPU; whose end stack is, or with "not" is not, in FN)
windows_after() {
	awk -v id="$1" -v c="cpu=${2:-}" -v fn=" ${3:-}+" -v not="${4:-}" '
		function flush() {
			if (hdr != "" && (c == "cpu=" || c == cpu) &&
			    (fn == " +" || (index(stk, fn) > 0) != (not != "")))
				printf "%s", blk
			hdr = ""
		}
		/^window / {
			flush()
			split($2, a, "=")
			if (a[2] + 0 <= id + 0)
				next
			hdr = $0; cpu = $3; blk = ""; stk = ""
		}
		hdr == "" { next }
		/^  stack:/ { stk = $0 }
		{ blk = blk $0 "\n" }
		END { flush() }' $W
}
last_id() {
	id=$(sed -n 's/^window id=\([0-9]*\) .*/\1/p' $W | tail -1)
	echo "${id:--1}"
}


[ "$(header period_ns)" = 1000000 ] || fail "period: $(head -1 $D)"
[ "$(header threshold_ns)" = 30000000 ] || fail "threshold: $(head -1 $D)"
[ "$(header active)" = 0-1 ] || fail "timers: $(head -1 $D)"

# nmistat: each CPU's NMIs sent (to its buddy) and samples taken (in it)
nmistat() {
	grep '^cpu=' $D | sed 's/^\(cpu=[0-9]*\) .*\( nmis_sent=[0-9]*\) \(samples=[0-9]*\) .*/\1\2 \3/' |
		tr '\n' ' '
}

# inject FAULT CPU MS: exactly one window on CPU ends in the injector's
# function, checked in debugfs; other windows are TCG's, and the JSON check
# proves they are no duplicates. Appends "cpu duration_ns function" to
# $seen for the JSON check.
#
# A window has its samples from the buddy CPU's ticks, at most one per
# half threshold once the window is half a threshold old, but for its last
# eighth: a 30 ms window at a 20 ms threshold has room for two. TCG can
# hold the buddy's vCPU past both (1 of the 90 such windows in the logs
# kept: 6.1-rt, samples=0; 4 had one sample), so that one size, and only
# it, gets a second try; a window that never has a sample still fails, and
# so does every longer one at once.
inject() {
	if ! inject_once "$@" 1; then
		echo "RETRY $1 cpu=$2 ms=$3: no in-window sample; NMIs before: $nmi0 after: $(nmistat)"
		inject_once "$@" 0
	fi
}

# inject_once FAULT CPU MS FIRST: inject; FIRST=1 lets a 30 ms window
# without samples return 1 instead of failing.
inject_once() {
	f=$1 cpu=$2 ms=$3
	fn=irqwatch_fault_$f
	id=$(last_id)
	nmi0=$(nmistat)
	t0=$(header now_ns)
	echo "$cpu $ms" > "$F/$f" || fail "$f $cpu $ms"
	t1=$(header now_ns)
	# The window ends, and is logged, when interrupts come back on,
	# before the write returns.
	blk=$(windows_after "$id" "$cpu" "$fn")
	other=$(windows_after "$id" "" "$fn" not)
	[ -z "$other" ] || printf 'NOISE during %s %s ms on cpu %s:\n%s\n' \
		"$f" "$ms" "$cpu" "$other"
	n=$(echo "$blk" | grep -c '^window ' || true)
	[ "$n" = 1 ] || fail "$f $ms ms on cpu $cpu: $n windows in $fn: $blk"
	head=$(echo "$blk" | head -1)
	dur=$(field duration_ns "$head")
	cause=$(field cause "$head")
	ns=$(field samples "$head")
	hit=$(echo "$blk" | grep -c "^    stack:.* $fn+" || true)
	off=$(echo "$blk" | grep -c "^  sample .* irqs_disabled=1 " || true)
	echo "INJECT $f cpu=$cpu ms=$ms duration_us=$((dur / 1000)) write_us=$(((t1 - t0) / 1000)) cause=$cause samples=$ns irqs_off_samples=$off with_$fn=$hit"
	# The reported duration is the window's real length. The window
	# starts at the first expiry after interrupts went off, at most a
	# period later, and the injector waits on the clocksource, so it is
	# at least MS - period (closest seen: 85 us above; 1 ms covers the
	# two clock readers). It lies within the write, timed on the
	# detector's clock, and at most SLACK shorter (queueing the work to
	# the CPU before the window, waking the writer after it: up to 90 ms
	# seen under TCG with another VM on the host's two cores). Seen on
	# all five kernels: MS - 1.9 ms to MS + 9.4 ms; TCG can deliver the
	# tick late after interrupts come back on.
	lo=$((ms * 1000000 - $(header period_ns) - 1000000))
	[ "$dur" -ge $lo ] && [ "$dur" -le $((t1 - t0)) ] &&
		[ $((t1 - t0 - dur)) -le $SLACK ] ||
		fail "$f $ms ms on cpu $cpu: duration $dur ns, write $((t1 - t0)) ns: $blk"
	[ "$ns" = 0 ] && [ "$ms" = 30 ] && [ "$4" = 1 ] && return 1
	[ "$cause" = irqs_disabled ] || fail "$f $ms ms on cpu $cpu: cause $cause: $blk"
	echo "$blk" | sed -n 2p | grep -q " $fn+" ||
		fail "$f $ms ms on cpu $cpu: end stack lacks $fn: $blk"
	[ "$hit" -ge 1 ] || fail "$f $ms ms on cpu $cpu: no sample in $fn: $blk"
	[ "$off" -ge 1 ] || fail "$f $ms ms on cpu $cpu: no irqs-off sample: $blk"
	ctx=$(field context "$head")
	echo "$cpu $dur $fn $cause $ctx $ns $off $hit" >> $seen
}

rm -f $out $seen
irqwatch record -o $out 2>/tmp/record.err &
rec=$!
wait_listeners 1

faults=irqoff
[ $rt = 1 ] || faults="$faults irqoff_lock"
faults="$faults irqoff_rawlock"
for f in $faults; do
	for cpu in 0 1; do
		# A 30 ms window against a 30 ms threshold is borderline.
		irqwatch config irqoff_threshold 20ms >/dev/null
		inject $f $cpu 30
		irqwatch config irqoff_threshold 30ms >/dev/null
		for ms in 50 100 300; do
			inject $f $cpu $ms
		done
	done
done
echo "$(head -1 $D)"
grep '^cpu=' $D

sleep 0.5
kill -INT $rec
wait $rec || fail "record exited $?: $(cat /tmp/record.err)"
# The JSON has each window once, with the same cpu and duration, the
# interrupted kworker and an end stack in the injector's function.
jq -r 'select(.type == "irqoff") | "\(.cpu) \(.duration_ns) \(.task.comm) \((.stack // []) | join(" "))"' \
	$out > /tmp/irqoff.json.txt
cat /tmp/irqoff.json.txt | cut -c1-200
while read -r cpu dur fn cause ctx ns off hit; do
	n=$(grep -c "^$cpu $dur kworker/$cpu:[^ ]* .*$fn+" /tmp/irqoff.json.txt || true)
	[ "$n" = 1 ] || fail "JSON has $n irqoff events for cpu $cpu, $dur ns, $fn"
	# the payload as debugfs logged it: cause, context, samples
	got=$(jq -r --argjson c "$cpu" --argjson d "$dur" --arg fn " $fn+" '
		select(.type == "irqoff" and .cpu == $c and .duration_ns == $d) |
		(.samples // []) as $s |
		"\(.cause) \(.context) \(($s | length) + (.samples_omitted // 0))" +
		" \([$s[] | select(.irqs_disabled)] | length)" +
		" \([$s[] | select((.stack // []) | map(" " + .) | any(startswith($fn)))] | length)" +
		" \([$s[] | select(.offset_ns <= $d and .task.comm != null)] | length)"' $out)
	want="$cause $ctx $ns $off $hit $ns"
	[ "$got" = "$want" ] ||
		fail "JSON of the $fn window on cpu $cpu ($dur ns): $got, debugfs: $want"
done < $seen
# No window is reported twice: on each CPU, a window starts after the
# previous one ended (a tick re-armed from the missed expiry instead of
# from now would report the rest of the same window again).
jq -e -s '[.[] | select(.type == "irqoff")] | group_by(.cpu) |
	all(sort_by(.mono_ns) | . as $w |
	    all(range(1; length); $w[.].mono_ns >= $w[. - 1].mono_ns + $w[. - 1].duration_ns))' \
	$out >/dev/null || fail "overlapping irqoff windows"
echo "irqoff events: $(wc -l < /tmp/irqoff.json.txt), injected: $(wc -l < $seen)"
echo "one window as logged:"
last_window 1

if [ $rt = 1 ]; then
	# spin_lock_irqsave() leaves interrupts on under PREEMPT_RT.
	w0=$(cpustat 0 windows)
	echo "0 100" > $F/irqoff_lock
	[ "$(cpustat 0 windows)" = "$w0" ] ||
		fail "a spinlock_t section on RT made a window: $(last_window 0)"
fi

# Idle for 20 s at the same threshold (60 s on 6.1 before idle CPUs
# stopped their ticks; now an idle CPU ticks only while it runs something,
# and the longer wait added little but time): windows, if any, are TCG's;
# every one is classified
# and none claims interrupts were off. The debugfs log keeps the last 16
# windows: it is read every 5 s, and the per-CPU counters prove that no
# window went past unread. The softirq and storm detectors are on too
# (every detector is, by default) at their defaults: a recorder meanwhile
# gets no softirqoff, softirq_storm, hardirq_storm or irq_imbalance event
# (softirq_latency events may come: TCG's stalls of a vCPU delay softirqs
# as they delay ticks).
idle_s=20
[ "$(irqwatch status --json | jq -c .config.detectors)" = '["irqoff","softirq","storm","stall"]' ] ||
	fail "default detectors: $(irqwatch status --json | jq -c .config.detectors)"
irqwatch record -o /tmp/idle.jsonl 2>/tmp/idle.err &
idlerec=$!
wait_listeners 1
id=$(last_id)
w0=$(($(cpustat 0 windows) + $(cpustat 1 windows)))
idle=
for _ in $(seq 5 5 $idle_s); do
	sleep 5
	blk=$(windows_after "$id")
	[ -n "$blk" ] || continue
	idle="$idle$blk
"
	id=$(echo "$blk" | sed -n 's/^window id=\([0-9]*\) .*/\1/p' | tail -1)
done
n=$(($(cpustat 0 windows) + $(cpustat 1 windows) - w0))
logged=$(echo "$idle" | grep -c '^window ' || true)
causes=$(echo "$idle" | sed -n 's/^window .* cause=\([^ ]*\) .*/\1/p' | sort | uniq -c |
	awk '{ printf "%s%s=%s", (NR > 1 ? " " : ""), $2, $1 }')
max=$(echo "$idle" | sed -n 's/^window .* duration_ns=\([0-9]*\) .*/\1/p' |
	awk '$1 > m { m = $1 } END { printf "%.1f", m / 1000000 }')
echo "IDLE $idle_s s at threshold $(($(header threshold_ns) / 1000000)) ms: $n windows${causes:+ ($causes)}, longest $max ms"
[ -z "$idle" ] || printf '%s' "$idle"
kill -INT $idlerec
wait $idlerec || fail "record exited $?: $(cat /tmp/idle.err)"
soft=$(jq -c 'select(.type == "softirqoff")' /tmp/idle.jsonl)
echo "IDLE $idle_s s at softirq threshold 10 ms: $(printf '%s' "$soft" | grep -c . || true) softirqoff windows"
[ -z "$soft" ] || fail "idle guest: bh-off windows: $soft"
storms=$(jq -c 'select(.type | test("^(softirq_storm|hardirq_storm|irq_imbalance)$"))' /tmp/idle.jsonl)
echo "IDLE $idle_s s with the storm detector: $(printf '%s' "$storms" | grep -c . || true) storm or imbalance events"
[ -z "$storms" ] || fail "idle guest: storms: $storms"
[ "$logged" = "$n" ] || fail "idle guest: $n windows counted, $logged read from the log"
echo "$idle" | grep -q '^window .* cause=\(irqs_disabled\|none\) ' &&
	fail "idle guest: window classified irqs_disabled or not at all"

# Every tick lands in the histogram.
for cpu in 0 1; do
	h=$(cpustat $cpu hist)
	sum=$(echo "$h" | tr , '\n' | awk '{ s += $1 } END { print s + 0 }')
	echo "cpu $cpu: ticks $(cpustat $cpu ticks), histogram $h"
	[ "$sum" -gt 0 ] || fail "cpu $cpu: empty histogram"
done
# The netlink stats carry the same counters (their size is checked there).
expect_ok irqwatch stats --json

# Period and threshold at runtime: the tick rate falls, a 20 ms window is
# below the new threshold but shows in the histogram, a 60 ms one is found.
# CPU 0 is kept busy while its ticks are counted: an idle CPU takes none.
# Under TCG a busy vCPU's tick comes ~0.5 ms late (5.10: 1,149 ticks in 2 s
# at 1 ms, 869 at 2 ms), so 1 ms is compared with 3 ms, not 2.
taskset -c 0 burn 5 > /dev/null &
burner=$!
sleep 0.5
t0=$(cpustat 0 ticks)
sleep 2
t1=$(cpustat 0 ticks)
expect_ok irqwatch config period 3ms irqoff_threshold 40ms
[ "$(header period_ns)" = 3000000 ] && [ "$(header threshold_ns)" = 40000000 ] ||
	fail "config not in force: $(head -1 $D)"
t2=$(cpustat 0 ticks)
sleep 2
t3=$(cpustat 0 ticks)
wait $burner
echo "ticks in 2 s on cpu 0: $((t1 - t0)) at 1 ms, $((t3 - t2)) at 3 ms"
[ $(((t1 - t0) * 10)) -ge $(((t3 - t2) * 15)) ] ||
	fail "the period did not change the tick rate"
w0=$(cpustat 0 windows)
b0=$(cpustat 0 hist | cut -d, -f16)
echo "0 20" > $F/irqoff
b1=$(cpustat 0 hist | cut -d, -f16)
[ "$(cpustat 0 windows)" = "$w0" ] || fail "20 ms window over a 40 ms threshold: $(last_window 0)"
[ "$b1" -gt "$b0" ] || fail "20 ms window not in the [16, 32) ms bucket: $(cpustat 0 hist)"
inject irqoff 0 60
expect_fail "irqoff_threshold_us must be at least 2 x period_us" \
	irqwatch config period 30ms softirq_threshold 60ms
[ "$(header period_ns)" = 3000000 ] || fail "a refused config changed the period"
expect_ok irqwatch config period 1ms irqoff_threshold 30ms

# CPUs: only cpu 1 is watched, and has no buddy to sample it.
expect_ok irqwatch config cpus 1
[ "$(header active)" = 1 ] || fail "timers after cpus 1: $(head -1 $D)"
t0=$(cpustat 0 ticks)
w0=$(cpustat 0 windows)
echo "0 50" > $F/irqoff
sleep 0.2
[ "$(cpustat 0 ticks)" = "$t0" ] || fail "cpu 0 ticks while not watched"
[ "$(cpustat 0 windows)" = "$w0" ] || fail "window on a CPU not watched"
w0=$(cpustat 1 windows)
echo "1 50" > $F/irqoff
[ "$(cpustat 1 windows)" = $((w0 + 1)) ] || fail "cpu 1 alone: no window"
blk=$(last_window 1)
echo "$blk" | head -1 | grep -q ' cause=unconfirmed context=task samples=0 ' ||
	fail "a window without samples: $blk"
expect_ok irqwatch config detectors none
[ "$(header on)" = 0 ] && [ -z "$(header active)" ] ||
	fail "timers with no detector: $(head -1 $D)"
expect_ok irqwatch config detectors irqoff,stall cpus 0-1
[ "$(header active)" = 0-1 ] || fail "timers after cpus 0-1: $(head -1 $D)"
inject irqoff 0 50

# Hotplug: the timer stops and starts with the CPU, no false window.
on=/sys/devices/system/cpu/cpu1/online
if [ -w $on ]; then
	w0=$(cpustat 1 windows)
	echo 0 > $on
	[ "$(header active)" = 0 ] && [ "$(cpustat 1 active)" = 0 ] ||
		fail "cpu 1 offline: $(head -1 $D)"
	sleep 1
	echo 1 > $on
	[ "$(header active)" = 0-1 ] || fail "cpu 1 back: $(head -1 $D)"
	t0=$(cpustat 1 ticks)
	sleep 1
	[ "$(cpustat 1 ticks)" -gt "$t0" ] || fail "cpu 1 does not tick after hotplug"
	[ "$(cpustat 1 windows)" = "$w0" ] ||
		fail "window across hotplug: $(last_window 1)"
	inject irqoff 1 50
	echo "hotplug of cpu 1: no false window, detection and samples resume"
fi

# The samples parameter: range checked at load; 0 sends no NMI, so a
# window has no confirmation; 16, the most, still fit one event.
mark
rmmod irqwatch
if insmod "$MOD" samples=17 2>/dev/null; then
	fail "samples=17 accepted"
fi
dmesg_since_mark | grep -q 'samples: "17" is not a number in \[0, 16\]' ||
	fail "samples=17: no message"
insmod "$MOD" irqoff_threshold_us=30000 samples=0
echo "0 50" > $F/irqoff
blk=$(windows_after -1 0 irqwatch_fault_irqoff)
echo "$blk" | head -1 | grep -q ' cause=unconfirmed context=task samples=0 ' ||
	fail "samples=0: $blk"
[ "$(cpustat 1 nmis_sent)" = 0 ] || fail "samples=0: NMIs sent"
rmmod irqwatch
insmod "$MOD" irqoff_threshold_us=30000 samples=16
rm -f $out
irqwatch record -o $out 2>/tmp/record.err &
rec=$!
wait_listeners 1
echo "0 400" > $F/irqoff
blk=$(windows_after -1 0 irqwatch_fault_irqoff)
echo "$blk" | head -1
echo "$blk" | head -1 | grep -q ' cause=irqs_disabled context=task samples=16 ' ||
	fail "samples=16: $blk"
sleep 0.5
kill -INT $rec
wait $rec || fail "record exited $?: $(cat /tmp/record.err)"
[ "$(jq -s '[.[] | select(.type == "irqoff" and .cpu == 0 and
	((.stack // []) | any(test("^irqwatch_fault_irqoff\\+"))))] | length' $out)" = 1 ] ||
	fail "the window with 16 samples did not reach the JSON: $(cat $out)"
grep -q '"type":"lost"' $out && fail "events lost: $(grep lost $out)"

mark
rmmod irqwatch_fault
rmmod irqwatch
dmesg_since_mark | grep -i 'NMI received for unknown reason' &&
	fail "an NMI went unclaimed"
true
