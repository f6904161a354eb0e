# Unloading with a subscriber that stopped reading (a paused "irqwatch
# monitor") is safe: the drain's sends to it fail, which used to re-arm the
# drain for a resync after the module was gone (an oops in __run_timers
# ~100 ms after rmmod). The guest must survive 3 s after each unload; the
# harness fails on any oops or WARN.
. /tests/lib.sh
SYNTH=/sys/kernel/debug/irqwatch/synth
unload
i=0
while [ $i -lt 2 ]; do
	insmod "$MOD" detectors=none
	irqwatch monitor --rcvbuf 64K > /dev/null 2>&1 &
	mon=$!
	wait_listeners 1
	kill -STOP $mon
	# more than its receive buffer holds: sends to it fail
	echo "60000 30000 8" > $SYNTH || fail "synth"
	cat $SYNTH
	errors=$(irqwatch stats --json | jq '[.listener[]?.send_errors // 0] | add // 0')
	echo "cycle $i: send errors $errors"
	[ "$errors" -gt 0 ] || fail "no failed send: the subscriber's buffer did not fill"
	rmmod irqwatch || fail "rmmod with a stuck subscriber"
	sleep 3
	kill -CONT $mon
	kill $mon 2>/dev/null || true
	wait $mon 2>/dev/null || true
	i=$((i + 1))
done
echo "survived $i unloads with a stuck subscriber"
