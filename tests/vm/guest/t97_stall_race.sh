# probe del racing interrupts-off windows inside the probed call: a user
# probe on the fault injector's irqwatch_fault_irqoff (interrupts off for
# 30 ms inside the call, on each CPU in turn), so that the irqoff tick
# that ends each window finds the call's slot, while another loop adds and
# deletes that probe for 20 s on 6.1, 10 s on the other kernels.
# Deletion is asynchronous: an add while the previous probe is still being
# removed fails with "still being removed". Then a call in flight longer
# than the 1 s drain is deleted under it, and its slot reclaimed while the
# same kworker opens more windows. The harness fails on any oops; t93
# widens the race of that reclaim with a tick and fails on the old code.
. /tests/lib.sh
F=/sys/kernel/debug/irqwatch_fault
out=/tmp/race.jsonl
unload
insmod "$MOD" irqoff_threshold_us=20000 stall_threshold_us=5000
loaded irqwatch_fault || insmod "$FAULT"
irqwatch record -o $out &
rec=$!
until [ "$(irqwatch stats --json | jq .listeners)" = 1 ]; do sleep 0.1; done

# 20 s on 6.1, 10 s on the other kernels (the suite's time)
case $(uname -r) in
*-rt-amd64) secs=10 ;;
6.1.*-amd64) secs=20 ;;
*) secs=10 ;;
esac
expect_ok irqwatch probe add irqwatch_fault_irqoff
end=$(( $(now_ms) + secs * 1000 ))
(
	while [ "$(now_ms)" -lt $end ]; do
		echo "0 30" > $F/irqoff
		echo "1 30" > $F/irqoff
	done
) &
win=$!
adds=0
dels=0
busy=0
while [ "$(now_ms)" -lt $end ]; do
	run irqwatch probe del irqwatch_fault_irqoff
	if [ "$RC" = 0 ]; then
		dels=$((dels + 1))
	else
		echo "$ERR" | grep -qE "being removed|no such user probe" ||
			fail "probe del: $ERR"
	fi
	run irqwatch probe add irqwatch_fault_irqoff
	if [ "$RC" = 0 ]; then
		adds=$((adds + 1))
	else
		echo "$ERR" | grep -q "still being removed" || fail "probe add: $ERR"
		busy=$((busy + 1))
		sleep 0.05
	fi
done
wait $win
expect_ok irqwatch status
sleep 0.5
kill -INT $rec
wait $rec
within=$(jq -c 'select(.type == "irqoff" and .within.probe == "irqwatch_fault_irqoff")' $out |
	wc -l)
echo "$secs s: $adds adds, $dels dels, $busy adds refused while removing, $within windows within the probed call"
[ "$dels" -ge 5 ] || fail "only $dels deletions in $secs s"
[ "$within" -ge 1 ] || fail "no irqoff window found inside the probed call"
# the last add or del settles
n=0
until [ "$(probe_field irqwatch_fault_irqoff state)" != removing ]; do
	n=$((n + 1))
	[ $n -lt 100 ] || fail "irqwatch_fault_irqoff still removing after 10 s"
	sleep 0.1
done
run irqwatch probe del irqwatch_fault_irqoff
n=0
while irqwatch probe list --json | jq -e '.probes[] | select(.symbol == "irqwatch_fault_irqoff")' > /dev/null; do
	n=$((n + 1))
	[ $n -lt 100 ] || fail "irqwatch_fault_irqoff not removed after 10 s"
	sleep 0.1
done

# A call in flight longer than the 1 s drain: its return hook never runs,
# so its slot is reclaimed from the work while the same kworker goes on
# opening windows (ticks that look at its slots) on that CPU.
expect_ok irqwatch probe add irqwatch_fault_irqoff
echo "0 1500" > $F/irqoff &
long=$!
sleep 0.3
expect_ok irqwatch probe del irqwatch_fault_irqoff
wait $long
i=0
while [ $i -lt 20 ]; do
	echo "0 30" > $F/irqoff
	i=$((i + 1))
done
expect_ok irqwatch status
rmmod irqwatch
