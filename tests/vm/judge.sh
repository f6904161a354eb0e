# shellcheck shell=bash
# judge W TOKEN [WHAT]: the verdict on a guest's run in work dir W (sourced
# by tests/vm/run.sh and tests/host/run.sh; they define log()). Fails
# without TOKEN at the start of a line of W/result (the guest's second
# serial port), or with WARNING/BUG/Oops/Call Trace or an NMI that no
# handler claimed in W/console.log; then prints the whole console log.
# WHAT names the run in the messages.
judge() {
	local w=$1 token=$2 what=${3:+$3: } bad=0
	if ! grep -q "^$token" "$w/result"; then
		log "${what}no success token (got: $(tr -d '\r' < "$w/result"))"
		bad=1
	fi
	if grep -E 'WARNING:|BUG:|Oops|Call Trace|NMI received for unknown reason' \
		"$w/console.log" >&2; then
		log "${what}kernel warnings in the console log"
		bad=1
	fi
	if [ $bad -ne 0 ]; then
		echo "----- console log ${what:+of ${what%: } }($w/console.log) -----" >&2
		tr -d '\r' < "$w/console.log" >&2
		echo "----- end of console log -----" >&2
	fi
	return $bad
}
