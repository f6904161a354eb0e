# Stall probes are safe to load and unload under load: four load/unload
# cycles while two readers hammer /proc/slabinfo and /sys/kernel/slab, with
# a user probe on a function the readers call. Each load registers the
# slab preset's kretprobes that this kernel has; each unload leaves none,
# and the kernel log stays clean (the harness fails on WARNING/BUG/Oops and
# on taint). Runs under single-threaded TCG (tests/vm/run.sh says why).
. /tests/lib.sh
K=/sys/kernel/debug/kprobes/list
unload
for d in /sys/kernel/slab/[a-z]*; do cache=${d##*/}; break; done
hammer() {
	while :; do
		cat /proc/slabinfo > /dev/null
		cat "/sys/kernel/slab/$cache/objects" > /dev/null
	done
}
hammer &
h1=$!
hammer &
h2=$!
i=0
while [ $i -lt 4 ]; do
	insmod "$MOD" stall_threshold_us=1000
	expect_ok irqwatch probe add seq_read_iter --threshold 1s
	expect_ok irqwatch probe list --json
	active=$(echo "$OUT" | jq -r '.probes[] | select(.state == "active") | .symbol')
	echo "$active" | grep -qx seq_read_iter || fail "cycle $i: user probe not active: $OUT"
	[ "$(echo "$active" | wc -l)" -ge 2 ] || fail "cycle $i: no slab preset probe active: $OUT"
	for s in $active; do
		grep -q " $s+0x" $K || fail "cycle $i: $s not in $K: $(cat $K)"
	done
	sleep 0.3
	rmmod irqwatch || fail "cycle $i: rmmod failed"
	for s in $active; do
		if grep " $s+0x" $K; then
			fail "cycle $i: $s still probed after unload"
		fi
	done
	i=$((i + 1))
done
kill $h1 $h2 2>/dev/null || true
wait 2>/dev/null || true
echo "4 load/unload cycles, probes $(echo $active), under /proc/slabinfo and /sys/kernel/slab/$cache/objects readers"
