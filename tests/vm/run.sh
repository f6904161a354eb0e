#!/bin/bash
# Usage: tests/vm/run.sh [--demo|--bench|--noise] KERNEL...
#   KERNEL: see fetch-kernel.sh --list
#   --demo   run the guest's demo.sh and show its output
#   --bench  run the guest's bench.sh (transport throughput and cost,
#            irqoff detector accuracy and overhead)
#     BENCH_BASE=REF     also builds the module from git ref REF (IRQWATCH_TESTING=y)
#                        and packs it as /lib/irqwatch-base.ko: the transport part
#                        runs each rate on both modules, interleaved, side by side
#     BENCH_PARTS=LIST   parts to run, comma list of transport,irqoff,overhead,stall,storm,cpus,peers
#                        (default: all; cpus boots twice more, with 8 and 32 vCPUs)
#     BENCH_BASE_ROUNDS=N  rounds per module and rate with BENCH_BASE (default 2)
#   --soak   run the guest's soak.sh (make soak): SOAK_MIN minutes (default 60)
#            of random faults under a recording logger, then its checks
#   --noise  run the guest's noise.sh (TCG timing noise measurement);
#            IRQWATCH_QEMU_TIMING="-icount shift=auto" measures with icount
#   IRQWATCH_TESTS=t90,t95 runs only those guest tests (tests/vm/guest/t*.sh)
#
# For each kernel: fetch it (cached), build irqwatch.ko and the fault
# injector against its headers with W=1 and sparse (any warning fails),
# pack an initramfs, boot it under QEMU TCG and judge the run: the guest's
# verdict token on the second serial port, the console log free of
# WARNING/BUG/Oops/Call Trace, and no taint beyond O/E.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${IRQWATCH_CACHE:-$HOME/.cache/irqwatch}
timeout_s=${IRQWATCH_VM_TIMEOUT:-900}
mode="test"
case ${1:-} in
--demo) mode=demo; shift ;;
--noise) mode=noise; shift ;;
--bench) mode=bench; shift ;;
--soak) mode=soak; shift ;;
esac
[ $# -gt 0 ] || { echo "usage: $0 [--demo|--noise|--bench] KERNEL..." >&2; exit 2; }
die() { echo "$0: $*" >&2; exit 2; }
# The bench's knobs (tests/README.md), checked before anything is built or
# booted. base: the commit BENCH_BASE names, whose kmod/ and Kbuild are built
# as a second module for the transport comparison.
base='' bench_args=''
if [ $mode = soak ]; then
	soak_min=${SOAK_MIN:-60}
	[[ $soak_min =~ ^[1-9][0-9]{0,3}$ ]] || die "SOAK_MIN=$soak_min: not a number of minutes from 1 to 9999"
	timeout_s=$((soak_min * 60 + 1200))
fi
if [ $mode = bench ]; then
	if [ -n "${BENCH_BASE:-}" ]; then
		base=$(git -C "$top" rev-parse --verify --quiet "${BENCH_BASE}^{commit}") ||
			die "BENCH_BASE=$BENCH_BASE: not a commit in $top"
		git -C "$top" cat-file -e "$base:Kbuild" 2>/dev/null &&
			git -C "$top" cat-file -e "$base:kmod/Kbuild" 2>/dev/null ||
			die "BENCH_BASE=$BENCH_BASE: no Kbuild and kmod/Kbuild at $base"
		# a base run takes two modules' bursts, interleaved, at every rate
		timeout_s=${IRQWATCH_VM_TIMEOUT:-1800}
	fi
	parts=${BENCH_PARTS:-transport,irqoff,overhead,stall,storm,cpus,peers,idle,switch}
	for p in ${parts//,/ }; do
		case $p in
		transport|irqoff|overhead|stall|storm|cpus|peers|idle|switch) ;;
		*) die "BENCH_PARTS: unknown part '$p' (transport, irqoff, overhead, stall, storm, cpus, peers, idle, switch)" ;;
		esac
	done
	rounds=${BENCH_BASE_ROUNDS:-2}
	[[ $rounds =~ ^[1-9][0-9]?$ ]] || die "BENCH_BASE_ROUNDS=$rounds: not a number from 1 to 99"
	bench_args=" irqwatch_bench=$parts irqwatch_bench_base_rounds=$rounds"
