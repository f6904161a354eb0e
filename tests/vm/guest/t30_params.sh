# Bad parameters fail the load with a clear message; nothing stays loaded.
. /tests/lib.sh
unload

# bad_param "message" PARAMS...
bad_param() {
	want=$1
	shift
	mark
	if insmod "$MOD" "$@" 2>/dev/null; then
		fail "insmod $* succeeded"
	fi
	loaded irqwatch && fail "module loaded after insmod $*"
	dmesg_since_mark | grep -qF -- "$want" ||
		fail "insmod $*: no '$want' in kernel log: $(dmesg_since_mark)"
	echo "refused $*: $want"
}

bad_param "period_us: 5 is out of range [100, 100000]" period_us=5
bad_param "period_us: 200000 is out of range [100, 100000]" period_us=200000
bad_param 'period_us: "fast" is not an unsigned number' period_us=fast
bad_param "irqoff_threshold_us (1500) must be at least 2 x period_us (1000)" \
	irqoff_threshold_us=1500
bad_param "softirq_threshold_us (3000) must be at least 2 x period_us (2000)" \
	period_us=2000 irqoff_threshold_us=4000 softirq_threshold_us=3000
bad_param "stall_threshold_us: 0 is out of range" stall_threshold_us=0
bad_param "irqoff_threshold_us: 20000000 is out of range" \
	irqoff_threshold_us=20000000
bad_param 'detectors: unknown detector "irqsoff"' detectors=irqoff,irqsoff
bad_param "storm_interval_ms: 50 is out of range" storm_interval_ms=50
bad_param "softirq_storm_pct: 0 is out of range" softirq_storm_pct=0
bad_param "hardirq_storm_rate: 20000000 is out of range" hardirq_storm_rate=20000000
bad_param 'cpus: "7" names a CPU that does not exist' cpus=7
bad_param 'cpus: "0-x" is not a CPU list' cpus=0-x
bad_param 'cpus: "1-0" is not a CPU list' cpus=1-0

# A good load after all the refusals still works, and "none" is accepted.
insmod "$MOD" detectors=none
expect_ok irqwatch status --json
[ "$(echo "$OUT" | jq -c .config.detectors)" = "[]" ] || fail "detectors=none"
rmmod irqwatch
