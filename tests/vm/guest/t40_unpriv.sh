# An unprivileged user gets "permission denied", with the capability that is
# missing, and learns nothing.
. /tests/lib.sh
loaded irqwatch || insmod "$MOD"
expect_fail "irqwatch: permission denied (CAP_NET_ADMIN required)" as_nobody irqwatch status
[ -z "$OUT" ] || fail "unprivileged status printed: $OUT"
expect_fail "irqwatch: permission denied" as_nobody irqwatch status --json
[ -z "$OUT" ] || fail "unprivileged status --json printed: $OUT"
[ "$(as_nobody id -u)" = 65534 ] || fail "as_nobody does not drop to uid 65534"
expect_fail "irqwatch: permission denied (CAP_NET_ADMIN required)" as_nobody irqwatch config
expect_fail "irqwatch: permission denied (CAP_PERFMON or CAP_SYS_ADMIN required)" \
	as_nobody irqwatch record -o - --duration 1
[ -z "$OUT" ] || fail "unprivileged record printed: $OUT"
expect_fail "irqwatch: permission denied (CAP_PERFMON or CAP_SYS_ADMIN required)" \
	as_nobody irqwatch stats
expect_ok irqwatch status
rmmod irqwatch