fi
# Multi-threaded TCG: one host thread per vCPU. tests/README.md says why
# this and not -icount.
timing=${IRQWATCH_QEMU_TIMING:--accel tcg,thread=multi}
# Tests that boot a second time under single-threaded TCG: with one host
# thread per vCPU, QEMU let a vCPU run kernel text that another vCPU was
# patching (kretprobe register/unregister on a function in use) and the
# guest returned to address 0; see tests/README.md. The same with the
# static keys of tracepoints: only this boot patches them (guest/init).
# That boot has three vCPUs, for the CPU hotplug test.
st_tests=t13,t14,t96,t97,t99
st_timing="-accel tcg,thread=single"
st_smp=3
# Tests that boot a third time with 32 vCPUs (multi-threaded TCG), on the
# kernels of big_kernels only: the drain and stats over many CPUs, which no
# kernel version changes.
big_tests=t87
big_smp=32
big_kernels=6.1
# always: make is incremental, and a stale tool would miss new subcommands
make -s -C "$top/userspace" >&2

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
# shellcheck source=tests/vm/judge.sh
. "$top/tests/vm/judge.sh"

# build_modules SRC LOG: builds both modules, irqwatch.ko with its test-only
# synthetic event source; fails on any warning
build_modules() {
	local src=$1 blog=$2 dir
	: > "$blog"
	for dir in "$src" "$src/tests/fault"; do
		# shellcheck disable=SC2086
		make -C "$KDIR" M="$dir" W=1 C=1 IRQWATCH_TESTING=y $KMAKEFLAGS modules \
			>> "$blog" 2>&1 || { cat "$blog" >&2; return 1; }
	done
	if grep -E 'warning:|error:' "$blog" >&2; then
		log "build against $KRELEASE has warnings (log: $blog)"
		return 1
	fi
}

# boot WORKDIR MODE [CMDLINE [TIMING [VCPUS]]]: boots the initramfs; console
# in WORKDIR/console.log, verdict in WORKDIR/result
boot() {
	local w=$1 mode=$2 extra=${3:-} accel=${4:-$timing} smp=${5:-2} rc=0
	: > "$w/result"
	# One VM at a time on this machine, whichever checkout boots it: two
	# TCG guests on two cores spoil each other's timing.
	# shellcheck disable=SC2086
	flock "$cache/vm.lock" timeout "$timeout_s" qemu-system-x86_64 \
		$accel -smp "$smp" -m 2048 \
		-display none -monitor none -no-reboot \
		-serial "file:$w/console.log" -serial "file:$w/result" \
		-kernel "$VMLINUZ" -initrd "$initrd" \
		-append "console=ttyS0 panic_on_warn=1 oops=panic panic=-1 mitigations=off irqwatch_vm=$mode$extra" \
		|| rc=$?
	[ $rc -eq 124 ] && log "$KRELEASE: timed out after ${timeout_s}s"
	return 0
}

