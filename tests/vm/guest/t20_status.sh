# irqwatch status: contents, JSON, "not loaded", no autoload by family name.
. /tests/lib.sh
unload

not_loaded="irqwatch: module not loaded (load it with: modprobe irqwatch)"
# Without the module on disk.
mv /lib/modules /lib/modules.hidden
run irqwatch status
mv /lib/modules.hidden /lib/modules
[ "$RC" -ne 0 ] || fail "status succeeded without the module"
[ "$ERR" = "$not_loaded" ] || fail "unexpected error: $ERR"

# With it on disk: no MODULE_ALIAS_GENL_FAMILY, resolving the family does
# not load it (t42: nor for an unprivileged user).
run irqwatch status
[ "$RC" -ne 0 ] || fail "status succeeded without loading the module"
[ "$ERR" = "$not_loaded" ] || fail "unexpected error: $ERR"
! loaded irqwatch || fail "resolving the family loaded the module"

insmod "$MOD" period_us=2000 irqoff_threshold_us=30000 \
	softirq_threshold_us=40000 stall_threshold_us=5000 \
	detectors=irqoff cpus=1
expect_ok irqwatch status
echo "$OUT"
echo "$OUT" | grep -q "$(uname -r)" || fail "status lacks kernel release"
echo "$OUT" | grep -q "0.1.0" || fail "status lacks module version"

expect_ok irqwatch status --json
j=$OUT
check() {
	got=$(echo "$j" | jq -c "$1")
	[ "$got" = "$2" ] || fail "json $1 = $got, want $2"
}
check .version '"0.1.0"'
check .kernel "\"$(uname -r)\""
check .config.period_us 2000
check .config.irqoff_threshold_us 30000
check .config.softirq_threshold_us 40000
check .config.stall_threshold_us 5000
check .config.detectors '["irqoff"]'
check .config.cpus '"1"'
check '.cpus | length' "$(grep -c ^processor /proc/cpuinfo)"
check '.cpus[0] | del(.irqoff, .softirqoff, .softirq)' '{"cpu":0,"online":true,"monitored":false}'
check '.cpus[1] | del(.irqoff, .softirqoff, .softirq)' '{"cpu":1,"online":true,"monitored":true}'
# every detector's counters are there, also while it is off
check '.cpus[1].softirqoff' '{"ticks":0,"windows":0}'
# the irqoff timer runs on the monitored CPU only
check '.cpus[0].irqoff.ticks' 0
[ "$(echo "$j" | jq '.cpus[1].irqoff.ticks')" -gt 0 ] || fail "no irqoff ticks on CPU 1: $j"
check '.cpus[1].irqoff.hist | length' 22

# sysfs shows the same values, read-only
[ "$(cat /sys/module/irqwatch/parameters/detectors)" = "irqoff" ] ||
	fail "sysfs detectors"
[ "$(cat /sys/module/irqwatch/parameters/cpus)" = "1" ] || fail "sysfs cpus"
if echo 5000 > /sys/module/irqwatch/parameters/period_us 2>/dev/null; then
	fail "period_us is writable through sysfs"
fi
rmmod irqwatch
