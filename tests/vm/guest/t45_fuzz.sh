# Netlink fuzzing: NLFUZZ_COUNT (default below) random and mutated
# messages to the family (nlfuzz: random commands, attribute trees, nests
# of garbage, wrong lengths, truncation; see tests/vm/nlfuzz.c) from each of
#   root               with --safe: root's requests run, so nothing that
#                      could change state is sent: a SET_CONFIG only with a
#                      well-formed ring_kb, which is always refused at
#                      runtime, a PROBE_ADD only with a symbol no kernel
#                      function has (empty, or with a '-'), checked on the
#                      final bytes as the kernel parses them; PROBE_DEL can
#                      only name a missing or preset probe (refused), and
#                      SUBSCRIBE binds only the fuzzer's own socket. A
#                      kretprobe on a random function could crash the guest
#                      for reasons that are not irqwatch's, hence no valid
#                      PROBE_ADD as root at all;
#   NET_ADMIN-only root, uid 65534, root in a new user namespace
#                      without --safe: well-formed SET_CONFIG and PROBE_ADD
#                      of a real function (the fault injector's) too, which
#                      must all be refused; nlfuzz fails if any command but
#                      GET_STATUS/GET_CONFIG (NET_ADMIN) or none at all
#                      (the others) succeeds.
# After each run: no WARN/oops (the harness), status answers, the
# configuration and the probe list are what they were.
. /tests/lib.sh
unload
loaded irqwatch_fault || insmod "$FAULT"
insmod "$MOD"
# 100,000 per mode on 6.1, 25,000 on the other kernels (the suite's time):
# 400,000 and 100,000 messages per kernel
case $(uname -r) in
*-rt-amd64) n=25000 ;;
6.1.*-amd64) n=100000 ;;
*) n=25000 ;;
esac
n=${NLFUZZ_COUNT:-$n}
cfg0=$(irqwatch config --json)
probes0=$(irqwatch probe list --json | jq -c '[.probes[] | [.symbol, .kind]]')
total=0

fuzz() {
	label=$1
	shift
	run "$@"
	echo "FUZZ $label: $OUT"
	[ "$RC" -eq 0 ] || fail "nlfuzz as $label exited $RC: $ERR"
	sent=$(echo "$OUT" | sed -n 's/.* sent=\([0-9]*\) .*/\1/p')
	[ "${sent:-0}" -ge "$n" ] || fail "nlfuzz as $label sent ${sent:-0} of $n"
	total=$((total + sent))
	expect_ok irqwatch status
	[ "$(irqwatch config --json)" = "$cfg0" ] ||
		fail "config changed by nlfuzz as $label: $(irqwatch config --json)"
	[ "$(irqwatch probe list --json | jq -c '[.probes[] | [.symbol, .kind]]')" = "$probes0" ] ||
		fail "probes changed by nlfuzz as $label"
}

sym="--symbol irqwatch_fault_sleep"
fuzz root nlfuzz --safe --count "$n"
# shellcheck disable=SC2086 # $sym is two words
fuzz netadmin as_netadmin nlfuzz --count "$n" --allow-ok 1,2 $sym
fuzz nobody as_nobody nlfuzz --count "$n" --allow-ok 0 "$sym"
# shellcheck disable=SC2086
fuzz userns nlfuzz --userns --count "$n" --allow-ok 0 $sym
echo "FUZZ total $total messages"
rmmod irqwatch
