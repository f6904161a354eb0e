# Deleting a probe with a call in flight answers at once, and so do other
# requests meanwhile: a user probe on irqwatch_fault_sleep, a 3 s sleep in
# flight, probe del, then irqwatch status 0.1 s after it: status within
# 0.5 s, del within 0.9 s (before, PROBE_DEL waited up to 1 s per probe plus an RCU
# tasks grace period under the genl mutex: status took 1.6 s). The probe
# is listed as "removing" until the work has unregistered it (at most 1 s
# of waiting for the call, then it is abandoned), and a re-add meanwhile
# fails with -EBUSY.
. /tests/lib.sh
F=/sys/kernel/debug/irqwatch_fault
unload
insmod "$MOD"
loaded irqwatch_fault || insmod "$FAULT"
expect_ok irqwatch probe add irqwatch_fault_sleep --threshold 1s
# what a status takes with nothing going on (process start under TCG)
t0=$(now_ms)
expect_ok irqwatch status
echo "status alone: $(( $(now_ms) - t0 )) ms"
echo 3000 > $F/sleep &
sleeper=$!
n=0
until [ "$(probe_field irqwatch_fault_sleep inflight)" = 1 ]; do
	# a module without the inflight count: give the call time to begin
	if [ "$(probe_field irqwatch_fault_sleep inflight)" = null ]; then
		sleep 0.5
		break
	fi
	n=$((n + 1))
	[ $n -lt 50 ] || fail "the sleep is not in flight: $(irqwatch probe list --json)"
	sleep 0.1
done
t0=$(now_ms)
irqwatch probe del irqwatch_fault_sleep &
del=$!
sleep 0.1
t1=$(now_ms)
expect_ok irqwatch status
t2=$(now_ms)
wait $del || fail "probe del failed"
t3=$(now_ms)
echo "status answered in $((t2 - t1)) ms during probe del; del returned after $((t3 - t0)) ms"
[ $((t2 - t1)) -le 500 ] || fail "status took $((t2 - t1)) ms while a probe was deleted"
# the old synchronous del took 1 s and more (the drain); TCG process start
# and the background spawn take a few hundred ms
[ $((t3 - t0)) -le 900 ] || fail "probe del took $((t3 - t0)) ms"
state=$(probe_field irqwatch_fault_sleep state)
echo "state right after del: $state"
if [ "$state" = removing ]; then
	expect_fail "still being removed" irqwatch probe add irqwatch_fault_sleep
fi
n=0
while irqwatch probe list --json | jq -e '.probes[] | select(.symbol == "irqwatch_fault_sleep")' > /dev/null; do
	n=$((n + 1))
	[ $n -lt 100 ] || fail "irqwatch_fault_sleep not removed after 10 s"
	sleep 0.1
done
echo "removed $(( $(now_ms) - t0 )) ms after del"
wait $sleeper
expect_ok irqwatch status
rmmod irqwatch
