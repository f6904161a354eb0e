# Malformed requests get an error with an extack message, no WARN, and
# leave the configuration as it was.
. /tests/lib.sh
unload
insmod "$MOD"
before=$(irqwatch config --json)

# probe CASE ERRNO [MESSAGE]: without MESSAGE any non-empty message will do
probe() {
	got=$(nlprobe "$1")
	errno=$(echo "$got" | sed -n 's/^errno=\([0-9-]*\) .*/\1/p')
	msg=${got#*msg=}
	[ "$errno" = "$2" ] || fail "$1: errno $errno, want $2 ($got)"
	if [ -n "${3:-}" ]; then
		[ "$msg" = "$3" ] || fail "$1: message '$msg', want '$3'"
	elif [ "$2" != 95 ]; then
		[ -n "$msg" ] || fail "$1: no extack message"
	fi
	echo "$1: errno $errno, '$msg'"
}

probe unknown_cmd 95
probe status_with_attr 22
probe config_not_nested 22
probe missing_config 22 "the config attribute is required"
probe empty_config 22 "no configuration value given"
probe period_u64 22
probe period_range 34
probe detectors_mask 22
probe cpus_unterminated 22
probe ring_kb 22 "ring_kb is fixed at load (module parameter)"
probe unknown_attr 22
probe subscribe 114 "this socket is already subscribed"

[ "$(irqwatch config --json)" = "$before" ] || fail "config changed"
# the unprivileged get EPERM before any parsing
got=$(as_nobody nlprobe period_range)
[ "${got%% *}" = "errno=1" ] || fail "unprivileged malformed request: $got"
rmmod irqwatch
