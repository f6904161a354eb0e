# The log file of "irqwatch record" (issue 10): a symbolic link is not
# followed; standard output, /dev/stdout and a FIFO work, a reader that goes
# away ends the logger; a full disk (a 64 KiB tmpfs) leaves no torn line and
# every event is either written or counted as lost (write_error); a rotation
# that fails (a directory the logger may not write) keeps it alive; a
# restarted logger accounts exactly after a rotation and after a reload.
. /tests/lib.sh
# The log file is the tool's; of the module it needs only the load id and
# synthetic events, the same on every kernel: 6.1 runs it (the suite's
# time; 80-110 s a kernel).
case $(uname -r) in
6.1.*-rt-amd64) skip "the log file is tested on 6.1 (not RT) only" ;;
6.1.*-amd64) ;;
*) skip "the log file is tested on 6.1 (not RT) only" ;;
esac
SYNTH=/sys/kernel/debug/irqwatch/synth
unload
insmod "$MOD" detectors=none	# exact accounting: synthetic events only

# synth COUNT RATE: emits them (the write returns when all are emitted)
synth() {
	echo "$1 $2" > $SYNTH || fail "synth $1 $2"
	grep -q "emitted=$1 " $SYNTH || fail "synth: $(cat $SYNTH)"
}

# settle PATTERN: until the logger stops writing to the files PATTERN
# matches (expanded every time: rotation adds files); steady for 1 s
settle() {
	_prev=-1
	# shellcheck disable=SC2086 # a pattern
	_now=$(cat $1 2>/dev/null | wc -l)
	while [ "$_now" != "$_prev" ]; do
		_prev=$_now
		sleep 1
		# shellcheck disable=SC2086
		_now=$(cat $1 2>/dev/null | wc -l)
	done
}

# count FILTER FILE...: what jq's FILTER (over all records) sums or counts
count() {
	_f=$1
	shift
	cat "$@" | jq -s "$_f"
}
SYN='[.[] | select(.type == "synthetic")] | length'
GAPS='[.[] | select(.type == "lost" and .reason == "seq_gap") | .count] | add // 0'
FULL='[.[] | select(.type == "lost" and .reason == "ring_full") | .count] | add // 0'
WERR='[.[] | select(.type == "lost" and .reason == "write_error") | .count] | add // 0'

# --- a symbolic link at the output path is refused; its target unchanged
echo precious > /tmp/target
chmod 600 /tmp/target
ln -sf /tmp/target /tmp/link
expect_fail "a symbolic link: not followed" irqwatch record -o /tmp/link --count 1
[ "$(cat /tmp/target)" = precious ] || fail "symlink target written: $(cat /tmp/target)"
rm -f /tmp/nowhere
ln -sf /tmp/nowhere /tmp/dangling
expect_fail "a symbolic link: not followed" irqwatch record -o /tmp/dangling --count 1
[ -e /tmp/nowhere ] && fail "record created the target of a dangling link"
wait_listeners 0
echo "symlinks refused"

# --- standard output, /dev/stdout, a FIFO
(irqwatch record -o - --count 5 2>/tmp/pipe.err; echo "$?" > /tmp/pipe.rc) |
	cat > /tmp/pipe.out &
pipe=$!
wait_listeners 1
synth 5 1000
wait $pipe
[ "$(cat /tmp/pipe.rc)" = 0 ] || fail "record -o - | cat: exit $(cat /tmp/pipe.rc): $(cat /tmp/pipe.err)"
[ "$(count "$SYN" /tmp/pipe.out)" = 5 ] || fail "record -o - | cat: $(cat /tmp/pipe.out)"

irqwatch record -o /dev/stdout --count 3 > /tmp/devstdout.out 2>/tmp/pipe.err &
rec=$!
wait_listeners 1
synth 3 1000
wait $rec || fail "record -o /dev/stdout exited $?: $(cat /tmp/pipe.err)"
[ "$(count "$SYN" /tmp/devstdout.out)" = 3 ] || fail "record -o /dev/stdout"

