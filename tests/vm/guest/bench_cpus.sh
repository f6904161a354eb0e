# make bench, part cpus (issue 14): what many CPUs cost. run.sh boots the
# bench with 2, 8 and 32 vCPUs for this part; each boot prints
# - memory: the module's own size (/proc/modules), and what loading it at
#   its defaults adds to the kernel's vmalloc, per-CPU and slab memory
#   (/proc/meminfo; slab is noisy: other kernel users allocate meanwhile),
#   and the logger's peak RSS (VmHWM) over a burst;
# - the drain's and the producers' cost per event, from the module's own
#   accounting, for the same burst in every boot: EVENTS synthetic events
#   at RATE per second in all, from every CPU at once, into "irqwatch
#   record"; the median of ROUNDS rounds, each with a fresh load.
# Lines start with "BENCH cpus"; run.sh puts the three boots side by side.
. /tests/lib.sh
NEW=/lib/modules/$(uname -r)/extra/irqwatch.ko
SYNTH=/sys/kernel/debug/irqwatch/synth
EVENTS=15000
RATE=5000
ROUNDS=3
out=/tmp/cpus.jsonl
ncpu=$(nproc)

meminfo() {
	awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo
}
stats() { irqwatch stats --json > /tmp/cpus.stats; }
st() { jq "$1" /tmp/cpus.stats; }

# memory: settle, then the deltas of a load at the defaults (kB)
sync
echo 3 > /proc/sys/vm/drop_caches
sleep 1
v0=$(meminfo VmallocUsed) p0=$(meminfo Percpu) s0=$(meminfo Slab)
insmod "$NEW" || { echo "BENCH cpus: insmod failed"; exit 1; }
sleep 1
v1=$(meminfo VmallocUsed) p1=$(meminfo Percpu) s1=$(meminfo Slab)
core=$(awk '$1 == "irqwatch" { print $2 }' /proc/modules)
irqwatch stats --json > /tmp/cpus.stats
ring=$(st .ring_size)
rmmod irqwatch
echo "BENCH cpus vcpus=$ncpu module_bytes=$core ring_bytes_per_cpu=$ring vmalloc_kb=$((v1 - v0)) percpu_kb=$((p1 - p0)) slab_kb=$((s1 - s0))"

# The speed of one vCPU of this guest, others idle: burn's units per second.
# Under TCG a guest of 32 vCPUs on a host of 2 cores runs each vCPU slower
# than one of 2, so the drain's ns per event are also given in burn's
# iterations (the work one vCPU does in that time: a unit is 65536), which
# compare across the boots.
speed=$(taskset -c 0 burn 2)

# the drain: ROUNDS bursts, each with a fresh load of synthetic events only
drain="" prod="" rss="" unacc=0
i=0
while [ $i -lt $ROUNDS ]; do
	insmod "$NEW" detectors=none || exit 1
	rm -f $out
	irqwatch record -o $out 2>/tmp/cpus.err &
	rec=$!
	stats
	while [ "$(st .listeners)" != 1 ]; do sleep 0.1; stats; done
	d0=$(st .drained) dn0=$(st .drain_ns)
	h0=$(st '[.cpus[].handler_ns] | add') e0=$(st '[.cpus[].events] | add')
	echo "$EVENTS $RATE" > $SYNTH
	drain_then_quiet $out /tmp/cpus.stats ||
		echo "BENCH cpus: the drain did not catch up: $(jq -c '{drained, next_seq}' /tmp/cpus.stats)"
	hwm=$(awk '$1 == "VmHWM:" { print $2 }' /proc/$rec/status)
	kill -INT $rec
	wait $rec
	d1=$(st .drained) dn1=$(st .drain_ns)
	h1=$(st '[.cpus[].handler_ns] | add') e1=$(st '[.cpus[].events] | add')
	got=$(grep -c '"type":"synthetic"' $out)
	lost=$(grep -F '"type":"lost"' $out | jq -s '[.[].count] | add // 0')
	unacc=$((unacc + EVENTS - got - lost))
	drain="$drain $(((dn1 - dn0) / (d1 - d0 + 1)))"
	prod="$prod $(((h1 - h0) / (e1 - e0 + 1)))"
	rss="$rss $hwm"
	rmmod irqwatch
	i=$((i + 1))
done
dm=$(echo "$drain" | median)
pm=$(echo "$prod" | median)
echo "BENCH cpus vcpus=$ncpu events=$EVENTS rate=$RATE rounds=$ROUNDS drain_ns_per_event=$dm producer_ns_per_event=$pm burn_units_per_s=$speed drain_iters_per_event=$(echo "$dm $speed" | awk '{ printf "%d", $1 * $2 * 65536 / 1e9 }') producer_iters_per_event=$(echo "$pm $speed" | awk '{ printf "%d", $1 * $2 * 65536 / 1e9 }') logger_hwm_kb=$(echo "$rss" | median) unaccounted=$unacc (drain:$drain; producer:$prod)"
