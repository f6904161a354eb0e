# Load and unload 10 times, with default and explicit parameters.
. /tests/lib.sh
unload
i=0
while [ $i -lt 10 ]; do
	if [ $((i % 2)) -eq 0 ]; then
		insmod "$MOD" || fail "insmod #$i failed"
	else
		insmod "$MOD" period_us=500 irqoff_threshold_us=2000 \
			cpus=0 detectors=irqoff,stall || fail "insmod #$i failed"
	fi
	loaded irqwatch || fail "not loaded after insmod #$i"
	irqwatch status >/dev/null || fail "status after insmod #$i"
	rmmod irqwatch || fail "rmmod #$i failed"
	loaded irqwatch && fail "still loaded after rmmod #$i"
	i=$((i + 1))
done
echo "loaded and unloaded $i times"
