// SPDX-License-Identifier: GPL-2.0
/*
 * Listeners: sockets that asked for events with IRQWATCH_CMD_SUBSCRIBE get
 * them by unicast (the taskstats/drop_monitor model) rather than through a
 * multicast group. Subscribing is an admin-only command, which the genl core
 * checks against the initial user namespace on every kernel; per-group
 * multicast permission flags exist only from 6.8 (6.1.y by back-port), so
 * 5.10 would have let anyone join a group. A listener goes away when it
 * unsubscribes, when its socket is released (netlink notifier), or when a
 * send finds it gone (-ECONNREFUSED). A send that fails otherwise (receive
 * buffer full) counts the events it carried as that listener's drops; it is
 * never retried.
 */

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <linux/irqwatch.h>

#include "irqwatch.h"

#define IRQW_MAX_LISTENERS	16

struct irqw_listener {
	struct list_head list;
	u32 portid;
	u64 events;
	u64 drops;
	u64 send_errors;
	bool owed;		/* a send failed: it has not seen the seq space */
};

static LIST_HEAD(irqw_listeners);
static DEFINE_MUTEX(irqw_listeners_lock);	/* the list and the counters */
static unsigned int irqw_nr_listeners;
static u64 irqw_unheard;

static struct irqw_listener *irqw_listener_find(u32 portid)
{
	struct irqw_listener *l;

	list_for_each_entry(l, &irqw_listeners, list)
		if (l->portid == portid)
			return l;
	return NULL;
}

static void irqw_listener_free(struct irqw_listener *l)
{
	list_del(&l->list);
	irqw_nr_listeners--;
	kfree(l);
}

int irqw_listener_add(u32 portid, struct netlink_ext_ack *extack)
{
	struct irqw_listener *l;
	int err = 0;

	mutex_lock(&irqw_listeners_lock);
	if (irqw_listener_find(portid)) {
		NL_SET_ERR_MSG(extack, "this socket is already subscribed");
		err = -EALREADY;
	} else if (irqw_nr_listeners >= IRQW_MAX_LISTENERS) {
		NL_SET_ERR_MSG(extack, "too many listeners");
		err = -ENOSPC;
	} else {
		l = kzalloc(sizeof(*l), GFP_KERNEL);
		if (l) {
			l->portid = portid;
			list_add_tail(&l->list, &irqw_listeners);
			irqw_nr_listeners++;
		} else {
			err = -ENOMEM;
		}
	}
	mutex_unlock(&irqw_listeners_lock);
	return err;
}

int irqw_listener_del(u32 portid, struct netlink_ext_ack *extack)
{
	struct irqw_listener *l;
	int err = 0;

	mutex_lock(&irqw_listeners_lock);
	l = irqw_listener_find(portid);
	if (l) {
		irqw_listener_free(l);
	} else {
		NL_SET_ERR_MSG(extack, "this socket is not subscribed");
		err = -ENOENT;
	}
	mutex_unlock(&irqw_listeners_lock);
	return err;
}

/* Locks the listener list for a drain; true if anyone listens. */
bool irqw_listeners_get(void)
{
	mutex_lock(&irqw_listeners_lock);
	return irqw_nr_listeners;
}

void irqw_listeners_put(void)
{
	mutex_unlock(&irqw_listeners_lock);
}

void irqw_listeners_count_unheard(void)
{
	lockdep_assert_held(&irqw_listeners_lock);
	irqw_unheard++;
}

/* An event that fits in no message is a drop for every listener. */
void irqw_listeners_count_drop(void)
{
	struct irqw_listener *l;

	lockdep_assert_held(&irqw_listeners_lock);
	list_for_each_entry(l, &irqw_listeners, list)
		l->drops++;
}

/* Sends @msg, carrying @nr events, to every listener; consumes @msg. */
void irqw_listeners_send(struct sk_buff *msg, unsigned int nr)
{
	struct irqw_listener *l, *tmp;
	struct sk_buff *skb;
	int err;

	lockdep_assert_held(&irqw_listeners_lock);
	list_for_each_entry_safe(l, tmp, &irqw_listeners, list) {
		if (list_is_last(&l->list, &irqw_listeners)) {
			skb = msg;
			msg = NULL;
		} else {
			skb = skb_clone(msg, GFP_KERNEL);
		}
		err = skb ? genlmsg_unicast(&init_net, skb, l->portid) : -ENOMEM;
		if (!err) {
			l->events += nr;
			l->owed = false;
		} else if (err == -ECONNREFUSED) {
			irqw_listener_free(l);
		} else {
			l->drops += nr;
			l->send_errors++;
			l->owed = true;
		}
	}
	nlmsg_free(msg);	/* no listener left */
}

