# Stall probes. The slab preset: a process with a unique name (slabreader,
# started by slabparent) reads /proc/slabinfo while the fault injector's
# cache has many partial slabs; its get_slabinfo call on that cache is a
# stall event naming the cache, the reader and its parent, and the
# interrupts-off window that the walk causes is linked to it both ways
# (within on the window, related_seq on the stall). Reading
# /sys/kernel/slab/<cache>/objects is a show_slab_objects stall. The
# readers table sums the reader's calls. User probes: probe add on the
# injector's sleeping function reports calls over the probe's threshold and
# not those under it; unknown, blacklisted, duplicate and unprivileged adds
# fail with a clear error, and so does a .cold fragment; probe del removes
# it (asynchronously: listed as removing until then).
. /tests/lib.sh
F=/sys/kernel/debug/irqwatch_fault
out=/tmp/stall.jsonl
unload
insmod "$MOD" stall_threshold_us=5000 irqoff_threshold_us=20000
loaded irqwatch_fault || insmod "$FAULT"
rel=$(uname -r)
# Before 6.10 the walk of a cache's partial slabs is unbounded, and the
# headers of those kernels name a cache; on PREEMPT_RT the walk's lock does
# not disable interrupts, so it causes no interrupts-off window.
old_slub=0
case $rel in 5.10.*|6.1.*) old_slub=1 ;; esac
rt=0
[ "$(cat /sys/kernel/realtime 2>/dev/null)" = 1 ] && rt=1

expect_ok irqwatch probe list --json
echo "$OUT" | jq -c '.probes[] | {symbol, kind, state, error}'
state() { echo "$OUT" | jq -r --arg s "$1" '.probes[] | select(.symbol == $s) | .state'; }
[ "$(state get_slabinfo)" = active ] || fail "get_slabinfo not probed: $OUT"
sos=$(state show_slab_objects)
[ $old_slub = 0 ] || [ "$sos" = active ] || fail "show_slab_objects not probed: $OUT"

irqwatch record -o $out &
rec=$!
until [ "$(irqwatch stats --json | jq .listeners)" = 1 ]; do sleep 0.1; done

# -- the slabinfo reader ------------------------------------------------------
echo 150000 > $F/slab_fill
cat > /tmp/slabreader <<'EOS'
#!/bin/sh
while read -r line; do :; done < /proc/slabinfo
EOS
cat > /tmp/slabparent <<'EOS'
#!/bin/sh
/tmp/slabreader
EOS
chmod +x /tmp/slabreader /tmp/slabparent
for _ in 1 2 3; do
	/tmp/slabparent
done
cat /sys/kernel/slab/irqwatch_fault/objects > /dev/null

# -- a user probe ---------------------------------------------------------------
expect_ok irqwatch probe add irqwatch_fault_sleep --threshold 30ms
expect_ok irqwatch probe list --json
[ "$(state irqwatch_fault_sleep)" = active ] || fail "user probe not active: $OUT"
echo 5 > $F/sleep
echo 60 > $F/sleep
expect_fail "no such function" irqwatch probe add irqwatch_no_such_function_x
expect_fail "cannot be probed" irqwatch probe add notifier_call_chain
expect_fail "already probed" irqwatch probe add irqwatch_fault_sleep
expect_fail "ermission" as_nobody irqwatch probe add irqwatch_fault_irqoff
expect_fail "ermission" as_nobody irqwatch probe del irqwatch_fault_sleep
expect_ok irqwatch status --json
readers=$OUT

sleep 0.5
kill -INT $rec
wait $rec

# -- the events ---------------------------------------------------------------
jq -c 'select(.type == "stall") | {seq, probe, cache, duration_ns, cpu,
	comm: .task.comm, parent: .task.parent.comm, related_seq, irqoff_ns, irqs_off}' $out |
	grep -v '"cache":"[^i]' || true
