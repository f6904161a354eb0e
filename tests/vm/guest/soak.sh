# make soak (issue 14; not in make check): irqwatch left running for
# irqwatch_soak_min minutes (default 60) under random faults. The module
# stays loaded at its defaults but for the thresholds (30 ms: TCG's own
# lateness stays below 17 ms); "irqwatch record" writes with rotation
# (--rotate 4M, --keep 1000: every file kept). Random injections, one every
# 1-4 s, of every kind the fault injector has: interrupts off (plain, under
# a spinlock, under a raw spinlock, 40-200 ms), bottom halves off (40-200
# ms), a softirq storm and a hardirq storm (1-3 s), a /proc/slabinfo walk
# over 150,000 partial slabs; and from minute 1 on, every 5 minutes, a
# burst of 30,000 synthetic events at 200,000/s, more than TCG drains
# (make bench's transport part): losses (ring_full, and seq_gap if the
# logger's socket fills), for the accounting.
# Every minute: the module's memory (/proc/modules, and VmallocUsed,
# Percpu, Slab of /proc/meminfo) and the logger's RSS (SOAK mem lines).
# At the end:
# - every injected interrupts-off and bh-off window is in the log: an
#   event on its CPU, starting within its write, whose end stack is in the
#   injector's function (on PREEMPT_RT irqoff_lock keeps interrupts on: not
#   a window there); every slabinfo walk is a stall event of get_slabinfo
#   by its reader ("cat") within its read (the storms are load only: one of
#   1-3 s is not always three intervals of the storm detector);
# - lost accounts for every gap: the seqs recorded plus the seq_gap ranges
#   cover the logger's first seq (stored after it subscribed) to the last
#   stored (stats: next_seq - 1) exactly once, and the ring_full counts in
#   the log add up to the module's ring drops (which must not be 0);
# - memory flat from minute 5 to the end: the module's size unchanged,
#   VmallocUsed and Percpu grown by at most 256 kB, the logger's RSS by at
#   most 1 MB (Slab is printed, not judged: the rest of the kernel moves it).
# SOAK lines give the figures; "SOAK PASS" or "SOAK FAIL: why" ends it.
F=/sys/kernel/debug/irqwatch_fault
D=/sys/kernel/debug/irqwatch/irqoff
SYNTH=/sys/kernel/debug/irqwatch/synth
MOD=/lib/modules/$(uname -r)/extra/irqwatch.ko
dir=/tmp/soak
log=$dir/irqwatch.jsonl
min=$(sed -n 's/.*irqwatch_soak_min=\([0-9]*\).*/\1/p' /proc/cmdline)
min=${min:-60}
THR_US=30000
ncpu=$(nproc)
rt=0
[ "$(cat /sys/kernel/realtime 2>/dev/null)" = 1 ] && rt=1
fails=""

fail() {
	fails="$fails; $*"
	echo "SOAK FAIL: $*"
}
now_ns() {
	head -1 $D | sed -n 's/.*now_ns=\([0-9]*\) .*/\1/p'
}
# rnd N: a pseudo-random number in 0..N-1
rnd() {
	awk -v n="$1" -v s="$(od -An -N4 -tu4 /dev/urandom)" 'BEGIN { srand(s); print int(rand() * n) }'
}
meminfo() {
	awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo
}
# mem: "modules_bytes vmalloc_kB percpu_kB slab_kB logger_rss_kB"
mem() {
	echo "$(awk '$1 == "irqwatch" { print $2 }' /proc/modules) $(meminfo VmallocUsed) $(meminfo Percpu) $(meminfo Slab) $(awk '$1 == "VmRSS:" { print $2 }' /proc/$rec/status)"
}

mkdir -p $dir
grep -q '^irqwatch ' /proc/modules && rmmod irqwatch
grep -q '^irqwatch_fault ' /proc/modules || insmod /tests/irqwatch_fault.ko
insmod $MOD irqoff_threshold_us=$THR_US softirq_threshold_us=$THR_US || { echo "SOAK FAIL: insmod"; exit 1; }
echo 150000 > $F/slab_fill
# The logger accounts from its subscription on: the events stored before
# (e.g. TCG noise at the load) are nobody's. Its first seq lies between
# next_seq before it starts and next_seq once it has subscribed.
seq0=$(irqwatch stats --json | jq .next_seq)
irqwatch record -o $log --rotate 4M --keep 1000 2> $dir/record.err &
rec=$!
w=0
while [ "$(irqwatch stats --json | jq .listeners)" != 1 ]; do
	w=$((w + 1))
	[ $w -lt 100 ] || { echo "SOAK FAIL: the logger did not subscribe"; exit 1; }
	sleep 0.1
