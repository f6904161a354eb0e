# make bench, part idle (issue 14): what irqwatch at its default settings
# adds to an idle guest's local timer interrupts (LOC in /proc/interrupts),
# per CPU per second: t88's measurement (without and with the module,
# interleaved) with ROUNDS rounds of 5 s, and without its pass/fail. Goal:
# at most 10 added per CPU per second (missed on PREEMPT_RT, README "Cost
# and accuracy" says why).
ROUNDS=5
echo "BENCH idle: local timer interrupts (LOC) per CPU per second of the idle guest without and with irqwatch at its defaults, $ROUNDS interleaved rounds of 5 s, means; irqwatch_ticks: its own timer's; goal: added <= 10"
IDLE_ROUNDS=$ROUNDS IDLE_BENCH=1 sh /tests/t88_idle.sh 2>&1 |
	sed -n 's/^IDLE_LOC /BENCH idle /p; s/^parks per CPU: /BENCH idle parks per CPU: /p; s/^FAIL: /BENCH idle: failed: /p'
