// SPDX-License-Identifier: GPL-2.0
/*
 * The interrupts-off detector's events: a window's cause, decided from its
 * samples, and the encoding of its payload (struct irqw_irqoff_payload):
 * the probed call it ended in, its cause, context and in-window samples.
 */

#include <linux/kernel.h>
#include <net/netlink.h>

#include "event.h"
#include "irqoff.h"

/*
 * The cause of a window; the first rule that holds (documented in the UAPI
 * header). A sample is prompt when its NMI arrived within a quarter of the
 * threshold; nothing but another NMI (or SMM) holds off an NMI, so a late
 * one means that the CPU did not run, and its interrupt flag is the one of
 * wherever the CPU stopped, which says nothing about the window.
 *  - irqs_disabled: a prompt sample found interrupts disabled;
 *  - vcpu_stall: steal time grew by half the window or more, or a sample
 *    came late, or a prompt sample in a task other than idle found
 *    interrupts enabled: the tick was due and nothing kept it out, but the
 *    CPU did not run;
 *  - idle_exit: the tick interrupted the idle task, and every sample was
 *    taken in the idle task (with interrupts enabled);
 *  - vcpu_stall: a sample (in idle) found interrupts enabled;
 *  - unconfirmed: nothing tells.
 */
u8 irqw_irqoff_cause(const struct irqw_irqoff_payload *pl,
		     const struct irqw_sample *samples, u64 duration_ns,
		     u64 steal_ns, u64 prompt_ns)
{
	bool enabled = false, busy = false, late = false;
	const struct irqw_sample *s;
	unsigned int i;

	for (i = 0; i < pl->nr_samples; i++) {
		s = &samples[i];
		if (s->delay_ns > prompt_ns) {
			late = true;
			continue;
		}
		if (s->irqs_disabled)
			return IRQWATCH_CAUSE_IRQS_DISABLED;
		enabled = true;
		if (!s->idle)
			busy = true;
	}
	if (steal_ns * 2 >= duration_ns || late || busy)
		return IRQWATCH_CAUSE_VCPU_STALL;
	if (pl->context == IRQWATCH_CONTEXT_IDLE)
		return IRQWATCH_CAUSE_IDLE_EXIT;
	if (enabled)
		return IRQWATCH_CAUSE_VCPU_STALL;
	return IRQWATCH_CAUSE_UNCONFIRMED;
}

/*
 * An irqoff event's own attributes: the probed call it ended in, its cause,
 * context and samples. With @trim, the samples that do not fit are left
 * out, and counted.
 */
static int irqw_irqoff_put_event(struct sk_buff *msg,
				 const struct irqw_payload *p, bool trim)
{
	const struct irqw_irqoff_payload *pl = p->data;
	struct nlattr *nest, *omitted;
	unsigned int i;

	if (pl->within.probe[0]) {
		nest = nla_nest_start(msg, IRQWATCH_EV_WITHIN);
		if (!nest ||
		    nla_put_string(msg, IRQWATCH_PROBE_SYMBOL, pl->within.probe) ||
		    nla_put_u32(msg, IRQWATCH_PROBE_KIND, pl->within.kind))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	if (!pl->cause)
		return 0;
	if (nla_put_u32(msg, IRQWATCH_EV_CAUSE, pl->cause) ||
	    nla_put_u32(msg, IRQWATCH_EV_CONTEXT, pl->context))
		return -EMSGSIZE;
	omitted = nla_reserve(msg, IRQWATCH_EV_SAMPLES_OMITTED, sizeof(u32));
	if (!omitted)
		return -EMSGSIZE;
	for (i = 0; i < pl->nr_samples; i++) {
		if (irqw_put_sample(msg, p->mono_ns, &pl->samples[i])) {
			if (!trim)
				return -EMSGSIZE;
			break;
		}
	}
	*(u32 *)nla_data(omitted) = pl->nr_samples - i;
	return 0;
}

const struct irqw_event_class irqw_irqoff_event = {
	.type = IRQWATCH_EVENT_IRQOFF,
	.put = irqw_irqoff_put_event,
};
