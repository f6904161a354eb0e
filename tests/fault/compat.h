/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compatibility shims for irqwatch_fault.ko, force-included by Kbuild so the
 * module source reads as code for the newest supported kernel. Every shim is
 * selected by probing the target kernel's headers, never by version number.
 */
#ifndef IRQWATCH_FAULT_COMPAT_H
#define IRQWATCH_FAULT_COMPAT_H

#include <linux/irq_work.h>
#include <linux/types.h>

/*
 * IRQ_WORK_INIT_HARD() appeared in 5.11. Before that, every irq_work that is
 * not lazy runs in hard interrupt context, except on PREEMPT_RT, which is not
 * supported on those kernels.
 */
#ifndef IRQ_WORK_INIT_HARD
#ifdef CONFIG_PREEMPT_RT
#error "PREEMPT_RT kernels without IRQ_WORK_INIT_HARD are not supported"
#endif
#define IRQ_WORK_INIT_HARD(_func) { .func = (_func) }
#endif

/* KFENCE appeared in 5.12; Kbuild probes for its header. */
#ifdef IRQWATCH_FAULT_HAVE_KFENCE_H
#include <linux/kfence.h>
#else
static inline bool is_kfence_address(const void *addr)
{
	return false;
}
#endif

#endif /* IRQWATCH_FAULT_COMPAT_H */