# pick LIST [ONLY]: the tests of comma list LIST that ONLY (a comma list, or
# empty for all) selects
pick() {
	local t out=
	for t in ${1//,/ }; do
		[ -z "${2:-}" ] || [[ ",$2," == *",$t,"* ]] && out+=${out:+,}$t
	done
	echo "$out"
}

# run_tests W: the test boots, multi-threaded TCG first, then the tests of
# st_tests single-threaded in W/st; returns non-zero if either failed. The
# next kernel is prepared while the single-threaded boot keeps one core.
run_tests() {
	local w=$1 only=${IRQWATCH_TESTS:-} st big='' rc=0
	st=$(pick "$st_tests" "$only")
	[[ " $big_kernels " != *" $id "* ]] || big=$(pick "$big_tests" "$only")
	# the first boot is skipped only when asked for st_tests or big_tests alone
	if [ -z "$only" ] || [ "$(pick "$only" "$st_tests,$big_tests")" != "$only" ]; then
		boot "$w" test "${only:+ irqwatch_tests=$only} irqwatch_skip=$st_tests,$big_tests"
		grep -E '^=== (PASS|FAIL|SKIP)|^(FAIL|SKIP):' "$w/console.log" | tr -d '\r' >&2 || true
		judge "$w" IRQWATCH-TESTS-PASSED "$KRELEASE" || rc=1
	fi
	prepare_next
	if [ -n "$st" ]; then
		mkdir -p "$w/st"
		boot "$w/st" test " irqwatch_tests=$st irqwatch_tp_patch" "$st_timing" "$st_smp"
		grep -E '^=== (PASS|FAIL|SKIP)|^(FAIL|SKIP):' "$w/st/console.log" | tr -d '\r' >&2 || true
		judge "$w/st" IRQWATCH-TESTS-PASSED "$KRELEASE" || rc=1
	fi
	if [ -n "$big" ]; then
		mkdir -p "$w/big"
		boot "$w/big" test " irqwatch_tests=$big" "$timing" "$big_smp"
		grep -E '^=== (PASS|FAIL|SKIP)|^(FAIL|SKIP):|^CPUS ' "$w/big/console.log" | tr -d '\r' >&2 || true
		judge "$w/big" IRQWATCH-TESTS-PASSED "$KRELEASE" || rc=1
	fi
	return $rc
}

# count_tests LOG...: adds the PASS and FAIL lines of the logs to the totals
count_tests() {
	local f p n
	for f in "$@"; do
		[ -f "$f" ] || continue
		p=$(tr -d '\r' < "$f" | grep -c '^=== PASS' || true)
		n=$(tr -d '\r' < "$f" | grep -c '^=== FAIL' || true)
		tests_passed=$((tests_passed + ${p:-0}))
		tests_failed=$((tests_failed + ${n:-0}))
		counted=$((counted + ${n:-0}))
	done
}


# bench_cpus W: the bench's cpus part again in guests of 8 and 32 vCPUs
# (W/cpus8, W/cpus32), then its lines of the three boots side by side
bench_cpus() {
	local w=$1 n rc=0
	for n in 8 32; do
		mkdir -p "$w/cpus$n"
		boot "$w/cpus$n" bench " irqwatch_bench=cpus" "$timing" $n
		grep -E '^BENCH' "$w/cpus$n/console.log" | tr -d '\r'
		judge "$w/cpus$n" IRQWATCH-BENCH-DONE "$KRELEASE" || rc=1
	done
	cat "$w/console.log" "$w/cpus8/console.log" "$w/cpus32/console.log" |
		tr -d '\r' | grep '^BENCH cpus vcpus=.* events=' | awk '
		function v(k,   i) { for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) return substr($i, length(k) + 2); return "-" }
		{ n++; c[n] = v("vcpus"); d[n] = v("drain_ns_per_event"); di[n] = v("drain_iters_per_event")
		  p[n] = v("producer_ns_per_event"); pi[n] = v("producer_iters_per_event"); r[n] = v("logger_hwm_kb") }
		END {
			print "BENCH cpus: the same burst at 2, 8 and 32 vCPUs; iters: burn iterations one vCPU of that guest does meanwhile; ratio: to the first boot"
			printf "BENCH %6s %15s %12s %8s %18s %12s %8s %14s\n", "vcpus", "drain_ns/ev", "drain_iters", "ratio", "producer_ns/ev", "prod_iters", "ratio", "logger_hwm_kB"
			for (i = 1; i <= n; i++)
				printf "BENCH %6s %15s %12s %8.2f %18s %12s %8.2f %14s\n", c[i], d[i], di[i], di[1] ? di[i] / di[1] : 0, p[i], pi[i], pi[1] ? pi[i] / pi[1] : 0, r[i]
		}'
	return $rc
}

