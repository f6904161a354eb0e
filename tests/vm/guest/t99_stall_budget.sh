# A user probe on a hot function (kmem_cache_free, else kfree) is disabled
# by its budget (probe_budget=2000 calls/s per CPU here; 20000 by default)
# while a shell loop allocates: probe list --json says "disabled" with the
# reason "budget: N calls/s on CPU C", and the machine keeps working
# (status answers, commands run). Out-of-range budgets are refused. And a
# probe on do_exit, which its calls never leave, leaks no call slots. Runs
# under single-threaded TCG (kretprobes on a function other vCPUs run; see
# tests/README.md).
. /tests/lib.sh
unload
expect_fail "" insmod "$MOD" probe_budget=5
insmod "$MOD" probe_budget=2000
if echo 99 > /sys/module/irqwatch/parameters/probe_budget 2>/dev/null; then
	fail "probe_budget 99 accepted"
fi
sym=
for s in kmem_cache_free kfree; do
	if grep -q " $s\$" /proc/kallsyms; then
		sym=$s
		break
	fi
done
[ -n "$sym" ] || fail "no kmem_cache_free or kfree in /proc/kallsyms"
(
	while :; do
		ls -R /sys/kernel/slab > /dev/null
	done
) &
load=$!
t0=$(now_ms)
expect_ok irqwatch probe add "$sym"
n=0
until [ "$(probe_field "$sym" state)" = disabled ]; do
	n=$((n + 1))
	[ $n -lt 200 ] || fail "$sym not disabled after 20 s: $(irqwatch probe list --json)"
	sleep 0.1
done
t1=$(now_ms)
expect_ok irqwatch probe list --json
echo "$OUT" | jq -c --arg s "$sym" '.probes[] | select(.symbol == $s)'
reason=$(echo "$OUT" | jq -r --arg s "$sym" '.probes[] | select(.symbol == $s) | .reason')
echo "$sym disabled $((t1 - t0)) ms after probe add: $reason"
echo "$reason" | grep -qE '^budget: [0-9]+ calls/s on CPU [0-9]+$' ||
	fail "reason: $reason"
expect_ok irqwatch probe list
echo "$OUT" | grep -q "disabled (budget" || fail "probe list text lacks the reason: $OUT"
kill $load
wait $load 2>/dev/null || true
expect_ok irqwatch status
ls / > /dev/null
expect_ok irqwatch probe del "$sym"
n=0
while irqwatch probe list --json | jq -e --arg s "$sym" '.probes[] | select(.symbol == $s)' > /dev/null; do
	n=$((n + 1))
	[ $n -lt 100 ] || fail "$sym not removed after 10 s"
	sleep 0.1
done

# Calls that never return through the hook do not leak: a probe on do_exit
# (every exiting task enters it and never returns); the work reclaims the
# slots of dead tasks (kicked by probe list) and counts them abandoned.
run irqwatch probe add do_exit
if [ "$RC" != 0 ]; then
	echo "do_exit cannot be probed here ($ERR): skipped"
	rmmod irqwatch
	exit 0
fi
i=0
while [ $i -lt 20 ]; do
	/bin/true
	i=$((i + 1))
done
n=0
until [ "$(probe_field do_exit abandoned)" -ge 20 ]; do
	n=$((n + 1))
	[ $n -lt 100 ] || fail "do_exit calls not reclaimed: $(irqwatch probe list --json)"
	sleep 0.1
done
# a probe list kicks the reclaim; the exits after it (this test's own
# commands) hold slots until the next one
irqwatch probe list > /dev/null
sleep 1
expect_ok irqwatch probe list --json
echo "$OUT" | jq -c '.probes[] | select(.symbol == "do_exit") | {calls, inflight, abandoned, missed}'
inflight=$(echo "$OUT" | jq '.probes[] | select(.symbol == "do_exit") | .inflight')
[ "$inflight" -le 10 ] || fail "$inflight do_exit calls still hold slots"
expect_ok irqwatch probe del do_exit
rmmod irqwatch