jq -c 'select(.type == "irqoff") | {seq, cpu, duration_ns, cause, within}' $out

# Every kernel: the reader's calls are summed, over threshold or not.
echo "$readers" | jq -e '.readers[] | select(.comm == "slabreader" and
	.probe == "get_slabinfo" and .calls >= 3)' > /dev/null ||
	fail "the readers table lacks slabreader's get_slabinfo calls: $readers"
mine='select(.type == "stall" and .probe == "get_slabinfo" and
	     .task.comm == "slabreader")'
n=$(jq -c "$mine" $out | wc -l)
[ "$(jq -c "$mine | select(.task.parent.comm != \"slabparent\")" $out | wc -l)" = 0 ] ||
	fail "a slabreader stall does not name its parent slabparent"
[ "$(jq -c "$mine | select(.stack | length == 0)" $out | wc -l)" = 0 ] ||
	fail "a slabreader stall has no stack"
# what the stall payload adds to the task: the caller's uid and cgroup
[ "$(jq -c "$mine | select(.task.uid != 0 or (.task.cgroup_id // 0) < 1)" $out | wc -l)" = 0 ] ||
	fail "a slabreader stall lacks uid 0 or a cgroup id: $(jq -c "$mine | .task" $out | head -3)"
echo "$n get_slabinfo stalls of slabreader"
if [ $old_slub = 1 ]; then
	[ "$n" -ge 3 ] || fail "$n get_slabinfo stalls of slabreader, want one per read"
	fault=$(jq -c "$mine | select(.cache == \"irqwatch_fault\")" $out | wc -l)
	[ "$fault" -ge 3 ] || fail "$fault stalls name the cache irqwatch_fault"
	# The walk holds interrupts off: windows inside get_slabinfo are linked.
	linked=$(jq -s '[.[] | select(.type == "stall" and .related_seq)] as $s |
		[.[] | select(.type == "irqoff" and .within.probe == "get_slabinfo") |
		 .seq as $q | select([$s[] | .related_seq == $q] | any)] | length' $out)
	echo "$linked irqoff windows linked to get_slabinfo stalls"
	[ $rt = 1 ] || [ "$linked" -ge 1 ] ||
		fail "no irqoff window linked to a get_slabinfo stall"
	[ "$(jq -c 'select(.type == "stall" and .probe == "show_slab_objects" and
		.cache == "irqwatch_fault")' $out | wc -l)" -ge 1 ] ||
		fail "no show_slab_objects stall for /sys/kernel/slab/irqwatch_fault/objects"
	echo "$readers" | jq -e '.readers[] | select(.comm == "slabreader" and
		.cache == "irqwatch_fault" and .calls >= 3)' > /dev/null ||
		fail "the readers table lacks slabreader on irqwatch_fault: $readers"
fi

sleeps=$(jq -c 'select(.type == "stall" and .probe == "irqwatch_fault_sleep")' $out)
echo "$sleeps"
[ "$(echo "$sleeps" | grep -c .)" = 1 ] || fail "want exactly the 60 ms sleep: $sleeps"
d=$(echo "$sleeps" | jq .duration_ns)
[ "$d" -ge 55000000 ] || fail "the 60 ms sleep lasted $d ns"

expect_ok irqwatch probe del irqwatch_fault_sleep
# deletion is asynchronous: the probe is listed as removing until it is gone
n=0
while irqwatch probe list --json | jq -e '.probes[] | select(.symbol == "irqwatch_fault_sleep")' > /dev/null; do
	n=$((n + 1))
	[ $n -lt 100 ] || fail "irqwatch_fault_sleep not removed after 10 s"
	sleep 0.1
done
expect_fail "no such user probe" irqwatch probe del irqwatch_fault_sleep
expect_fail "not a function entry" irqwatch probe add irqwatch_fault_sleep.cold
expect_fail "preset" irqwatch probe del get_slabinfo
echo 0 > $F/slab_fill
