# irqwatch config: runtime changes take effect without reload, are checked
# as a whole (extack messages), and a refused change leaves config as it was.
. /tests/lib.sh
unload
insmod "$MOD"

cfg() {
	irqwatch config --json | jq -c "$1"
}
snapshot() {
	irqwatch config --json
}

expect_ok irqwatch config
echo "$OUT"
echo "$OUT" | grep -q "period 1000 us" || fail "config lacks the period"

expect_ok irqwatch config period 2ms irqoff_threshold 30ms softirq_threshold 40ms \
	stall_threshold 500us detectors irqoff,stall cpus 1
[ "$(cfg .period_us)" = 2000 ] || fail "period_us is $(cfg .period_us)"
[ "$(cfg .irqoff_threshold_us)" = 30000 ] || fail "irqoff threshold"
[ "$(cfg .softirq_threshold_us)" = 40000 ] || fail "softirq threshold"
[ "$(cfg .stall_threshold_us)" = 500 ] || fail "stall threshold"
[ "$(cfg .detectors)" = '["irqoff","stall"]' ] || fail "detectors"
[ "$(cfg .cpus)" = '"1"' ] || fail "cpus"
[ "$(cat /sys/module/irqwatch/parameters/period_us)" = 2000 ] || fail "sysfs period"
[ "$(irqwatch status --json | jq -c .config.irqoff_threshold_us)" = 30000 ] ||
	fail "status does not show the new threshold"

before=$(snapshot)
# refused_by_kernel "message" ARGS...
refused() {
	want=$1
	shift
	expect_fail "$want" irqwatch config "$@"
	[ "$(snapshot)" = "$before" ] || fail "config changed by refused '$*'"
	echo "refused config $*: $ERR"
}
refused "irqoff_threshold_us must be at least 2 x period_us" irqoff_threshold 3ms
refused "softirq_threshold_us must be at least 2 x period_us" softirq_threshold 3ms
refused "cpus must be a non-empty list of existing CPUs" cpus 7
refused "irqwatch:" period 50us
refused "irqwatch:" period 2ms period 3ms
refused "irqwatch:" detectors irqoff,nmi
refused "storm_interval must be from 100 ms to 10000 ms" storm_interval 50ms
refused "imbalance_pct must be from 1 to 100" imbalance_pct 101
# the storm detector's values, at runtime, and back
expect_ok irqwatch config storm_interval 2s softirq_storm_pct 70 \
	hardirq_storm_rate 100000 hardirq_storm_pct 30 imbalance_pct 25
[ "$(irqwatch status --json | jq -c '.config | [.storm_interval_ms, .softirq_storm_pct, .hardirq_storm_rate, .hardirq_storm_pct, .imbalance_pct]')" = "[2000,70,100000,30,25]" ] ||
	fail "storm config: $(irqwatch status --json | jq -c .config)"
[ "$(cat /sys/module/irqwatch/parameters/storm_interval_ms)" = 2000 ] ||
	fail "storm_interval_ms in sysfs: $(cat /sys/module/irqwatch/parameters/storm_interval_ms)"
expect_ok irqwatch config storm_interval 1s softirq_storm_pct 50 \
	hardirq_storm_rate 40000 hardirq_storm_pct 20 imbalance_pct 20
refused "irqwatch:" frobnicate 1
refused "irqwatch:" period
# Refused for an unprivileged user, and nothing changes.
before=$(snapshot)
expect_fail "permission denied" as_nobody irqwatch config period 5ms irqoff_threshold 50ms
[ "$(snapshot)" = "$before" ] || fail "unprivileged config changed something"
expect_fail "permission denied" as_nobody irqwatch config
rmmod irqwatch