done
seq1=$(irqwatch stats --json | jq .next_seq)
sleep 2
echo "SOAK start: $min min, kernel $(uname -r), $ncpu vCPUs"
echo "SOAK mem 0 min: $(mem)"
: > $dir/ledger
start=$(now_ns)
end=$((start + min * 60000000000))
next_mem=$((start + 60000000000))
next_synth=$((start + 60000000000))
m=0
n=0
while [ "$(now_ns)" -lt $end ]; do
	cpu=$(rnd "$ncpu")
	ms=$((40 + $(rnd 161)))
	case $(rnd 8) in
	0|1) kind=irqoff ;;
	2) kind=irqoff_lock ;;
	3) kind=irqoff_rawlock ;;
	4|5) kind=bhoff ;;
	6) if [ "$(rnd 2)" = 0 ]; then kind=softirq_storm; else kind=hardirq_storm; fi
	   ms=$((1000 + $(rnd 2001))) ;;
	7) kind=slab ;;
	esac
	t0=$(now_ns)
	case $kind in
	slab) taskset -c "$cpu" cat /proc/slabinfo > /dev/null ;;
	*) echo "$cpu $ms" > $F/$kind ;;
	esac
	t1=$(now_ns)
	echo "$kind $cpu $ms $t0 $t1" >> $dir/ledger
	n=$((n + 1))
	t=$(now_ns)
	if [ "$t" -ge $next_synth ]; then
		echo "30000 200000" > $SYNTH
		echo "SOAK synth: $(cat $SYNTH)"
		# the next injection after the drain has caught up (2 min at
		# most): a window's event is not to share the burst's losses
		w=0
		while [ $w -lt 600 ]; do
			irqwatch stats --json > $dir/burst.json
			[ "$(jq .drained $dir/burst.json)" -ge "$(($(jq .next_seq $dir/burst.json) - 1))" ] && break
			w=$((w + 1))
			sleep 0.2
		done
		sleep 1
		next_synth=$((next_synth + 300000000000))
	fi
	if [ "$t" -ge $next_mem ]; then
		m=$((m + 1))
		echo "SOAK mem $m min: $(mem) (injections so far: $n)"
		echo "$m $(mem)" >> $dir/mem
		next_mem=$((next_mem + 60000000000))
	fi
	sleep "$((1 + $(rnd 4)))"
done
sleep 3
irqwatch stats --json > $dir/stats.json
kill -INT $rec
wait $rec || fail "record exited $?: $(tail -3 $dir/record.err)"
stored=$(($(jq .next_seq $dir/stats.json) - 1))
drops=$(jq .ring_drops $dir/stats.json)
echo "SOAK injections: $n ($(awk '{ print $1 }' $dir/ledger | sort | uniq -c | awk '{ printf "%s %s, ", $2, $1 }'))"
echo "SOAK log: $(ls $dir/irqwatch.jsonl* | wc -l) files, $(cat $dir/irqwatch.jsonl* | wc -c) bytes"

# One streaming jq pass over every record, oldest file first
# (irqwatch.jsonl.N is older than N-1), into a digest of lines:
#   W TYPE CPU MONO_NS MS FN  a window, or a slab walk's stall by "cat" (a
#                             stall's cpu is where the call returned: the
#                             reader was pinned there)
#   S SEQ                     a record's seq
#   L REASON COUNT FIRST LAST a lost record
{
	ls $dir/irqwatch.jsonl.* 2>/dev/null | sed 's/.*\.//' | sort -rn | while read -r i; do
		cat "$dir/irqwatch.jsonl.$i"
	done
	cat $log
} | jq -r '
	(if .type == "irqoff" or .type == "softirqoff" then
		"W \(.type) \(.cpu) \(.mono_ns) \(.duration_ns / 1000000 | floor) \([.stack[]? | select(startswith("irqwatch_fault_"))][0] // "-")"
	 elif .type == "stall" and .probe == "get_slabinfo" and .task.comm == "cat" then
		"W stall \(.cpu) \(.mono_ns) \(.duration_ns / 1000000 | floor) get_slabinfo+"
	 else empty end),
	(if .seq then "S \(.seq)" else empty end),
	(if .type == "lost" then "L \(.reason) \(.count) \(.first_seq // 0) \(.last_seq // 0)" else empty end)' \
	> $dir/digest || fail "a record of the log is not JSON"
