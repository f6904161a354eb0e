# No autoload: the module is installed where modprobe finds it, yet a family
# lookup, unprivileged or not, leaves it unloaded, and the tool says how to
# load it (no MODULE_ALIAS_GENL_FAMILY: the kernel's lookup would run
# request_module() for any user).
. /tests/lib.sh
unload
not_loaded="irqwatch: module not loaded (load it with: modprobe irqwatch)"
[ -f "$MOD" ] || fail "$MOD is not installed"

expect_fail "$not_loaded" as_nobody irqwatch status
! loaded irqwatch || fail "an unprivileged family lookup loaded the module"
expect_fail "$not_loaded" as_nobody irqwatch monitor
! loaded irqwatch || fail "an unprivileged monitor loaded the module"
# a bare CTRL_CMD_GETFAMILY
run as_nobody nlfuzz --count 1
[ "$RC" -eq 2 ] || fail "nlfuzz found the family: $OUT $ERR"
! loaded irqwatch || fail "an unprivileged CTRL_CMD_GETFAMILY loaded the module"
expect_fail "$not_loaded" irqwatch status
! loaded irqwatch || fail "root's family lookup loaded the module"

# modprobe does find it: the lookups above could have loaded it
modprobe irqwatch || fail "modprobe irqwatch failed"
loaded irqwatch || fail "modprobe did not load irqwatch"
expect_ok irqwatch status
rmmod irqwatch
