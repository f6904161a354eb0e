#!/bin/sh
# probe del while a tick holds the probe of a call in flight. A user probe
# on the injector's irqwatch_fault_irqoff_train: one 6 s call made of
# 2 ms interrupts-off windows, so the irqoff tick that ends each window
# runs inside the probed call and looks up its slot. The probe is deleted
# 0.4 s into the call: the call outlives the 1 s drain, so its slot is
# taken back while the call still opens windows. test_within_delay_us (a
# parameter of IRQWATCH_TESTING builds only) makes every other such tick
# wait 40 ms between reading the slot and using its probe: the widened
# window of the reproduction. Before the slot redesign the tick
# loaded the slot's probe again after the check, and the guest oopsed on
# the NULL probe (f84fbb1 with the same delay: BUG: kernel NULL pointer
# dereference, address 0xa8, in irqw_stall_within). Multi-threaded boot:
# the probed entry is patched while the call is in its loop, never while a
# CPU runs the entry (see t96).
. /tests/lib.sh
F=/sys/kernel/debug/irqwatch_fault
out=/tmp/t93.jsonl
sym=irqwatch_fault_irqoff_train
unload
insmod "$MOD" period_us=500 irqoff_threshold_us=1000 stall_threshold_us=5000 \
	test_within_delay_us=40000
loaded irqwatch_fault || insmod "$FAULT"
irqwatch record -o $out &
rec=$!
wait_listeners 1

# two rounds (one per CPU) on 6.1, one on the other kernels (suite time)
case $(uname -r) in
*-rt-amd64) rounds=1 ;;
6.1.*-amd64) rounds=2 ;;
*) rounds=1 ;;
esac
round=0
while [ $round -lt $rounds ]; do
	expect_ok irqwatch probe add $sym
	echo "$((round % 2)) 6000" > $F/irqoff_train &
	train=$!
	sleep 0.4
	t0=$(now_ms)
	expect_ok irqwatch probe del $sym
	echo "round $round: probe del took $(( $(now_ms) - t0 )) ms"
	wait $train
	n=0
	while irqwatch probe list | grep -q $sym; do
		n=$((n + 1))
		[ $n -lt 100 ] || fail "$sym not removed after 10 s"
		sleep 0.1
	done
	round=$((round + 1))
done
expect_ok irqwatch status
sleep 0.5
kill -INT $rec
wait $rec
within=$(jq -c "select(.type == \"irqoff\" and .within.probe == \"$sym\")" $out |
	wc -l)
echo "$rounds rounds: $within windows within the probed call"
[ "$within" -ge "$rounds" ] || fail "only $within windows found inside the probed call"
rmmod irqwatch
