// SPDX-License-Identifier: GPL-2.0
/*
 * irqwatch: finds who holds interrupts and softirqs off, and for how long.
 */

#include <linux/module.h>

#include "event.h"
#include "irqwatch.h"
#include "version.h"

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
	err = irqw_irqoff_init();
	if (err)
		goto err_listeners;
	err = irqw_stall_init();
	if (err)
		goto err_irqoff;
	err = irqw_netlink_init();
	if (err)
		goto err_stall;
	err = irqw_synth_init();
	if (err)
		goto err_netlink;
	irqw_irqoff_debugfs_init();
	pr_info("version %s loaded\n", IRQWATCH_VERSION);
	return 0;

err_netlink:
	irqw_netlink_exit();
err_stall:
	irqw_stall_exit();
err_irqoff:
	irqw_irqoff_exit();
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
 *  - the irqoff timers: the hotplug teardown stops each CPU's, then every
 *    possible CPU's is cancelled; the PMU counters are released with them
 *    (perf_event_release_kernel() takes the event off its CPU first);
 *  - sample NMIs: those sent are waited for, then unregister_nmi_handler()
 *    waits for a handler still running;
 *  - kretprobes and the stall detector's work: irqw_stall_exit();
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
	irqw_irqoff_exit();
	irqw_stall_exit();
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
