# The fault injector works on this kernel: every fault runs, returns when it
# is over, rejects bad input, and unloads cleanly (with irqwatch loaded too).
. /tests/lib.sh
F=/sys/kernel/debug/irqwatch_fault
loaded irqwatch || insmod "$MOD"
loaded irqwatch_fault || insmod "$FAULT"

# elapsed_ms CMD...: wall time of CMD in milliseconds (from /proc/uptime)
elapsed_ms() {
	t0=$(cut -d' ' -f1 /proc/uptime)
	"$@"
	t1=$(cut -d' ' -f1 /proc/uptime)
	echo "$t0 $t1" | awk '{ printf "%d", ($2 - $1) * 1000 }'
}

for f in irqoff irqoff_lock irqoff_rawlock bhoff softirq_storm hardirq_storm; do
	[ -e "$F/$f" ] || continue
	for cpu in 0 1; do
		ms=$(elapsed_ms sh -c "echo '$cpu 50' > $F/$f") ||
			fail "$f on cpu $cpu failed"
		# The write returns when the fault is over: 50 ms of the guest's
		# clock, less /proc/uptime's 10 ms steps.
		[ "$ms" -ge 40 ] || fail "$f on cpu $cpu returned after $ms ms"
		echo "$f cpu $cpu: 50 ms fault, write took $ms ms"
	done
done
for bad in "9 10" "0 0" "0 20000" "x" ""; do
	if echo "$bad" > "$F/irqoff" 2>/dev/null; then
		fail "irqoff accepted '$bad'"
	fi
done

ms=$(elapsed_ms sh -c "echo 30 > $F/sleep")
[ "$ms" -ge 20 ] || fail "sleep 30 ms returned after $ms ms"

# A cache with many partial slabs makes /proc/slabinfo slow.
echo 20000 > "$F/slab_fill"
cat "$F/slab_fill"
grep -q '^irqwatch_fault ' /proc/slabinfo || fail "cache missing in /proc/slabinfo"
[ -e /sys/kernel/slab/irqwatch_fault/objects ] || fail "cache missing in sysfs"
ms=$(elapsed_ms sh -c "cat /proc/slabinfo >/dev/null")
echo "reading /proc/slabinfo with 20000 partial slabs: $ms ms"
echo 0 > "$F/slab_fill"

rmmod irqwatch_fault
rmmod irqwatch