# bench_results W: the parts' lines of this kernel's bench into
# tests/bench/RESULTS.md, a section per part (not for a BENCH_BASE run,
# whose comparison is the point of that run alone)
bench_results() {
	local w=$1 p
	[ -z "$base" ] || return 0
	tr -d '\r' < "$w/console.log" | grep '^BENCH' > "$w/bench.txt" || true
	for p in ${parts//,/ }; do
		{
			awk -v p="$p" '/^BENCH === part / { on = ($4 == p); next } on' "$w/bench.txt"
			[ "$p" != cpus ] || cat "$w/cpus.txt"
		} | "$top/tests/bench/results.sh" "vm-$id-$p" "VM, kernel $KRELEASE: part $p"
	done
}

# demo_html W: the HTML report of the recording that the guest's demo
# printed between its === REC and === END REC lines, by the host's tool,
# in W/demo-report.html (its path in demo_report, printed last)
demo_report=
demo_html() {
	local w=$1 rc=0
	tr -d '\r' < "$w/console.log" > "$w/console.txt"
	if ! grep -qx '=== END REC' "$w/console.txt"; then
		log "demo: no recording in the console log ($w/console.log)"
		return 1
	fi
	sed -n '/^=== REC$/,/^=== END REC$/{/^=== /!p}' "$w/console.txt" > "$w/demo.jsonl"
	# 4: lines not analysed (listed in the report); the rest is in it
	"$top/userspace/irqwatch" report --format html -o "$w/demo-report.html" \
		"$w/demo.jsonl" || rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 4 ]; then
		log "demo: irqwatch report --format html failed (exit status $rc)"
		return 1
	fi
	demo_report=$w/demo-report.html
}

# workdir ID: the kernel's work dir, per checkout, so that runs from two
# clones do not share one
workdir() {
	echo "$cache/work/$(printf '%s' "$top" | md5sum | cut -c1-8)/$1"
}

# build_base DIR LOG: builds the module of commit $base in DIR, with the
# same invocation as the current one's; fails on any warning
build_base() {
	local dir=$1 blog=$2
	: > "$blog"
	git -C "$top" archive "$base" Kbuild kmod | tar -x -C "$dir"
	# shellcheck disable=SC2086
	make -C "$KDIR" M="$dir" W=1 C=1 IRQWATCH_TESTING=y $KMAKEFLAGS modules \
		>> "$blog" 2>&1 || { cat "$blog" >&2; return 1; }
	if grep -E 'warning:|error:' "$blog" >&2; then
		log "build of base ${base:0:12} against $KRELEASE has warnings (log: $blog)"
		return 1
	fi
}

# prepare ID: fetches the kernel, builds the modules against it and packs
# the initramfs in its work dir; in the background, its output goes to
# WORKDIR.prep.log and its exit status to WORKDIR.prep
prepare() {
	local id=$1 w kd rc=0
	w=$(workdir "$id")
	rm -rf "$w" "$w.prep"
	mkdir -p "$w/src/tests" "$w/base"
	(
		kd=$("$top/tests/vm/fetch-kernel.sh" "$id") || exit 1
		# for the boot, in the main shell
		cp "$kd/env" "$w/kernel.env"
		# shellcheck disable=SC1091
		. "$kd/env"
		cp -a "$top/Kbuild" "$top/kmod" "$w/src/"
		cp -a "$top/tests/fault" "$w/src/tests/"
		log "$id: building against $KRELEASE"
		build_modules "$w/src" "$w/build.log" || exit 1
		if [ -n "$base" ]; then
			log "$id: building base ${base:0:12} against $KRELEASE"
			build_base "$w/base" "$w/build-base.log" || exit 1
		fi
		"$top/tests/vm/initramfs.sh" "$w/initramfs.cpio.gz" "$KRELEASE" "$w/src" \
			${base:+"$w/base/kmod/irqwatch.ko"}
	) > "$w.prep.log" 2>&1 || rc=$?
	echo $rc > "$w.prep"
}

