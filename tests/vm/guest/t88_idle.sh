# Idle CPUs stop their ticks (issue 14): on an idle guest, irqwatch at its
# default settings adds at most 10 local timer interrupts per CPU per second
# (LOC in /proc/interrupts), measured without and with the module in
# interleaved rounds. Then a window that starts right as a CPU leaves idle
# (the injector's kworker wakes on an idle CPU and turns interrupts off at
# once, while the writer's CPU sleeps in flush_work) is reported, with an
# in-window sample taken by a sampler that the waking CPU woke.
#
# Without parking, the module adds ~1,000 LOC per CPU per second (one per
# period_us) plus the scheduler tick that its near timer keeps from
# stopping: this test fails on the code before issue 14.
#
# PREEMPT_RT misses the goal, and the test says so: there the timer
# softirq and RCU run in per-CPU threads, so an "idle" CPU leaves idle
# some 100 times a second (108-144 LOC/s without the module, 6.1-rt under
# TCG), and each time its own timer runs while the thread does (under TCG
# even a short thread runs past a period) and it wakes its sampler, which
# ticks once: the module added 90-113/s. On RT the bound is the goal plus
# one per wake of the CPU and one per wake of the CPU it samples (their
# LOC rates without the module).
. /tests/lib.sh
D=/sys/kernel/debug/irqwatch/irqoff
W=/sys/kernel/debug/irqwatch/irqoff_windows
F=/sys/kernel/debug/irqwatch_fault
SECS=5
# make bench's idle part runs this measurement with more rounds and
# without the pass/fail (IDLE_BENCH=1; tests/vm/guest/bench_idle.sh)
ROUNDS=${IDLE_ROUNDS:-2}
MAX_ADDED=10
rt=0
[ "$(cat /sys/kernel/realtime 2>/dev/null)" = 1 ] && rt=1

# loc: the CPUs' LOC counts, on one line
loc() {
	awk '$1 == "LOC:" {
		for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++)
			printf "%s ", $i
		print ""
	}' /proc/interrupts
}
# field NAME LINE: the value of NAME=value in LINE
field() {
	echo " $2" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"
}
# counters NAME: NAME of each CPU in the detector's debugfs, on one line
counters() {
	grep '^cpu=' $D | while read -r l; do
		printf '%s ' "$(field "$1" "$l")"
	done
	echo
}
# rates BEFORE AFTER: per CPU, (AFTER - BEFORE) / SECS, on one line
rates() {
	echo "$1 | $2" | awk -v s=$SECS '{
		n = (NF - 1) / 2
		for (i = 1; i <= n; i++)
			printf "%.1f ", ($(n + 1 + i) - $i) / s
		print ""
	}'
}
# measure: LOC per CPU per second over SECS on the idle guest
measure() {
	sleep 1
	a=$(loc)
	sleep $SECS
	rates "$a" "$(loc)"
}

unload
loaded irqwatch_fault || insmod "$FAULT"
without=""
with=""
ticks=""
r=0
while [ $r -lt $ROUNDS ]; do
	unload
	without="$without$(measure)
"
	insmod "$MOD" || fail "insmod"
	grep -q ' parking=1 ' $D || fail "parking off: $(head -1 $D)"
	t0=$(counters ticks)
	with="$with$(measure)
"
	ticks="$ticks$(rates "$t0" "$(counters ticks)")
"
	r=$((r + 1))
done
echo "parks per CPU: $(counters parks), wakes: $(counters wakes)"
# mean over the rounds, per CPU
mean() {
	echo "$1" | awk 'NF { for (i = 1; i <= NF; i++) s[i] += $i; n++; if (NF > m) m = NF }
		END { for (i = 1; i <= m; i++) printf "%.1f ", s[i] / n; print "" }'
}
wo=$(mean "$without")
wi=$(mean "$with")
tk=$(mean "$ticks")
echo "$wo | $wi | $tk" | awk -v max=$MAX_ADDED -v secs=$SECS -v rounds=$ROUNDS -v rt=$rt '{
	n = (NF - 2) / 3
	bad = 0
	for (i = 1; i <= n; i++) {
		wo = $i; wi = $(n + 1 + i); tk = $(2 * n + 2 + i)
		added = wi - wo
		# on RT: one tick per wake of its own and one per wake of the
		# CPU it samples (the next one)
		bound = max
		if (rt)
			bound = max + wo + $(i % n + 1)
		note = ""
		if (added > max)
			note = " GOAL MISSED (<= " max ")"
		if (added > max && rt)
			note = note ", PREEMPT_RT: bound " bound
		printf "IDLE_LOC cpu=%d without=%.1f/s with=%.1f/s added=%.1f/s irqwatch_ticks=%.1f/s (%d rounds of %d s)%s\n",
			i - 1, wo, wi, added, tk, rounds, secs, note
		if (added > bound)
			bad = 1
	}
	exit bad
}' || [ -n "${IDLE_BENCH:-}" ] ||
	fail "irqwatch adds more timer interrupts per CPU per second on an idle guest than $MAX_ADDED (on RT: plus its own and its buddy's rate without it)"
if [ -n "${IDLE_BENCH:-}" ]; then
	rmmod irqwatch
	exit 0
fi

# A window right after idle exit, on each CPU: reported, with a sample.
rmmod irqwatch
insmod "$MOD" irqoff_threshold_us=30000
sleep 1
# last_id: the id of the last window logged (-1: none)
last_id() {
	awk '/^window / { split($2, a, "="); id = a[2] } END { print id == "" ? -1 : id }' $W
}
for cpu in 0 1; do
	w0=$(counters wakes)
	last=$(last_id)
	echo "$cpu 100" > $F/irqoff || fail "inject on $cpu"
	sleep 0.2
	blk=$(awk -v c="cpu=$cpu" -v last="$last" '
		/^window / { split($2, a, "="); keep = ($3 == c && a[2] + 0 > last + 0) }
		keep { blk = blk $0 "\n" } END { printf "%s", blk }' $W)
	[ -n "$blk" ] || fail "no window for 100 ms on cpu $cpu: $(cat $W)"
	hdr=$(echo "$blk" | grep '^window ' | head -1)
	echo "AFTER_IDLE $hdr wakes_before=[$w0] wakes_after=[$(counters wakes)]"
	echo "$hdr" | grep -q 'cause=irqs_disabled' ||
		fail "cpu $cpu: not irqs_disabled: $blk"
	echo "$blk" | grep -q 'sample 0 .*irqs_disabled=1' ||
		fail "cpu $cpu: no in-window sample: $blk"
done
rmmod irqwatch