bool irqw_listeners_owed(void)
{
	struct irqw_listener *l;

	lockdep_assert_held(&irqw_listeners_lock);
	list_for_each_entry(l, &irqw_listeners, list)
		if (l->owed)
			return true;
	return false;
}

/*
 * Sends @msg, which carries no events, to the listeners that are owed the
 * seq space; consumes @msg. True if one of them is still owed.
 */
bool irqw_listeners_resync(struct sk_buff *msg)
{
	struct irqw_listener *l, *tmp;
	bool owed = false;
	struct sk_buff *skb;
	int err;

	lockdep_assert_held(&irqw_listeners_lock);
	list_for_each_entry_safe(l, tmp, &irqw_listeners, list) {
		if (!l->owed)
			continue;
		skb = skb_clone(msg, GFP_KERNEL);
		err = skb ? genlmsg_unicast(&init_net, skb, l->portid) : -ENOMEM;
		if (!err)
			l->owed = false;
		else if (err == -ECONNREFUSED)
			irqw_listener_free(l);
		else
			owed = true;
	}
	nlmsg_free(msg);
	return owed;
}

size_t irqw_listeners_stats_size(void)
{
	size_t one = nla_total_size(0) + nla_total_size(sizeof(u32)) +
		     3 * nla_total_size_64bit(sizeof(u64));

	return 2 * nla_total_size(sizeof(u32)) +		/* LISTENERS, SIZE */
	       3 * nla_total_size_64bit(sizeof(u64)) +		/* SEQ, DROPS, UNHEARD */
	       IRQW_MAX_LISTENERS * one;
}

/* IRQWATCH_STATS_LISTENERS, _UNHEARD and one _LISTENER nest per listener. */
int irqw_listeners_put_stats(struct sk_buff *msg)
{
	struct irqw_listener *l;
	struct nlattr *nest;
	int err = -EMSGSIZE;

	mutex_lock(&irqw_listeners_lock);
	if (nla_put_u32(msg, IRQWATCH_STATS_LISTENERS, irqw_nr_listeners) ||
	    nla_put_u64_64bit(msg, IRQWATCH_STATS_UNHEARD, irqw_unheard,
			      IRQWATCH_STATS_PAD))
		goto out;
	list_for_each_entry(l, &irqw_listeners, list) {
		nest = nla_nest_start(msg, IRQWATCH_STATS_LISTENER);
		if (!nest ||
		    nla_put_u32(msg, IRQWATCH_LISTENER_PORTID, l->portid) ||
		    nla_put_u64_64bit(msg, IRQWATCH_LISTENER_EVENTS, l->events,
				      IRQWATCH_LISTENER_PAD) ||
		    nla_put_u64_64bit(msg, IRQWATCH_LISTENER_DROPS, l->drops,
				      IRQWATCH_LISTENER_PAD) ||
		    nla_put_u64_64bit(msg, IRQWATCH_LISTENER_SEND_ERRORS,
				      l->send_errors, IRQWATCH_LISTENER_PAD))
			goto out;
		nla_nest_end(msg, nest);
	}
	err = 0;
out:
	mutex_unlock(&irqw_listeners_lock);
	return err;
}

static int irqw_listeners_notify(struct notifier_block *nb, unsigned long event,
				 void *ptr)
{
	struct netlink_notify *n = ptr;
	struct irqw_listener *l;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !net_eq(n->net, &init_net))
		return NOTIFY_DONE;
	mutex_lock(&irqw_listeners_lock);
	l = irqw_listener_find(n->portid);
	if (l)
		irqw_listener_free(l);
	mutex_unlock(&irqw_listeners_lock);
	return NOTIFY_DONE;
}

static struct notifier_block irqw_listeners_nb = {
	.notifier_call = irqw_listeners_notify,
};

int __init irqw_listeners_init(void)
{
	return netlink_register_notifier(&irqw_listeners_nb);
}

void irqw_listeners_exit(void)
{
	struct irqw_listener *l, *tmp;

	netlink_unregister_notifier(&irqw_listeners_nb);
	mutex_lock(&irqw_listeners_lock);
	list_for_each_entry_safe(l, tmp, &irqw_listeners, list)
		irqw_listener_free(l);
	mutex_unlock(&irqw_listeners_lock);
}
