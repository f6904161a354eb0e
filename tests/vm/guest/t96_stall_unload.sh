# Stall probes are safe to load and unload under load: ten load/unload
# cycles while two readers hammer /proc/slabinfo and /sys/kernel/slab. Each
# load registers the slab preset's kretprobes; each unload leaves none, and
# the kernel log stays clean (the harness fails on WARNING/BUG/Oops and on
# taint).
. /tests/lib.sh
K=/sys/kernel/debug/kprobes/list
unload
cache=$(ls /sys/kernel/slab | grep -v '^:' | head -1)
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
while [ $i -lt 10 ]; do
	insmod "$MOD" stall_threshold_us=1000
	sleep 0.3
	grep -q ' get_slabinfo+0x0' $K || fail "cycle $i: get_slabinfo not probed: $(cat $K)"
	rmmod irqwatch || fail "cycle $i: rmmod failed"
	if grep -E ' (get_slabinfo|show_slab_objects|validate_slab_cache|__kmem_cache_do_shrink)\+' $K; then
		fail "cycle $i: kretprobes left after unload"
	fi
	i=$((i + 1))
done
kill $h1 $h2 2>/dev/null || true
wait 2>/dev/null || true
echo "10 load/unload cycles under slabinfo and /sys/kernel/slab/$cache/objects readers"