# prepare_next: starts preparing the kernel after the one under test
prepare_next() {
	[ -n "$next_id" ] && [ -z "$prep_pid" ] || return 0
	prepare "$next_id" &
	prep_pid=$!
}

if [ -n "$base" ]; then
	new=$(git -C "$top" rev-parse HEAD)
	git -C "$top" diff --quiet HEAD -- Kbuild kmod || new+=" + uncommitted changes"
	echo "BENCH base = ${base:0:12} ($BENCH_BASE: $(git -C "$top" log -1 --format=%s "$base"))"
	echo "BENCH new  = ${new:0:12}${new:40} (this checkout: $(git -C "$top" log -1 --format=%s HEAD))"
fi
summary=()
failed=0
tests_passed=0
tests_failed=0
ids=("$@")
prep_pid=
for i in "${!ids[@]}"; do
	id=${ids[$i]}
	next_id=
	[ $mode != test ] || next_id=${ids[$((i + 1))]:-}
	t0=$(date +%s)
	w=$(workdir "$id")
	# prepared during the previous kernel's single-threaded boot, or now
	if [ -n "$prep_pid" ]; then
		wait "$prep_pid" || true
	else
		prepare "$id"
	fi
	prep_pid=
	cat "$w.prep.log" >&2
	KRELEASE=$id
	# shellcheck disable=SC1091
	[ ! -f "$w/kernel.env" ] || . "$w/kernel.env"
	status=FAIL
	if [ "$(cat "$w.prep" 2>/dev/null)" = 0 ]; then
		t1=$(date +%s)
		log "$id: booting"
		initrd=$w/initramfs.cpio.gz
		case $mode in
		demo)
			boot "$w" $mode
			sed -n '/=== DEMO/,/=== END DEMO/p' "$w/console.log" | tr -d '\r'
			judge "$w" IRQWATCH-DEMO-DONE "$KRELEASE" && status=PASS
			demo_html "$w" || status=FAIL ;;
		soak)
			boot "$w" soak " irqwatch_soak_min=$soak_min"
			grep -a '^SOAK' "$w/console.log" | tr -d '\r'
			judge "$w" IRQWATCH-SOAK-DONE "$KRELEASE" && grep -aq '^SOAK PASS' "$w/console.log" &&
				status=PASS ;;
		noise|bench)
			boot "$w" $mode "$bench_args"
			grep -E '^(NOISE|BENCH)' "$w/console.log" | tr -d '\r'
			judge "$w" "IRQWATCH-$(echo $mode | tr a-z A-Z)-DONE" "$KRELEASE" && status=PASS
			if [ $mode = bench ]; then
				[[ ",$parts," != *,cpus,* ]] || bench_cpus "$w" | tee "$w/cpus.txt" || status=FAIL
				[ $status != PASS ] || bench_results "$w"
			fi ;;
		*)
			run_tests "$w" && status=PASS ;;
		esac
	else
		t1=$(date +%s)
		prepare_next
	fi
	t2=$(date +%s)
	[ $status = PASS ] || failed=$((failed + 1))
	if [ $mode = test ]; then
		counted=0
		count_tests "$w/console.log" "$w/st/console.log" "$w/big/console.log"
		# a kernel that failed without a failing test failed all the same
		if [ $status != PASS ] && [ $counted -eq 0 ]; then
			tests_failed=$((tests_failed + 1))
		fi
	fi
	summary+=("$(printf '%-8s %-22s %s  build %3ss  vm %4ss  total %4ss' \
		"$id" "$KRELEASE" "$status" $((t1 - t0)) $((t2 - t1)) $((t2 - t0)))")
done

echo "VM suite:"
printf '  %s\n' "${summary[@]}"
echo "kernels: $(( $# - failed )) passed, $failed failed"
[ $mode != test ] || echo "vm: $tests_passed passed, $tests_failed failed"
[ -z "$demo_report" ] || echo "HTML report: $demo_report"
[ $failed -eq 0 ]
