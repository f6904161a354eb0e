# A root whose capabilities were cut to CAP_NET_ADMIN (bounding, permitted,
# effective and inheritable sets: a container granted NET_ADMIN) may read
# status and config, but may not subscribe, change the configuration,
# manage probes or read the counters: those need CAP_PERFMON or
# CAP_SYS_ADMIN. With CAP_PERFMON added, record works.
. /tests/lib.sh
unload
insmod "$MOD"
loaded irqwatch_fault || insmod "$FAULT"

eff=$(as_netadmin grep CapEff /proc/self/status | awk '{ print $2 }')
bnd=$(as_netadmin grep CapBnd /proc/self/status | awk '{ print $2 }')
[ "$eff" = 0000000000001000 ] && [ "$bnd" = 0000000000001000 ] ||
	fail "as_netadmin: CapEff $eff CapBnd $bnd, want CAP_NET_ADMIN alone"
[ "$(as_netadmin id -u)" = 0 ] || fail "as_netadmin is not uid 0"

deny="permission denied (CAP_PERFMON or CAP_SYS_ADMIN required)"
before=$(irqwatch config --json)
probes=$(irqwatch probe list --json | jq -c '[.probes[].symbol]')
rm -f /tmp/t41.jsonl
expect_fail "irqwatch: $deny" as_netadmin irqwatch record -o /tmp/t41.jsonl --duration 1
[ ! -s /tmp/t41.jsonl ] || fail "refused record wrote events"
expect_fail "irqwatch: $deny" as_netadmin timeout 10 irqwatch monitor
[ -z "$OUT" ] || fail "refused monitor printed: $OUT"
expect_fail "irqwatch: $deny" as_netadmin irqwatch config detectors none
expect_fail "irqwatch: $deny" as_netadmin irqwatch config period 2ms
expect_fail "$deny" as_netadmin irqwatch probe add irqwatch_fault_sleep
expect_fail "$deny" as_netadmin irqwatch probe del get_slabinfo
expect_fail "$deny" as_netadmin irqwatch probe list
expect_fail "irqwatch: $deny" as_netadmin irqwatch stats
[ "$(irqwatch config --json)" = "$before" ] || fail "config changed"
[ "$(irqwatch probe list --json | jq -c '[.probes[].symbol]')" = "$probes" ] ||
	fail "probes changed"

# the module's extack says why (nlprobe's subscribe case: errno and message)
got=$(as_netadmin nlprobe subscribe)
[ "$got" = "errno=1 msg=$deny" ] || fail "NET_ADMIN subscribe: $got"

# reading the status and configuration needs CAP_NET_ADMIN only
expect_ok as_netadmin irqwatch status
echo "$OUT" | grep -q "$(uname -r)" || fail "NET_ADMIN status lacks the kernel: $OUT"
expect_ok as_netadmin irqwatch status --json
# config --json is status's "config" with the schema version in front
[ "$(echo "$OUT" | jq -c .config)" = "$(echo "$before" | jq -c 'del(.schema)')" ] ||
	fail "NET_ADMIN status --json: $OUT"
expect_ok as_netadmin irqwatch config
# and CAP_NET_ADMIN is needed for them all
expect_fail "irqwatch: permission denied (CAP_NET_ADMIN required)" \
	capdrop perfmon irqwatch status
expect_fail "permission denied" capdrop perfmon irqwatch probe list

# CAP_PERFMON (or CAP_SYS_ADMIN) on top is enough
expect_ok capdrop net_admin,perfmon irqwatch record -o /tmp/t41.jsonl --duration 1
expect_ok capdrop net_admin,perfmon irqwatch probe list
expect_ok capdrop net_admin,sys_admin irqwatch stats
rm -f /tmp/t41.jsonl
rmmod irqwatch
