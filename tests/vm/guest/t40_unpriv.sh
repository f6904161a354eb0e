# An unprivileged user gets "permission denied" and learns nothing.
. /tests/lib.sh
loaded irqwatch || insmod "$MOD"
expect_fail "irqwatch: permission denied" as_nobody irqwatch status
[ -z "$OUT" ] || fail "unprivileged status printed: $OUT"
expect_fail "irqwatch: permission denied" as_nobody irqwatch status --json
[ -z "$OUT" ] || fail "unprivileged status --json printed: $OUT"
[ "$(as_nobody id -u)" = 65534 ] || fail "as_nobody does not drop to uid 65534"
expect_ok irqwatch status
rmmod irqwatch
