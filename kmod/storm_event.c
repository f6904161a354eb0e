// SPDX-License-Identifier: GPL-2.0
/*
 * The storm detector's events: softirq_storm, hardirq_storm and
 * irq_imbalance, encoded from their payloads (storm.h).
 */

#include <linux/kernel.h>
#include <net/netlink.h>

#include "event.h"
#include "storm.h"

static int irqw_storm_put_head(struct sk_buff *msg,
			       const struct irqw_storm_head *h, bool share)
{
	if (nla_put_u32(msg, IRQWATCH_EV_PHASE, h->phase) ||
	    nla_put_u32(msg, IRQWATCH_EV_TRIGGER, h->trigger) ||
	    nla_put_u32(msg, IRQWATCH_EV_INTERVALS, h->intervals) ||
	    (share && nla_put_u32(msg, IRQWATCH_EV_SHARE, h->share)))
		return -EMSGSIZE;
	return 0;
}

static int irqw_storm_put_irq(struct sk_buff *msg,
			      const struct irqw_storm_irq *irq)
{
	struct nlattr *nest = nla_nest_start(msg, IRQWATCH_EV_IRQ);

	if (!nest || nla_put_u32(msg, IRQWATCH_IRQ_NUM, irq->irq) ||
	    nla_put_string(msg, IRQWATCH_IRQ_NAME, irq->name) ||
	    nla_put_u64_64bit(msg, IRQWATCH_IRQ_COUNT, irq->count, IRQWATCH_IRQ_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_IRQ_NS, irq->ns, IRQWATCH_IRQ_PAD) ||
	    nla_put_u64_64bit(msg, IRQWATCH_IRQ_RATE, irq->rate, IRQWATCH_IRQ_PAD) ||
	    nla_put_u32(msg, IRQWATCH_IRQ_SHARE, irq->share) ||
	    (irq->has_affinity &&
	     nla_put_string(msg, IRQWATCH_IRQ_AFFINITY, irq->affinity)) ||
	    (irq->effective[0] &&
	     nla_put_string(msg, IRQWATCH_IRQ_EFFECTIVE, irq->effective)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int irqw_storm_put_soft(struct sk_buff *msg, const struct irqw_payload *p,
			       bool trim)
{
	const struct irqw_storm_soft_payload *pl = p->data;
	struct nlattr *nest;
	unsigned int i;

	if (irqw_storm_put_head(msg, &pl->head, true) ||
	    nla_put_u32(msg, IRQWATCH_EV_KSOFTIRQD_SHARE, pl->ksoftirqd_share))
		return -EMSGSIZE;
	for (i = 0; i < pl->nr_vec && i < NR_SOFTIRQS; i++) {
		nest = nla_nest_start(msg, IRQWATCH_EV_VEC);
		if (!nest || nla_put_u32(msg, IRQWATCH_VEC_ID, pl->vec[i].id) ||
		    nla_put_u64_64bit(msg, IRQWATCH_VEC_COUNT, pl->vec[i].count,
				      IRQWATCH_VEC_PAD) ||
		    nla_put_u64_64bit(msg, IRQWATCH_VEC_NS, pl->vec[i].ns,
				      IRQWATCH_VEC_PAD) ||
		    nla_put_u32(msg, IRQWATCH_VEC_SHARE, pl->vec[i].share))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	for (i = 0; i < pl->nr_napi && i < IRQW_TP_NAPIS; i++) {
		nest = nla_nest_start(msg, IRQWATCH_EV_NAPI);
		if (!nest || nla_put_string(msg, IRQWATCH_NAPI_DEV, pl->napi[i].dev) ||
		    nla_put_u64_64bit(msg, IRQWATCH_NAPI_POLLS, pl->napi[i].polls,
				      IRQWATCH_NAPI_PAD) ||
		    nla_put_u64_64bit(msg, IRQWATCH_NAPI_PACKETS,
				      pl->napi[i].packets, IRQWATCH_NAPI_PAD) ||
		    nla_put_u64_64bit(msg, IRQWATCH_NAPI_EXHAUSTED,
				      pl->napi[i].exhausted, IRQWATCH_NAPI_PAD))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

static int irqw_storm_put_hard(struct sk_buff *msg, const struct irqw_payload *p,
			       bool trim)
{
	const struct irqw_storm_hard_payload *pl = p->data;

	if (irqw_storm_put_head(msg, &pl->head, true) ||
	    nla_put_u64_64bit(msg, IRQWATCH_EV_RATE, pl->irq.rate, IRQWATCH_EV_PAD) ||
	    irqw_storm_put_irq(msg, &pl->irq))
		return -EMSGSIZE;
	return 0;
}

size_t irqw_storm_imbalance_size(void)
{
	size_t cpu = nla_total_size(0) + 3 * nla_total_size(sizeof(u32));

	return nla_total_size(0) + 6 * nla_total_size(sizeof(u32)) +
	       IRQW_STORM_IMB_CPUS * cpu;
}

int irqw_storm_put_imbalance(struct sk_buff *msg, int attr,
			     const struct irqw_storm_imbalance *imb)
{
	struct nlattr *nest, *cpu;
	unsigned int i;

	nest = nla_nest_start(msg, attr);
	if (!nest || (imb->hot >= 0 &&
		      nla_put_u32(msg, IRQWATCH_IMB_HOT_CPU, imb->hot)) ||
	    nla_put_u32(msg, IRQWATCH_IMB_LOAD, imb->load) ||
	    nla_put_u32(msg, IRQWATCH_IMB_MEAN, imb->mean) ||
	    nla_put_u32(msg, IRQWATCH_IMB_STDDEV, imb->stddev) ||
	    nla_put_u32(msg, IRQWATCH_IMB_MEDIAN, imb->median) ||
	    nla_put_u32(msg, IRQWATCH_IMB_OVER, imb->over))
		return -EMSGSIZE;
	for (i = 0; i < imb->nr_cpus && i < IRQW_STORM_IMB_CPUS; i++) {
		cpu = nla_nest_start(msg, IRQWATCH_IMB_CPU);
		if (!cpu ||
		    nla_put_u32(msg, IRQWATCH_CPULOAD_CPU, imb->cpus[i].cpu) ||
		    nla_put_u32(msg, IRQWATCH_CPULOAD_LOAD, imb->cpus[i].load) ||
		    nla_put_u32(msg, IRQWATCH_CPULOAD_IDLE, imb->cpus[i].idle))
			return -EMSGSIZE;
		nla_nest_end(msg, cpu);
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int irqw_storm_put_imb(struct sk_buff *msg, const struct irqw_payload *p,
			      bool trim)
{
	const struct irqw_storm_imb_payload *pl = p->data;
	unsigned int i;

	if (irqw_storm_put_head(msg, &pl->head, false) ||
	    irqw_storm_put_imbalance(msg, IRQWATCH_EV_IMBALANCE, &pl->imb))
		return -EMSGSIZE;
	for (i = 0; i < pl->nr_irqs && i < IRQWATCH_IMBALANCE_IRQS_MAX; i++)
		if (irqw_storm_put_irq(msg, &pl->irqs[i]))
			return -EMSGSIZE;
	return 0;
}

const struct irqw_event_class irqw_storm_soft_event = {
	.type = IRQWATCH_EVENT_SOFTIRQ_STORM,
	.taskless = true,
	.put = irqw_storm_put_soft,
};

const struct irqw_event_class irqw_storm_hard_event = {
	.type = IRQWATCH_EVENT_HARDIRQ_STORM,
	.taskless = true,
	.put = irqw_storm_put_hard,
};

const struct irqw_event_class irqw_storm_imb_event = {
	.type = IRQWATCH_EVENT_IRQ_IMBALANCE,
	.taskless = true,
	.put = irqw_storm_put_imb,
};
