# make bench, part switch (issue 14): what irqwatch at its defaults costs
# a context-switch-heavy workload, where its sched:sched_switch probe (idle
# CPUs stop their timers) runs at every switch, on top of its ticks (the
# CPUs hardly idle, so they tick every period):
# hackbench (Debian's rt-tests) in process mode over pipes, NGROUPS groups of
# 20 senders and 20 receivers passing LOOPS messages each, ROUNDS
# interleaved rounds without and with irqwatch at its defaults. Per run:
# hackbench's time and the context switches per second (/proc/stat ctxt);
# the median over the rounds of each round's time with over without.
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
# run: "seconds switches_per_s" of one hackbench run
run() {
	c0=$(ctxt)
	hackbench -p -g $NGROUPS -l $LOOPS > /tmp/hackbench.out 2>&1
	c1=$(ctxt)
	t=$(sed -n 's/^Time: //p' /tmp/hackbench.out)
	if [ -z "$t" ]; then
		echo "BENCH switch: hackbench failed: $(head -3 /tmp/hackbench.out)" >&2
		echo "- -"
		return
	fi
	echo "$t $c0 $c1" | awk '{ printf "%s %d", $1, ($1 > 0 ? ($3 - $2) / $1 : 0) }'
}
median() {
	tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : "-") }'
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
for w in none irqwatch; do
	printf 'BENCH   %-9s seconds %s switches/s %s\n' $w \
		"$(awk -v w=$w '$2 == w { printf "%s ", $3 }' /tmp/switch.runs)" \
		"$(awk -v w=$w '$2 == w { printf "%s ", $4 }' /tmp/switch.runs)"
done
ratio=$(awk '$2 == "none" { n[$1] = $3 } $2 == "irqwatch" { x[$1] = $3 }
	END { for (r in x) if (n[r] > 0) printf "%.4f ", x[r] / n[r] }' /tmp/switch.runs | median)
echo "BENCH switch ratio (time with / without): $ratio"
