// SPDX-License-Identifier: GPL-2.0
/*
 * irqwatch: finds who holds interrupts and softirqs off, and for how long.
 */

#include <linux/module.h>

#include "event.h"
#include "irqwatch.h"
#include "version.h"

const struct irqw_detector *const irqw_detectors[] = {
	&irqw_stall_detector,
	&irqw_softirq_detector,
	&irqw_storm_detector,
	&irqw_irqoff_detector,
};

const unsigned int irqw_nr_detectors = ARRAY_SIZE(irqw_detectors);

u32 irqw_detectors_built(void)
{
	const struct irqw_detector *d;
	unsigned int i;
	u32 bits = 0;

	irqw_for_each_detector(d, i)
		bits |= BIT(d->id);
	return bits;
}

/* Stops the first @n detectors, the last started first. */
static void irqw_detectors_exit(unsigned int n)
{
	while (n--)
		irqw_detectors[n]->exit();
}

static int __init irqw_detectors_init(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < irqw_nr_detectors; i++) {
		err = irqw_detectors[i]->init();
		if (err) {
			pr_err("the %s detector failed to start (%d)\n",
			       irqw_detectors[i]->name, err);
			irqw_detectors_exit(i);
			return err;
		}
	}
	return 0;
}

static int __init irqw_init(void)
{
	int err;

	err = irqw_config_init();
	if (err)
		return err;
	err = irqw_events_init(irqw_cfg.ring_kb);
	if (err)
		return err;
	err = irqw_listeners_init();
	if (err)
		goto err_events;
	err = irqw_detectors_init();
	if (err)
		goto err_listeners;
	err = irqw_netlink_init();
	if (err)
		goto err_detectors;
	err = irqw_synth_init();
	if (err)
		goto err_netlink;
	irqw_irqoff_debugfs_init();
	pr_info("version %s loaded\n", IRQWATCH_VERSION);
	return 0;

err_netlink:
	irqw_netlink_exit();
err_detectors:
	irqw_detectors_exit(irqw_nr_detectors);
err_listeners:
	irqw_listeners_exit();
err_events:
	irqw_events_exit();
	return err;
}

/*
 * Producers stop first; no request can run once the family is gone, so the
 * detectors, which requests reconfigure, stop after it; then the rings drain
 * to the listeners, who learn that this is the end. Every deferred thing is
 * gone before its memory:
 *  - requests: genl_unregister_family() waits for those running (they hold
 *    the genl core's cb_lock for reading; parallel_ops does not change that);
 *  - the detectors, in the reverse of their start order (detector.h):
 *    irqoff's timers: the hotplug teardown stops each CPU's, then every
 *    possible CPU's is cancelled; the PMU counters are released with them
 *    (perf_event_release_kernel() takes the event off its CPU first);
 *    its sample NMIs: those sent are waited for, then
 *    unregister_nmi_handler() waits for a handler still running;
 *    stall's kretprobes and work: irqw_stall_exit();
 *  - the drain: irqw_events_exit() stops its re-arming, syncs the irq_work
 *    kicks, cancels the delayed work, drains once more by hand and destroys
 *    the workqueue;
 *  - the netlink notifier and the listeners' sockets: irqw_listeners_exit().
 */
static void __exit irqw_exit(void)
{
	irqw_irqoff_debugfs_exit();
	irqw_synth_exit();
	irqw_netlink_exit();
	irqw_detectors_exit(irqw_nr_detectors);
	irqw_events_exit();
	irqw_listeners_exit();
	pr_info("unloaded\n");
}

module_init(irqw_init);
module_exit(irqw_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Interrupts-off and stall detector with culprit stacks");
MODULE_AUTHOR("irqwatch developers");
MODULE_VERSION(IRQWATCH_VERSION);
