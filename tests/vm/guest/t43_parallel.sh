# The family is parallel_ops and status reads a published copy of the
# configuration: while SET_CONFIG requests toggle the stall detector in a
# loop (each one registers or unregisters the slab preset's kretprobes and
# four user probes, which waits for RCU grace periods), "irqwatch status" (a family lookup,
# GET_STATUS and GET_STATS, plus the tool's own start under TCG) answers
# within 0.5 s every time. Before, every request of every generic netlink
# family waited for the global genl_mutex, and status for irqw_cfg_lock.
. /tests/lib.sh
unload
insmod "$MOD" detectors=irqoff,stall
# user probes make each toggle slower: every probe is (un)registered
loaded irqwatch_fault || insmod "$FAULT"
for f in sleep call bhoff slab_fill; do
	expect_ok irqwatch probe add "irqwatch_fault_$f"
done
before=$(irqwatch config --json)

ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# how long one toggle (two SET_CONFIG) takes on its own
t0=$(ms)
irqwatch config detectors irqoff >/dev/null
irqwatch config detectors irqoff,stall >/dev/null
toggle=$(($(ms) - t0))
# and status on its own
t0=$(ms)
irqwatch status >/dev/null
alone=$(($(ms) - t0))

rm -f /tmp/t43.stop /tmp/t43.toggles
(
	n=0
	while [ ! -f /tmp/t43.stop ]; do
		irqwatch config detectors irqoff >/dev/null
		irqwatch config detectors irqoff,stall >/dev/null
		n=$((n + 1))
		echo $n > /tmp/t43.toggles
	done
) &
toggler=$!
sleep 1
max=0
i=0
while [ $i -lt 20 ]; do
	t0=$(ms)
	irqwatch status >/dev/null || { touch /tmp/t43.stop; fail "status failed"; }
	d=$(($(ms) - t0))
	[ $d -gt $max ] && max=$d
	i=$((i + 1))
done
touch /tmp/t43.stop
wait $toggler
toggles=$(cat /tmp/t43.toggles)
echo "PARALLEL toggle ${toggle}ms alone, status ${alone}ms alone, status max ${max}ms of 20 during $toggles toggles"
[ "$toggles" -ge 2 ] || fail "the toggler made $toggles toggles: no SET_CONFIG in progress"
[ $max -lt 500 ] || fail "status took ${max}ms while SET_CONFIG ran"
[ "$(irqwatch config --json)" = "$before" ] || fail "config not restored"
rmmod irqwatch
