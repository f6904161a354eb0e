# CPU hotplug with every detector on (the storm work every 200 ms reads
# the online watched CPUs) and a recorder subscribed, repeated:
# timers run on exactly the online watched CPUs, an offline CPU does not
# tick, a CPU that comes back ticks again, and no window spans the time a
# CPU was away (a stale expiry would make one as long as the offline time,
# 600 ms here; the threshold is 30 ms, TCG's own lateness stays below
# 17 ms, and stop_machine() really holds interrupts off for a while, so
# windows below 250 ms are printed, not failed). Needs 3+ vCPUs: booted in
# the second, single-threaded boot with -smp 3 (tests/vm/run.sh).
. /tests/lib.sh
D=/sys/kernel/debug/irqwatch/irqoff
F=/sys/kernel/debug/irqwatch_fault
out=/tmp/hotplug.jsonl
ncpu=$(grep -c ^processor /proc/cpuinfo)
[ "$ncpu" -ge 3 ] || fail "needs 3 or more CPUs, has $ncpu"
unload
insmod "$MOD" detectors=irqoff,softirq,storm,stall irqoff_threshold_us=30000 \
	storm_interval_ms=200
loaded irqwatch_fault || insmod "$FAULT"
irqwatch record -o $out 2>/tmp/hotplug.err &
rec=$!
wait_listeners 1
# a reader of /proc/slabinfo keeps the stall probes busy meanwhile
(while :; do cat /proc/slabinfo > /dev/null; sleep 0.05; done) &
reader=$!

active() {
	head -1 $D | sed -n 's/.* active=\([0-9,-]*\).*/\1/p'
}
ticks() {
	sed -n "s/^cpu=$1 .* ticks=\([0-9]*\) .*/\1/p" $D
}
check_active() {
	[ "$(active)" = "$(cat /sys/devices/system/cpu/online)" ] ||
		fail "$1: timers on $(active), online $(cat /sys/devices/system/cpu/online)"
}

i=0
while [ $i -lt 5 ]; do
	for cpu in $(seq 1 $((ncpu - 1))); do
		on=/sys/devices/system/cpu/cpu$cpu/online
		echo 0 > $on || fail "offline cpu $cpu"
		check_active "cycle $i, cpu $cpu offline"
		t0=$(ticks "$cpu")
		sleep 0.6
		[ "$(ticks "$cpu")" = "$t0" ] || fail "offline cpu $cpu ticked"
		echo 1 > $on || fail "online cpu $cpu"
		check_active "cycle $i, cpu $cpu online"
		t0=$(ticks "$cpu")
		sleep 0.2
		[ "$(ticks "$cpu")" -gt "$t0" ] || fail "cpu $cpu does not tick after online"
	done
	i=$((i + 1))
done
# a window still ends in the injector's function on a CPU that came back
echo "$((ncpu - 1)) 100" > $F/irqoff
sleep 0.5
kill $reader
wait $reader 2>/dev/null || true
kill -INT $rec
wait $rec || fail "record exited $?: $(cat /tmp/hotplug.err)"
jq -M -c 'select(.type == "irqoff") | [.cpu, .duration_ns, .cause, (.stack // [])[0]]' $out
long=$(jq -c "select(.type == \"irqoff\" and .duration_ns >= 250000000 and \
	((.stack // []) | map(test(\"irqwatch_fault\")) | any | not))" $out)
[ -z "$long" ] || fail "window across hotplug: $long"
# (jq -s: jq 1.6's -e judges by the last input, not by any output)
jq -s -e "any(.[]; .type == \"irqoff\" and .cpu == $((ncpu - 1)) and \
	((.stack // []) | map(test(\"irqwatch_fault\")) | any))" $out > /dev/null ||
	fail "no window in the injector on cpu $((ncpu - 1)) after hotplug"
echo "$i hotplug cycles of cpus 1-$((ncpu - 1)): timers follow, no window across"
