# What an unprivileged user can do through the 0444 slab files stays
# bounded. A heavy reader (root, slabheavy: /proc/slabinfo three times
# while the fault injector's cache has many partial slabs) keeps its
# readers-table entry while 48 unprivileged scripts with distinct names
# read every /sys/kernel/slab/*/objects (thousands of readers for 1024
# entries: eviction takes the entry with the least time, so the churn
# replaces itself). And one unprivileged loop (slabloop) reading the big
# cache's objects for 3 s, every call a stall (stall_threshold_us=100),
# gets at most 10 stall events a second; the rest are counted as
# suppressed in its readers entry.
. /tests/lib.sh
F=/sys/kernel/debug/irqwatch_fault
out=/tmp/readers.jsonl
unload
insmod "$MOD" stall_threshold_us=100
loaded irqwatch_fault || insmod "$FAULT"
[ "$(probe_field show_slab_objects state)" = active ] || {
	echo "show_slab_objects cannot be probed here: skipped"
	exit 0
}
echo 50000 > $F/slab_fill
irqwatch record -o $out &
rec=$!
until [ "$(irqwatch stats --json | jq .listeners)" = 1 ]; do sleep 0.1; done

cat > /tmp/slabheavy <<'EOS'
#!/bin/sh
while read -r line; do :; done < /proc/slabinfo
EOS
chmod 755 /tmp/slabheavy
for _ in 1 2 3; do /tmp/slabheavy; done
heavy='[.readers[] | select(.comm == "slabheavy")] | max_by(.total_ns)'
before=$(irqwatch stats --json | jq -c "$heavy")
echo "heavy reader: $before"
[ "$before" != null ] || fail "no readers entry for slabheavy"

# The slab files are 0444 on some kernels, 0400 on others: unprivileged
# where this kernel lets nobody read them, as root otherwise (the bounds
# are the same for both).
who=as_nobody
if ! as_nobody "cat /sys/kernel/slab/irqwatch_fault/objects" > /dev/null 2>&1; then
	echo "nobody cannot read /sys/kernel/slab/*/objects here: the loops run as root"
	who=as_root
fi
as_root() {
	sh -c "$*"
}
mkdir -p /tmp/churn
i=0
while [ $i -lt 48 ]; do
	cat > /tmp/churn/c$i <<'EOS'
#!/bin/sh
for f in /sys/kernel/slab/*/objects; do read -r x < "$f" || :; done
EOS
	chmod 755 /tmp/churn/c$i
	i=$((i + 1))
done
$who 'for c in /tmp/churn/c*; do $c; done'
after=$(irqwatch stats --json)
echo "$after" | jq -c '{readers_overflow, readers: (.readers | length)}'
echo "$after" | jq -e --argjson b "$before" '.readers[] | select(.comm == "slabheavy" and
	.probe == $b.probe and .cache == $b.cache and .calls >= $b.calls)' > /dev/null ||
	fail "the churn evicted the heavy reader: $(echo "$after" | jq -c "$heavy")"
[ "$(echo "$after" | jq .readers_overflow)" -gt 0 ] ||
	fail "the churn evicted nothing: it did not fill the table"

cat > /tmp/slabloop <<'EOS'
#!/bin/sh
end=$(( $(cut -d. -f1 /proc/uptime) + 3 ))
while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
	read -r x < /sys/kernel/slab/irqwatch_fault/objects
done
EOS
chmod 755 /tmp/slabloop
$who /tmp/slabloop
sleep 0.5
kill -INT $rec
wait $rec
st=$(irqwatch stats --json)
loop=$(echo "$st" | jq -c '[.readers[] | select(.comm == "slabloop")] |
	{calls: (map(.calls) | add), suppressed: (map(.suppressed // 0) | add)}')
events=$(jq -c 'select(.type == "stall" and .task.comm == "slabloop")' $out | wc -l)
echo "slabloop: $loop, $events stall events"
calls=$(echo "$loop" | jq '.calls // 0')
suppressed=$(echo "$loop" | jq '.suppressed // 0')
# 3 s, at most two rate-limit seconds more at the edges, plus slack
[ "$events" -le 50 ] || fail "$events stall events of slabloop in 3 s, want <= 50"
[ "$calls" -le 50 ] || [ "$suppressed" -gt 0 ] ||
	fail "$calls calls of slabloop, none suppressed"
echo 0 > $F/slab_fill
rmmod irqwatch
