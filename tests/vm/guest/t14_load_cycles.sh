# 30 load/unload cycles under load (on 6.1; 10 on the other kernels, for
# the suite's time: a cycle takes ~3 s under single-threaded TCG): the
# fault injector makes irqs-off windows, a reader walks /proc/slabinfo, and
# every other cycle loads the softirq and stall detectors too (the slab
# preset probes the reader's calls) and has a recorder subscribed; the
# others load the softirq and storm detectors (the tracepoints, the storm
# work every 100 ms) and inject a bh-off window, then unload in the middle
# of a softirq storm (its end is sent at the unload). Every
# unload must leave no kprobe behind, and module memory must come back:
# after the cycles, vmalloc and percpu use are where they were after a
# first warm-up cycle (within 256 KiB: a leaked ring alone is 64 KiB per
# CPU per cycle, 1.25 MiB over 10 cycles), and slab within 2 MiB. Registers kretprobes on functions
# in use: single-threaded boot (tests/vm/run.sh).
. /tests/lib.sh
F=/sys/kernel/debug/irqwatch_fault
K=/sys/kernel/debug/kprobes/list
case $(uname -r) in
*-rt-amd64) N=10 ;;
6.1.*-amd64) N=30 ;;
*) N=10 ;;
esac
unload
loaded irqwatch_fault || insmod "$FAULT"
meminfo() {
	sed -n "s/^$1: *\([0-9]*\) kB/\1/p" /proc/meminfo
}
step() {
	echo "t14: cycle $1: $2" > /dev/kmsg
}
cycle() {
	step "$1" insmod
	if [ $(($1 % 2)) -eq 0 ]; then
		det=irqoff,softirq,stall
	else
		det="softirq,storm storm_interval_ms=100"
	fi
	# shellcheck disable=SC2086
	insmod "$MOD" detectors=$det irqoff_threshold_us=30000 ||
		fail "insmod #$1"
	if [ $(($1 % 2)) -eq 0 ]; then
		irqwatch record -o /tmp/cycle.jsonl 2>/dev/null &
		rec=$!
		# subscribed, so its SIGINT handler is in place (sh starts it
		# with SIGINT ignored, and a signal before the handler is lost)
		wait_listeners 1
		step "$1" inject
		echo "0 40" > $F/irqoff
		sleep 0.1
		step "$1" "stop record"
		kill -INT $rec 2>/dev/null || true
		# record flushes for 10 s at most after a signal
		n=0
		while [ -d /proc/$rec ] && [ $n -lt 150 ]; do
			sleep 0.1
			n=$((n + 1))
		done
		if [ -d /proc/$rec ]; then
			cat /proc/$rec/stack /proc/$rec/wchan /proc/$rec/status 2>&1 || true
			ls -l /proc/$rec/fd 2>&1 || true
			fail "cycle $1: record did not stop within 15 s of SIGINT"
		fi
		wait $rec 2>/dev/null || true
	else
		step "$1" inject
		echo "1 40" > $F/bhoff
		echo "1 800" > $F/softirq_storm &
		storm=$!
		sleep 0.5
	fi
	step "$1" rmmod
	rmmod irqwatch || fail "rmmod #$1"
	[ -z "${storm:-}" ] || wait $storm || fail "cycle $1: softirq storm failed"
	storm=
	if grep -E ' (get_slabinfo|show_slab_objects|validate_slab_cache|__kmem_cache_do_shrink)\+' $K; then
		fail "cycle $1: kprobes left behind"
	fi
}
(while :; do cat /proc/slabinfo > /dev/null; done) &
reader=$!
cycle 0
sleep 1
v0=$(meminfo VmallocUsed)
p0=$(meminfo Percpu)
s0=$(meminfo Slab)
i=1
while [ $i -le $N ]; do
	cycle $i
	i=$((i + 1))
done
kill $reader
wait $reader 2>/dev/null || true
sleep 1
v1=$(meminfo VmallocUsed)
p1=$(meminfo Percpu)
s1=$(meminfo Slab)
echo "after $N cycles: vmalloc ${v0} -> ${v1} kB, percpu ${p0} -> ${p1} kB, slab ${s0} -> ${s1} kB"
[ $((v1 - v0)) -le 256 ] || fail "vmalloc grew by $((v1 - v0)) kB"
[ $((p1 - p0)) -le 256 ] || fail "percpu grew by $((p1 - p0)) kB"
[ $((s1 - s0)) -le 2048 ] || fail "slab grew by $((s1 - s0)) kB"
