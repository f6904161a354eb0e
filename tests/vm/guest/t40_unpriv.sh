# An unprivileged user gets "permission denied" and learns nothing.
. /tests/lib.sh
loaded irqwatch || insmod "$MOD"
expect_fail "irqwatch: permission denied" $NOBODY irqwatch status
[ -z "$OUT" ] || fail "unprivileged status printed: $OUT"
expect_fail "irqwatch: permission denied" $NOBODY irqwatch status --json
[ -z "$OUT" ] || fail "unprivileged status --json printed: $OUT"
expect_ok irqwatch status
rmmod irqwatch
