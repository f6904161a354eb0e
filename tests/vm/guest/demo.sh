# make demo: the slabinfo jitter, reproduced. Output between the DEMO marks
# is shown to the user.
say() { echo "$*"; }
F=/sys/kernel/debug/irqwatch_fault
echo "=== DEMO on $(uname -r), $(nproc) vCPUs under QEMU TCG"
modprobe irqwatch
say
say "\$ irqwatch status"
irqwatch status
insmod /tests/irqwatch_fault.ko
say
say "A cache with many partial slabs, as a busy dentry cache has:"
echo 100000 > $F/slab_fill
say "\$ grep irqwatch_fault /proc/slabinfo"
grep irqwatch_fault /proc/slabinfo
say
say "Reading /proc/slabinfo walks every partial slab with interrupts off."
say "Meanwhile a 1 ms hrtimer on each CPU measures how late its ticks are:"
echo 4 > $F/noise &
sleep 1
for _ in 1 2 3; do
	cat /proc/slabinfo > /dev/null
done
wait
say "\$ cat $F/noise"
cat $F/noise
say
say "max_us is the longest stretch a CPU could not take its timer interrupt."
say "The irqoff detector (next) names the code that held them off."
echo 0 > $F/slab_fill
rmmod irqwatch_fault
echo "=== END DEMO"
