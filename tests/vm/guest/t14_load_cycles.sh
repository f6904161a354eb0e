# 100 load/unload cycles under load: the fault injector makes irqs-off
# windows, a reader walks /proc/slabinfo (the stall preset), and a recorder
# is subscribed in every other cycle. Every unload must leave no kprobe
# behind, and module memory must come back: after the cycles, vmalloc and
# percpu use are where they were after a first warm-up cycle (within
# 256 KiB: a leaked ring alone is 64 KiB per CPU per cycle, 12.5 MiB over
# 100 cycles), and slab within 2 MiB. Registers kretprobes on functions
# in use: single-threaded boot (tests/vm/run.sh).
. /tests/lib.sh
F=/sys/kernel/debug/irqwatch_fault
K=/sys/kernel/debug/kprobes/list
N=100
unload
loaded irqwatch_fault || insmod "$FAULT"
meminfo() {
	sed -n "s/^$1: *\([0-9]*\) kB/\1/p" /proc/meminfo
}
cycle() {
	insmod "$MOD" detectors=irqoff,stall irqoff_threshold_us=30000 ||
		fail "insmod #$1"
	if [ $(($1 % 2)) -eq 0 ]; then
		irqwatch record -o /tmp/cycle.jsonl 2>/dev/null &
		rec=$!
		echo "$(($1 % 2)) 40" > $F/irqoff
		sleep 0.1
		kill -INT $rec 2>/dev/null || true
		wait $rec 2>/dev/null || true
	else
		echo "1 40" > $F/irqoff
	fi
	rmmod irqwatch || fail "rmmod #$1"
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
