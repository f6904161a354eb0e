# The storm detector (smoke, to be extended): softirq storm, hardirq storm,
# loopback flood, imbalance, softirq latency; load/unload during storms.
. /tests/lib.sh
F=/sys/kernel/debug/irqwatch_fault
out=/tmp/storm.jsonl
unload
insmod "$MOD" detectors=softirq,storm storm_interval_ms=250 \
	softirq_threshold_us=20000
loaded irqwatch_fault || insmod "$FAULT"
irqwatch record -o $out 2>/tmp/record.err &
rec=$!
wait_listeners 1
echo "1 4000" > $F/softirq_storm
echo "SOFTIRQ_STORM $(cat $F/softirq_storm)"
sleep 3
echo "0 3000" > $F/hardirq_storm
echo "HARDIRQ_STORM $(cat $F/hardirq_storm)"
sleep 3
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
flood 3 1
sleep 3
echo "0 50" > $F/bhoff
echo "1 10000" > $F/softirq_storm
sleep 4
irqwatch stats --json | jq -c . | cut -c1-3000
sleep 0.3
kill -INT $rec
wait $rec || fail "record exited $?: $(cat /tmp/record.err)"
jq -c . $out | cut -c1-700
# unload during a storm
echo "1 3000" > $F/softirq_storm &
sleep 2
rmmod irqwatch
wait
insmod "$MOD" detectors=softirq,storm storm_interval_ms=100
echo "0 1500" > $F/hardirq_storm
irqwatch config detectors irqoff
irqwatch config detectors storm
echo "0 1500" > $F/hardirq_storm
rmmod irqwatch
