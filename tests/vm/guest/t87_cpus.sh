# Many CPUs (issue 14): in a guest of 32 vCPUs (run.sh's third boot, on
# 6.1 only; SKIP in the others) the module loads at its defaults, status
# and stats answer for every CPU, and synthetic events emitted on every
# CPU at once reach "irqwatch record" each once, in seq order, from every
# CPU, none unaccounted; the drain's cost per event is printed (a CPUS
# line; make bench compares it at 2, 8 and 32 vCPUs).
. /tests/lib.sh
SYNTH=/sys/kernel/debug/irqwatch/synth
out=/tmp/cpus.jsonl
ncpu=$(nproc)
[ "$ncpu" -ge 8 ] || skip "$ncpu vCPUs: this test runs in run.sh's 32-vCPU boot"
COUNT=$((ncpu * 100))
RATE=$((ncpu * 50))

unload
insmod "$MOD" || fail "insmod"
t0=$(now_ms)
expect_ok irqwatch status --json
status_ms=$(($(now_ms) - t0))
echo "$OUT" > /tmp/cpus.status
[ "$(jq '.cpus | length' /tmp/cpus.status)" = "$ncpu" ] ||
	fail "status: $(jq -c '.cpus | length' /tmp/cpus.status) CPUs, want $ncpu"
[ "$(jq '[.cpus[] | select(.monitored)] | length' /tmp/cpus.status)" = "$ncpu" ] ||
	fail "status: not every CPU monitored: $(jq -c '[.cpus[] | .monitored]' /tmp/cpus.status)"
t0=$(now_ms)
expect_ok irqwatch stats --json
stats_ms=$(($(now_ms) - t0))
echo "$OUT" > /tmp/cpus.stats
[ "$(jq '.cpus | length' /tmp/cpus.stats)" = "$ncpu" ] ||
	fail "stats: $(jq '.cpus | length' /tmp/cpus.stats) CPUs, want $ncpu"
d0=$(jq .drained /tmp/cpus.stats)
dn0=$(jq .drain_ns /tmp/cpus.stats)

rm -f $out
irqwatch record -o $out 2>/tmp/cpus.err &
rec=$!
wait_listeners 1
echo "$COUNT $RATE" > $SYNTH || fail "synth"
drain_then_quiet $out /tmp/cpus.stats ||
	fail "the drain did not catch up: $(jq -c '{drained, next_seq}' /tmp/cpus.stats)"
kill -INT $rec
wait $rec || fail "record exited $?: $(cat /tmp/cpus.err)"
d1=$(jq .drained /tmp/cpus.stats)
dn1=$(jq .drain_ns /tmp/cpus.stats)

grep -F '"type":"synthetic"' $out > /tmp/cpus.synth || true
got=$(grep -c . /tmp/cpus.synth || true)
grep -F '"type":"lost"' $out > /tmp/cpus.lost || true
lost=$(jq -s '[.[].count] | add // 0' /tmp/cpus.lost)
reasons=$(jq -s -c 'group_by(.reason) | map({(.[0].reason): (map(.count) | add)}) | add // {}' /tmp/cpus.lost)
cpus=$(jq -r .cpu /tmp/cpus.synth | sort -un | grep -c .)
# seqs of every record, in file order: strictly increasing
jq -r 'select(.seq) | .seq' $out | awk '$1 <= last { bad = 1; print "seq " $1 " after " last } { last = $1 } END { exit bad }' ||
	fail "records out of seq order"
dup=$(jq -r .seq /tmp/cpus.synth | sort -n | uniq -d | head -3)
[ -z "$dup" ] || fail "seqs recorded twice: $dup"
echo "CPUS vcpus=$ncpu emitted=$COUNT recorded=$got lost=$lost $reasons from_cpus=$cpus drained=$((d1 - d0)) drain_ns_per_event=$(((dn1 - dn0) / (d1 - d0 + 1))) status_ms=$status_ms stats_ms=$stats_ms"
[ $((got + lost)) = "$COUNT" ] || fail "$got recorded + $lost lost != $COUNT emitted"
[ "$lost" = 0 ] || fail "$lost lost at $RATE events/s"
[ "$cpus" = "$ncpu" ] || fail "events from $cpus CPUs, want $ncpu"
rmmod irqwatch