rm -f /tmp/fifo
mkfifo /tmp/fifo
cat /tmp/fifo > /tmp/fifo.out &
reader=$!
irqwatch record -o /tmp/fifo --count 4 2>/tmp/pipe.err &
rec=$!
wait_listeners 1
synth 4 1000
wait $rec || fail "record -o FIFO exited $?: $(cat /tmp/pipe.err)"
wait $reader
[ "$(count "$SYN" /tmp/fifo.out)" = 4 ] || fail "record -o FIFO: $(cat /tmp/fifo.out)"
run irqwatch record -o /tmp/fifo --rotate 1M
[ "$RC" = 2 ] || fail "--rotate on a FIFO: exit $RC, want 2"
echo "$ERR" | grep -q "needs a regular file" || fail "--rotate on a FIFO: $ERR"
run irqwatch record -o - --rotate 1M
[ "$RC" = 2 ] || fail "--rotate on stdout: exit $RC, want 2"

# the reader goes away (head): the next write ends the logger, status 0
rm -f /tmp/head.rc
(irqwatch record -o - 2>/tmp/head.err; echo "$?" > /tmp/head.rc) |
	head -n 2 > /tmp/head.out &
wait_listeners 1
synth 10 1000
sleep 1
synth 10 1000
i=0
while [ ! -s /tmp/head.rc ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "record still runs after its reader went away"
	sleep 0.1
done
[ "$(cat /tmp/head.rc)" = 0 ] || fail "record | head: exit $(cat /tmp/head.rc): $(cat /tmp/head.err)"
[ "$(wc -l < /tmp/head.out)" = 2 ] || fail "record | head: $(cat /tmp/head.out)"
wait_listeners 0
echo "stdout, /dev/stdout, FIFO, EPIPE: ok"

# --- restart after a rotation: the last seq is in FILE.1
rm -f /tmp/rs.jsonl*
irqwatch record -o /tmp/rs.jsonl &
rec=$!
wait_listeners 1
synth 100 1000
settle /tmp/rs.jsonl
kill -INT $rec
wait $rec || fail "record exited $?"
synth 50 1000		# nobody listens: these are missed
mv /tmp/rs.jsonl /tmp/rs.jsonl.1	# as logrotate does
irqwatch record -o /tmp/rs.jsonl &
rec=$!
wait_listeners 1
synth 30 1000
settle /tmp/rs.jsonl
kill -INT $rec
wait $rec || fail "record exited $?"
g=$(count "$GAPS" /tmp/rs.jsonl)
s=$(count "$SYN" /tmp/rs.jsonl.1 /tmp/rs.jsonl)
echo "LOGFILE restart after rotation: written $s, seq_gap $g (50 missed)"
[ "$g" = 50 ] || fail "restart after rotation: seq_gap $g, want 50"
[ "$s" = 130 ] || fail "restart after rotation: $s events, want 130"

# --- restart after a module reload: the new load's seqs start again; the
# events before the subscription are not of the log's load: no seq_gap
lines=$(wc -l < /tmp/rs.jsonl)
old_load=$(tail -n 1 /tmp/rs.jsonl | jq -r .load_id)
last=$(count '[.[].seq | numbers] | max' /tmp/rs.jsonl)
rmmod irqwatch
insmod "$MOD" detectors=none
# past the log's last seq, in the new load (a logger that took them for the
# same load would report them as a gap)
synth $((last + 100)) 1000
irqwatch record -o /tmp/rs.jsonl &
rec=$!
wait_listeners 1
synth 20 1000
settle /tmp/rs.jsonl
kill -INT $rec
wait $rec || fail "record exited $?"
tail -n +$((lines + 1)) /tmp/rs.jsonl > /tmp/rs.new
g=$(count "$GAPS" /tmp/rs.new)
s=$(count "$SYN" /tmp/rs.new)
new_load=$(tail -n 1 /tmp/rs.new | jq -r .load_id)
boot=$(tail -n 1 /tmp/rs.new | jq -r .boot_id)
echo "LOGFILE restart after reload: written $s, seq_gap $g; load $old_load -> $new_load"
[ "$g" = 0 ] || fail "restart after reload: false seq_gap of $g"
[ "$s" = 20 ] || fail "restart after reload: $s events, want 20"
[ "$old_load" != "$new_load" ] || fail "the reload kept load_id $old_load"
echo "$new_load" | grep -Eq '^[0-9a-f]{16}$' || fail "load_id '$new_load'"
[ "$boot" = "$(cat /proc/sys/kernel/random/boot_id)" ] || fail "boot_id '$boot'"
# --- a 64 KiB tmpfs filled while events stream in. The logger holds what
# it cannot write (4 MiB of lines), counts the rest as write_error, and
# writes both once there is room again; never a torn line. 40,000 events
# make 7-11 MB of lines (5.10's are the shortest, ~210 bytes: 20,000 of
# them fitted in the 4 MiB once).
mkdir -p /tmp/small
mount -t tmpfs -o size=64k tmpfs /tmp/small
log=/tmp/small/events.jsonl
irqwatch record -o $log 2>/tmp/full.err &
rec=$!
wait_listeners 1
emitted=0
for i in 1 2 3 4 5 6 7 8; do
	synth 5000 10000
	emitted=$((emitted + 5000))
done
sleep 1
kill -0 $rec || fail "record died on a full disk: $(cat /tmp/full.err)"
cp $log /tmp/full.jsonl
size=$(wc -c < /tmp/full.jsonl)
[ "$(tail -c 1 /tmp/full.jsonl | od -An -c | tr -d ' ')" = '\n' ] ||
	fail "the full log ends in a torn line: $(tail -c 200 /tmp/full.jsonl)"
jq -c . /tmp/full.jsonl > /dev/null || fail "a line of the full log does not parse"
full_lines=$(wc -l < /tmp/full.jsonl)
grep -q "No space left on device; records wait" /tmp/full.err ||
	fail "no message on the full disk: $(cat /tmp/full.err)"
# room again
mount -o remount,size=64m /tmp/small
settle $log
kill -INT $rec
wait $rec || fail "record exited $? after the disk had room again: $(cat /tmp/full.err)"
cat /tmp/full.err
jq -c . $log > /dev/null || fail "a line of the log does not parse"
s=$(count "$SYN" $log)
w=$(count "$WERR" $log)
g=$(count "$GAPS" $log)
f=$(count "$FULL" $log)
echo "LOGFILE full: emitted $emitted, $full_lines lines ($size bytes) while full;" \
	"written $s + write_error $w + seq_gap $g + ring_full $f"
[ $((s + w + g + f)) = $emitted ] ||
	fail "written $s + write_error $w + seq_gap $g + ring_full $f != emitted $emitted"
[ "$w" -gt 0 ] || fail "nothing counted as write_error: the queue held all"
[ "$(grep -c "records wait" /tmp/full.err)" = 1 ] || fail "the error said more than once"
[ "$(grep -c "writing again" /tmp/full.err)" = 1 ] || fail "the recovery not said once"
umount /tmp/small

# --- rotation into a directory the logger may not write: it goes on
# writing to the file, says so, and rotates once it can
rm -rf /tmp/rot
mkdir /tmp/rot
chmod 755 /tmp/rot
touch /tmp/rot/ev.jsonl
chown nobody /tmp/rot/ev.jsonl
irqwatch record -o /tmp/rot/ev.jsonl --rotate 8K --keep 50 --user nobody \
	2>/tmp/rot.err &
rec=$!
wait_listeners 1
synth 100 1000
settle /tmp/rot/ev.jsonl
kill -0 $rec || fail "record died on a failed rotation: $(cat /tmp/rot.err)"
grep -q "cannot rotate: Permission denied" /tmp/rot.err ||
	fail "no message on the failed rotation: $(cat /tmp/rot.err)"
[ "$(count "$SYN" /tmp/rot/ev.jsonl)" = 100 ] || fail "events lost on a failed rotation"
chmod 1777 /tmp/rot
sleep 1.2	# IRQW_ROTATE_RETRY_NS
synth 100 1000
settle '/tmp/rot/ev.jsonl*'
kill -INT $rec
wait $rec || fail "record exited $?: $(cat /tmp/rot.err)"
[ -f /tmp/rot/ev.jsonl.1 ] || fail "no rotation once the directory was writable"
grep -q "rotated" /tmp/rot.err || fail "rotation's recovery not said: $(cat /tmp/rot.err)"
n=$(count "$SYN" /tmp/rot/ev.jsonl*)
[ "$n" = 200 ] || fail "rotated logs hold $n events, want 200"
echo "LOGFILE rotation: $(find /tmp/rot -type f | wc -l) files, $n events"

unload
true
