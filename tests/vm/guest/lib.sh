# Helpers for the guest tests; sourced by /tests/t*.sh, which run under sh -e.
# shellcheck disable=SC2034 # MOD, FAULT, OUT, ERR, RC: for the tests
MOD=/lib/modules/$(uname -r)/extra/irqwatch.ko
FAULT=/tests/irqwatch_fault.ko

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# skip WHY: this test does not run on this kernel (init prints SKIP)
skip() {
	echo "SKIP: $*"
	exit 77
}

loaded() {
	grep -q "^$1 " /proc/modules
}

# as_nobody CMD...: runs CMD as uid 65534, without capabilities
as_nobody() {
	su -s /bin/sh -c "$*" nobody
}

# as_netadmin CMD...: runs CMD as root with CAP_NET_ADMIN alone (bounding,
# permitted, effective and inheritable sets): a container granted NET_ADMIN
as_netadmin() {
	capdrop net_admin "$@"
}

# run CMD...: runs CMD, leaving its stdout in $OUT, stderr in $ERR, exit in $RC
run() {
	RC=0
	"$@" >/tmp/out.$$ 2>/tmp/err.$$ || RC=$?
	OUT=$(cat /tmp/out.$$)
	ERR=$(cat /tmp/err.$$)
}

# expect_fail "text" CMD...: CMD must exit non-zero with "text" on stderr
expect_fail() {
	want=$1
	shift
	run "$@"
	[ "$RC" -ne 0 ] || fail "'$*' succeeded, expected failure"
	echo "$ERR" | grep -qF -- "$want" ||
		fail "'$*' stderr lacks '$want': $ERR"
}

# expect_ok CMD...: CMD must exit 0
expect_ok() {
	run "$@"
	[ "$RC" -eq 0 ] || fail "'$*' exited $RC: $ERR"
}

# dmesg_since MARK: kernel messages after the line containing MARK
mark() {
	MARK="irqwatch-test-mark-$$-$(cut -d' ' -f1 /proc/uptime)"
	echo "$MARK" > /dev/kmsg
}

dmesg_since_mark() {
	dmesg | sed -n "/$MARK/,\$p"
}

unload() {
	if loaded irqwatch; then
		rmmod irqwatch || fail "rmmod irqwatch failed"
	fi
}

# now_ms: CLOCK_BOOTTIME in ms, 10 ms resolution (/proc/uptime)
now_ms() {
	read -r up _ < /proc/uptime
	# the integer part is not 0 by the time tests run: not read as octal
	echo $(( ${up%.*}${up#*.} * 10 ))
}

# probe_field SYMBOL FIELD: FIELD of SYMBOL in "irqwatch probe list --json"
probe_field() {
	irqwatch probe list --json |
		jq -r --arg s "$1" ".probes[] | select(.symbol == \$s) | .$2"
}

# listeners: how many sockets the module sends events to
listeners() {
	irqwatch stats --json | jq .listeners
}

# wait_listeners N: until the module has N listeners (10 s at most)
wait_listeners() {
	_wl=0
	while [ "$(listeners)" != "$1" ]; do
		_wl=$((_wl + 1))
		[ $_wl -lt 100 ] || fail "listeners: $(listeners), want $1"
		sleep 0.1
	done
}

# drain_then_quiet FILE STATS: after a burst into "irqwatch record -o FILE",
# waits until the drain has taken every stored event from the rings
# (drained = next_seq - 1; 2 min at most, else returns 1), then until FILE
# has not grown for 2 s (60 s at most). Under TCG the reader can be seconds
# behind the drain (an 8 MiB receive buffer holds over 100,000 events), and
# on SIGINT it reads on for 10 s at most; sends that failed on a full
# receive buffer at the end of a burst reach it only in the module's resync
# message, 100 ms later or more. A reader stopped before either cannot know
# those seqs: they would show as unaccounted, not recorded or seq_gap.
# STATS keeps the last "irqwatch stats --json" (taken once drained).
# Sourced by the bench scripts too: uses no other helper of this file.
drain_then_quiet() {
	_dq=0
	while :; do
		irqwatch stats --json > "$2"
		[ "$(jq .drained "$2")" -ge "$(($(jq .next_seq "$2") - 1))" ] && break
		_dq=$((_dq + 1))
		[ $_dq -lt 600 ] || return 1
		sleep 0.2
	done
	_dq_size=-1 _dq_same=0 _dq=0
	while [ $_dq_same -lt 4 ] && [ $_dq -lt 120 ]; do
		sleep 0.5
		_dq_now=$(wc -c < "$1" 2>/dev/null || echo 0)
		if [ "$_dq_now" = "$_dq_size" ]; then
			_dq_same=$((_dq_same + 1))
		else
			_dq_same=0
		fi
		_dq_size=$_dq_now _dq=$((_dq + 1))
	done
}

# median: the middle one of the numbers on stdin, one or more per line (the
# lower middle of an even count), "-" without any; for the bench scripts
median() {
	tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : "-") }'
}
