// SPDX-License-Identifier: GPL-2.0
/*
 * irqwatch: finds who holds interrupts and softirqs off, and for how long.
 */

#include <linux/module.h>

#include "irqwatch.h"
#include "version.h"

static int __init irqw_init(void)
{
	int err;

	err = irqw_config_init();
	if (err)
		return err;
	err = irqw_netlink_init();
	if (err)
		return err;
	pr_info("version %s loaded\n", IRQWATCH_VERSION);
	return 0;
}

static void __exit irqw_exit(void)
{
	irqw_netlink_exit();
	pr_info("unloaded\n");
}

module_init(irqw_init);
module_exit(irqw_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Interrupts-off, softirq and stall detector with culprit stacks");
MODULE_AUTHOR("irqwatch developers");
MODULE_VERSION(IRQWATCH_VERSION);
