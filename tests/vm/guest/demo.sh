# make demo: the slabinfo jitter, reproduced and explained. Output between
# the DEMO marks is shown to the user; the recording follows between the
# REC marks, from which the host writes the HTML report (tests/vm/run.sh).
say() { echo "$*"; }
F=/sys/kernel/debug/irqwatch_fault
echo "=== DEMO on $(uname -r), $(nproc) vCPUs under QEMU TCG"
modprobe irqwatch irqoff_threshold_us=20000 stall_threshold_us=10000
say
say "\$ irqwatch status"
irqwatch status
insmod /tests/irqwatch_fault.ko
say
say "A cache with many partial slabs, as a busy dentry cache has:"
echo 150000 > $F/slab_fill
say "\$ grep irqwatch_fault /proc/slabinfo"
grep irqwatch_fault /proc/slabinfo
say
say "Reading /proc/slabinfo walks every partial slab with interrupts off."
say "irqwatch monitor runs meanwhile; a script named 'slabreader' reads it:"
say "\$ irqwatch monitor --no-slab-info &"
irqwatch monitor --no-slab-info > /tmp/monitor.txt 2>&1 &
mon=$!
say "\$ irqwatch record -o /tmp/demo.jsonl &   (what the service writes, for the report)"
irqwatch record -o /tmp/demo.jsonl 2>/tmp/record.err &
rec=$!
until [ "$(irqwatch stats --json | jq .listeners)" = 2 ]; do sleep 0.1; done
cat > /tmp/slabreader <<'EOS'
#!/bin/sh
while read -r line; do :; done < /proc/slabinfo
EOS
chmod +x /tmp/slabreader
for _ in 1 2; do
	/tmp/slabreader
done
sleep 1
kill -INT $mon $rec
wait $mon
wait $rec
cat /tmp/monitor.txt
say
say "Each interrupts-off window names the code that held interrupts off"
say "(cause irqs_disabled: an NMI from the other CPU caught it in the act) and"
say "the stall probe call it happened in; the stall event names the cache, the"
say "reader and its parent, and links back to the window (related_seq)."
say
say "\$ irqwatch status   (the slab readers, and each CPU's lateness histogram)"
irqwatch status | sed -n '/lateness/p;/slab readers/,$p'
say
say "Weeks of such logs are read by irqwatch report: the culprits, grouped by"
say "the code in the windows, with a hint where the culprit is a known one:"
say "\$ irqwatch report /tmp/demo.jsonl"
COLUMNS=100 irqwatch report /tmp/demo.jsonl
echo 0 > $F/slab_fill
rmmod irqwatch_fault
say
say "The same as one page (timeline, durations, culprits, flame graph), on the host:"
say "\$ irqwatch report --format html -o demo-report.html demo.jsonl"
echo "=== END DEMO"
# The recording, for the host's HTML report; no kernel message on the
# console meanwhile, which could land inside a line.
dmesg -n 1
echo "=== REC"
cat /tmp/demo.jsonl
echo "=== END REC"
