# TCG timing noise: lateness of a 1 ms pinned hard hrtimer on every CPU,
# idle and with both vCPUs busy. Output lines start with NOISE.
insmod /tests/irqwatch_fault.ko
N=/sys/kernel/debug/irqwatch_fault/noise
secs=${NOISE_SECONDS:-30}
echo "$secs" > $N
sed "s/^/NOISE idle $(uname -r) /" $N
for cpu in 0 1; do
	taskset -c $cpu sh -c 'while :; do :; done' &
done
echo "$secs" > $N
kill %1 %2 2>/dev/null
sed "s/^/NOISE busy $(uname -r) /" $N
rmmod irqwatch_fault