awk '$1 == "W"' $dir/digest > $dir/windows

# windows: every injected irqoff and bhoff window and slab walk is in the log
missed=0 found=0
while read -r kind cpu ms t0 t1; do
	case $kind in
	irqoff_lock) [ $rt = 0 ] || continue; type=irqoff fn=irqwatch_fault_$kind ;;
	irqoff|irqoff_rawlock) type=irqoff fn=irqwatch_fault_$kind ;;
	bhoff) type=softirqoff fn=irqwatch_fault_bhoff ;;
	slab) type=stall fn=get_slabinfo ;;
	*) continue ;;
	esac
	if awk -v t="$type" -v c="$cpu" -v a="$t0" -v b="$t1" -v f="$fn+" '
		$2 == t && $3 == c && $4 >= a && $4 <= b && index($6, f) == 1 { ok = 1 }
		END { exit !ok }' $dir/windows; then
		found=$((found + 1))
	else
		missed=$((missed + 1))
		[ $missed -gt 5 ] || echo "SOAK missed: $kind cpu $cpu $ms ms at $t0..$t1"
	fi
done < $dir/ledger
echo "SOAK windows: $found of $((found + missed)) injected windows and slab walks in the log"
[ $missed = 0 ] || fail "$missed injected windows not in the log"

# lost: the seqs recorded and the seq_gap ranges cover the logger's first
# seq to the last stored exactly once
awk '$1 == "S" { print $2 }' $dir/digest > $dir/seqs
awk '$1 == "L" && $2 == "seq_gap" { print $4, $5 }' $dir/digest > $dir/gaps
recorded=$(grep -c . $dir/seqs)
gap=$(awk '{ s += $2 - $1 + 1 } END { print s + 0 }' $dir/gaps)
full=$(awk '$1 == "L" && $2 == "ring_full" { s += $3 } END { print s + 0 }' $dir/digest)
werr=$(awk '$1 == "L" && $2 == "write_error" { s += $3 } END { print s + 0 }' $dir/digest)
{ cat $dir/seqs; awk '{ for (s = $1; s <= $2; s++) print s }' $dir/gaps; } | sort -n > $dir/covered
first=$(head -1 $dir/covered)
cover=$(awk -v f="${first:-0}" -v n="$stored" '$1 != f + i++ { bad = 1; exit }
	END { print (!bad && f + i - 1 == n) ? "exact" : "not exact at " f + i - 1 }' $dir/covered)
echo "SOAK lost: stored $stored (next_seq - 1), the logger's first seq $first (next_seq $seq0 before it started, $seq1 once subscribed), recorded $recorded, seq_gap $gap, ring_full $full (module ring drops $drops), write_error $werr; seqs covered: $cover"
[ "${first:-0}" -ge "$seq0" ] && [ "${first:-0}" -le "$seq1" ] ||
	fail "the logger's first seq $first is not between $seq0 and $seq1"
[ "$cover" = exact ] || fail "the recorded seqs and the seq_gap ranges do not cover $first..$stored exactly: $cover"
[ "$full" -gt 0 ] || fail "no ring_full loss: the bursts did not test the accounting"
[ "$full" = "$drops" ] || fail "ring_full $full in the log, the module dropped $drops"

# memory: flat after the first 5 minutes
awk -v out=/tmp/soak/memcheck '
	$1 == 5 { m0 = $2; v0 = $3; p0 = $4; s0 = $5; r0 = $6 }
	{ m1 = $2; v1 = $3; p1 = $4; s1 = $5; r1 = $6; last = $1 }
	END {
		if (last < 5)
			exit
		printf "SOAK memory from minute 5 to %d: module %d bytes, vmalloc %+d kB, percpu %+d kB, slab %+d kB, logger RSS %+d kB\n",
			last, m1 - m0, v1 - v0, p1 - p0, s1 - s0, r1 - r0
		if (v1 - v0 > 256 || p1 - p0 > 256 || r1 - r0 > 1024 || m1 != m0)
			print "grew" > out
	}' $dir/mem
[ ! -f /tmp/soak/memcheck ] || [ "$min" -lt 10 ] || fail "memory grew"
[ "$min" -ge 10 ] || echo "SOAK memory: a run shorter than 10 min is not judged"
rmmod irqwatch
if [ -z "$fails" ]; then echo "SOAK PASS"; else echo "SOAK FAIL:$fails"; fi
