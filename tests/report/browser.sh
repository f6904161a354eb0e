#!/bin/bash
# Usage: tests/report/browser.sh   (make report-check; part of make check)
#
# The HTML and Perfetto reports of the unit tests' logs
# (tests/unit/data/report/*.jsonl), checked in a browser: headless Chromium
# (Debian's chromium) opens the HTML page, which must log nothing to its
# console (no script error, no resource refused by its
# Content-Security-Policy, no failed load), whose DOM as the browser built
# it must have the sections, the three charts and every timeline mark of
# the file, and whose screenshot (1280x2000) must not be blank: at least
# min_colours distinct colours and min_permille pixels in a thousand other
# than the background. The page of a hostile log (tests/report/hostile.jsonl:
# a host, task names, a frame and a cache that are markup) must log nothing
# either and have none of that markup as elements in its DOM. The Perfetto
# file must parse as a trace-event file (jq): an object with a traceEvents
# array, each event with ph, pid and name; every event but metadata with ts
# and tid, every complete event (ph X) with dur.
#
# Before that, a canary page with a script error and nothing to see goes
# through the same checks, and must fail both: a Chromium whose console
# messages no longer reach its log, or a blank screenshot that passes,
# fails the check instead of passing it unseen.
#
# Everything is written under the build directory (userspace/build/
# report-check, or REPORT_CHECK_DIR), never into the source tree.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${REPORT_CHECK_DIR:-$top/userspace/build/report-check}
data=$top/tests/unit/data/report
min_colours=100
min_permille=20
start=$(date +%s%N)

fail() { echo "report-check: $*" >&2; exit 1; }
command -v chromium > /dev/null || fail "chromium not found (tests/deps.sh installs it)"
command -v jq > /dev/null || fail "jq not found (tests/deps.sh installs it)"

rm -rf "$out"
mkdir -p "$out"
# the browser's profile: only for the run
trap 'rm -rf "$out/profile"' EXIT
make -s -C "$top/userspace"
cc -O2 -Wall -Wextra -Werror -o "$out/pngstat" "$top/tests/report/pngstat.c" -lz

# report FORMAT FILE: the report of the test logs; exit status 4 is expected
# (their bad lines are on purpose), anything else but 0 fails
report() {
	local rc=0
	"$top/userspace/irqwatch" report --format "$1" -o "$2" "$data"/*.jsonl || rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 4 ] || fail "irqwatch report --format $1: exit status $rc"
}
report html "$out/report.html"
report perfetto "$out/report.perfetto.json"
"$top/userspace/irqwatch" report --format html -o "$out/hostile.html" \
	"$top/tests/report/hostile.jsonl" || fail "irqwatch report --format html of hostile.jsonl failed"

# browse NAME: opens NAME.html headless; the screenshot in NAME.png, the
# DOM once loaded in NAME.dom, the browser's log (console messages
# included) in NAME.log. --no-sandbox: Chromium's sandbox refuses to run
# as root; the profile stays in $out.
browse() {
	local rc=0
	timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$out/profile" --enable-logging=stderr --v=0 \
		--window-size=1280,2000 --screenshot="$out/$1.png" --dump-dom \
		"file://$out/$1.html" > "$out/$1.dom" 2> "$out/$1.log" || rc=$?
	[ $rc -eq 0 ] || fail "chromium on $1.html: exit status $rc (log: $out/$1.log)"
	[ -s "$out/$1.png" ] || fail "chromium wrote no screenshot of $1.html (log: $out/$1.log)"
}

# console NAME: the console messages of NAME's page (Chromium logs each as
# 'INFO:CONSOLE:LINE] "message", source: URL (LINE)')
console() {
	grep -E ':CONSOLE[:(]|Uncaught' "$out/$1.log" || true
}

# blank NAME: succeeds when NAME.png is blank (too few colours or pixels)
blank() {
	local w h colours permille
	read -r w h colours permille < <("$out/pngstat" "$out/$1.png") ||
		fail "cannot read $out/$1.png"
	echo "report-check: $1.png ${w}x$h, $colours colours, $permille per mille not background"
	[ "$colours" -lt $min_colours ] || [ "$permille" -lt $min_permille ]
}

# the canary: must be caught by both checks
cat > "$out/canary.html" <<'EOS'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>canary</title></head>
<body><script>irqwatch_report_check_no_such_function();</script></body></html>
EOS
browse canary
[ -n "$(console canary)" ] ||
	fail "the canary's script error did not reach chromium's log: the console check would see nothing (log: $out/canary.log)"
blank canary || fail "the canary's empty page does not count as blank"

browse report
msgs=$(console report)
[ -z "$msgs" ] || fail "console messages of report.html:
$msgs"
! blank report || fail "the screenshot of report.html is blank ($out/report.png)"
# the DOM the browser built: every section, the three charts, every mark
for id in summary timeline histogram culprits hints flame; do
	grep -q "<section id=\"$id\">" "$out/report.dom" || fail "no section $id in report.html's DOM"
done
[ "$(grep -o '<svg ' "$out/report.dom" | wc -l)" = 3 ] || fail "report.html's DOM has not 3 charts"
marks=$(grep -o '<rect class="m"' "$out/report.html" | wc -l)
[ "$marks" -gt 0 ] && [ "$(grep -o '<rect class="m"' "$out/report.dom" | wc -l)" = "$marks" ] ||
	fail "report.html's DOM has not its $marks timeline marks"

# the hostile log's markup is text, not elements
browse hostile
msgs=$(console hostile)
[ -z "$msgs" ] || fail "console messages of hostile.html:
$msgs"
! grep -E '<(script|img|b|i)[ >]' "$out/hostile.dom" ||
	fail "markup of hostile.jsonl became elements of hostile.html"
[ "$(grep -o '<style' "$out/hostile.dom" | wc -l)" = 1 ] || fail "hostile.html has a style of hostile.jsonl"
grep -q '&lt;script&gt;injected()' "$out/hostile.dom" ||
	fail "hostile.html does not show the task name as text"

# the Perfetto file: a trace-event file that trace viewers open
jq -e '
	(.traceEvents | type == "array" and length > 0) and
	all(.traceEvents[];
		has("ph") and has("pid") and has("name") and
		(.ph == "M" or (has("ts") and has("tid") and (.ts | type == "number"))) and
		(.ph != "X" or (.dur | type == "number" and . >= 0)))
	' "$out/report.perfetto.json" > /dev/null ||
	fail "report.perfetto.json is not a trace-event file"
n=$(jq '[.traceEvents[] | select(.ph == "X")] | length' "$out/report.perfetto.json")
[ "$n" -gt 0 ] || fail "report.perfetto.json has no complete event"

echo "report-check: report.html opens with no console message, its $marks marks and 3 charts, not blank;" \
	"hostile.html shows its markup as text; report.perfetto.json has $n complete events;" \
	"$(( ($(date +%s%N) - start) / 1000000 )) ms"
