# make bench, part switch (issue 14): what irqwatch at its defaults costs
# a context-switch-heavy workload, where its sched:sched_switch probe (idle
# CPUs stop their timers) runs at every switch, on top of its ticks:
# hackbench (Debian's rt-tests) in process mode over pipes, NGROUPS groups of
# 20 senders and 20 receivers passing LOOPS messages each, ROUNDS
# interleaved rounds without and with irqwatch at its defaults. Per run:
# hackbench's time and the context switches per second (/proc/stat ctxt);
# the median over the rounds of each round's time with over without; the
# CPUs' idle share, and with the module its parks, sampler wakes and ticks
# per second (its test-only debugfs counters).
. /tests/lib.sh
NEW=/lib/modules/$(uname -r)/extra/irqwatch.ko
NGROUPS=2
LOOPS=200
ROUNDS=5

if ! command -v hackbench > /dev/null; then
	echo "BENCH switch: no hackbench in the guest (rt-tests is not installed on the host)"
	exit 0
fi
grep -q '^irqwatch ' /proc/modules && rmmod irqwatch
ctxt() { awk '$1 == "ctxt" { print $2 }' /proc/stat; }
# cpu: "idle total" jiffies of all CPUs (/proc/stat)
cpu() { awk '$1 == "cpu" { for (i = 2; i <= NF; i++) t += $i; print $5, t }' /proc/stat; }
# iw: the module's "parks wakes ticks", summed over the CPUs (its test-only
# debugfs), or "0 0 0" when it is not loaded
iw() {
	grep -s '^cpu=' /sys/kernel/debug/irqwatch/irqoff |
		sed -n 's/.* parks=\([0-9]*\) wakes=\([0-9]*\) ticks=\([0-9]*\) .*/\1 \2 \3/p' |
		awk '{ p += $1; w += $2; t += $3 } END { print p + 0, w + 0, t + 0 }'
}
# run: "seconds switches/s idle% parks/s wakes/s ticks/s" of one hackbench
# run (the last three 0 without the module)
run() {
	c0=$(ctxt) u0=$(cpu) i0=$(iw)
	hackbench -p -g $NGROUPS -l $LOOPS > /tmp/hackbench.out 2>&1
	c1=$(ctxt) u1=$(cpu) i1=$(iw)
	t=$(sed -n 's/^Time: //p' /tmp/hackbench.out)
	if [ -z "$t" ]; then
		echo "BENCH switch: hackbench failed: $(head -3 /tmp/hackbench.out)" >&2
		echo "- - - - - -"
		return
	fi
	echo "$t $c0 $c1 $u0 $u1 $i0 $i1" | awk '{
		s = $1 > 0 ? $1 : 1
		printf "%s %d %.1f %d %d %d", $1, ($3 - $2) / s,
			($7 - $5 > 0 ? 100 * ($6 - $4) / ($7 - $5) : 0),
			($11 - $8) / s, ($12 - $9) / s, ($13 - $10) / s
	}'
}
: > /tmp/switch.runs
r=0
while [ $r -lt $ROUNDS ]; do
	# alternate which goes first
	if [ $((r % 2)) = 0 ]; then set -- none irqwatch; else set -- irqwatch none; fi
	for w in "$@"; do
		if [ $w = irqwatch ]; then
			insmod "$NEW" || exit 1
			sleep 0.5
		fi
		echo "$r $w $(run)" >> /tmp/switch.runs
		[ $w = none ] || rmmod irqwatch
	done
	r=$((r + 1))
done
echo "BENCH switch: hackbench -p -g $NGROUPS -l $LOOPS, $ROUNDS rounds interleaved, without and with irqwatch at its defaults; ratio: median over the rounds of the time with over without (1.00: no cost)"
col() { awk -v w="$1" -v c="$2" '$2 == w { printf "%s ", $c }' /tmp/switch.runs; }
for w in none irqwatch; do
	printf 'BENCH   %-9s seconds %s switches/s %s idle%% %s\n' $w "$(col $w 3)" "$(col $w 4)" "$(col $w 5)"
done
echo "BENCH   irqwatch  per second: parks (timer stopped at a switch to idle) $(col irqwatch 6) wakes (sampler woken by IPI) $(col irqwatch 7) ticks $(col irqwatch 8)"
ratio=$(awk '$2 == "none" { n[$1] = $3 } $2 == "irqwatch" { x[$1] = $3 }
	END { for (r in x) if (n[r] > 0) printf "%.4f ", x[r] / n[r] }' /tmp/switch.runs | median)
echo "BENCH switch ratio (time with / without): $ratio"
