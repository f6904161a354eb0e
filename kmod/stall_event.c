// SPDX-License-Identifier: GPL-2.0
/*
 * The stall detector's events: a call of a probed function that took longer
 * than its threshold, or held interrupts off past the irqoff threshold. The
 * payload names the probe, the slab cache walked, the caller's uid, cgroup
 * and parent, the interrupt flag at entry and exit, and the interrupts-off
 * window the call was in.
 */

#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/kprobes.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uidgid.h>
#include <net/netlink.h>

#include "event.h"
#include "irqwatch.h"
#include "stall.h"

struct irqw_stall_payload {
	char probe[IRQWATCH_SYMBOL_LEN_MAX];
	char cache[IRQWATCH_CACHE_LEN_MAX];	/* "" if none */
	u64 cgroup_id;
	u64 related_seq;			/* 0 if none */
	u64 irqoff_ns;
	u32 uid;
	pid_t ppid;
	char pcomm[TASK_COMM_LEN];
	u8 kind;				/* enum irqwatch_probe_kind */
	u8 irqs_off;				/* IRQWATCH_IRQS_OFF_* */
};

/* The caller's uid and cgroup, in the event's task nest. */
static int irqw_stall_put_task(struct sk_buff *msg, const struct irqw_payload *p)
{
	const struct irqw_stall_payload *pl = p->data;

	if (nla_put_u32(msg, IRQWATCH_TASK_UID, pl->uid) ||
	    (pl->cgroup_id &&
	     nla_put_u64_64bit(msg, IRQWATCH_TASK_CGROUP_ID, pl->cgroup_id,
			       IRQWATCH_TASK_PAD)))
		return -EMSGSIZE;
	return 0;
}

static int irqw_stall_put_event(struct sk_buff *msg,
				const struct irqw_payload *p, bool trim)
{
	const struct irqw_stall_payload *pl = p->data;

	if (nla_put_string(msg, IRQWATCH_EV_PROBE, pl->probe) ||
	    (pl->cache[0] && nla_put_string(msg, IRQWATCH_EV_CACHE, pl->cache)) ||
	    nla_put_u32(msg, IRQWATCH_EV_IRQS_OFF, pl->irqs_off) ||
	    (pl->related_seq &&
	     nla_put_u64_64bit(msg, IRQWATCH_EV_RELATED_SEQ, pl->related_seq,
			       IRQWATCH_EV_PAD)) ||
	    (pl->irqoff_ns &&
	     nla_put_u64_64bit(msg, IRQWATCH_EV_IRQOFF_NS, pl->irqoff_ns,
			       IRQWATCH_EV_PAD)))
		return -EMSGSIZE;
	/* the parent process: its tgid is its pid */
	return irqw_put_task(msg, IRQWATCH_EV_PARENT, pl->ppid, pl->ppid,
			     pl->pcomm);
}

static const struct irqw_event_class irqw_stall_event = {
	.type = IRQWATCH_EVENT_STALL,
	.user_caused = true,
	.put = irqw_stall_put_event,
	.put_task = irqw_stall_put_task,
};

/*
 * From the return handler of the call @c of @p, which took @ns: reports
 * it, with the window it was in (@related_seq, @irqoff_ns).
 */
void irqw_stall_report(const struct irqw_probe *p, const struct irqw_call *c,
		       u64 ns, u8 irqs_off, u64 related_seq, u64 irqoff_ns)
{
	const struct task_struct *parent;
	struct irqw_stall_payload pl = {
		.kind = p->kind,
		.irqs_off = irqs_off,
		.related_seq = related_seq,
		.irqoff_ns = irqoff_ns,
	};
	struct irqw_event ev = {
		.cls = &irqw_stall_event,
		.mono_ns = c->start_ns,
		.duration_ns = ns,
		.task = current,
		.frames = c->frames,
		.nr_frames = c->nr_frames,
		.payload = &pl,
		.payload_len = sizeof(pl),
	};
	const char *name;

	BUILD_BUG_ON(sizeof(pl) > IRQW_USER_PAYLOAD_MAX);
	strscpy(pl.probe, p->symbol, sizeof(pl.probe));
	name = irqw_cache_name(c->cache);
	if (name)
		strscpy(pl.cache, name, sizeof(pl.cache));
	pl.uid = from_kuid_munged(&init_user_ns, current_uid());
	rcu_read_lock();
#ifdef CONFIG_CGROUPS
	pl.cgroup_id = cgroup_id(task_dfl_cgroup(current));
#endif
	parent = rcu_dereference(current->real_parent);
	pl.ppid = parent->tgid;
	memcpy(pl.pcomm, parent->comm, sizeof(pl.pcomm));
	rcu_read_unlock();
	pl.pcomm[sizeof(pl.pcomm) - 1] = '\0';
	irqw_emit(&ev);
}

NOKPROBE_SYMBOL(irqw_stall_report);
